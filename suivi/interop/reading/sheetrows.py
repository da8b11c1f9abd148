"""A worksheet's rows, streamed without keeping the rows already read.

openpyxl's read-only mode parses a sheet with ElementTree's `iterparse` and
clears each row element once read, but leaves the cleared element attached to
`<sheetData>`, and keeps every formatted row's attributes as a "row
dimension": a sheet of a million formatted empty rows (what Excel saves when
a whole column was formatted) kept 570 MiB alive.
This parser is openpyxl's own (`WorkSheetParser`, same cell values, types,
dates and shared strings), reading only the rows and emptying `<sheetData>`
after each one and keeping no row dimensions, so memory stays flat whatever the number of rows.

It relies on two private parts of openpyxl's read-only worksheet
(`_get_source`, `_get_row`), as its own `_cells_by_row` does; openpyxl is
pinned in requirements/constraints.txt and `interop/tests/test_sheetrows.py` compares
the rows with openpyxl's own on every kind of cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"


class _ReleasingParser(WorkSheetParser):  # type: ignore[misc]
    def parse(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        sheet_data = None
        for event, element in iterparse(self.source, events=("start", "end")):
            if event == "start":
                if element.tag == SHEET_DATA_TAG:
                    sheet_data = element
            elif element.tag == ROW_TAG:
                row = self.parse_row(element)
                if sheet_data is not None:
                    sheet_data.clear()  # drops the rows read so far
                # A formatted row's height and style are kept by openpyxl as a
                # "row dimension", one dict per row: values do not need them.
                self.row_dimensions.clear()
                yield row


def stream_rows(
    worksheet: Any, *, min_row: int, max_col: int, values_only: bool
) -> Iterator[tuple[Any, ...]]:
    """Rows from `min_row` on, `max_col` cells (or values) each, the rows
    missing from the file filled in as empty — as `iter_rows` gives them."""
    filler = None if values_only else EMPTY_CELL
    empty_row = (filler,) * max_col
    counter = min_row
    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = _ReleasingParser(
            source,
            worksheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for index, cells in parser.parse():
            while counter < index:
                counter += 1
                yield empty_row
            if counter == index:
                counter += 1
                yield tuple(worksheet._get_row(cells, 1, max_col, values_only))
