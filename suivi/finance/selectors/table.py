"""The budget follow-up table of the annual report (§4), for any year.

Per output and general means, and the total — budget, expenses of the
previous years, expenses of the year, balance (budget − all expenses to
the end of the year), disbursement rate (all expenses / budget, in percent)
and execution (all expenses to the end of the year) — and, in detail, per
budget line. Only expenses count (commitments are money promised, not
spent); expenses dated after the year are left out. The budget is the last
one approved by the end of the year.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from suivi.core.actors import Actor
from suivi.finance import policies
from suivi.finance.models import BudgetLine, BudgetVersion, Expense, ExpenseKind, VersionStatus
from suivi.programmes.models import Intervention

CENT = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class TableRow:
    row: str  # "total", an output ("A01"), "X", "Z", or a line ("A0101")
    label: str
    level: str  # total, output, reserve, means, line
    budget: Decimal
    expenses_previous_years: Decimal
    expenses_year: Decimal

    @property
    def execution(self) -> Decimal:
        return self.expenses_previous_years + self.expenses_year

    @property
    def balance(self) -> Decimal:
        return self.budget - self.execution

    @property
    def disbursement_rate(self) -> Decimal | None:
        """Percent, two decimals; None for a row without budget."""
        if not self.budget:
            return None
        return (self.execution * 100 / self.budget).quantize(CENT, ROUND_HALF_UP)

    def as_json(self) -> dict[str, object]:
        rate = self.disbursement_rate
        return {
            "row": self.row,
            "label": self.label,
            "budget": f"{self.budget:.2f}",
            "expenses_previous_years": f"{self.expenses_previous_years:.2f}",
            "expenses_year": f"{self.expenses_year:.2f}",
            "balance": f"{self.balance:.2f}",
            "disbursement_rate": float(rate) if rate is not None else None,
            "execution": f"{self.execution:.2f}",
        }


@dataclass(frozen=True)
class BudgetTable:
    intervention: Intervention
    year: int
    version: BudgetVersion
    rows: list[TableRow]
    lines: list[TableRow]

    @property
    def total(self) -> TableRow:
        return self.rows[0]


def version_in_force(intervention: Intervention, year: int) -> BudgetVersion | None:
    """The last budget approved by the end of `year` (the original budget
    when every revision came later)."""
    approved = intervention.budget_versions.filter(status=VersionStatus.APPROVED)
    end = datetime.date(year, 12, 31)
    version = (
        approved.filter(Q(approved_on__isnull=True) | Q(approved_on__lte=end))
        .order_by("-number")
        .first()
    )
    return version or approved.order_by("number").first()


def spent_by_line(intervention: Intervention, year: int) -> dict[str, tuple[Decimal, Decimal]]:
    """Line code → (expenses before `year`, expenses in `year`)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (
        Expense.objects.filter(intervention=intervention, kind=ExpenseKind.EXPENSE, date__lte=end)
        .values("line_code")
        .annotate(
            previous=Sum("amount", filter=Q(date__lt=start)),
            current=Sum("amount", filter=Q(date__gte=start)),
        )
    )
    return {row["line_code"]: (_cents(row["previous"]), _cents(row["current"])) for row in rows}


def _cents(value: Decimal | None) -> Decimal:
    """A sum as the database gives it (SQLite: many digits), to the cent."""
    return (value or ZERO).quantize(CENT, ROUND_HALF_UP)


def _row(row: str, label: str, level: str, lines: list[BudgetLine], spent: dict) -> TableRow:
    budget = sum((line.amount or ZERO for line in lines), ZERO)
    previous = sum((spent.get(line.code, (ZERO, ZERO))[0] for line in lines), ZERO)
    current = sum((spent.get(line.code, (ZERO, ZERO))[1] for line in lines), ZERO)
    return TableRow(row, label, level, budget, previous, current)


def _output_label(rubric: str) -> str:
    number = int(rubric.split()[1])
    return _("Output %(number)d") % {"number": number}


def budget_table(user: Actor, intervention: Intervention, year: int) -> BudgetTable | None:
    """The follow-up table of `year`, or None when `user` may not read
    finance or the intervention has no approved budget."""
    if not policies.may_view_finance(user):
        return None
    version = version_in_force(intervention, year)
    if version is None:
        return None
    all_lines = list(version.lines.order_by("order"))
    lines = [line for line in all_lines if not line.is_heading]
    spent = spent_by_line(intervention, year)
    known = {line.code for line in lines}
    # Expenses on codes absent from this version still count in the total.
    stray = [code for code in spent if code not in known]
    by_rubric: dict[str, list[BudgetLine]] = defaultdict(list)
    by_group: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        by_rubric[line.rubric].append(line)
        by_group[line.group].append(line)
    total = _row("total", _("Total"), "total", lines, spent)
    if stray:
        extra_previous = sum((spent[code][0] for code in stray), ZERO)
        extra_current = sum((spent[code][1] for code in stray), ZERO)
        total = TableRow(
            "total",
            total.label,
            "total",
            total.budget,
            total.expenses_previous_years + extra_previous,
            total.expenses_year + extra_current,
        )
    rows = [total]
    for rubric in sorted(r for r in by_rubric if r.startswith("A ")):
        rows.append(
            _row(rubric.replace(" ", ""), _output_label(rubric), "output", by_rubric[rubric], spent)
        )
    reserve = _row("X", _("Budget reserve"), "reserve", by_group.get("X", []), spent)
    if reserve.execution:
        rows.append(reserve)
    rows.append(_row("Z", _("General means"), "means", by_group.get("Z", []), spent))
    detail = [_row(line.compact_code, line.title, "line", [line], spent) for line in lines]
    return BudgetTable(intervention, year, version, rows, detail)
