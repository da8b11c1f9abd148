"""The streamed rows are openpyxl's own: same values, types, gaps."""

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from suivi.interop.reading.sheetrows import stream_rows


def _workbook():
    book = Workbook()
    sheet = book.active
    sheet.append(["Identifiant", "Date", "Nombre", "Oui", "Texte"])
    sheet.append(["EN-1", datetime.date(2020, 1, 31), 3, True, "Awa"])
    sheet.append(["EN-2", datetime.datetime(2020, 2, 1, 10, 30), 2.5, False, "=1+1"])
    sheet["A6"] = "EN-6"  # rows 4 and 5 missing from the file
    sheet["E6"] = Decimal("1.25")
    for row in range(7, 40):  # formatted empty rows, as Excel saves them
        sheet.row_dimensions[row].height = 20
        sheet.cell(row=row, column=2).font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer, read_only=True, data_only=True)


def test_values_and_gaps_are_those_of_openpyxl():
    sheet = _workbook().active
    expected = list(sheet.iter_rows(min_row=2, max_col=5, values_only=True))
    streamed = list(stream_rows(sheet, min_row=2, max_col=5, values_only=True))
    assert streamed == expected
    assert streamed[0] == ("EN-1", datetime.datetime(2020, 1, 31), 3, True, "Awa")
    assert streamed[2] == streamed[3] == (None,) * 5


def test_cells_keep_their_number_formats():
    sheet = _workbook().active
    expected = [
        [(c.value, c.number_format) for c in row]
        for row in sheet.iter_rows(min_row=1, max_col=3, values_only=False)
    ]
    streamed = [
        [(c.value, c.number_format) for c in row]
        for row in stream_rows(sheet, min_row=1, max_col=3, values_only=False)
    ]
    assert streamed == expected
