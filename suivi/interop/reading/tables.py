"""A partner's table (csv, or one sheet of an .xlsx) as rows of text.

`open_table` checks the file and its header row at once: a file that is not
a table, is too large, or lacks a required column is refused before any row
is read. `Table.rows()` then streams the data rows as {header: text}, with
their row numbers as the partner sees them in Excel; it may be called again
(an import reads its file twice: to check it, then to write it).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, Protocol

from django.utils.translation import gettext as _

from suivi.interop.reading import csvfiles, workbooks
from suivi.interop.reading.issues import FileIssuesError, FileRefusedError, Issue, IssueList
from suivi.interop.reading.limits import Deadline, Limits, grouped


class ColumnSpec(Protocol):
    @property
    def header(self) -> str: ...
    @property
    def required(self) -> bool: ...


def header_key(text: str) -> str:
    """Headers match whatever their case, spacing or Unicode form."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def cell_text(value: object) -> str:
    """A cell as text: dates (Excel gives datetimes) as YYYY-MM-DD, whole
    numbers without their decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class Table:
    def __init__(
        self,
        source: IO[bytes],
        *,
        is_csv: bool,
        sheet: str,
        headers: list[str],
        issues: IssueList,
        limits: Limits,
        deadline: Deadline,
        worksheet: Any = None,
        workbook: Any = None,
    ) -> None:
        self.source, self.is_csv, self.sheet = source, is_csv, sheet
        self.headers, self.issues, self.limits, self.deadline = headers, issues, limits, deadline
        self.worksheet, self.workbook = worksheet, workbook
        self.blank_rows = 0
        self.data_rows = 0

    @property
    def estimate(self) -> int:
        """Rows to read, for the progress bar (blank ones included)."""
        if self.is_csv:
            return max(csvfiles.count_lines(self.source) - 1, 1)
        return max((self.worksheet.max_row or 2) - 1, 1)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Data rows as {header: text}; blank rows skipped; refused when the
        file holds too many rows or none."""
        self.blank_rows = self.data_rows = 0
        width = len(self.headers)
        for number, values in self._raw_rows():
            texts = [cell_text(v) for v in values]
            if not any(texts):
                self.blank_rows += 1
                continue
            self.data_rows += 1
            if self.data_rows > self.limits.max_rows:
                raise FileRefusedError(
                    _("The file has more than %(count)s rows of data: split it into smaller files.")
                    % {"count": grouped(self.limits.max_rows)}
                )
            row: dict[str, str] = {}
            readable = True
            for index, text in enumerate(texts):
                header = self.headers[index] if index < width else ""
                if len(text) > self.limits.max_cell_chars:
                    # Reported here, and the row goes no further: its other
                    # checks would only repeat the problem.
                    self._issue(number, header, _too_long(len(text), self.limits))
                    readable = False
                elif header:
                    row[header] = text
                elif text and index >= width:
                    self._issue(number, "", _beyond(index + 1))
            if readable:
                yield number, row
        if not self.data_rows:
            raise FileRefusedError(_("The file has no row of data below its column names."))

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()

    def _raw_rows(self) -> Iterator[tuple[int, Sequence[object]]]:
        if self.is_csv:
            rows = csvfiles.csv_rows(self.source, self.limits, self.deadline)
            next(rows)  # the header row
            return rows
        return workbooks.sheet_rows(self.worksheet, len(self.headers), self.limits, self.deadline)

    def _issue(self, row: int, column: str, message: str) -> None:
        self.issues.append(Issue(self.sheet, row, column, message))


def open_table(
    source: IO[bytes],
    filename: str,
    *,
    sheet_names: Sequence[str],
    columns: Sequence[ColumnSpec],
    extra_headers: Iterable[str] = (),
    issues: IssueList,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
) -> Table:
    """Open `source` (csv or xlsx) and check its header row against
    `columns` (and the optional `extra_headers`): a missing required column
    refuses the file (one issue per column); an unknown column is an issue
    (its values would be lost). `sheet_names` are the names the data sheet
    may have (its title in each language)."""
    limits = limits or Limits.from_settings()
    deadline = deadline or Deadline(limits.max_seconds)
    source.seek(0)
    is_csv = filename.lower().endswith(".csv") and source.read(2) != b"PK"
    source.seek(0)
    workbook = worksheet = None
    if is_csv:
        sheet = str(sheet_names[0])
        first = next(csvfiles.csv_rows(source, limits, deadline), (1, []))[1]
        raw_headers: list[object] = list(first)
    else:
        workbook = workbooks.open_workbook(source, limits)
        worksheet, raw_headers = _data_sheet(workbook, sheet_names, columns, limits)
        sheet = worksheet.title
    # Exact names first, then whatever the case or spacing (the template's
    # columns win over a service detail named alike, such as « service »).
    known = {header_key(h): h for h in extra_headers}
    known.update({header_key(c.header): c.header for c in columns})
    known.update({h: h for h in extra_headers})
    known.update({c.header: c.header for c in columns})
    headers = _check_headers(raw_headers, known, columns, sheet, issues, limits)
    return Table(
        source,
        is_csv=is_csv,
        sheet=sheet,
        headers=headers,
        issues=issues,
        limits=limits,
        deadline=deadline,
        worksheet=worksheet,
        workbook=workbook,
    )


def _check_headers(
    raw: Sequence[object],
    known: dict[str, str],
    columns: Sequence[ColumnSpec],
    sheet: str,
    issues: IssueList,
    limits: Limits,
) -> list[str]:
    texts = [cell_text(value) for value in raw]
    while texts and not texts[-1]:
        texts.pop()
    if len(texts) > limits.max_columns:
        raise FileRefusedError(
            _("The first row has more than %(count)d columns: is it the row of column names?")
            % {"count": limits.max_columns},
            sheet=sheet,
            row=1,
        )
    headers: list[str] = []
    seen: set[str] = set()
    for text in texts:
        header = known.get(text) or known.get(header_key(text), "")
        if text and not header:
            issues.add(
                sheet,
                1,
                text,
                _("Suivi does not read this column: name it as in the template, or remove it."),
            )
        elif header in seen:
            issues.add(sheet, 1, text, _("This column appears twice."))
            header = ""
        seen.add(header)
        headers.append(header)
    missing = [c.header for c in columns if c.required and c.header not in seen]
    if missing:
        for header in missing:
            issues.add(sheet, 1, header, _("This required column is missing."))
        raise FileIssuesError(issues)
    return headers


def _data_sheet(
    workbook: Any, names: Sequence[str], columns: Sequence[ColumnSpec], limits: Limits
) -> tuple[Any, list[object]]:
    """The sheet named as expected (in any language), else the one whose
    first row holds the required columns; else the file is refused."""
    wanted = {header_key(str(name)) for name in names}
    for worksheet in workbook.worksheets:
        if header_key(worksheet.title) in wanted:
            return worksheet, workbooks.header_row(worksheet, limits)
    required = {header_key(c.header) for c in columns if c.required}
    for worksheet in workbook.worksheets:
        first = workbooks.header_row(worksheet, limits)
        if required <= {header_key(cell_text(value)) for value in first}:
            return worksheet, first
    raise FileRefusedError(
        _("This workbook has no sheet « %(sheet)s » (it has: %(sheets)s).")
        % {
            "sheet": names[0],
            "sheets": ", ".join(f"« {name[:40]} »" for name in workbook.sheetnames[:10]),
        }
    )


def _too_long(length: int, limits: Limits) -> str:
    return _("This cell holds %(length)s characters; a cell holds at most %(limit)s.") % {
        "length": grouped(length),
        "limit": grouped(limits.max_cell_chars),
    }


def _beyond(position: int) -> str:
    return _("Column %(position)d has a value but no name in the first row: it would be lost.") % {
        "position": position
    }
