"""A csv file as rows of cells, within bounds.

Lines are read as bytes with a length limit before anything is decoded or
split, so a 50 MB line of separators costs 1 MiB at most; the standard csv
module then parses them (quoted cells may span lines, up to the same limit).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _

from suivi.core.tabular import unescape_csv_text
from suivi.interop.reading.issues import FileRefusedError
from suivi.interop.reading.limits import Deadline, Limits, grouped

DELIMITERS = (";", ",", "\t")


def csv_rows(
    source: IO[bytes], limits: Limits, deadline: Deadline
) -> Iterator[tuple[int, list[str]]]:
    """(line number where the row starts, its cells) for every row."""
    source.seek(0)
    lines = _lines(source, limits, deadline)
    first = next(lines, None)
    if first is None or not first.strip():
        raise FileRefusedError(
            _("The file is empty, or its first line (the column names) is blank.")
        )
    delimiter = max(DELIMITERS, key=first.count)
    # The module-wide limit of a cell; a cell cannot be longer than a line.
    csv.field_size_limit(limits.max_line_bytes)
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            # Suivi's own exports quote what looks like a formula: read back
            # the text that was written (suivi.core.tabular).
            yield start, [unescape_csv_text(cell) for cell in cells]
            start = reader.line_num + 1
    except csv.Error as error:
        raise FileRefusedError(
            _("Line %(line)d cannot be read as csv (%(reason)s).")
            % {"line": reader.line_num, "reason": error},
            row=reader.line_num,
        ) from error


def count_lines(source: IO[bytes]) -> int:
    """Lines of the file (for the progress bar), counted in 1 MiB chunks."""
    source.seek(0)
    lines = 0
    while chunk := source.read(1024 * 1024):
        lines += chunk.count(b"\n")
    source.seek(0)
    return lines


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _lines(source: IO[bytes], limits: Limits, deadline: Deadline) -> Iterator[str]:
    number = 0
    while raw := source.readline(limits.max_line_bytes + 1):
        number += 1
        if number > limits.max_lines:
            raise FileRefusedError(
                _("The file has more than %(count)s lines: split it into smaller files.")
                % {"count": grouped(limits.max_lines)}
            )
        if len(raw) > limits.max_line_bytes:
            raise FileRefusedError(
                _("Line %(line)d is longer than %(size)d KiB: this is not a table's row.")
                % {"line": number, "size": limits.max_line_bytes // 1024},
                row=number,
            )
        if number % 1000 == 0 and deadline.passed():
            raise too_slow(deadline)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FileRefusedError(
                _("Line %(line)d is not UTF-8 text: save the file as « CSV UTF-8 ».")
                % {"line": number},
                row=number,
            ) from error
        yield text.lstrip("\ufeff") if number == 1 else text


def too_slow(deadline: Deadline) -> FileRefusedError:
    return FileRefusedError(
        _("Reading the file took more than %(seconds)d seconds: split it into smaller files.")
        % {"seconds": deadline.seconds}
    )
