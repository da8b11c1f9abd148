"""Who sees and changes the finance registers.

The team (who see the whole programme) and the steering committee read
budgets, expenses, grants and procurement; the finance officer writes
budgets and expenses; the grants and procurement officer writes grants and
procurement items; partners' staff see nothing of finance (404).
"""

from __future__ import annotations

from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.core.actors import Actor, is_system


def may_view_finance(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.VIEW_PROGRAMME_WIDE)


def may_manage_finance(user: Actor) -> bool:
    """Budget versions, lines, yearly planning, expenses and their imports."""
    return is_system(user) or has_capability(user, Capability.MANAGE_FINANCE)


def may_manage_grants(user: Actor) -> bool:
    """Grants (with tranches, amendments, reports due) and procurement items."""
    return is_system(user) or has_capability(user, Capability.MANAGE_GRANTS_AND_PROCUREMENT)
