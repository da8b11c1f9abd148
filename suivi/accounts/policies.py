"""Who may do what with organisations and memberships.

Every rule of access for this app lives here; views and selectors ask these
functions and never test roles themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from suivi.accounts.roles import (
    INTERVENTION_TEAM_ROLES,
    PARTNER_ROLES,
    ROLE_CAPABILITIES,
    ROLES_REQUIRING_MFA,
    Capability,
    Role,
)
from suivi.core.actors import SystemActor, is_system, require_actor

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from suivi.accounts.models import Organisation, User

    AnyUser = User | AnonymousUser | SystemActor

# Which organisation kinds may hold which roles: partner roles belong to the
# institutions and NGOs that serve people, team roles to Enabel and the
# partner ministry (the intervention is co-managed), a donor only reads.
ROLES_BY_ORGANISATION_KIND: dict[str, frozenset[Role]] = {
    "enabel": frozenset(
        INTERVENTION_TEAM_ROLES | {Role.STEERING_READER, Role.SYSTEM_ADMINISTRATOR}
    ),
    "ministry": frozenset(INTERVENTION_TEAM_ROLES | PARTNER_ROLES | {Role.STEERING_READER}),
    "public_agency": frozenset(PARTNER_ROLES | {Role.STEERING_READER}),
    "ngo": frozenset(PARTNER_ROLES | {Role.STEERING_READER}),
    "donor": frozenset({Role.STEERING_READER}),
}


def roles_of(user: AnyUser) -> frozenset[Role]:
    require_actor(user)
    if is_system(user) or not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(Role(m.role) for m in user.active_memberships)


def capabilities_of(user: AnyUser) -> frozenset[Capability]:
    capabilities: set[Capability] = set()
    for role in roles_of(user):
        capabilities |= ROLE_CAPABILITIES[role]
    return frozenset(capabilities)


def has_capability(user: AnyUser, capability: Capability) -> bool:
    """Whether `user` may do what `capability` names. The system actor (a
    command, a task) may do everything; `None` is refused."""
    require_actor(user)
    if isinstance(user, SystemActor):
        return True
    return capability in capabilities_of(user)


def requires_mfa(user: AnyUser) -> bool:
    return bool(roles_of(user) & ROLES_REQUIRING_MFA)


def organisation_ids_of(user: AnyUser) -> set[object]:
    require_actor(user)
    if is_system(user) or not user.is_authenticated:
        return set()
    return {m.organisation_id for m in user.active_memberships}


def visible_organisations_q(user: AnyUser) -> Q:
    """Filter on Organisation: the whole programme for the team and the
    steering committee, one's own organisations for partner staff."""
    if has_capability(user, Capability.VIEW_PROGRAMME_WIDE):
        return Q()
    return Q(pk__in=organisation_ids_of(user))


def visible_audit_events_q(user: AnyUser) -> Q | None:
    """Filter on AuditEvent, or None when the user may not read the trail."""
    if has_capability(user, Capability.VIEW_AUDIT_TRAIL):
        return Q()
    if has_capability(user, Capability.VIEW_OWN_ORGANISATION_AUDIT):
        return Q(organisation_id__in=organisation_ids_of(user))
    return None


def may_view_members(user: AnyUser, organisation: Organisation) -> bool:
    return has_capability(user, Capability.VIEW_PROGRAMME_WIDE) or (
        organisation.pk in organisation_ids_of(user)
    )


def assignable_roles(user: AnyUser, organisation: Organisation) -> list[Role]:
    """The roles `user` may give to someone in `organisation` (empty: none)."""
    allowed = ROLES_BY_ORGANISATION_KIND.get(organisation.kind, frozenset())
    if has_capability(user, Capability.MANAGE_ALL_MEMBERS):
        grantable = set(Role)
        # Only a system administrator creates another one.
        if not has_capability(user, Capability.ADMINISTER_SYSTEM):
            grantable.discard(Role.SYSTEM_ADMINISTRATOR)
    elif has_capability(
        user, Capability.MANAGE_OWN_ORGANISATION_MEMBERS
    ) and organisation.pk in organisation_ids_of(user):
        grantable = set(PARTNER_ROLES)
    else:
        return []
    return [role for role in Role if role in allowed and role in grantable]


def may_manage_members(user: AnyUser, organisation: Organisation) -> bool:
    return bool(assignable_roles(user, organisation))
