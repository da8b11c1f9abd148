"""Cost per output and per computed result ("beyond the anchors" of issue 13).

Spending is linked to an output through its budget lines (`A 01 xx` → the
activities of output OI1). For a year, each output's spending of the year is
divided by what each of its count indicators measured that year (persons
trained, persons placed…): a cost per unit. Only count indicators with an
approved value above zero give a cost; the values are read through the
indicators app's progress table, so a reader sees exactly the values they
may see (a small count withheld from them gives no cost either).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from suivi.core.actors import Actor
from suivi.finance.selectors.table import BudgetTable
from suivi.indicators.models import UnitType
from suivi.indicators.selectors.progress import progress_table

CENT = Decimal("0.01")


@dataclass(frozen=True)
class UnitCost:
    indicator_code: str
    indicator_title: str
    value: Decimal
    cost: Decimal  # spending of the year / value


@dataclass(frozen=True)
class OutputCost:
    row: str  # A01
    output_code: str  # OI1
    spent_year: Decimal
    spent_to_date: Decimal
    units: list[UnitCost]


def cost_per_output(user: Actor, table: BudgetTable) -> list[OutputCost]:
    """One entry per output row of `table` linked to a logframe output."""
    outputs = {
        line.rubric.replace(" ", ""): line.output.code
        for line in table.version.lines.select_related("output")
        if line.output is not None
    }
    indicators = progress_table(user, table.intervention, table.year, level="output")
    result = []
    for row in table.rows:
        code = outputs.get(row.row)
        if row.level != "output" or code is None:
            continue
        units = []
        for progress in indicators:
            value = progress.reporting_year
            if (
                progress.output != code
                or progress.version.unit != UnitType.COUNT
                or value is None
                or not value.total
            ):
                continue
            units.append(
                UnitCost(
                    progress.indicator.code,
                    progress.version.title,
                    value.total,
                    (row.expenses_year / value.total).quantize(CENT, ROUND_HALF_UP),
                )
            )
        result.append(OutputCost(row.row, code, row.expenses_year, row.execution, units))
    return result
