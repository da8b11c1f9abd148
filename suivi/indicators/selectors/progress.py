"""The progress table the steering committee reads, for any level and year.

One row per current indicator: baseline, value of the previous year, value of
the reporting year, the year's target and the final target, as the 2020
results report prints them. Only approved values count. Rules in README.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from suivi.core import audit
from suivi.core.actors import Actor
from suivi.indicators import cells, disclosure, policies
from suivi.indicators.models import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorVersion,
    Measurement,
    MeasurementSource,
    MeasurementStatus,
    PeriodKind,
    Target,
    UnitType,
)
from suivi.indicators.services.definitions import dimension_specs
from suivi.indicators.services.sources import registered_sources
from suivi.programmes.models import Intervention

HUNDRED = Decimal(100)


class Progress(StrEnum):
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_TARGET = "no_target"
    NOT_MEASURED = "not_measured"


# Achievement (value ÷ target, inverted when lower is better) thresholds.
AHEAD_FROM = Decimal("1.10")
ON_TRACK_FROM = Decimal("0.90")


@dataclass(frozen=True)
class YearValue:
    """A yearly value: the total, its cells, and for percentages n and N."""

    total: Decimal | None
    cells: dict[str, Decimal] = field(default_factory=dict)
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""
    source: str = MeasurementSource.ENTERED
    # Cell key → id of the stored value (links to the records behind it).
    value_ids: dict[str, object] = field(default_factory=dict)
    # A small count hidden from this reader (see indicators/disclosure.py):
    # the total is then None and `suppressed` set; hidden cells are left out
    # of `cells` and `value_ids` and named in `hidden`.
    suppressed: bool = False
    hidden: frozenset[str] = frozenset()


def protected(value: YearValue | None) -> YearValue | None:
    """`value` without the counts a reader outside the M&E staff may not see:
    the small ones and those that would give them back (disclosure.py). The
    numbers are removed, not flagged, so no page or export can show them."""
    if value is None or value.source != MeasurementSource.COMPUTED:
        return value  # entered values are shown as they are
    numbers: dict[str, Decimal | None] = {cells.TOTAL: value.total, **value.cells}
    hidden = disclosure.suppressed_cells(numbers)
    if not hidden:
        return value
    return replace(
        value,
        total=None if cells.TOTAL in hidden else value.total,
        cells={k: v for k, v in value.cells.items() if k not in hidden},
        value_ids={k: v for k, v in value.value_ids.items() if k not in hidden},
        suppressed=cells.TOTAL in hidden,
        hidden=frozenset(hidden),
    )


@dataclass(frozen=True)
class ProgressRow:
    indicator: Indicator
    version: IndicatorVersion
    level: str
    output: str | None
    baseline: Decimal | None
    previous_year: YearValue | None
    reporting_year: YearValue | None
    year_target: Decimal | None
    final_target: Decimal | None
    progress: Progress
    # Disaggregated parts of the reporting year that do not add up (a warning).
    gaps: tuple[cells.AdditivityGap, ...] = ()
    # Why a computed indicator has no value for the reporting year, when its
    # source says (`IndicatorSource.empty_note`).
    note: str = ""

    @property
    def source(self) -> str:
        if self.indicator.is_computed:
            return MeasurementSource.COMPUTED
        return MeasurementSource.ENTERED


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return numerator / denominator * HUNDRED if denominator else None


def _from_measurement(measurement: Measurement) -> YearValue:
    values = list(measurement.values.all())
    total = next((v for v in values if v.cell_key == cells.TOTAL), None)
    return YearValue(
        total=total.value if total else None,
        cells={v.cell_key: v.value for v in values if v.cell_key and v.value is not None},
        numerator=total.numerator if total else None,
        denominator=total.denominator if total else None,
        text=total.text if total else "",
        source=measurement.source,
        value_ids={v.cell_key: v.pk for v in values},
    )


def year_value(
    version: IndicatorVersion, measurements: list[Measurement], year: int
) -> YearValue | None:
    """The approved value of `year`: the yearly measurement if there is one,
    else one derived from the approved quarters by the aggregation rule."""
    approved = [
        m for m in measurements if m.status == MeasurementStatus.APPROVED and m.period.year == year
    ]
    yearly = next((m for m in approved if m.period.kind == PeriodKind.YEAR), None)
    if yearly is not None:
        return _from_measurement(yearly)
    quarters = sorted(
        (m for m in approved if m.period.kind == PeriodKind.QUARTER), key=lambda m: m.period.quarter
    )
    if not quarters:
        return None
    values = [_from_measurement(m) for m in quarters]
    if version.aggregation == Aggregation.CUMULATIVE:
        return values[-1]  # the state at the end of the last quarter reported
    if version.aggregation == Aggregation.UNIQUE_PERSONS:
        return None  # persons of several quarters cannot be added up
    if version.unit == UnitType.PERCENTAGE:
        if any(v.numerator is None or v.denominator is None for v in values):
            return None  # percentages without n/N cannot be combined honestly
        numerator = sum((v.numerator for v in values if v.numerator is not None), Decimal(0))
        denominator = sum((v.denominator for v in values if v.denominator is not None), Decimal(0))
        return YearValue(
            _ratio(numerator, denominator), numerator=numerator, denominator=denominator
        )
    if version.unit == UnitType.COUNT:
        summed: dict[str, Decimal] = defaultdict(Decimal)
        for value in values:
            for key, number in value.cells.items():
                summed[key] += number
        total = sum((v.total for v in values if v.total is not None), Decimal(0))
        return YearValue(total, dict(summed))
    return values[-1]


def progress_of(
    version: IndicatorVersion, value: YearValue | None, target: Decimal | None
) -> Progress:
    if value is None or value.total is None:
        return Progress.NOT_MEASURED
    if not target:
        return Progress.NO_TARGET
    if version.direction == Direction.DECREASE:
        achievement = target / value.total if value.total else AHEAD_FROM
    else:
        achievement = value.total / target
    if achievement >= AHEAD_FROM:
        return Progress.AHEAD
    if achievement >= ON_TRACK_FROM:
        return Progress.ON_TRACK
    return Progress.BEHIND


def _why_empty(indicator: Indicator, year: int) -> str:
    if not indicator.is_computed or not indicator.computed_source:
        return ""
    source = registered_sources().get(indicator.computed_source)
    return source.why_empty(indicator, year) if source is not None else ""


def progress_table(
    user: Actor,
    intervention: Intervention,
    year: int,
    *,
    level: str | None = None,
    exported_as: str = "",
) -> list[ProgressRow]:
    """Rows of the current indicators `user` may see, ordered as in the
    report: impact and outcome first, then each output. A handful of queries
    whatever the number of indicators. Outside the M&E staff, small computed
    person counts come back suppressed (`protected`). A read for a download
    (`exported_as` the format) is recorded in the audit trail."""
    exact = disclosure.sees_exact_counts(user)
    indicators = list(
        Indicator.objects.filter(policies.visible_indicators_q(user))
        .filter(intervention=intervention, retired_in__isnull=True)
        .distinct()
        .order_by("code")
    )
    versions = {
        v.indicator_id: v
        for v in IndicatorVersion.objects.current()
        .filter(indicator__in=indicators)
        .select_related("result", "result__parent")
        .prefetch_related("targets", "dimensions__values")
    }
    measurements: dict[object, list[Measurement]] = defaultdict(list)
    for measurement in (
        Measurement.objects.filter(indicator__in=indicators, period__year__in=[year - 1, year])
        .select_related("period")
        .prefetch_related("values")
    ):
        measurements[measurement.indicator_id].append(measurement)

    rows = []
    for indicator in indicators:
        version = versions.get(indicator.pk)
        if version is None or (level and version.result.level != level):
            continue
        totals = {t.year: t.value for t in version.targets.all() if t.cell_key == cells.TOTAL}
        reporting = year_value(version, measurements[indicator.pk], year)
        previous = year_value(version, measurements[indicator.pk], year - 1)
        gaps = _gaps(version, reporting)
        progress = progress_of(version, reporting, totals.get(year))
        if not exact and disclosure.counts_persons(indicator, version.unit):
            reporting, previous = protected(reporting), protected(previous)
        rows.append(
            ProgressRow(
                indicator=indicator,
                version=version,
                level=version.result.level,
                output=version.result.code if version.result.level == "output" else None,
                baseline=version.baseline_value,
                previous_year=previous,
                reporting_year=reporting,
                year_target=totals.get(year),
                final_target=totals.get(Target.FINAL),
                progress=progress,
                gaps=gaps,
                note=_why_empty(indicator, year) if reporting is None else "",
            )
        )
    if exported_as:
        audit.record(
            actor=user,
            action="indicators.progress_table.exported",
            target=intervention,
            detail={"year": year, "format": exported_as, "level": level or ""},
        )
    order = {"impact": 0, "outcome": 1, "output": 2}
    rows.sort(
        key=lambda r: (
            order[r.level],
            r.version.result.order,
            r.output or "",
            _natural(r.indicator.code),
        )
    )
    return rows


def _gaps(version: IndicatorVersion, value: YearValue | None) -> tuple[cells.AdditivityGap, ...]:
    if value is None or not value.cells or version.unit != UnitType.COUNT:
        # Percentages do not add up; their parts are checked on entry through n and N.
        return ()
    numbers: dict[str, Decimal | None] = {cells.TOTAL: value.total, **value.cells}
    specs = dimension_specs(list(version.dimensions.all()))
    return tuple(cells.additivity_gaps(numbers, specs))


def _natural(code: str) -> tuple[object, ...]:
    """Ind1.10 after Ind1.9."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code))


def display_number(
    value: Decimal | None, unit: str, *, measured: bool = True
) -> int | float | None:
    """A number as the report prints it: measured percentages as whole
    numbers (28/68 → 41, never 0.41); targets and baselines as set (52.5);
    no trailing decimals."""
    if value is None:
        return None
    if measured and unit == UnitType.PERCENTAGE:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if value == value.to_integral():
        return int(value)
    return float(value)
