"""Reads for organisations and memberships, always scoped to the acting user.

An object the user may not see is simply absent from the queryset, so a view
answers 404 whether it does not exist or is not theirs.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from suivi.accounts import policies
from suivi.accounts.models import Membership, Organisation, User
from suivi.core import audit


def organisations_for(user: User) -> QuerySet[Organisation]:
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
