"""Cells that never run: xlsx text stays text, csv text is escaped, and what
was escaped reads back as it was."""

import ast
import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from suivi.core import tabular

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "\x00=1",
    "=cmd|' /C calc'!A0",
    " =1+1",
    "\u00a0=1+1",
]
HARMLESS = ["Inscrits en FP", "", "a;b", 'dit "oui"', "'Ali", "2+2", "#N/A", "ـ=الهدف"]
SUIVI = Path(__file__).resolve().parents[2]


def _saved(values: list[object]) -> list[tuple[object, str]]:
    book = Workbook()
    tabular.append_row(book.active, values)
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).active
    return [(cell.value, cell.data_type) for cell in next(sheet.iter_rows())]


# NUL cannot be written in an xlsx at all (XML refuses it; openpyxl raises).
IN_XLSX = [text for text in PAYLOADS + HARMLESS if "\x00" not in text and text]


@pytest.mark.parametrize("text", IN_XLSX)
def test_xlsx_text_is_a_string_cell_and_reads_back_the_same(text):
    cell = tabular.write_cell(Workbook().active["A1"], text)
    assert cell.data_type == "s" and cell.value == text
    value, data_type = _saved([text])[0]
    # XML reads a carriage return back as a line feed, whatever writes it.
    assert (value, data_type) == (text.replace("\r", "\n"), "s")


def test_xlsx_marks_formula_like_text_as_typed_with_a_quote():
    sheet = Workbook().active
    assert tabular.write_cell(sheet["A1"], "=1+1").quotePrefix
    assert not tabular.write_cell(sheet["A2"], "Inscrits").quotePrefix


def test_xlsx_numbers_dates_and_booleans_keep_their_types():
    values = [-3, Decimal("2.5"), 1.25, datetime.date(2020, 1, 2), True, gettext_lazy("Code")]
    read = _saved(values)
    assert [data_type for _value, data_type in read] == ["n", "n", "n", "d", "b", "s"]
    assert [value for value, _type in read][:3] == [-3, 2.5, 1.25]
    assert read[3][0].date() == datetime.date(2020, 1, 2) and read[5][0] == "Code"


def test_append_row_adds_rows_one_after_the_other():
    sheet = Workbook().active
    tabular.append_row(sheet, ["=a"])
    tabular.append_row(sheet, [])
    tabular.append_row(sheet, [None, "=b"])
    assert sheet.max_row == 3 and sheet["B3"].value == "=b" and sheet["B3"].data_type == "s"


@pytest.mark.parametrize("text", PAYLOADS)
def test_csv_prefixes_text_that_looks_like_a_formula(text):
    assert tabular.csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_csv_leaves_other_text_alone(text):
    assert tabular.csv_cell(text) == text


@pytest.mark.parametrize("text", PAYLOADS + HARMLESS + ["'=1", "''+1", "' -1"])
def test_unescape_gives_back_exactly_what_was_escaped(text):
    assert tabular.unescape_csv_text(tabular.escape_csv_text(text)) == text


def test_unescape_leaves_text_nobody_escaped_alone():
    assert tabular.unescape_csv_text("=1") == "=1"  # another tool's raw cell
    assert tabular.unescape_csv_text(None) is None  # a row shorter than the headers
    assert tabular.unescape_csv_text("'Ali") == "'Ali"
    assert tabular.unescape_csv_text("'+212 6 12 34 56 78") == "+212 6 12 34 56 78"


def test_csv_numbers_stay_numbers_and_text_that_looks_like_one_is_text():
    buffer = io.StringIO()
    writer = tabular.csv_writer(buffer)
    writer.writerow([-3, Decimal("-1.50"), Decimal("1E+1"), 2.5, None, "-3", "a;b", 'dit "oui"'])
    line = buffer.getvalue().strip()
    assert line == '-3,-1.50,10,2.5,"","\'-3","a;b","dit ""oui"""'


def test_csv_rows_read_back_losslessly_through_unescape():
    buffer = io.StringIO()
    tabular.csv_writer(buffer, delimiter=";").writerows([PAYLOADS, HARMLESS])
    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert [[tabular.unescape_csv_text(cell) for cell in row] for row in rows] == [
        PAYLOADS,
        HARMLESS,
    ]


def _python_sources():
    for path in sorted(SUIVI.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "tabular.py":
            continue
        yield path, path.read_text(encoding="utf-8")


def test_no_module_writes_a_spreadsheet_around_the_helper():
    """Every csv and xlsx Suivi writes goes through `suivi.core.tabular`."""
    offenders = []
    for path, source in _python_sources():
        name = str(path.relative_to(SUIVI.parent))
        if "csv.writer" in source or "DictWriter" in source:
            offenders.append(f"{name}: csv writer")
        if "Workbook(" in source and "suivi.core.tabular" not in source:
            offenders.append(f"{name}: workbook written without suivi.core.tabular")
        if "Workbook(" in source:
            for node in ast.walk(ast.parse(source)):
                stored = isinstance(getattr(node, "ctx", None), ast.Store)
                if isinstance(node, ast.Attribute) and node.attr == "value" and stored:
                    offenders.append(f"{name}:{node.lineno}: cell.value assigned")
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "append"
                    and node.args
                    and isinstance(node.args[0], ast.List | ast.ListComp)
                ):
                    offenders.append(f"{name}:{node.lineno}: row appended directly")
    assert offenders == []
