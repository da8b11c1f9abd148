"""What the home pages read from the indicators: values returned to their
author, periods to lock, the latest year with values, and each current
indicator against its targets. A fixed number of queries whatever the
number of indicators, values or periods (tests/test_home_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from suivi.accounts.models import User
from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.core.actors import Actor, as_user, is_system
from suivi.indicators import policies
from suivi.indicators.models import (
    Direction,
    Measurement,
    MeasurementStatus,
    MeasurementTransition,
    ReportingPeriod,
)
from suivi.indicators.selectors.progress import HUNDRED, ProgressRow, YearValue, progress_table
from suivi.indicators.selectors.sheets import indicators_for, review_queue
from suivi.programmes.models import Intervention
from suivi.programmes.selectors import interventions_for

LISTED = 50
# Below this share of the year's target, an indicator is off track.
OFF_TRACK_BELOW = Decimal(75)


@dataclass(frozen=True)
class ReturnedValue:
    measurement: Measurement
    note: str
    returned_at: datetime | None


def returned_to(user: Actor) -> tuple[int, list[ReturnedValue]]:
    """Values sent back for revision to `user` (who entered or last
    submitted them), newest return first, each with the reviewer's note;
    the count and the first LISTED."""
    if is_system(user) or not getattr(user, "pk", None):
        return 0, []
    returns = MeasurementTransition.objects.filter(
        measurement=OuterRef("pk"), to_status=MeasurementStatus.RETURNED
    ).order_by("-created_at")
    submitted_by_user = MeasurementTransition.objects.filter(
        to_status=MeasurementStatus.SUBMITTED, actor=as_user(user)
    ).values("measurement_id")
    found = (
        Measurement.objects.filter(
            status=MeasurementStatus.RETURNED, indicator__in=indicators_for(user).values("pk")
        )
        .filter(Q(created_by=as_user(user)) | Q(pk__in=submitted_by_user))
        .annotate(
            return_note=Subquery(returns.values("note")[:1]),
            returned_at=Subquery(returns.values("created_at")[:1]),
        )
        .select_related("indicator", "period")
        .order_by("-returned_at")
    )
    listed = list(found[:LISTED])
    count = len(listed) if len(listed) < LISTED else found.count()
    return count, [
        ReturnedValue(m, m.return_note or "", m.returned_at)  # type: ignore[attr-defined]
        for m in listed
    ]


@dataclass(frozen=True)
class PeriodToLock:
    period: ReportingPeriod
    values: int
    approved: int


def periods_to_lock(user: Actor, today: date | None = None) -> list[PeriodToLock]:
    """Ended periods (years before the current one) holding values and not
    yet locked, of the interventions `user` sees; empty for whoever may not
    lock periods."""
    if not policies.may_lock_periods(user):
        return []
    year = (today or timezone.localdate()).year
    periods = (
        ReportingPeriod.objects.filter(
            intervention__in=interventions_for(user).values("pk"), is_locked=False, year__lt=year
        )
        .annotate(
            n=Count("measurements"),
            ok=Count("measurements", filter=Q(measurements__status=MeasurementStatus.APPROVED)),
        )
        .filter(n__gt=0)
        .select_related("intervention")
        .order_by("year", "kind", "quarter")
    )
    return [PeriodToLock(p, p.n, p.ok) for p in periods]  # type: ignore[attr-defined]


def latest_years_with_values(user: Actor) -> dict[object, int]:
    """Per intervention `user` sees: the latest year holding an approved
    value of an indicator `user` sees (one query for all)."""
    return {
        row["indicator__intervention"]: row["latest"]
        for row in Measurement.objects.filter(
            status=MeasurementStatus.APPROVED, indicator__in=indicators_for(user).values("pk")
        )
        .values("indicator__intervention")
        .annotate(latest=Max("period__year"))
        .order_by()
    }


def latest_year_with_values(user: Actor, intervention: Intervention) -> int | None:
    return latest_years_with_values(user).get(intervention.pk)


def percent_of(row: ProgressRow, target: Decimal | None) -> Decimal | None:
    """The reporting year's value as a share of `target`, in percent (the
    inverse when lower is better); None without a value or a target."""
    value = row.reporting_year.total if row.reporting_year else None
    if value is None or not target:
        return None
    if row.version.direction == Direction.DECREASE:
        return (target / value * HUNDRED) if value else None
    return value / target * HUNDRED


@dataclass(frozen=True)
class Glance:
    """One intervention's current indicators in its latest year with values."""

    intervention: Intervention
    year: int
    rows: list[ProgressRow]

    def at_levels(self, *levels: str) -> Glance:
        return Glance(self.intervention, self.year, [r for r in self.rows if r.level in levels])

    def off_track(self) -> list[ProgressRow]:
        return [
            row
            for row in self.rows
            if (share := percent_of(row, row.year_target)) is not None and share < OFF_TRACK_BELOW
        ]

    def without_value(self) -> list[ProgressRow]:
        return [
            row for row in self.rows if not (row.reporting_year and _has_value(row.reporting_year))
        ]


def _has_value(value: YearValue) -> bool:
    return value.total is not None or value.suppressed or bool(value.text)


def glances(user: Actor) -> list[Glance]:
    """For each intervention `user` sees, its current indicators in its
    latest year with approved values (the year before the current one when
    there is none yet)."""
    latest = latest_years_with_values(user)
    fallback = timezone.localdate().year - 1
    result = []
    for intervention in interventions_for(user):
        year = latest.get(intervention.pk, fallback)
        result.append(Glance(intervention, year, progress_table(user, intervention, year)))
    return result


def count_to_review(user: User) -> int:
    """How many submitted values `user` may review (not those they submitted
    themselves): one COUNT, whatever the length of the queue."""
    if not has_capability(user, Capability.APPROVE_MEASUREMENTS):
        return 0
    return review_queue(user).exclude(**{policies.LAST_SUBMITTER: user.pk}).count()
