"""The indicators' charts (suivi.core.charts), each with the table of the
numbers it draws: an indicator's values against its targets over the
years, and current indicators as a share of their year's and final targets.
Built from what the selectors returned (already scoped and suppressed)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from suivi.core import charts
from suivi.core.panels import Table
from suivi.indicators import cells
from suivi.indicators.disclosure import SUPPRESSED
from suivi.indicators.models import Target, UnitType
from suivi.indicators.selectors.home import percent_of
from suivi.indicators.selectors.progress import ProgressRow, display_number, year_value
from suivi.indicators.selectors.sheets import IndicatorSheet


def whole(value: Decimal | None) -> int | None:
    return None if value is None else int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ChartWithTable:
    chart: charts.Chart
    table: Table


def shares_of_targets(rows: list[ProgressRow], year: int) -> ChartWithTable | None:
    """Each indicator's value of `year` as a % of the year's target and of
    the final target (None when no indicator has both a value and a target)."""
    drawn = [
        (row, whole(percent_of(row, row.year_target)), whole(percent_of(row, row.final_target)))
        for row in rows
    ]
    drawn = [item for item in drawn if item[1] is not None or item[2] is not None]
    if not drawn:
        return None
    year_label = _("%% of the %(year)s target") % {"year": year}
    final_label = _("%% of the final target") % {}
    chart = charts.bars(
        labels=short_codes([row.indicator.code for row, _y, _f in drawn]),
        series=[
            charts.Series(year_label, [y for _r, y, _f in drawn]),
            charts.Series(final_label, [f for _r, _y, f in drawn]),
        ],
        alt=_("Bar chart: each indicator's value in %(year)s as a share of its targets.")
        % {"year": year},
        right_to_left=translation.get_language_bidi(),
        percent=True,
    )
    return ChartWithTable(
        chart=chart,
        table=Table(
            head=[_("Indicator"), year_label, final_label],
            rows=[[row.indicator.code, _percent(y), _percent(f)] for row, y, f in drawn],
            links=[reverse("indicators:sheet", args=[row.indicator.pk]) for row, _y, _f in drawn],
        ),
    )


def _unit(number: object, unit: str) -> object:
    return f"{number} %" if number is not None and unit == UnitType.PERCENTAGE else number


def _percent(value: int | None) -> str | None:
    return None if value is None else f"{value} %"


def short_codes(codes: list[str]) -> list[str]:
    """Codes without the prefix they all share up to a separator
    (``MAR1605211_Ind1.1`` → ``Ind1.1``), so a chart's labels stay legible;
    the table beside the chart keeps the full codes."""
    if len(codes) < 2:
        return codes
    prefix = os.path.commonprefix(codes)  # noqa: RUF071 - character by character is meant
    cut = max(prefix.rfind("_"), prefix.rfind(" "))
    return [code[cut + 1 :] for code in codes] if cut >= 0 else codes


BREAKDOWN_DIMENSION = "sex"


def values_over_years(sheet: IndicatorSheet, years: list[int]) -> ChartWithTable | None:
    """The approved value of each year against the year's target, with the
    parts of the indicator's sex breakdown (or of its first dimension)."""
    version = sheet.current
    unit = version.unit
    targets = {t.year: t.value for t in version.targets.all() if t.cell_key == cells.TOTAL}
    values = {year: year_value(version, sheet.measurements, year) for year in years}
    shown = [y for y in years if values[y] is not None or targets.get(y) is not None]
    if not shown:
        return None
    dimensions = list(version.dimensions.all())
    breakdown = next(
        (d for d in dimensions if d.code == BREAKDOWN_DIMENSION),
        dimensions[0] if dimensions else None,
    )
    parts = (
        [(f"{breakdown.code}={v.code}", v.label) for v in breakdown.values.all()]
        if breakdown
        else []
    )

    def number(year: int, key: str) -> Decimal | None:
        value = values[year]
        if value is None:
            return None
        return value.total if key == cells.TOTAL else value.cells.get(key)

    # Small counts the sheet withheld from this reader (disclosure.py).
    hidden = {
        (m.period.year, v.cell_key)
        for m in sheet.measurements
        for v in m.values.all()
        if v.suppressed
    }

    def shown_number(year: int, key: str) -> object:
        if (year, key) in hidden:
            return SUPPRESSED
        shown = display_number(number(year, key), unit)
        return f"{shown} %" if shown is not None and unit == UnitType.PERCENTAGE else shown

    series = [charts.Series(_("Target"), [targets.get(y) for y in shown], reference=True)]
    series.append(charts.Series(_("Value"), [number(y, cells.TOTAL) for y in shown]))
    series += [charts.Series(str(label), [number(y, key) for y in shown]) for key, label in parts]
    chart = charts.bars(
        labels=[str(y) for y in shown],
        series=series,
        alt=_("Bar chart: approved value of %(code)s each year against the year's target.")
        % {"code": sheet.indicator.code},
        right_to_left=translation.get_language_bidi(),
        percent=unit == UnitType.PERCENTAGE,
    )
    head = [_("Year"), _("Target"), _("Value"), *[str(label) for _k, label in parts]]
    rows = [
        [
            str(y),
            _unit(display_number(targets.get(y), unit, measured=False), unit),
            shown_number(y, cells.TOTAL),
            *[shown_number(y, key) for key, _label in parts],
        ]
        for y in shown
    ]
    final = targets.get(Target.FINAL)
    if final is not None:
        head_final = [_("Final target"), _unit(display_number(final, unit, measured=False), unit)]
        rows.append([*head_final, *([""] * (len(head) - 2))])
    return ChartWithTable(chart=chart, table=Table(head=head, rows=rows))
