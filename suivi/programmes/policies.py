"""Who sees and changes programmes, interventions and results chains."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from suivi.accounts.policies import has_capability, organisation_ids_of
from suivi.accounts.roles import Capability
from suivi.core.actors import Actor, is_system

if TYPE_CHECKING:
    pass


def visible_interventions_q(user: Actor) -> Q:
    """The team and the steering committee see every intervention; partner
    staff see those their organisation takes part in; the system actor (a
    command run by an operator) sees every one."""
    if is_system(user) or has_capability(user, Capability.VIEW_PROGRAMME_WIDE):
        return Q()
    organisations = organisation_ids_of(user)
    return Q(partner_institution__in=organisations) | Q(operational_partners__in=organisations)


def may_manage_results_framework(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.MANAGE_RESULTS_FRAMEWORK)
