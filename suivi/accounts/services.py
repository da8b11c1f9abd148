"""Writes for organisations, users and memberships.

Each service is atomic, validates before it writes, checks the acting user's
rights through `policies`, and leaves an audit event. a `SystemActor` is
the platform itself (a management command run by an operator).
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.accounts import policies
from suivi.accounts.models import Membership, Organisation, User
from suivi.accounts.roles import Role
from suivi.core import audit, changes, text
from suivi.core.actors import Actor, is_system


@transaction.atomic
def create_organisation(
    *, actor: Actor, code: str, name: str, short_name: str, kind: str, is_active: bool = True
) -> Organisation:
    """Create an organisation; only system administrators (or the system)."""
    if not policies.has_capability(actor, policies.Capability.ADMINISTER_SYSTEM):
        raise PermissionDenied
    texts = text.clean_fields(
        {"name": (text.clean_line, name), "short_name": (text.clean_line, short_name)}
    )
    organisation = Organisation(code=code, kind=kind, is_active=is_active, **texts)
    return changes.create(
        organisation,
        actor=actor,
        action="accounts.organisation.created",
        organisation=organisation if is_system(actor) else None,
    )


@transaction.atomic
def update_organisation(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    short_name: str,
    kind: str,
    is_active: bool,
) -> Organisation:
    """Change an organisation's names, kind or activity (its code is fixed);
    only system administrators (or the system). Unchanged: nothing written."""
    if not policies.has_capability(actor, policies.Capability.ADMINISTER_SYSTEM):
        raise PermissionDenied
    texts = text.clean_fields(
        {"name": (text.clean_line, name), "short_name": (text.clean_line, short_name)}
    )
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if kind != stored.kind:
        _check_kind_fits_members(stored, kind)
    before = changes.snapshot(stored)
    stored.kind, stored.is_active = kind, is_active
    stored.name, stored.short_name = texts["name"], texts["short_name"]
    changes.update(stored, before, actor=actor, action="accounts.organisation.updated")
    return stored


def _check_kind_fits_members(organisation: Organisation, kind: str) -> None:
    """A new kind must allow every role its active members hold: a partner
    NGO turned into the donor would otherwise keep case workers who read
    migrants' records as programme staff."""
    allowed = policies.ROLES_BY_ORGANISATION_KIND.get(kind, frozenset())
    held = set(
        Membership.objects.filter(organisation=organisation, is_active=True).values_list(
            "role", flat=True
        )
    )
    refused = sorted(str(Role(role).label) for role in held if role not in allowed)
    if refused:
        raise ValidationError(
            {
                "kind": _(
                    "Members of this organisation hold roles this kind cannot have "
                    "(%(roles)s): end those memberships first."
                )
                % {"roles": ", ".join(refused)}
            }
        )


def _check_role(actor: Actor, organisation: Organisation, role: str) -> None:
    allowed = policies.ROLES_BY_ORGANISATION_KIND.get(organisation.kind, frozenset())
    if role not in allowed:
        raise ValidationError(
            {"role": _("This role cannot be held in an organisation of this kind.")}
        )
    if not is_system(actor) and Role(role) not in policies.assignable_roles(actor, organisation):
        raise PermissionDenied


@transaction.atomic
def create_member(
    *,
    actor: Actor,
    organisation: Organisation,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    password: str,
    preferred_language: str = "fr",
) -> Membership:
    """Create a user account and give it `role` in `organisation`."""
    _check_role(actor, organisation, role)
    names = text.clean_fields(
        {"first_name": (text.clean_name, first_name), "last_name": (text.clean_name, last_name)}
    )
    user = User(
        username=username,
        email=email,
        **names,
        preferred_language=preferred_language,
    )
    if role == Role.SYSTEM_ADMINISTRATOR:
        # Django's admin is their tool; it is still gated by the role and by MFA.
        user.is_staff = user.is_superuser = True
    password_validation.validate_password(password, user)
    user.set_password(password)
    changes.create(user, actor=actor, action="accounts.user.created", organisation=organisation)
    return changes.create(
        Membership(user=user, organisation=organisation, role=role),
        actor=actor,
        action="accounts.membership.created",
        organisation=organisation,
    )


@transaction.atomic
def deactivate_membership(*, actor: User, membership: Membership) -> Membership:
    """End a membership. The row stays, inactive, for the audit trail."""
    if Role(membership.role) not in policies.assignable_roles(actor, membership.organisation):
        raise PermissionDenied
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot end your own membership."))
    before = changes.snapshot(membership)
    membership.is_active = False
    changes.update(
        membership,
        before,
        actor=actor,
        action="accounts.membership.deactivated",
        organisation=membership.organisation,
    )
    return membership


@transaction.atomic
def set_preferred_language(*, actor: User, language: str) -> User:
    """Remember the language the user reads Suivi in."""
    before = changes.snapshot(actor)
    actor.preferred_language = language
    changes.update(actor, before, actor=actor, action="accounts.user.language_changed")
    return actor


def record_login(*, user: User) -> None:
    audit.record(actor=user, action="accounts.login", target=user)


def record_logout(*, user: User) -> None:
    audit.record(actor=user, action="accounts.logout", target=user)


def record_failed_login() -> None:
    # Neither the username typed nor the password is kept: both can be personal.
    audit.record(actor=AnonymousUser(), action="accounts.login_failed")


def record_password_changed(*, user: User) -> None:
    audit.record(
        actor=user,
        action="accounts.user.password_changed",
        target=user,
        changed_fields=["password"],
    )
