"""Hostile partner spreadsheets (issue 10), written on demand, never committed.

Files as partners' spreadsheets really come out of Excel, and as an attacker
would build them. Each `make_*` function writes one file into a folder and
returns a `HostileFile`: where it is, which import it is for, and what a
correct importer does with it (`expect`: "refused" or "imported N").

`scale` shrinks the big ones for tests (`scale=0.001`: a few hundred KB in all);
`scale=1` is the size of the issue's reports, for `bench/imports.py`:

    from suivi.interop.tests.hostile import build_corpus
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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from suivi.interop.tests.hostile.csv_files import (
    make_blank_rows_only_csv,
    make_control_characters_names,
    make_csv_100k_persons,
    make_csv_huge_cell,
    make_csv_many_columns,
    make_csv_over_excel_lines,
    make_csv_too_many_rows,
    make_csv_trailing_separators,
    make_date_with_suffix,
    make_duplicate_reference_in_file,
    make_empty_csv,
    make_formula_names,
    make_header_only_csv,
    make_nationality_garbage,
)
from suivi.interop.tests.hostile.rows import PERSON_HEADERS, HostileFile
from suivi.interop.tests.hostile.xlsx_files import (
    make_workbook_sheet_renamed_not_first,
    make_xlsx_bomb_3mb,
    make_xlsx_formatted_empty_rows,
    make_xlsx_zip_bomb,
)

__all__ = ["MAKERS", "HostileFile", "build_corpus", "csv_text"]


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
