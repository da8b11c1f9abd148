"""Reporting periods and their locking."""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suivi.core import changes
from suivi.core.actors import Actor, as_user
from suivi.indicators import policies
from suivi.indicators.models import MeasurementStatus, PeriodKind, ReportingPeriod
from suivi.programmes.models import Intervention


def _bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter == 0:
        return date(year, 1, 1), date(year, 12, 31)
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def unsaved_period(*, intervention: Intervention, year: int, quarter: int = 0) -> ReportingPeriod:
    """The year (quarter 0) or quarter of the intervention as `ensure_period`
    would create it, but not saved (writes nothing): what a page shows before
    the period's first values are saved. Refused as `ensure_period` refuses."""
    if not intervention.covers_year(year):
        raise ValidationError(
            {"year": _("The year %(year)s is outside the intervention's dates.") % {"year": year}}
        )
    if quarter not in (0, 1, 2, 3, 4):
        raise ValidationError({"quarter": _("A quarter is numbered 1 to 4.")})
    start, end = _bounds(year, quarter)
    return ReportingPeriod(
        intervention=intervention,
        kind=PeriodKind.YEAR if quarter == 0 else PeriodKind.QUARTER,
        year=year,
        quarter=quarter,
        start_date=start,
        end_date=end,
    )


@transaction.atomic
def ensure_period(
    *, actor: Actor, intervention: Intervention, year: int, quarter: int = 0
) -> ReportingPeriod:
    """The year (quarter 0) or quarter of the intervention, created on first use."""
    period = unsaved_period(intervention=intervention, year=year, quarter=quarter)
    existing = ReportingPeriod.objects.filter(
        intervention=intervention, kind=period.kind, year=year, quarter=quarter
    ).first()
    if existing is not None:
        return existing
    return changes.create(period, actor=actor, action="indicators.period.created")


@transaction.atomic
def lock_period(*, actor: Actor, period: ReportingPeriod) -> ReportingPeriod:
    """Freeze a period whose values are all approved; none may change after."""
    if not policies.may_lock_periods(actor):
        raise PermissionDenied
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_locked:
        return period
    pending = period.measurements.exclude(status=MeasurementStatus.APPROVED).count()
    if pending:
        raise ValidationError(
            _("%(count)d value(s) of this period are not approved yet.") % {"count": pending}
        )
    before = changes.snapshot(period)
    period.is_locked = True
    period.locked_at = timezone.now()
    period.locked_by = as_user(actor)
    changes.update(period, before, actor=actor, action="indicators.period.locked")
    return period
