"""Writing .xlsx files by hand for the hostile corpus:
sheet XML streamed into a zip, so that a million formatted rows or a zip bomb
is written in seconds without openpyxl holding it."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from suivi.interop.tests.hostile.rows import PERSONS_SHEET

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
    '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
Writer = Callable[[IO[bytes]], None]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def row_xml(number: int, values: Sequence[str | int]) -> str:
    """A row of inline strings (numbers as numbers, as Excel stores them)."""
    cells = []
    for index, value in enumerate(values):
        ref = f"{column_letter(index)}{number}"
        if isinstance(value, int):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif value != "":
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _excel_values(row: list[str]) -> list[str | int]:
    """Birth years as numbers, as Excel keeps what looks like one."""
    return [int(value) if index == 4 and value else value for index, value in enumerate(row)]


def sheet_writer(rows: Iterable[str], last_row: int, last_column: int = 13) -> Writer:
    """A worksheet's XML, its rows (XML text) streamed into the entry."""

    def write(entry: IO[bytes]) -> None:
        dimension = f"A1:{column_letter(last_column - 1)}{last_row}"
        entry.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{dimension}"/>'
            f"<sheetData>".encode()
        )
        buffer: list[str] = []
        for xml in rows:
            buffer.append(xml)
            if len(buffer) >= 10_000:
                entry.write("".join(buffer).encode())
                buffer.clear()
        entry.write("".join(buffer).encode())
        entry.write(b"</sheetData></worksheet>")

    return write


def write_xlsx(
    path: Path, sheets: Sequence[tuple[str, Writer]], shared_strings: Writer | None = None
) -> None:
    """A workbook of `sheets` (title, writer of the sheet's XML), each entry
    streamed and deflated at level 9, as Excel does."""
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>']
    overrides.append(f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>')
    relations = [
        f'<Relationship Id="rIdStyles" Type="{_REL}/styles" Target="styles.xml"/>',
    ]
    entries = []
    for number, (title, _writer) in enumerate(sheets, start=1):
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{number}.xml" '
            f'ContentType="{_CT}.worksheet+xml"/>'
        )
        relations.append(
            f'<Relationship Id="rId{number}" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet{number}.xml"/>'
        )
        entries.append(f'<sheet name={quoteattr(title)} sheetId="{number}" r:id="rId{number}"/>')
    if shared_strings is not None:
        overrides.append(
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        )
        relations.append(
            f'<Relationship Id="rIdStrings" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    small = {
        "[Content_Types].xml": head
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(overrides)
        + "</Types>",
        "_rels/.rels": head + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": head
        + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        + "".join(entries)
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": head
        + f'<Relationships xmlns="{_PKG_REL}">'
        + "".join(relations)
        + "</Relationships>",
        "xl/styles.xml": head + _STYLES,
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in small.items():
            book.writestr(name, text)
        for number, (_title, writer) in enumerate(sheets, start=1):
            with book.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as entry:
                writer(entry)
        if shared_strings is not None:
            with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as entry:
                shared_strings(entry)


def inflated_bytes(path: Path) -> int:
    """What the entries of a zip declare they inflate to."""
    with zipfile.ZipFile(path) as book:
        return sum(info.file_size for info in book.infolist())


def _zip_details(path: Path) -> dict[str, int]:
    return {"compressed_bytes": path.stat().st_size, "inflated_bytes": inflated_bytes(path)}


def _persons_sheet(rows: Iterable[str], last_row: int) -> list[tuple[str, Writer]]:
    return [(PERSONS_SHEET, sheet_writer(rows, last_row))]
