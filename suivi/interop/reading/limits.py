"""The documented limits of an uploaded file (docs/imports.md, "Limits").

Each can be changed in settings (`SUIVI_IMPORT_LIMITS = {"max_rows": …}`);
the defaults keep the task worker under 300 MiB and a hostile file under a
minute, while a partner's real spreadsheet (a few thousand rows, rarely more
than 100,000) is far from every one of them.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # Rows that hold data (blank rows are skipped and not counted).
    max_rows: int = 200_000
    # Rows read in all, blank ones included: Excel's own maximum.
    max_lines: int = 1_048_576
    max_columns: int = 200
    # Excel's own limit for one cell; longer cells are reported, not stored.
    max_cell_chars: int = 32_767
    # A csv line longer than this (bytes) is not a row of a table.
    max_line_bytes: int = 1 * MiB
    # An .xlsx is a zip: its parts are checked before anything is parsed.
    max_inflated_bytes: int = 256 * MiB
    # Parts other than worksheets (shared strings, styles…) are read whole.
    max_part_bytes: int = 32 * MiB
    # Compression ratio of a part larger than `ratio_floor_bytes` once inflated.
    max_ratio: int = 200
    ratio_floor_bytes: int = 1 * MiB
    max_zip_entries: int = 1_000
    max_sheets: int = 50
    # Reading and checking one file (both passes of an import).
    max_seconds: float = 600.0
    # Issues listed one by one; beyond, counted per column.
    max_issues: int = 200
    # An issue's message is cut to this length (it may quote a cell).
    max_message_chars: int = 300

    @classmethod
    def from_settings(cls) -> Limits:
        overrides = getattr(settings, "SUIVI_IMPORT_LIMITS", {}) or {}
        return dataclasses.replace(cls(), **overrides)


class Deadline:
    """The moment reading a file must have ended by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.at


def grouped(number: int) -> str:
    """A count in the user's language: « 200 000 » in French, « 200,000 » in English."""
    return formats.number_format(number, use_l10n=True, force_grouping=True)
