"""Reading uploaded spreadsheets within bounds (see docs/imports.md).

Every importer reads its file through `open_table` (a partner's csv or xlsx)
or `open_workbook` (a workbook of several sheets): a file is refused early,
with one clear message (`FileRefusedError`), when it exceeds the limits of
`limits.Limits`; rows come one at a time, blank ones skipped; issues are
collected in a bounded `IssueList`.
"""

from suivi.interop.reading.issues import FileRefusedError, IssueList
from suivi.interop.reading.limits import Limits
from suivi.interop.reading.tables import Table, open_table
from suivi.interop.reading.workbooks import open_workbook

__all__ = ["FileRefusedError", "IssueList", "Limits", "Table", "open_table", "open_workbook"]
