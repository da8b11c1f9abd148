"""The progress table as JSON, CSV or xlsx (CLI and downloads).

CSV and xlsx cells are written through `suivi.core.tabular`, so a text
(an indicator title, a text value) that starts like a formula stays text.
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from suivi.core.tabular import append_row, csv_writer
from suivi.indicators import cells, disclosure
from suivi.indicators.models import UnitType
from suivi.indicators.selectors.progress import ProgressRow, YearValue, display_number

FIELDS = [
    "level",
    "output",
    "code",
    "title",
    "unit",
    "baseline",
    "previous_year",
    "reporting_year",
    "year_target",
    "final_target",
    "source",
    "breakdown",
]


def _headers() -> dict[str, str]:
    return {
        "level": _("Level"),
        "output": _("Output"),
        "code": _("Code"),
        "title": _("Indicator"),
        "unit": _("Unit"),
        "baseline": _("Baseline"),
        "previous_year": _("Previous year"),
        "reporting_year": _("Reporting year"),
        "year_target": _("Year target"),
        "final_target": _("Final target"),
        "source": _("Source"),
        "breakdown": _("Breakdown"),
    }


def _value(value: YearValue | None, unit: str) -> int | float | str | None:
    if value is None:
        return None
    if value.suppressed:
        return disclosure.SUPPRESSED
    if unit == UnitType.TEXT:
        return value.text or None
    return display_number(value.total, unit)


def _breakdown(value: YearValue | None, unit: str) -> dict[str, Any]:
    """Values by dimension (`{"sex": {"women": 126, "men": 59}}`), crossings
    under ``crossed`` with their cell keys."""
    if value is None:
        return {}
    shown: dict[str, int | float | str | None] = {
        key: display_number(number, unit) for key, number in value.cells.items()
    }
    shown.update(dict.fromkeys(value.hidden - {cells.TOTAL}, disclosure.SUPPRESSED))
    result: dict[str, Any] = {}
    for key, number in sorted(shown.items()):
        assignment = cells.parse_key(key)
        if len(assignment) == 1:
            ((dimension, category),) = assignment.items()
            result.setdefault(dimension, {})[category] = number
        else:
            result.setdefault("crossed", {})[key] = number
    return result


def as_records(rows: list[ProgressRow]) -> list[dict[str, Any]]:
    """The rows as plain records (suppressed where the selector suppressed)."""
    records = []
    for row in rows:
        unit = row.version.unit
        records.append(
            {
                "level": row.level,
                "output": row.output,
                "code": row.indicator.code,
                "title": row.version.shown_title,
                "unit": unit,
                "baseline": display_number(row.baseline, unit, measured=False),
                "previous_year": _value(row.previous_year, unit),
                "reporting_year": _value(row.reporting_year, unit),
                "year_target": display_number(row.year_target, unit, measured=False),
                "final_target": display_number(row.final_target, unit, measured=False),
                "source": row.source,
                "breakdown": _breakdown(row.reporting_year, unit),
                "note": row.note or None,
            }
        )
    return records


def to_json(rows: list[ProgressRow]) -> str:
    return json.dumps(as_records(rows), ensure_ascii=False, indent=2)


def _flat(record: dict[str, Any]) -> list[object]:
    flat = dict(record)
    flat["breakdown"] = (
        json.dumps(record["breakdown"], ensure_ascii=False) if record["breakdown"] else ""
    )
    return [flat[key] if flat[key] is not None else "" for key in FIELDS]


def to_csv(rows: list[ProgressRow]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    headers = _headers()
    writer.writerow([headers[key] for key in FIELDS])
    for record in as_records(rows):
        writer.writerow(_flat(record))
    return buffer.getvalue()


def to_xlsx(rows: list[ProgressRow], *, title: str, right_to_left: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = right_to_left
    headers = _headers()
    append_row(sheet, [headers[key] for key in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in as_records(rows):
        append_row(sheet, [value if value != "" else None for value in _flat(record)])
    sheet.column_dimensions["C"].width = 24
    sheet.column_dimensions["D"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
