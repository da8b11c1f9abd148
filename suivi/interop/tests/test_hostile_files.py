"""The hostile-file generator itself (issue 10), at a tiny scale: files are
written, are what they claim to be, and follow the template. What the
importer does with them is tested elsewhere."""

import csv
import io
import zipfile

import pytest

from suivi.interop.records import template as t
from suivi.interop.tests import hostile as hf
from suivi.interop.tests.hostile import rows as base
from suivi.interop.tests.hostile import xlsx_writer as hx

SCALE = 0.001


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {hostile.name: hostile for hostile in hf.build_corpus(folder, scale=SCALE)}


def _csv_rows(hostile):
    text = hostile.path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_every_file_is_written_with_an_expectation(corpus):
    assert set(corpus) == set(hf.MAKERS)
    for hostile in corpus.values():
        assert hostile.path.exists(), hostile.name
        assert hostile.kind in ("persons", "events")
        assert hostile.refused or hostile.imported is not None, hostile.expect
    assert corpus["empty_csv"].path.stat().st_size == 0


def test_headers_are_the_persons_template():
    assert [c.header for c in t.PERSON_COLUMNS] == base.PERSON_HEADERS
    assert str(t.SHEET_TITLES["persons"]) in ("Persons", base.PERSONS_SHEET)


def test_good_rows_fill_every_required_column():
    row = dict(zip(base.PERSON_HEADERS, base.person_row(7), strict=True))
    for column in t.PERSON_COLUMNS:
        if column.required:
            assert row[column.header], column.header
    assert row["Identifiant"] == "HB-000007"
    assert row["Sexe"].lower() in t.SEX_ALIASES


def test_csv_files_are_as_excel_saves_them(corpus):
    trailing = corpus["csv_trailing_separators"]
    raw = trailing.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = _csv_rows(trailing)
    assert rows[0] == base.PERSON_HEADERS
    assert len(rows) == 1 + base.GOOD_ROWS + trailing.details["blank_lines"]
    assert rows[-1] == [""] * len(base.PERSON_HEADERS)
    assert trailing.expect == f"imported {base.GOOD_ROWS}"

    # Python's csv module refuses the field (over 128 KiB): that is the point.
    huge = corpus["csv_huge_cell"].path.read_text(encoding="utf-8-sig")
    assert ";" + "A" * 200 * 1024 + ";" in huge
    default = csv.field_size_limit(128 * 1024)  # the module's default (Suivi raises it)
    try:
        with pytest.raises(csv.Error):
            list(csv.reader(io.StringIO(huge, newline=""), delimiter=";"))
    finally:
        csv.field_size_limit(default)
    assert len(_csv_rows(corpus["csv_many_columns"])[0]) == 20_000
    assert len(_csv_rows(corpus["header_only_csv"])) == 1
    assert all(not any(row) for row in _csv_rows(corpus["blank_rows_only_csv"])[1:])
    dates = [row[11] for row in _csv_rows(corpus["date_with_suffix"])]
    assert "2020-12-3155" in dates
    ids = [row[0] for row in _csv_rows(corpus["duplicate_reference_in_file"])[1:]]
    assert len(ids) == len(set(ids)) + 1
    names = "".join(row[1] + row[2] for row in _csv_rows(corpus["control_characters_names"]))
    assert {"\u202e", "\x07", "\u200b"} <= set(names)
    assert any(row[1].startswith("=HYPERLINK(") for row in _csv_rows(corpus["formula_names"]))


def test_sizes_scale(corpus):
    rows = corpus["csv_too_many_rows"]
    assert len(_csv_rows(rows)) == 1 + rows.details["rows"] == 1 + 250
    # Under the 200,000 rows at this scale: a valid file of 250 persons.
    assert rows.expect == "imported 250"
    assert corpus["csv_over_excel_lines"].details["blank_lines"] == 1_100


def test_xlsx_files_are_workbooks(corpus):
    from openpyxl import load_workbook

    for name in ("xlsx_formatted_empty_rows", "xlsx_zip_bomb", "xlsx_bomb_3mb"):
        with zipfile.ZipFile(corpus[name].path) as book:
            names = set(book.namelist())
            assert book.testzip() is None
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= names
    empty_rows = corpus["xlsx_formatted_empty_rows"]
    book = load_workbook(empty_rows.path, read_only=True, data_only=True)
    sheet = book[base.PERSONS_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(base.PERSON_HEADERS)
    assert rows[1][0] == "HB-000001" and rows[1][4] == 1976  # a year is a number in Excel
    assert sheet.max_row == 1 + base.GOOD_ROWS + empty_rows.details["blank_rows"]
    assert all(value is None for value in rows[-1])
    book.close()

    renamed = load_workbook(corpus["workbook_sheet_renamed_not_first"].path, read_only=True)
    assert renamed.sheetnames == ["Lisez-moi", "Feuil2"]
    assert next(renamed["Feuil2"].iter_rows(values_only=True)) == tuple(base.PERSON_HEADERS)
    renamed.close()


@pytest.mark.parametrize(
    ("name", "entry", "size_key"),
    [("xlsx_zip_bomb", "xl/sharedStrings.xml", "string_bytes"), ("xlsx_bomb_3mb", None, None)],
)
def test_bombs_declare_what_they_inflate_to(corpus, name, entry, size_key):
    bomb = corpus[name]
    with zipfile.ZipFile(bomb.path) as book:
        declared = {info.filename: info.file_size for info in book.infolist()}
        assert sum(declared.values()) == bomb.details["inflated_bytes"]
        biggest = max(declared, key=declared.__getitem__)
        # What the zip's directory says is what the entry really inflates to.
        with book.open(biggest) as stream:
            inflated = sum(len(chunk) for chunk in iter(lambda: stream.read(1 << 20), b""))
        assert inflated == declared[biggest]
    if entry:
        assert biggest == entry
        assert declared[entry] > bomb.details[size_key]
    assert bomb.details["compressed_bytes"] == bomb.path.stat().st_size
    assert bomb.details["inflated_bytes"] / bomb.details["compressed_bytes"] > 100
    assert bomb.refused


def test_full_size_claims_without_writing_them():
    """The sizes the issue reports, computed as the makers compute them."""
    assert base._scaled(500 * 1024 * 1024, 1.0) == 524_288_000
    assert base._scaled(3 * 1024**3, 1.0) == 3 * 1024**3
    assert len(base.EMPTY_CSV_LINE) == 12  # `;;;;;;;;;;;;`, one line of 13 empty cells


def test_unknown_names_are_refused(tmp_path):
    with pytest.raises(KeyError):
        hf.build_corpus(tmp_path, only=["nothing_like_this"])


def test_column_letters():
    assert [hx.column_letter(i) for i in (0, 12, 25, 26, 701, 702)] == [
        "A",
        "M",
        "Z",
        "AA",
        "ZZ",
        "AAA",
    ]
