"""Spreadsheet cells that never run: the one way Suivi writes xlsx and csv.

Why: text typed by a user (an indicator title, a person's name, a note) ends
up in files that someone else opens in Excel or LibreOffice. A cell that
starts with ``=`` (or ``+``, ``-``, ``@``…) is taken there for a formula:
``=HYPERLINK("http://x","y")`` becomes a live link, ``=cmd|' /C calc'!A0``
asks to start a program, and the value the user typed is lost when the file
comes back. So every exporter writes its cells through this module:

- **xlsx**: text is always a string cell (data type ``s``), whatever it
  starts with, so the spreadsheet shows exactly the text and reading the
  file back gives exactly the text. Text that would look like a formula is
  also marked "quote prefix", as Excel marks a cell typed as ``'=…``, so
  editing the cell keeps it text. Numbers, decimals, dates and booleans keep
  their types.
- **csv** (OWASP "CSV Injection", ASVS 5 requirement 1.2.10): a text cell
  whose first character is ``=``, ``+``, ``-``, ``@``, tab, carriage return,
  line feed or NUL — possibly after spaces or quotes — is prefixed with a
  single quote, every text cell is wrapped in double quotes (a ``;`` or a
  ``,`` inside a text can then never open a new cell, whichever separator
  the spreadsheet assumes; inner double quotes are doubled), and numbers are
  written bare. A number is not text: ``-3`` stays ``-3`` and spreadsheets
  read a number. Text that merely looks like a number (a title ``-3``) is
  text and is prefixed like any other.

`unescape_csv_text` undoes the prefix exactly (``unescape(escape(s)) == s``
for every text ``s``), so a csv Suivi wrote reads back losslessly; the csv
importers call it on each cell.

This module depends on nothing else in Suivi.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any, TypeVar

from django.utils.functional import Promise

# A cell whose first character (after spaces, no-break spaces, or quotes
# already put there) is one of these is read as a formula by some
# spreadsheet. The quotes are part of the pattern so that escaping stays
# reversible: a text that already starts with ``'=`` gets a second quote.
_FORMULA_LIKE = re.compile(r"'*[ \u00a0]*[=+\-@\t\r\n\x00]")
QUOTE = "'"
_Cell = TypeVar("_Cell", str, None)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula (or for the
    start of one)."""
    return bool(_FORMULA_LIKE.match(text))


# --- xlsx ------------------------------------------------------------------


def _plain(value: object) -> object:
    """Lazy translations become text; everything else is kept as is."""
    return str(value) if isinstance(value, Promise) else value


def write_cell(cell: Any, value: object) -> Any:
    """Put `value` in the openpyxl `cell`: text as a string cell (never a
    formula, never an error code such as ``#N/A``), anything else with its
    own type. Returns the cell."""
    value = _plain(value)
    cell.value = value
    if isinstance(value, str):
        # openpyxl turns "=…" into a formula and "#N/A" into an error on
        # assignment; the data type says what the value is.
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def row_cells(sheet: Any, values: Iterable[object]) -> list[Any]:
    """`values` as cells of `sheet`, ready for ``sheet.append``."""
    from openpyxl.cell.cell import Cell

    return [write_cell(Cell(sheet), value) for value in values]


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """Add `values` as the next row of `sheet` (``sheet.append`` made safe)."""
    sheet.append(row_cells(sheet, values))


# --- csv -------------------------------------------------------------------


def escape_csv_text(text: str) -> str:
    """`text` with a single quote in front when a spreadsheet could take it
    for a formula (OWASP's prefix)."""
    return QUOTE + text if looks_like_formula(text) else text


def unescape_csv_text(value: _Cell) -> _Cell:
    """The text `escape_csv_text` was given: one leading quote removed when
    it stands before what looks like a formula, anything else unchanged
    (``None``, the csv reader's missing cell, included). Call it on each
    cell of a csv file as read, before any stripping."""
    if value is not None and value.startswith(QUOTE) and looks_like_formula(value[1:]):
        return value[1:]
    return value


def csv_cell(value: object) -> object:
    """What the csv writer receives for `value`: numbers as numbers (written
    bare, so ``-3`` stays a number), nothing as an empty text, anything else
    as escaped text."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # Never "1E+1": the plain digits, still a number.
        return Decimal(format(value, "f")) if value.is_finite() else str(value)
    if isinstance(value, int | float):
        return value
    return escape_csv_text(str(value))


class CsvWriter:
    """``csv.writer`` that escapes every cell (`csv_cell`) and quotes every
    text cell."""

    def __init__(self, stream: IO[str], *, delimiter: str = ",") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter, quoting=csv.QUOTE_NONNUMERIC)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str], *, delimiter: str = ",") -> CsvWriter:
    """The only csv writer exporters use."""
    return CsvWriter(stream, delimiter=delimiter)
