"""Who sees and who writes the capacity-building and outreach registers.

The intervention team and the steering committee read them (they see the
whole programme); the intervention manager and the M&E officer write them
(`MANAGE_CAPACITY`); partner staff see none of them, like the steering
registers."""

from __future__ import annotations

from suivi.accounts.policies import has_capability, visible_audit_events_q
from suivi.accounts.roles import Capability
from suivi.core.actors import Actor, is_system


def may_view_capacity(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.VIEW_PROGRAMME_WIDE)


def may_manage_capacity(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.MANAGE_CAPACITY)


def may_define_indicators(user: Actor) -> bool:
    """Changing how an indicator is computed also needs the results framework."""
    return may_manage_capacity(user) and (
        is_system(user) or has_capability(user, Capability.MANAGE_RESULTS_FRAMEWORK)
    )


def may_see_history(user: Actor) -> bool:
    if is_system(user):
        return True
    return may_view_capacity(user) and visible_audit_events_q(user) is not None  # type: ignore[arg-type]
