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

from django.utils import timezone

from suivi.core.actors import Actor
from suivi.finance import policies
from suivi.finance.models import BudgetVersion, VersionStatus
from suivi.finance.selectors.table import BudgetTable, budget_table
from suivi.indicators.models import UnitType
from suivi.indicators.selectors.progress import progress_table
from suivi.programmes.models import Intervention, ResultNode

CENT = Decimal("0.01")


@dataclass(frozen=True)
class UnitCost:
    indicator_code: str
    indicator_title: str
    value: Decimal
    cost: Decimal  # spending of the year / value
    computed: bool = False  # the value is computed from records (a computed result)
    indicator_id: object = None


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
                    progress.version.shown_title,
                    value.total,
                    (row.expenses_year / value.total).quantize(CENT, ROUND_HALF_UP),
                    progress.indicator.is_computed,
                    progress.indicator.pk,
                )
            )
        result.append(OutputCost(row.row, code, row.expenses_year, row.execution, units))
    return result


@dataclass(frozen=True)
class OutputYear:
    year: int
    budget: Decimal  # the output's budget in force at the end of the year
    cost: OutputCost


def output_costs(user: Actor, intervention: Intervention, output_code: str) -> list[OutputYear]:
    """The output's page: for each year of the intervention up to this one
    with an approved budget, its budget, its expenses (of the year, to date)
    and the cost per unit of each count indicator — through the same table
    and rule as the follow-up page, so both say the same."""
    if not policies.may_view_finance(user):
        return []
    result = []
    for year in intervention.years:
        if year > timezone.localdate().year:
            break
        table = budget_table(user, intervention, year)
        if table is None:
            continue
        budgets = {row.row: row.budget for row in table.rows}
        for cost in cost_per_output(user, table):
            if cost.output_code == output_code:
                result.append(OutputYear(year, budgets[cost.row], cost))
    return result


def output_of(user: Actor, intervention: Intervention, code: str) -> ResultNode | None:
    """A current output of the intervention."""
    if not policies.may_view_finance(user):
        return None
    return ResultNode.objects.filter(
        intervention=intervention, level="output", code=code, retired_in__isnull=True
    ).first()


def budgeted_outputs(user: Actor, intervention: Intervention) -> list[ResultNode]:
    """The outputs that budget lines of the intervention's budget in force
    point to (for the logframe page's links)."""
    if not policies.may_view_finance(user):
        return []
    version = (
        BudgetVersion.objects.filter(intervention=intervention, status=VersionStatus.APPROVED)
        .order_by("-number")
        .first()
    )
    if version is None:
        return []
    return list(
        ResultNode.objects.filter(
            pk__in=version.lines.filter(output__isnull=False).values("output")
        ).select_related("intervention")
    )
