"""Who sees and changes programmes, interventions and results chains."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from suivi.accounts.policies import has_capability, organisation_ids_of
from suivi.accounts.roles import Capability

if TYPE_CHECKING:
    from suivi.accounts.models import User


def visible_interventions_q(user: User | None) -> Q:
    """The team and the steering committee see every intervention; partner
    staff see those their organisation takes part in. `None` is the system
    (management commands run by an operator)."""
    if user is None or has_capability(user, Capability.VIEW_PROGRAMME_WIDE):
        return Q()
    organisations = organisation_ids_of(user)
    return Q(partner_institution__in=organisations) | Q(operational_partners__in=organisations)


def may_manage_results_framework(user: User | None) -> bool:
    return user is None or has_capability(user, Capability.MANAGE_RESULTS_FRAMEWORK)
