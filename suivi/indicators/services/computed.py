"""Values computed by other apps, written through one service of the
indicators app.

A registered source (see `services.sources`: an app's
`AppConfig.indicator_sources`) writes an indicator's values only once the
indicator is declared computed by it from a year, with a reason
(`sources.declare_computed`). `write_computed` then takes the source's
figures — an indicator, a year and its cells, or `None` for "not measured" —
and, in a handful of queries whatever their number:

- never overwrites an entered value, a year before the declared one or a
  locked period: such figures are skipped and listed in the report;
- writes the rest as approved, computed measurements; each measurement it
  creates, changes or removes gets one audit event carrying the before and
  after of every cell it changed (aggregate figures, not personal data);
- gives a new measurement, or one computed by a new version of its
  definition, a workflow step (→ approved, by the system or the user who ran
  the computation) whose note names the source, as entered values have.

What is measured at all (blank vs 0) is the source's to decide, by the rule
written in the indicators README.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from suivi.core import audit
from suivi.core.actors import Actor, as_user
from suivi.indicators import cells, policies
from suivi.indicators.models import (
    Indicator,
    IndicatorVersion,
    Measurement,
    MeasurementSource,
    MeasurementStatus,
    MeasurementTransition,
    MeasurementValue,
    PeriodKind,
    ReportingPeriod,
    UnitType,
)
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.services.periods import ensure_period
from suivi.indicators.services.sources import (
    IndicatorSource,
    registered_source,
    step_note,
)

HUNDRED = Decimal(100)
# Cells listed in one audit event at most (an indicator crossing many
# dimensions could hold hundreds); the rest is counted.
AUDITED_CELLS = 60


@dataclass(frozen=True)
class ComputedFigure:
    """What a source computed for an indicator and a year: its cells (the
    total at least), or None when the year is not measured. `definition`
    names the version of the source's definition (e.g. a hash of it), to
    tell when it changed; `version` is the indicator version whose rule gave
    the figure, the one people read in the value's history."""

    indicator: Indicator
    year: int
    cells: Mapping[str, CellValue] | None
    definition: str = ""
    version: int | None = None


class Skip(StrEnum):
    NOT_DECLARED = "not_declared"
    BEFORE_DECLARED_YEAR = "before_declared_year"
    LOCKED = "locked"
    ENTERED = "entered"


@dataclass(frozen=True)
class Skipped:
    indicator: str  # its code
    year: int
    reason: Skip


@dataclass
class WriteReport:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def measured(self) -> int:
        """Measurements holding the source's values after the write."""
        return self.created + self.changed + self.unchanged

    def conflicts(self) -> dict[str, list[str]]:
        """What someone should look at, for an audit detail or a log:
        entered values kept and indicators not declared ("code year")."""
        listed: dict[str, list[str]] = {}
        for item in self.skipped:
            if item.reason in (Skip.ENTERED, Skip.NOT_DECLARED):
                listed.setdefault(item.reason.value, []).append(f"{item.indicator} {item.year}")
        return {reason: sorted(names)[:50] for reason, names in listed.items()}


Triple = tuple[Decimal | None, Decimal | None, Decimal | None]


def _triple(cell: CellValue | MeasurementValue) -> Triple:
    return (cell.value, cell.numerator, cell.denominator)


def _shown(triple: Triple | None) -> str | None:
    """A cell as the audit trail shows it: 185, or 30/68 for a rate."""
    if triple is None:
        return None
    value, numerator, denominator = triple
    if numerator is not None and denominator is not None:
        return f"{_number(numerator)}/{_number(denominator)}"
    return _number(value) if value is not None else ""


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class _Shape:
    """What the cells of an indicator may be: its unit and its dimensions'
    value codes (retired values included: past records may hold them)."""

    unit: str
    dimensions: dict[str, set[str]]


def _shapes(indicators: Iterable[Indicator]) -> dict[UUID, _Shape]:
    """Two light queries (plain rows, no ordering): a refresh runs this after
    every recorded service."""
    versions = {
        version_id: (indicator_id, unit)
        for version_id, indicator_id, unit in IndicatorVersion.objects.current()
        .filter(indicator__in=[i.pk for i in indicators])
        .order_by()
        .values_list("pk", "indicator_id", "unit")
    }
    shapes = {indicator_id: _Shape(unit, {}) for indicator_id, unit in versions.values()}
    through = IndicatorVersion.dimensions.through
    rows = (
        through.objects.filter(indicatorversion_id__in=list(versions))
        .order_by()
        .values_list("indicatorversion_id", "dimension__code", "dimension__values__code")
    )
    for version_id, dimension, value in rows:
        codes = shapes[versions[version_id][0]].dimensions.setdefault(dimension, set())
        if value is not None:
            codes.add(value)
    return shapes


def _new_shape(
    figure: ComputedFigure,
    measurement: Measurement | None,
    stored: dict[UUID, dict[str, MeasurementValue]],
) -> bool:
    """Whether the figure has a cell its stored value lacks, or a cell that
    changes kind (a count becoming n/N): then it is checked against the
    indicator's definition."""
    if measurement is None or measurement.source != MeasurementSource.COMPUTED:
        return True
    before = stored[measurement.pk]
    assert figure.cells is not None
    return any(
        key not in before or (cell.denominator is None) != (before[key].denominator is None)
        for key, cell in figure.cells.items()
    )


def _clean(
    figure: ComputedFigure, shape: _Shape | None, before: dict[str, MeasurementValue]
) -> dict[str, Triple]:
    """The figure's cells, checked: against the indicator's unit and cells
    when `shape` is given (cells appearing for the first time), else as the
    stored cells they replace are (a rate when they hold n/N). A bad figure
    is a source's bug, not a user's: refused whole (ValueError)."""
    where = f"{figure.indicator.code} {figure.year}"
    assert figure.cells is not None
    if shape is not None:
        unit = shape.unit
    else:
        total = before.get(cells.TOTAL)
        rate = total is not None and total.denominator is not None
        unit = UnitType.PERCENTAGE if rate else UnitType.COUNT
    if cells.TOTAL not in figure.cells:
        raise ValueError(f"{where}: the total is required.")
    cleaned: dict[str, Triple] = {}
    for key, cell in figure.cells.items():
        if shape is not None:
            parts = cells.parse_key(key)
            if any(value not in shape.dimensions.get(name, ()) for name, value in parts.items()):
                raise ValueError(f"{where}: the cell {key!r} does not exist for this indicator.")
        value, numerator, denominator = cell.value, cell.numerator, cell.denominator
        if unit == UnitType.PERCENTAGE:
            if numerator is None or denominator is None or not 0 <= numerator <= denominator:
                raise ValueError(f"{where}: a computed rate needs 0 ≤ numerator ≤ denominator.")
            if not denominator:
                continue  # no population: the cell is not measured
            value = (numerator / denominator * HUNDRED).quantize(Decimal("0.01"))
        elif value is None or value < 0 or numerator is not None or denominator is not None:
            raise ValueError(f"{where}: a computed count is a number, not negative, without n/N.")
        cleaned[key] = (value, numerator, denominator)
    if cells.TOTAL not in cleaned:
        raise ValueError(f"{where}: the total is required.")
    return cleaned


@dataclass
class _Batch:
    """Rows to write, gathered over every figure, then written in bulk."""

    measurements: list[Measurement] = field(default_factory=list)
    redefined: list[Measurement] = field(default_factory=list)
    removed: list[Measurement] = field(default_factory=list)
    new_values: list[MeasurementValue] = field(default_factory=list)
    changed_values: list[MeasurementValue] = field(default_factory=list)
    dropped_values: list[UUID] = field(default_factory=list)
    transitions: list[MeasurementTransition] = field(default_factory=list)
    # (action, measurement, figure, cell key → [before, after])
    events: list[tuple[str, Measurement, ComputedFigure, dict[str, list[str | None]]]] = field(
        default_factory=list
    )


@transaction.atomic
def write_computed(*, actor: Actor, source: str, figures: Iterable[ComputedFigure]) -> WriteReport:
    """Write `source`'s figures (see the module's docstring). One figure per
    indicator and year. Returns what was created, changed, removed, left
    unchanged and skipped (with why)."""
    if not policies.may_manage_definitions(actor):
        raise PermissionDenied
    described = registered_source(source)
    report = WriteReport()
    candidates: list[ComputedFigure] = []
    for figure in figures:
        indicator = figure.indicator
        from_year = indicator.computed_from_year
        if not indicator.is_declared_computed or indicator.computed_source != source:
            report.skipped.append(Skipped(indicator.code, figure.year, Skip.NOT_DECLARED))
        elif from_year is not None and figure.year < from_year:
            report.skipped.append(Skipped(indicator.code, figure.year, Skip.BEFORE_DECLARED_YEAR))
        else:
            candidates.append(figure)
    if not candidates:
        return report
    keys = {(f.indicator.pk, f.year) for f in candidates}
    if len(keys) != len(candidates):
        raise ValueError("One figure per indicator and year.")
    existing = {
        (m.indicator_id, m.period.year): m
        for m in Measurement.objects.select_for_update(of=("self",))
        .select_related("period")
        .filter(
            indicator__in={f.indicator.pk for f in candidates},
            period__kind=PeriodKind.YEAR,
            period__year__in={f.year for f in candidates},
        )
        .order_by()
    }
    stored: dict[UUID, dict[str, MeasurementValue]] = {m.pk: {} for m in existing.values()}
    for value in MeasurementValue.objects.filter(
        measurement__in=[m.pk for m in existing.values() if m.source == MeasurementSource.COMPUTED]
    ).order_by():
        stored[value.measurement_id][value.cell_key] = value
    # The periods of the figures without a measurement yet (a first value,
    # or a locked year that has none); the others come with their measurement.
    absent = [f for f in candidates if (f.indicator.pk, f.year) not in existing]
    periods = (
        {
            (period.intervention_id, period.year): period
            for period in ReportingPeriod.objects.filter(
                intervention__in={f.indicator.intervention_id for f in absent},
                kind=PeriodKind.YEAR,
                year__in={f.year for f in absent},
            ).order_by()
        }
        if absent
        else {}
    )
    # Cells are checked against the definition when they first appear (or
    # change kind); a refresh moving known cells reads no definition.
    checked = [
        f
        for f in candidates
        if f.cells is not None and _new_shape(f, existing.get((f.indicator.pk, f.year)), stored)
    ]
    shapes = _shapes({f.indicator.pk: f.indicator for f in checked}.values()) if checked else {}
    checked_ids = {id(f) for f in checked}
    batch = _Batch()
    now = timezone.now()
    for figure in candidates:
        indicator = figure.indicator
        measurement = existing.get((indicator.pk, figure.year))
        period = (
            measurement.period
            if measurement is not None
            else periods.get((indicator.intervention_id, figure.year))
        )
        if period is not None and period.is_locked:
            report.skipped.append(Skipped(indicator.code, figure.year, Skip.LOCKED))
            continue
        if measurement is not None and measurement.source != MeasurementSource.COMPUTED:
            report.skipped.append(Skipped(indicator.code, figure.year, Skip.ENTERED))
            continue
        if figure.cells is None:
            if measurement is not None:
                before = {k: _triple(v) for k, v in stored[measurement.pk].items()}
                diff = {k: [_shown(t), None] for k, t in before.items()}
                batch.removed.append(measurement)
                batch.events.append(
                    ("indicators.measurement.computed_removed", measurement, figure, diff)
                )
                report.removed += 1
            continue
        after = _clean(
            figure,
            shapes.get(indicator.pk) if id(figure) in checked_ids else None,
            stored[measurement.pk] if measurement is not None else {},
        )
        definition = f"{source}:{figure.definition}" if figure.definition else source
        created = measurement is None
        if measurement is None:
            if period is None:  # the year's first value
                period = ensure_period(
                    actor=actor, intervention=indicator.intervention, year=figure.year
                )
                periods[(indicator.intervention_id, figure.year)] = period
            measurement = Measurement(
                indicator=indicator,
                period=period,
                status=MeasurementStatus.APPROVED,
                source=MeasurementSource.COMPUTED,
                computed_definition=definition,
            )
            batch.measurements.append(measurement)
            stored[measurement.pk] = {}
            batch.transitions.append(
                _step(actor, measurement, MeasurementStatus.DRAFT, described, figure, new=True)
            )
            report.created += 1
        elif measurement.computed_definition != definition:
            measurement.computed_definition = definition
            measurement.updated_at = now
            batch.redefined.append(measurement)
            batch.transitions.append(
                _step(actor, measurement, measurement.status, described, figure, new=False)
            )
        diff = _move_cells(batch, measurement, stored[measurement.pk], after, now)
        if not created:
            if diff:
                report.changed += 1
            else:
                report.unchanged += 1
        if diff:
            batch.events.append(("indicators.measurement.computed", measurement, figure, diff))
    _write(batch)
    for action, measurement, figure, diff in batch.events:
        _audit(actor, action, measurement, figure, source, diff)
    return report


def _move_cells(
    batch: _Batch,
    measurement: Measurement,
    before: dict[str, MeasurementValue],
    after: dict[str, Triple],
    now: Any,
) -> dict[str, list[str | None]]:
    """Gather the value rows that change; return cell → [before, after]."""
    diff: dict[str, list[str | None]] = {}
    for key, triple in after.items():
        row = before.get(key)
        if row is None:
            value, numerator, denominator = triple
            batch.new_values.append(
                MeasurementValue(
                    measurement=measurement,
                    cell_key=key,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                )
            )
            diff[key] = [None, _shown(triple)]
        elif _triple(row) != triple:
            diff[key] = [_shown(_triple(row)), _shown(triple)]
            row.value, row.numerator, row.denominator = triple
            row.updated_at = now
            batch.changed_values.append(row)
    for key, row in before.items():
        if key not in after:
            diff[key] = [_shown(_triple(row)), None]
            batch.dropped_values.append(row.pk)
    return diff


def _step(
    actor: Actor,
    measurement: Measurement,
    from_status: str,
    source: IndicatorSource,
    figure: ComputedFigure,
    *,
    new: bool,
) -> MeasurementTransition:
    if figure.version is not None:
        message = {"new": new, "source": source.name, "version": figure.version}
    else:
        message = {"new": new, "source": source.name, "definition": figure.definition or "—"}
    return MeasurementTransition(
        measurement=measurement,
        from_status=from_status,
        to_status=MeasurementStatus.APPROVED,
        note=step_note(message),
        message=message,
        actor=as_user(actor),
    )


def _write(batch: _Batch) -> None:
    if batch.removed:
        Measurement.objects.filter(pk__in=[m.pk for m in batch.removed]).delete()
    if batch.dropped_values:
        MeasurementValue.objects.filter(pk__in=batch.dropped_values).delete()
    Measurement.objects.bulk_create(batch.measurements)
    if batch.redefined:
        Measurement.objects.bulk_update(batch.redefined, ["computed_definition", "updated_at"])
    if batch.changed_values:
        MeasurementValue.objects.bulk_update(
            batch.changed_values, ["value", "numerator", "denominator", "updated_at"]
        )
    MeasurementValue.objects.bulk_create(batch.new_values)
    MeasurementTransition.objects.bulk_create(batch.transitions)


def _audit(
    actor: Actor,
    action: str,
    measurement: Measurement,
    figure: ComputedFigure,
    source: str,
    diff: dict[str, list[str | None]],
) -> None:
    """One event per measurement: the before and after of each cell changed
    (bounded: at most AUDITED_CELLS cells listed, the rest counted)."""
    keys = sorted(diff)
    detail: dict[str, Any] = {
        "source": source,
        "definition": figure.definition,
        "indicator": figure.indicator.code,
        "year": figure.year,
        "cells": {key: diff[key] for key in keys[:AUDITED_CELLS]},
    }
    if len(keys) > AUDITED_CELLS:
        detail["more_cells"] = len(keys) - AUDITED_CELLS
    audit.record(
        actor=actor,
        action=action,
        target=measurement,
        changed_fields=[key or "total" for key in keys[:AUDITED_CELLS]],
        detail=detail,
    )
