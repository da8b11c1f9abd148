"""The « Définitions » sheet of the logframe workbook: how each indicator
computed from records follows from them, one condition per row
(`suivi.beneficiaries.computation.flat`), checked against the service
catalogue. Absent, the definitions in force stay as they are."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from suivi.beneficiaries.computation import check, flat
from suivi.beneficiaries.selectors.catalogue import definition_catalogue
from suivi.core.tabular import append_row
from suivi.indicators.models import Indicator, IndicatorVersion
from suivi.interop.logframe import template as t
from suivi.interop.logframe.sheet import IndicatorRow, Sheet
from suivi.interop.reading.issues import IssueList

COLUMNS = {"part": "part", "condition": "condition", "value": "value"}


def read_definitions(
    workbook: Any, issues: IssueList, indicators: Iterable[IndicatorRow]
) -> dict[str, dict[str, Any]] | None:
    """Indicator code → definition (canonical), or None without the sheet.
    An indicator named here must be in the indicators sheet, marked
    computed; each problem names its row and column."""
    sheet = Sheet(workbook, t.DEFINITION_SHEET, t.DEFINITION_COLUMNS, issues)
    if not sheet.present:
        return None
    by_code = {row.code: row for row in indicators}
    grouped: dict[str, list[flat.Row]] = {}
    for number, values, _formats in sheet.rows():
        code = sheet.text_cell(number, "indicator_code", values.get("indicator_code"))
        row = by_code.get(code)
        if row is None:
            sheet.issue(
                number,
                "indicator_code",
                _("No indicator %(code)s in the « %(sheet)s » sheet.")
                % {"code": code, "sheet": t.INDICATOR_SHEET},
            )
            continue
        if not row.is_computed:
            sheet.issue(
                number,
                "indicator_code",
                _("%(code)s is not marked computed (« Calculé ») in the « %(sheet)s » sheet.")
                % {"code": code, "sheet": t.INDICATOR_SHEET},
            )
            continue
        cells = {key: sheet.text_cell(number, key, values.get(key)) for key in COLUMNS}
        for key, value in cells.items():
            if not value:
                sheet.issue(number, key, _("A value is required."))
        grouped.setdefault(code, []).append(
            flat.Row(cells["part"], cells["condition"], cells["value"], number)
        )
    catalogue = definition_catalogue()
    definitions: dict[str, dict[str, Any]] = {}
    for code, rows in grouped.items():
        try:
            spec = flat.from_rows(rows, catalogue)
        except flat.FlatError as error:
            for problem in error.problems:
                sheet.issue(problem.number, COLUMNS[problem.column], problem.message)
            continue
        try:
            check.check(spec, catalogue)
        except ValidationError as error:
            for message in error.messages:
                sheet.issue(rows[0].number, "part", f"{code} : {message}")
            continue
        definitions[code] = spec
    return definitions


def write_definitions(
    sheet: Worksheet, indicators: Iterable[tuple[Indicator, IndicatorVersion]]
) -> None:
    """One row per condition of each current version's definition."""
    for indicator, version in indicators:
        if version.definition:
            for row in flat.to_rows(version.definition):
                append_row(sheet, [indicator.code, row.part, row.condition, row.value])
