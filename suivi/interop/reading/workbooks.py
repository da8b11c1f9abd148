"""An .xlsx workbook, opened only once its zip has been checked.

An .xlsx is a zip of XML parts. Its central directory declares each part's
compressed and inflated sizes, and the zip reader never inflates a part
beyond its declared size (the CRC check fails first), so checking those sizes
before parsing bounds what parsing can cost: a 500 KB file that would inflate
to 500 MB is refused in milliseconds. Worksheets are then streamed
(openpyxl's read-only mode); the other parts (shared strings, styles) are
read whole, hence their own, smaller limit.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from suivi.interop.reading.csvfiles import too_slow
from suivi.interop.reading.issues import FileRefusedError
from suivi.interop.reading.limits import Deadline, Limits, MiB, grouped
from suivi.interop.reading.sheetrows import stream_rows


def check_zip(source: IO[bytes], limits: Limits) -> None:
    """Refuse a workbook whose parts would inflate beyond the limits."""
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_a_workbook() from error
    finally:
        source.seek(0)
    if len(parts) > limits.max_zip_entries:
        raise not_a_workbook()
    inflated = sum(part.file_size for part in parts)
    if inflated > limits.max_inflated_bytes:
        raise FileRefusedError(
            _(
                "Once uncompressed, this workbook would take %(size)d MB; Suivi reads at most "
                "%(limit)d MB. Remove the empty formatted rows and columns, or split the file."
            )
            % {"size": inflated // MiB, "limit": limits.max_inflated_bytes // MiB}
        )
    for part in parts:
        worksheet = part.filename.startswith("xl/worksheets/")
        if not worksheet and part.file_size > limits.max_part_bytes:
            raise FileRefusedError(
                _("The part %(part)s of this workbook is larger than %(limit)d MB.")
                % {"part": part.filename[:80], "limit": limits.max_part_bytes // MiB}
            )
        if part.file_size > limits.ratio_floor_bytes and part.file_size > limits.max_ratio * max(
            part.compress_size, 1
        ):
            raise FileRefusedError(
                _(
                    "This workbook is compressed %(ratio)d times: no spreadsheet is. It was "
                    "not opened."
                )
                % {"ratio": part.file_size // max(part.compress_size, 1)}
            )


def not_a_workbook() -> FileRefusedError:
    return FileRefusedError(_("This file is not an Excel workbook (.xlsx)."))


def open_workbook(source: IO[bytes], limits: Limits | None = None) -> Any:
    """The read-only workbook of `source`, once its zip is checked."""
    limits = limits or Limits.from_settings()
    check_zip(source, limits)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise not_a_workbook() from error
    if len(workbook.sheetnames) > limits.max_sheets:
        workbook.close()
        raise not_a_workbook()
    return workbook


def header_row(worksheet: Any, limits: Limits) -> list[object]:
    """The first row, up to one cell beyond the column limit."""
    for values in worksheet.iter_rows(
        min_row=1, max_row=1, max_col=limits.max_columns + 1, values_only=True
    ):
        return list(values)
    return []


def sheet_rows(
    worksheet: Any, width: int, limits: Limits, deadline: Deadline, *, values_only: bool = True
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values — or cells, which keep their number formats — of
    the first `width` columns) from row 2 on, blank rows included (the gaps
    filled), within the line and time limits."""
    for number, values in enumerate(
        stream_rows(worksheet, min_row=2, max_col=max(width, 1), values_only=values_only),
        start=2,
    ):
        if number > limits.max_lines:
            raise FileRefusedError(
                _("The sheet has more than %(count)s rows: split it into smaller files.")
                % {"count": grouped(limits.max_lines)},
                sheet=worksheet.title,
            )
        if number % 1000 == 0 and deadline.passed():
            raise too_slow(deadline)
        yield number, values
