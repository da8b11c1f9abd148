"""What a source of computed values reads before adjusting them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from suivi.indicators.models import (
    Indicator,
    Measurement,
    MeasurementSource,
    MeasurementValue,
    PeriodKind,
)
from suivi.indicators.services.measurements import CellValue


def stored_figures(
    indicators: Sequence[Indicator],
    years: Iterable[int],
    *,
    cells_of: Iterable[tuple[UUID, int]] = (),
) -> dict[tuple[UUID, int], tuple[str, dict[str, CellValue]]]:
    """(indicator id, year) → (source of its yearly measurement — entered or
    computed —, its cells): what a source adjusting a few cells reads first.
    Cells are read only for the computed measurements named in `cells_of`.
    Two queries."""
    rows = (
        Measurement.objects.filter(
            indicator__in=list(indicators),
            period__kind=PeriodKind.YEAR,
            period__year__in=list(years),
        )
        .order_by()
        .values_list("pk", "indicator_id", "period__year", "source")
    )
    wanted = set(cells_of)
    found: dict[tuple[UUID, int], tuple[str, dict[str, CellValue]]] = {}
    by_pk: dict[UUID, dict[str, CellValue]] = {}
    for pk, indicator_id, year, source in rows:
        found[(indicator_id, year)] = (source, {})
        if source == MeasurementSource.COMPUTED and (indicator_id, year) in wanted:
            by_pk[pk] = found[(indicator_id, year)][1]
    if by_pk:
        for value in MeasurementValue.objects.filter(measurement__in=list(by_pk)).order_by():
            by_pk[value.measurement_id][value.cell_key] = CellValue(
                value.cell_key, value.value, value.numerator, value.denominator
            )
    return found
