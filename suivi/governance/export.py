"""A steering register as an xlsx workbook: the columns of its list, one row
per record, every cell written through `suivi.core.tabular` (a text never
becomes a formula; dates and numbers keep their types)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook

from suivi.core.tabular import append_row
from suivi.governance.registers import Register


def workbook(register: Register, records: Iterable[Any], today: date) -> tuple[bytes, int]:
    """The workbook's bytes and how many records it holds."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(register.title)[:31]
    append_row(sheet, [column.label for column in register.columns])
    count = 0
    for item in records:
        append_row(sheet, [column.value(item, today) for column in register.columns])
        count += 1
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count
