"""Defining computed indicators and writing their values from the records."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Min

from suivi.accounts.models import User
from suivi.beneficiaries.computation import engine
from suivi.beneficiaries.computation.spec import parse
from suivi.beneficiaries.computation.store import EventStore
from suivi.beneficiaries.models import IndicatorComputation, JourneyEvent
from suivi.core import audit
from suivi.indicators import cells
from suivi.indicators.models import (
    Indicator,
    Measurement,
    MeasurementSource,
    MeasurementStatus,
    MeasurementValue,
)
from suivi.indicators.policies import may_manage_definitions
from suivi.indicators.services.definitions import dimension_specs
from suivi.indicators.services.measurements import current_version
from suivi.indicators.services.periods import ensure_period
from suivi.programmes.models import Intervention


@transaction.atomic
def define_computation(
    *, actor: User | None, indicator: Indicator, spec: dict[str, Any], explanation: str = ""
) -> IndicatorComputation:
    """Say how `indicator` follows from the records; its values are then
    computed, never typed in."""
    if not may_manage_definitions(actor):
        raise PermissionDenied
    parse(spec)  # raises ValidationError on a bad definition
    computation, _created = IndicatorComputation.objects.update_or_create(
        indicator=indicator, defaults={"spec": spec, "explanation": explanation}
    )
    if not indicator.is_computed:
        indicator.is_computed = True
        indicator.save(update_fields=["is_computed", "updated_at"])
    audit.record(
        actor=actor,
        action="beneficiaries.computation.defined",
        target=indicator,
        changed_fields=["computation", "is_computed"],
    )
    return computation


def covered_years(intervention: Intervention) -> list[int]:
    """Years with at least one recorded service, within the intervention's
    dates: a year without any record is not measured (empty, not 0)."""
    bounds = JourneyEvent.objects.aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
    if bounds["first"] is None:
        return []
    return [
        year
        for year in range(bounds["first"].year, bounds["last"].year + 1)
        if intervention.covers_year(year)
    ]


def recompute(
    *,
    actor: User | None,
    intervention: Intervention,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Recompute every computed indicator of `intervention` for the covered
    years and store the values as approved, computed measurements with the
    records behind each number. Locked periods keep their values."""
    computations = list(
        IndicatorComputation.objects.filter(
            indicator__intervention=intervention, indicator__retired_in__isnull=True
        ).select_related("indicator")
    )
    years = covered_years(intervention)
    people = engine.identities()
    store = EventStore()  # every service loaded once, for all the indicators
    periods = {
        year: ensure_period(actor=actor, intervention=intervention, year=year) for year in years
    }
    written = 0
    for position, computation in enumerate(computations, start=1):
        indicator = computation.indicator
        version = current_version(indicator)
        specs = dimension_specs(list(version.dimensions.prefetch_related("values")))
        results = engine.evaluate(parse(computation.spec), specs, people, store)
        with transaction.atomic():
            for year, period in periods.items():
                if period.is_locked:
                    continue
                by_cell = results.get(year, {})
                if computation.spec.get("measure") == "rate" and cells.TOTAL not in by_cell:
                    Measurement.objects.filter(indicator=indicator, period=period).delete()
                    continue  # no denominator: the rate is not measured
                _write(indicator, period, by_cell, actor)
                written += 1
        if progress:
            progress(indicator.code, position, len(computations))
    audit.record(
        actor=actor,
        action="beneficiaries.indicators.computed",
        target=intervention,
        detail={"indicators": len(computations), "years": years},
    )
    return written


def _write(
    indicator: Indicator, period: Any, by_cell: dict[str, engine.CellResult], actor: User | None
) -> None:
    measurement, _created = Measurement.objects.update_or_create(
        indicator=indicator,
        period=period,
        defaults={
            "status": MeasurementStatus.APPROVED,
            "source": MeasurementSource.COMPUTED,
            "comment": "",
        },
    )
    measurement.values.all().delete()
    if cells.TOTAL not in by_cell:
        by_cell = {cells.TOTAL: engine.CellResult(value=Decimal(0), records={"persons": []})}
    MeasurementValue.objects.bulk_create(
        MeasurementValue(
            measurement=measurement,
            cell_key=key,
            value=result.value,
            numerator=result.numerator,
            denominator=result.denominator,
            records=result.records,
        )
        for key, result in by_cell.items()
    )
