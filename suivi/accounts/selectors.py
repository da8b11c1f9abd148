"""Reads for organisations and memberships, always scoped to the acting user.

An object the user may not see is simply absent from the queryset, so a view
answers 404 whether it does not exist or is not theirs.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Count, Q, QuerySet

from suivi.accounts import policies
from suivi.accounts.models import Membership, Organisation, User
from suivi.core import audit
from suivi.core.actors import Actor


def organisations_for(user: Actor) -> QuerySet[Organisation]:
    """Organisations `user` may see, with their count of active members."""
    return (
        Organisation.objects.filter(policies.visible_organisations_q(user))
        .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("short_name")
    )


def search_organisations(user: User, query: str = "") -> QuerySet[Organisation]:
    """`organisations_for`, narrowed to names or codes containing `query`."""
    organisations = organisations_for(user)
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(short_name__icontains=query) | Q(code__icontains=query)
        )
    return organisations


def members_of(user: User, organisation: Organisation) -> QuerySet[Membership]:
    """The memberships of `organisation`, if `user` may see them (a sensitive
    read: names and e-mail addresses of staff, so it is audited)."""
    if not policies.may_view_members(user, organisation):
        return Membership.objects.none()
    audit.record(
        actor=user,
        action="accounts.organisation.members_viewed",
        target=organisation,
    )
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__first_name")
    )


def memberships_managed_by(user: User) -> QuerySet[Membership]:
    """Memberships whose organisation `user` may see; the view then checks the
    policy for the specific change."""
    return Membership.objects.filter(
        organisation__in=Organisation.objects.filter(policies.visible_organisations_q(user))
    ).select_related("organisation", "user")


def organisation_for(user: User, pk: UUID | str) -> Organisation | None:
    """One organisation `user` may see, or None."""
    return organisations_for(user).filter(pk=pk).first()


def membership_managed_by(user: User, pk: UUID | str) -> Membership | None:
    """One membership `user` may end, or None."""
    return memberships_managed_by(user).filter(pk=pk).first()


def organisation_by_code(user: Actor, code: str) -> Organisation | None:
    """One organisation `user` may see, by its code (commands name them so)."""
    return organisations_for(user).filter(code=code).first()


def serving_partners(exclude: Organisation) -> QuerySet[Organisation]:
    """The active partner organisations a person may be shared with or
    referred to (institutions, agencies and NGOs), other than `exclude`."""
    return Organisation.objects.filter(
        is_active=True, kind__in=["public_agency", "ngo", "ministry"]
    ).exclude(pk=exclude.pk)


def username_taken(username: str) -> bool:
    """Whether an account already uses `username` (case-insensitive)."""
    return User.objects.filter(username__iexact=username).exists()


def active_organisations() -> QuerySet[Organisation]:
    """Organisations that may be named responsible for an indicator."""
    return Organisation.objects.filter(is_active=True)
