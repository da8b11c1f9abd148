"""Who sees indicators, enters their values, reviews them and locks periods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from suivi.accounts.policies import has_capability, organisation_ids_of
from suivi.accounts.roles import Capability
from suivi.core.actors import Actor, is_system

if TYPE_CHECKING:
    from suivi.indicators.models import Indicator, Measurement


def visible_indicators_q(user: Actor) -> Q:
    """The team and the steering committee see every indicator; partner staff
    those their organisation is (or was, in an earlier version) responsible
    for — the values they reported stay visible to them."""
    if is_system(user) or has_capability(user, Capability.VIEW_PROGRAMME_WIDE):
        return Q()
    return Q(versions__responsible_organisation__in=organisation_ids_of(user))


def may_enter_values(user: Actor, indicator: Indicator, year: int | None = None) -> bool:
    """The team enters any indicator's values; a partner focal point those of
    the indicators their organisation is responsible for. Values computed from
    records are never typed in: an indicator declared computed from a year
    takes entries only for the years before (`year`; without it, whether any
    year still takes entries)."""
    if indicator.is_computed and not _entered_before_computed(indicator, year):
        return False
    if is_system(user):
        return True
    if not has_capability(user, Capability.ENTER_MEASUREMENTS):
        return False
    if has_capability(user, Capability.VIEW_PROGRAMME_WIDE):
        return True
    current = indicator.current_version()
    return bool(current and current.responsible_organisation_id in organisation_ids_of(user))


def _entered_before_computed(indicator: Indicator, year: int | None) -> bool:
    start = indicator.computed_from_year
    if start is None:
        return False
    if year is None:
        first = indicator.intervention.years[0] if indicator.intervention.years else start
        return first < start
    return year < start


# Selectors that list measurements to review annotate each with the actor of
# its last submission under this name (selectors.sheets.review_queue), so that
# `may_review` needs no query per item.
LAST_SUBMITTER = "last_submitter_id"


def _last_submitter_id(measurement: Measurement) -> object | None:
    if hasattr(measurement, LAST_SUBMITTER):
        return getattr(measurement, LAST_SUBMITTER)
    last_submission = (
        measurement.transitions.filter(to_status="submitted").order_by("-created_at").first()
    )
    return last_submission.actor_id if last_submission else None


def may_review(user: Actor, measurement: Measurement) -> bool:
    """Approving or returning needs the capability and a second pair of eyes:
    nobody reviews a value they submitted themselves."""
    if is_system(user):
        return True
    if not has_capability(user, Capability.APPROVE_MEASUREMENTS):
        return False
    return _last_submitter_id(measurement) != user.pk


def may_lock_periods(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.LOCK_PERIODS)


def may_manage_definitions(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.MANAGE_RESULTS_FRAMEWORK)


def may_list_records(user: Actor) -> bool:
    """Who may list the records behind a computed figure (pseudonymous; names
    only where the beneficiaries policies allow): the intervention's M&E staff
    and partner staff who serve people — not the steering committee."""
    if is_system(user):
        return True
    return has_capability(user, Capability.APPROVE_MEASUREMENTS) or (
        bool(organisation_ids_of(user))
        and (
            has_capability(user, Capability.RECORD_SERVICES)
            or has_capability(user, Capability.REGISTER_PEOPLE)
        )
    )
