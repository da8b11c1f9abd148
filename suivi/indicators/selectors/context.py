"""What entering or reviewing a value needs beside the figures: the
indicator's definition, baseline, the year's and final targets, last year's
approved value and the evidence — for one value (the entry page) or for a
whole review queue in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from suivi.core.actors import Actor
from suivi.indicators import cells, disclosure
from suivi.indicators.models import (
    Evidence,
    Indicator,
    IndicatorVersion,
    Measurement,
    MeasurementStatus,
    Target,
    UnitType,
)
from suivi.indicators.selectors.progress import YearValue, protected, year_value
from suivi.indicators.selectors.sheets import cell_label
from suivi.indicators.services import plausibility
from suivi.indicators.services.definitions import dimension_specs


@dataclass(frozen=True)
class ValueContext:
    version: IndicatorVersion
    year: int
    year_target: Decimal | None
    final_target: Decimal | None
    last_year: YearValue | None
    evidence: list[Evidence] = field(default_factory=list)
    # Cell key → its label in the reader's language (``sex=women`` → Femmes).
    labels: dict[str, str] = field(default_factory=dict)


def _context(
    user: Actor,
    version: IndicatorVersion,
    year: int,
    previous: list[Measurement],
    evidence: list[Evidence],
) -> ValueContext:
    targets = {t.year: t.value for t in version.targets.all() if t.cell_key == cells.TOTAL}
    dimensions = list(version.dimensions.all())
    specs = dimension_specs(dimensions)
    last = year_value(version, previous, year - 1)
    if not disclosure.sees_exact_counts(user) and disclosure.counts_persons(
        version.indicator, version.unit
    ):
        last = protected(last)
    return ValueContext(
        version=version,
        year=year,
        year_target=targets.get(year),
        final_target=targets.get(Target.FINAL),
        last_year=last,
        evidence=evidence,
        labels={key: cell_label(key, dimensions) for key in cells.all_cells(specs)},
    )


def value_context(
    user: Actor, indicator: Indicator, year: int, measurement: Measurement | None
) -> ValueContext | None:
    """The context of `indicator`'s value of `year` (the indicator is one
    `user` sees: the caller read it through `indicator_for`)."""
    version = (
        IndicatorVersion.objects.current()
        .filter(indicator=indicator)
        .select_related("indicator", "responsible_organisation")
        .prefetch_related("targets", "dimensions__values")
        .first()
    )
    if version is None:
        return None
    previous = list(
        Measurement.objects.filter(
            indicator=indicator, period__year=year - 1, status=MeasurementStatus.APPROVED
        )
        .select_related("period")
        .prefetch_related("values")
    )
    evidence = list(measurement.evidence.all()) if measurement is not None else []
    return _context(user, version, year, previous, evidence)


def review_contexts(user: Actor, measurements: list[Measurement]) -> dict[object, ValueContext]:
    """The context of each value of a review queue, by measurement id: four
    queries whatever the number of values."""
    if not measurements:
        return {}
    indicator_ids = {m.indicator_id for m in measurements}
    versions = {
        v.indicator_id: v
        for v in IndicatorVersion.objects.current()
        .filter(indicator__in=indicator_ids)
        .select_related("indicator", "responsible_organisation")
        .prefetch_related("targets", "dimensions__values")
    }
    previous: dict[object, list[Measurement]] = defaultdict(list)
    for m in (
        Measurement.objects.filter(
            indicator__in=indicator_ids,
            period__year__in={m.period.year - 1 for m in measurements},
            status=MeasurementStatus.APPROVED,
        )
        .select_related("period")
        .prefetch_related("values")
    ):
        previous[m.indicator_id].append(m)
    evidence: dict[object, list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(measurement__in=[m.pk for m in measurements]):
        evidence[item.measurement_id].append(item)
    return {
        m.pk: _context(
            user, versions[m.indicator_id], m.period.year, previous[m.indicator_id], evidence[m.pk]
        )
        for m in measurements
        if m.indicator_id in versions
    }


def warnings_of(context: ValueContext, measurement: Measurement) -> list[str]:
    """The plausibility warnings of a stored value (what its submitter had
    to explain in the comment), for the reviewer to read beside it."""
    values = {v.cell_key: v for v in measurement.values.all()}
    unit = context.version.unit
    specs = dimension_specs(list(context.version.dimensions.all()))
    if unit == UnitType.PERCENTAGE:
        gaps = cells.additivity_gaps({k: v.numerator for k, v in values.items()}, specs)
        gaps += cells.additivity_gaps({k: v.denominator for k, v in values.items()}, specs)
    elif unit == UnitType.COUNT:
        gaps = cells.additivity_gaps({k: v.value for k, v in values.items()}, specs)
    else:
        gaps = []
    total = values[cells.TOTAL].value if cells.TOTAL in values else None
    last = context.last_year.total if context.last_year and not measurement.period.quarter else None
    return plausibility.warnings(
        unit=unit, total=total, target=context.year_target, last_year=last, gaps=gaps
    )
