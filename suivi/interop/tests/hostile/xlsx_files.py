"""Hostile .xlsx files, their sheet XML written by hand (`xlsx_writer.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from suivi.interop.tests.hostile.rows import (
    GOOD_ROWS,
    LIMITS,
    PERSON_HEADERS,
    PERSONS_SHEET,
    HostileFile,
    _scaled,
    person_row,
)
from suivi.interop.tests.hostile.xlsx_writer import (
    _MAIN,
    _REL,
    _excel_values,
    _persons_sheet,
    _zip_details,
    row_xml,
    sheet_writer,
    write_xlsx,
)


def make_xlsx_formatted_empty_rows(folder: Path, scale: float = 1.0) -> HostileFile:
    """50 good rows, then the empty rows Excel keeps when a whole column was
    formatted: `<row r="…" spans="1:13" s="1" customFormat="1" ht="15"/>`."""
    blank = _scaled(1_000_000, scale)
    last = 1 + GOOD_ROWS + blank

    def rows() -> Iterator[str]:
        yield row_xml(1, PERSON_HEADERS)
        for number in range(1, GOOD_ROWS + 1):
            yield row_xml(number + 1, _excel_values(person_row(number)))
        for number in range(GOOD_ROWS + 2, last + 1):
            yield f'<row r="{number}" spans="1:13" s="1" customFormat="1" ht="15"/>'

    path = folder / "xlsx_formatted_empty_rows.xlsx"
    write_xlsx(path, _persons_sheet(rows(), last))
    refused = last > LIMITS["physical_lines"]
    return HostileFile(
        "xlsx_formatted_empty_rows",
        path,
        "persons",
        "refused" if refused else f"imported {GOOD_ROWS}",
        "skip the empty rows quickly, import the 50 rows",
        {"blank_rows": blank, **_zip_details(path)},
    )


def _repeated(entry: IO[bytes], total: int, byte: bytes = b"0") -> None:
    chunk = byte * (1 << 20)
    left = total
    while left > 0:
        entry.write(chunk[: min(left, len(chunk))])
        left -= len(chunk)


def make_xlsx_zip_bomb(folder: Path, scale: float = 1.0) -> HostileFile:
    """About 0.5 MB that inflates to ~500 MB: a shared string of 500 MB of
    zeros, which the first row's `Prénom` cell refers to."""
    size = _scaled(500 * 1024 * 1024, scale, minimum=1 << 20)

    def strings(entry: IO[bytes]) -> None:
        entry.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        )
        _repeated(entry, size)
        entry.write(b"</t></si></sst>")

    first = person_row(1)
    inline = f'<c r="B2" t="inlineStr"><is><t>{first[1]}</t></is></c>'
    cells = row_xml(2, _excel_values(first))
    assert inline in cells
    cells = cells.replace(inline, '<c r="B2" t="s"><v>0</v></c>')
    path = folder / "xlsx_zip_bomb.xlsx"
    write_xlsx(path, _persons_sheet([row_xml(1, PERSON_HEADERS), cells], 2), strings)
    return HostileFile(
        "xlsx_zip_bomb",
        path,
        "persons",
        "refused",
        "refuse from the zip's entries, before parsing (size and ratio)",
        {"string_bytes": size, **_zip_details(path)},
    )


def make_xlsx_bomb_3mb(folder: Path, scale: float = 1.0) -> HostileFile:
    """About 3 MB that inflates to ~3 GiB: one inline cell of zeros in the sheet."""
    size = _scaled(3 * 1024 * 1024 * 1024, scale, minimum=1 << 20)

    def sheet(entry: IO[bytes]) -> None:
        entry.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="A1:M2"/>'
            f"<sheetData>{row_xml(1, PERSON_HEADERS)}"
            f'<row r="2"><c r="A2" t="inlineStr"><is><t>'.encode()
        )
        _repeated(entry, size)
        entry.write(b"</t></is></c></row></sheetData></worksheet>")

    path = folder / "xlsx_bomb_3mb.xlsx"
    write_xlsx(path, [(PERSONS_SHEET, sheet)])
    return HostileFile(
        "xlsx_bomb_3mb",
        path,
        "persons",
        "refused",
        "refuse from the zip's entries, before parsing (size and ratio)",
        {"cell_bytes": size, **_zip_details(path)},
    )


def make_workbook_sheet_renamed_not_first(folder: Path, scale: float = 1.0) -> HostileFile:
    """A one-line note first, then the data under another title than `Personnes`
    (the old reader took the first sheet: its line as headers, no rows, success)."""
    notes = [row_xml(1, ["Fichier de la permanence de Rabat, mis à jour le 3 mars"])]
    data = [row_xml(1, PERSON_HEADERS)]
    data += [row_xml(n + 1, _excel_values(person_row(n))) for n in range(1, 6)]
    path = folder / "workbook_sheet_renamed_not_first.xlsx"
    write_xlsx(path, [("Lisez-moi", sheet_writer(notes, 1, 1)), ("Feuil2", sheet_writer(data, 6))])
    return HostileFile(
        "workbook_sheet_renamed_not_first",
        path,
        "persons",
        "imported 5",
        "find the sheet that has the template's columns (it 'succeeded' with 0 records); "
        "refusing, naming the sheets, would do too",
        _zip_details(path),
    )
