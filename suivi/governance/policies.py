"""Who sees and who writes the steering registers.

The intervention team and the steering committee read them (they see the
whole programme); the intervention manager and the M&E officer write them
(`MANAGE_STEERING`); partner staff see none of them (the DTF gives the
registers to the committee and the team)."""

from __future__ import annotations

from suivi.accounts.policies import has_capability, visible_audit_events_q
from suivi.accounts.roles import Capability
from suivi.core.actors import Actor, is_system


def may_view_steering(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.VIEW_PROGRAMME_WIDE)


def may_manage_steering(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.MANAGE_STEERING)


def may_see_history(user: Actor) -> bool:
    """The audit events of a record, for those who read the audit trail."""
    if is_system(user):
        return True
    return may_view_steering(user) and visible_audit_events_q(user) is not None  # type: ignore[arg-type]
