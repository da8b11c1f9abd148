"""The finance registers as files: the follow-up table (json, csv, xlsx)
and the lists (xlsx). Cells go through `suivi.core.tabular`: text never
becomes a live formula, amounts stay numbers."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from suivi.core import tabular
from suivi.finance.models import BudgetVersion
from suivi.finance.selectors.budgets import LineView
from suivi.finance.selectors.cost import OutputCost
from suivi.finance.selectors.table import BudgetTable, TableRow


def table_headers() -> list[str]:
    return [
        _("Row"),
        _("Label"),
        _("Budget"),
        _("Expenses of previous years"),
        _("Expenses of the year"),
        _("Balance"),
        _("Disbursement rate (%)"),
        _("Execution"),
    ]


def _values(row: TableRow) -> list[object]:
    return [
        row.row,
        row.label,
        row.budget,
        row.expenses_previous_years,
        row.expenses_year,
        row.balance,
        row.disbursement_rate,
        row.execution,
    ]


def table_json(table: BudgetTable, *, detail: bool = False) -> str:
    rows = table.rows + (table.lines if detail else [])
    return json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2)


def table_csv(table: BudgetTable) -> str:
    out = io.StringIO()
    writer = tabular.csv_writer(out)
    writer.writerow(table_headers())
    for row in table.rows + table.lines:
        writer.writerow(_values(row))
    return out.getvalue()


def workbook(sheets: Sequence[tuple[str, list[str], Iterable[Sequence[object]]]]) -> bytes:
    """An xlsx of `(title, headers, rows)` sheets."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        tabular.append_row(sheet, headers)
        for values in rows:
            tabular.append_row(sheet, values)
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_xlsx(table: BudgetTable, costs: list[OutputCost] | None = None) -> bytes:
    cost_rows = [
        [
            cost.row,
            cost.output_code,
            cost.spent_year,
            unit.indicator_code,
            _("computed") if unit.computed else _("entered"),
            unit.value,
            unit.cost,
        ]
        for cost in costs or []
        for unit in cost.units
    ]
    cost_headers = [
        _("Row"),
        _("Output"),
        _("Expenses of the year"),
        _("Indicator"),
        _("Value"),
        _("Value of the year"),
        _("Cost per unit (EUR)"),
    ]
    return workbook(
        [
            (
                _("Follow-up %(year)d") % {"year": table.year},
                table_headers(),
                [_values(row) for row in table.rows],
            ),
            (_("Budget lines"), table_headers(), [_values(row) for row in table.lines]),
            (_("Cost per output"), cost_headers, cost_rows),
        ]
    )


def version_xlsx(version: BudgetVersion, lines: Sequence[LineView]) -> bytes:
    """A budget version as a workbook: every row in order, headings with the
    sum of their lines, each line with its mode, what was spent on it and its
    yearly planning."""
    years = sorted({year for row in lines for year in row.planned})
    headers = [
        _("Code"),
        _("Title"),
        _("Mode of execution"),
        _("Amount (EUR)"),
        _("Spent (EUR)"),
        _("Closed"),
        *[str(year) for year in years],
    ]
    rows = [
        [
            row.line.code,
            row.line.title,
            row.line.get_execution_mode_display() if row.line.execution_mode else "",
            row.amount,
            row.spent,
            _("Yes") if row.line.closed else "",
            *[row.planned.get(year) for year in years],
        ]
        for row in lines
    ]
    return workbook([(_("Budget v%(number)d") % {"number": version.number}, headers, rows)])
