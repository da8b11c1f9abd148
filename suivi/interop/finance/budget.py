"""Import a budget workbook (the user's own DTF annex) as the next budget
version of an intervention: every row is checked first (code, title, mode,
amount, and every printed subtotal against the sum of its lines), and the
version is written only when no row has an issue."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from suivi.core.actors import Actor
from suivi.finance.models import BudgetVersion
from suivi.finance.services import budget
from suivi.finance.services.budget import BudgetRow
from suivi.interop.finance.columns import BUDGET_COLUMNS, BUDGET_SHEETS, MODES, parse_amount
from suivi.interop.reading import IssueList, open_table
from suivi.interop.reading.issues import FileIssuesError, FileRefusedError
from suivi.programmes.models import Intervention

HEADERS = {column.key: column.header for column in BUDGET_COLUMNS}
TOTAL_CODES = {"total", "total général", "budget total", "المجموع"}


def read_budget(source: IO[bytes], filename: str, issues: IssueList) -> tuple[list[BudgetRow], str]:
    """The rows of the budget sheet, and its name; issues collected."""
    table = open_table(
        source, filename, sheet_names=BUDGET_SHEETS, columns=BUDGET_COLUMNS, issues=issues
    )
    rows: list[BudgetRow] = []
    total: tuple[int, str] | None = None
    try:
        for number, row in table.rows():
            raw_code = row.get(HEADERS["code"], "")
            text_amount = row.get(HEADERS["amount"], "")
            if raw_code.casefold() in TOTAL_CODES:
                total = (number, text_amount)
                continue
            code = budget.normalise_code(raw_code)
            if code is None:
                issues.add(
                    table.sheet,
                    number,
                    HEADERS["code"],
                    _("« %(code)s » is not a budget code (A, A 01, A 01 01…).")
                    % {"code": raw_code},
                )
                continue
            mode_text = row.get(HEADERS["mode"], "").casefold()
            mode = MODES.get(mode_text, mode_text)
            amount = None
            if text_amount:
                parsed = parse_amount(text_amount)
                if isinstance(parsed, str):
                    issues.add(table.sheet, number, HEADERS["amount"], parsed)
                    continue
                amount = parsed
            rows.append(BudgetRow(number, code, row.get(HEADERS["title"], ""), mode, amount))
    finally:
        table.close()
    for issue in budget.check_rows(rows):
        issues.add(table.sheet, issue.row, HEADERS[issue.column], issue.message)
    if total is not None:
        parsed_total = parse_amount(total[1]) if total[1] else None
        lines_sum = sum((r.amount or 0 for r in rows if r.execution_mode), 0)
        if isinstance(parsed_total, str):
            issues.add(table.sheet, total[0], HEADERS["amount"], parsed_total)
        elif parsed_total is not None and parsed_total != lines_sum:
            issues.add(
                table.sheet,
                total[0],
                HEADERS["amount"],
                _("%(printed)s is printed, but the lines under it add up to %(sum)s.")
                % {"printed": parsed_total, "sum": lines_sum},
            )
    return rows, table.sheet


def import_budget(
    *,
    actor: Actor,
    intervention: Intervention,
    source: IO[bytes],
    filename: str,
    label: str,
    reason: str = "",
    approved_on: datetime.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> BudgetVersion:
    """Check the whole workbook, then write it as one version; raise
    `FileIssuesError` (nothing written) when a row has an issue."""
    issues = IssueList()
    if progress:
        progress(_("Reading the budget"), 0, 2)
    rows, sheet = read_budget(source, filename, issues)
    if issues:
        raise FileIssuesError(issues.sorted())
    if progress:
        progress(_("Writing the budget"), 1, 2)
    try:
        version = budget.record_version(
            actor=actor,
            intervention=intervention,
            rows=rows,
            label=label,
            reason=reason,
            approved_on=approved_on,
        )
    except ValidationError as error:
        raise FileRefusedError("; ".join(error.messages), sheet=sheet) from error
    if progress:
        progress(_("Writing the budget"), 2, 2)
    return version
