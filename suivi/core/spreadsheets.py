"""One-sheet xlsx exports of lists, written as they are read.

A list export may hold tens of thousands of rows: the workbook is written in
openpyxl's write-only mode (rows streamed to the file, not kept as objects),
and every cell goes through `suivi.core.tabular`, so a name typed as ``=HYPERLINK(…)``
stays text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from suivi.core import tabular

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_WIDTH = 20


def xlsx(title: str, headers: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """A workbook of one sheet named `title`: a header row, then `rows`."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index in range(len(headers)):
        sheet.column_dimensions[_letter(index)].width = COLUMN_WIDTH
    sheet.freeze_panes = "A2"
    sheet.append(_cells(sheet, headers))
    for values in rows:
        sheet.append(_cells(sheet, values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(sheet: Any, values: Iterable[object]) -> list[Any]:
    """`values` as write-only cells, each written by `tabular.write_cell`
    (the plain cells of `tabular.row_cells` belong to a normal sheet)."""
    from openpyxl.cell import WriteOnlyCell

    return [tabular.write_cell(WriteOnlyCell(sheet), value) for value in values]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook's bytes as a download named `filename` (no personal data
    in the name: it ends up in logs and browser histories)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
