"""Import an accounting extract (xlsx or csv) of expenses and commitments.

Pass 1 reads and checks every row (columns, amounts, dates, the budget line
in force and open, a document number repeated in the file); any issue
refuses the whole file, naming row, column and reason. Pass 2 writes every
row in one transaction through `finance.services.expenses.import_expenses`:
a document number already known is updated or left as it is, so importing
the same extract twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suivi.core.actors import Actor
from suivi.finance.services import budget
from suivi.finance.services import expenses as service
from suivi.interop.finance.columns import EXPENSE_COLUMNS, EXPENSE_SHEETS, KINDS, parse_amount
from suivi.interop.reading import IssueList, open_table
from suivi.interop.reading.issues import FileIssuesError
from suivi.interop.records.rows import parse_date
from suivi.programmes.models import Intervention

HEADERS = {column.key: column.header for column in EXPENSE_COLUMNS}
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ExpensesOutcome:
    counts: service.ImportCounts
    rows: int

    def summary(self) -> str:
        return ngettext(
            "%(rows)d row read: %(created)d expense created, %(updated)d updated, "
            "%(unchanged)d already known.",
            "%(rows)d rows read: %(created)d expenses created, %(updated)d updated, "
            "%(unchanged)d already known.",
            self.rows,
        ) % {
            "rows": self.rows,
            "created": self.counts.created,
            "updated": self.counts.updated,
            "unchanged": self.counts.unchanged,
        }


def _parse(
    row: dict[str, str], number: int, sheet: str, issues: IssueList
) -> service.ExpenseData | None:
    found = len(issues)
    document = row.get(HEADERS["document_number"], "")
    if not document:
        issues.add(sheet, number, HEADERS["document_number"], _("The document number is missing."))
    raw_line = row.get(HEADERS["line_code"], "")
    line_code = budget.normalise_code(raw_line)
    if line_code is None:
        issues.add(
            sheet,
            number,
            HEADERS["line_code"],
            _("« %(code)s » is not a budget code (A, A 01, A 01 01…).") % {"code": raw_line},
        )
    date = parse_date(row.get(HEADERS["date"], ""))
    if date is None:
        issues.add(sheet, number, HEADERS["date"], _("Not a date: write YYYY-MM-DD or DD/MM/YYYY."))
    amount = parse_amount(row.get(HEADERS["amount"], ""))
    if isinstance(amount, str):
        issues.add(sheet, number, HEADERS["amount"], amount)
    kind = KINDS.get(row.get(HEADERS["kind"], "").casefold())
    if kind is None:
        issues.add(sheet, number, HEADERS["kind"], _("Unknown kind: dépense or engagement."))
    if len(issues) > found:
        return None
    assert line_code is not None and date is not None and kind is not None
    assert not isinstance(amount, str)
    return service.ExpenseData(
        document_number=document,
        line_code=line_code,
        date=date,
        amount=amount,
        kind=kind,
        description=row.get(HEADERS["description"], "")[:300],
        supplier=row.get(HEADERS["supplier"], "")[:200],
    )


def import_expenses_file(
    *,
    actor: Actor,
    intervention: Intervention,
    source: IO[bytes],
    filename: str,
    progress: Progress | None = None,
) -> ExpensesOutcome:
    """Check every row, then write them all in one transaction; raise
    `FileIssuesError` (nothing written) when any row has an issue."""
    issues = IssueList()
    table = open_table(
        source, filename, sheet_names=EXPENSE_SHEETS, columns=EXPENSE_COLUMNS, issues=issues
    )
    lines = service.lines_in_force(intervention)
    items: list[service.ExpenseData] = []
    seen: dict[str, tuple[int, service.ExpenseData]] = {}
    total = table.estimate
    step = _("Checking the rows")
    try:
        for number, row in table.rows():
            if progress and number % 200 == 0:
                progress(step, min(number, total), total)
            data = _parse(row, number, table.sheet, issues)
            if data is None:
                continue
            for field, reason in service.check(intervention, data, lines):
                header = HEADERS.get(field, "")
                issues.add(table.sheet, number, header, reason)
            earlier = seen.get(data.document_number)
            if earlier is not None:
                if earlier[1] != data:
                    issues.add(
                        table.sheet,
                        number,
                        HEADERS["document_number"],
                        _("The document number is already on row %(row)d with other figures.")
                        % {"row": earlier[0]},
                    )
                continue
            seen[data.document_number] = (number, data)
            items.append(data)
    finally:
        table.close()
    if progress:
        progress(step, total, total)
    if issues:
        raise FileIssuesError(issues.sorted())
    if progress:
        progress(_("Writing the expenses"), 0, 1)
    counts = service.import_expenses(actor=actor, intervention=intervention, items=items)
    if progress:
        progress(_("Writing the expenses"), 1, 1)
    return ExpensesOutcome(counts, table.data_rows)
