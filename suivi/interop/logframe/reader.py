"""Read and validate a logframe workbook into a plan, writing nothing.

Every problem becomes an `Issue` naming the sheet, the Excel row, the column
header and the reason; the reader goes through the whole file so the user
gets every issue at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.core import text
from suivi.indicators import cells
from suivi.indicators.models import Aggregation, Dimension, Direction, Frequency, Target, UnitType
from suivi.interop.logframe import template as t
from suivi.interop.logframe.definitions import read_definitions
from suivi.interop.logframe.sheet import (
    ChainRow,
    IndicatorRow,
    Issue,
    LogframeFileError,
    Plan,
    Sheet,
    cell_text,
    parse_choice,
    parse_number,
)
from suivi.interop.reading.issues import FileIssuesError, IssueList
from suivi.interop.reading.workbooks import open_workbook
from suivi.programmes.models import ExecutionMode, Intervention

__all__ = ["Issue", "LogframeFileError", "Plan", "read_workbook"]


def read_workbook(
    source: IO[bytes] | str,
    intervention: Intervention,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Parse and validate `source` against `intervention`; raise
    LogframeFileError listing every issue, or return the plan."""
    issues = IssueList()
    if isinstance(source, str):
        with open(source, "rb") as handle:
            return read_workbook(handle, intervention, progress)
    try:
        workbook = open_workbook(source, issues.limits)
    except FileIssuesError as error:
        raise LogframeFileError(error.issues) from error
    try:
        for name in (t.CHAIN_SHEET, t.INDICATOR_SHEET):
            if name not in workbook.sheetnames:
                issues.append(
                    Issue(
                        name,
                        None,
                        "",
                        _("This sheet is missing (the workbook has: %(sheets)s).")
                        % {"sheets": ", ".join(f"« {n[:40]} »" for n in workbook.sheetnames[:10])},
                    )
                )
        if issues:
            raise LogframeFileError(issues)
        plan = Plan(revision=_read_revision(workbook, issues))
        plan.chain = _read_chain(workbook, issues)
        chain_levels = {row.code: row.level for row in plan.chain}
        plan.indicators = _read_indicators(workbook, issues, intervention, chain_levels, progress)
        _read_cell_targets(workbook, issues, plan)
        plan.actions = _read_actions(workbook, issues, intervention, chain_levels)
        plan.definitions = read_definitions(workbook, issues, plan.indicators)
    except FileIssuesError as error:
        if isinstance(error, LogframeFileError):
            raise
        raise LogframeFileError(error.issues) from error
    finally:
        workbook.close()
    if issues:
        raise LogframeFileError(issues.sorted())
    return plan


def _read_revision(workbook: Any, issues: IssueList) -> dict[str, Any]:
    revision: dict[str, Any] = {}
    if t.REVISION_SHEET not in workbook.sheetnames:
        return revision
    by_header = {c.header: c for c in t.REVISION_FIELDS}
    for row in workbook[t.REVISION_SHEET].iter_rows(max_row=50, max_col=2, values_only=True):
        if not row or cell_text(row[0]) not in by_header:
            continue
        column = by_header[cell_text(row[0])]
        value = row[1] if len(row) > 1 else None
        if column.key == "effective_date" and cell_text(value) == "":
            revision[column.key] = None
        elif column.key == "effective_date":
            if isinstance(value, datetime.datetime):
                value = value.date()
            elif not isinstance(value, datetime.date):
                try:
                    value = datetime.date.fromisoformat(cell_text(value))
                except ValueError:
                    issues.append(
                        Issue(
                            t.REVISION_SHEET,
                            None,
                            column.header,
                            _("Write the date as YYYY-MM-DD."),
                        )
                    )
                    value = None
            revision[column.key] = value
        else:
            rule = text.clean_text if column.key == "reason" else text.clean_line
            try:
                revision[column.key] = rule(cell_text(value))
            except ValidationError as error:
                issues.append(Issue(t.REVISION_SHEET, None, column.header, error.messages[0]))
    return revision


def _read_chain(workbook: Any, issues: IssueList) -> list[ChainRow]:
    sheet = Sheet(workbook, t.CHAIN_SHEET, t.CHAIN_COLUMNS, issues)
    rows: list[ChainRow] = []
    seen: dict[str, int] = {}
    for number, values, _formats in sheet.rows():
        level_text = cell_text(values.get("level")).lower()
        level = t.LEVEL_ALIASES.get(level_text, "")
        if not level:
            sheet.issue(
                number,
                "level",
                _("« %(value)s » is not a level (impact, outcome, output, activity).")
                % {"value": cell_text(values.get("level"))},
            )
        code = sheet.text_cell(number, "code", values.get("code"))
        if not code:
            sheet.issue(number, "code", _("A code is required."))
        elif code in seen:
            sheet.issue(
                number,
                "code",
                _("The code %(code)s is already used on row %(row)d.")
                % {"code": code, "row": seen[code]},
            )
        else:
            seen[code] = number
        title = sheet.text_cell(number, "title", values.get("title"))
        if not title:
            sheet.issue(number, "title", _("A title is required."))
        mode = cell_text(values.get("execution_mode")).lower()
        if mode and mode not in ExecutionMode.values:
            sheet.issue(number, "execution_mode", _("Write regie or cogestion."))
        rows.append(
            ChainRow(
                number,
                level,
                code,
                sheet.text_cell(number, "parent_code", values.get("parent_code")),
                title,
                sheet.text_cell(number, "budget_code", values.get("budget_code")),
                mode,
                sheet.text_cell(number, "assumptions", values.get("assumptions"), text.clean_text),
                *(
                    sheet.text_cell(number, key, values[key]) if key in values else None
                    for key in ("title_ar", "title_en")
                ),
                *(
                    sheet.text_cell(number, key, values[key], text.clean_text)
                    if key in values
                    else None
                    for key in ("assumptions_ar", "assumptions_en")
                ),
            )
        )
    by_code = {row.code: row for row in rows}
    for row in rows:
        expected = t.PARENT_LEVEL.get(row.level)
        if row.parent_code:
            parent = by_code.get(row.parent_code)
            if parent is None:
                sheet.issue(
                    row.row,
                    "parent_code",
                    _("The parent code %(code)s is not in this sheet.") % {"code": row.parent_code},
                )
            elif expected and parent.level != expected:
                sheet.issue(
                    row.row,
                    "parent_code",
                    _("A %(level)s must sit under a %(parent)s.")
                    % {"level": row.level, "parent": expected},
                )
        elif row.level in ("output", "activity"):
            sheet.issue(
                row.row, "parent_code", _("A %(level)s needs a parent.") % {"level": row.level}
            )
    return rows


def _read_indicators(
    workbook: Any,
    issues: IssueList,
    intervention: Intervention,
    chain_levels: dict[str, str],
    progress: Callable[[int, int], None] | None,
) -> list[IndicatorRow]:
    sheet = Sheet(
        workbook,
        t.INDICATOR_SHEET,
        t.INDICATOR_COLUMNS + t.INDICATOR_TRANSLATION_COLUMNS,
        issues,
    )
    organisations = {o.code: o for o in Organisation.objects.all()}
    dimensions = {d.code: d for d in Dimension.objects.all()}
    total = max((sheet.worksheet.max_row or 1) - 1, 1) if sheet.worksheet is not None else 1
    rows: list[IndicatorRow] = []
    seen: dict[str, int] = {}
    for position, (number, values, formats) in enumerate(sheet.rows(), start=1):
        code = sheet.text_cell(number, "code", values.get("code"))
        if not code:
            sheet.issue(number, "code", _("A code is required."))
        elif code in seen:
            sheet.issue(
                number,
                "code",
                _("The code %(code)s is already used on row %(row)d.")
                % {"code": code, "row": seen[code]},
            )
        else:
            seen[code] = number
        result_code = cell_text(values.get("result_code"))
        if chain_levels.get(result_code) not in ("impact", "outcome", "output"):
            sheet.issue(
                number,
                "result_code",
                _("No result %(code)s in the « %(sheet)s » sheet.")
                % {"code": result_code, "sheet": t.CHAIN_SHEET},
            )
        title = sheet.text_cell(number, "title", values.get("title"))
        if not title:
            sheet.issue(number, "title", _("A title is required."))
        unit = parse_choice(sheet, number, "unit", values.get("unit"), UnitType.values)
        direction = parse_choice(
            sheet, number, "direction", values.get("direction"), Direction.values, "increase"
        )
        aggregation = parse_choice(
            sheet, number, "aggregation", values.get("aggregation"), Aggregation.values
        )
        frequency = parse_choice(
            sheet, number, "frequency", values.get("frequency"), Frequency.values, "annual"
        )
        responsible_code = cell_text(values.get("responsible")).lower()
        responsible = organisations.get(responsible_code) if responsible_code else None
        if responsible_code and responsible is None:
            sheet.issue(
                number,
                "responsible",
                _("No organisation has the code %(code)s.") % {"code": responsible_code},
            )
        chosen: list[Dimension] = []
        for dimension_code in filter(
            None, (c.strip() for c in cell_text(values.get("dimensions")).split(","))
        ):
            if dimension_code not in dimensions:
                sheet.issue(
                    number,
                    "dimensions",
                    _("No disaggregation dimension has the code %(code)s.")
                    % {"code": dimension_code},
                )
            else:
                chosen.append(dimensions[dimension_code])
        baseline = parse_number(
            sheet,
            number,
            "baseline_value",
            values.get("baseline_value"),
            formats.get("baseline_value", ""),
        )
        baseline_year_raw = cell_text(values.get("baseline_year"))
        baseline_year = int(baseline_year_raw) if baseline_year_raw.isdigit() else None
        if baseline_year_raw and baseline_year is None:
            sheet.issue(number, "baseline_year", _("Write a year such as 2018."))
        computed_text = cell_text(values.get("computed")).lower()
        computed = computed_text in t.YES_ALIASES
        if not computed and computed_text not in t.NO_ALIASES:
            sheet.issue(number, "computed", _("Write oui or non."))
        targets: list[tuple[int, str, Decimal]] = []
        final = parse_number(
            sheet,
            number,
            "final_target",
            values.get("final_target"),
            formats.get("final_target", ""),
        )
        if final is not None:
            targets.append((Target.FINAL, cells.TOTAL, final))
        for year in sheet.year_columns:
            key = f"year:{year}"
            value = parse_number(sheet, number, key, values.get(key), formats.get(key, ""))
            if value is None:
                continue
            if not intervention.covers_year(year):
                sheet.issue(
                    number,
                    key,
                    _("The target year %(year)s is outside the intervention's dates.")
                    % {"year": year},
                )
            targets.append((year, cells.TOTAL, value))
        if unit == UnitType.PERCENTAGE:
            for key, value in [("baseline_value", baseline)] + [
                ("final_target" if y == Target.FINAL else f"year:{y}", v) for y, _c, v in targets
            ]:
                if value is not None and not (0 <= value <= 100):
                    sheet.issue(
                        number, key, _("A percentage lies between 0 and 100 (write 41 for 41 %).")
                    )
        rows.append(
            IndicatorRow(
                number,
                code,
                result_code,
                title,
                unit,
                direction,
                aggregation,
                frequency,
                sheet.text_cell(
                    number,
                    "source_of_verification",
                    values.get("source_of_verification"),
                    text.clean_text,
                ),
                responsible,
                tuple(chosen),
                baseline,
                baseline_year,
                sheet.text_cell(
                    number, "baseline_comment", values.get("baseline_comment"), text.clean_text
                ),
                sheet.text_cell(number, "replaces", values.get("replaces")),
                computed,
                tuple(targets),
                *(
                    sheet.text_cell(number, key, values[key]) if key in values else None
                    for key in ("title_ar", "title_en")
                ),
            )
        )
        if progress:
            progress(position, total)
    return rows


def _read_cell_targets(workbook: Any, issues: IssueList, plan: Plan) -> None:
    sheet = Sheet(workbook, t.CELL_TARGET_SHEET, t.CELL_TARGET_COLUMNS, issues)
    if not sheet.present:
        return
    by_code = {row.code: row for row in plan.indicators}
    extra: dict[str, list[tuple[int, str, Decimal]]] = {}
    for number, values, formats in sheet.rows():
        code = cell_text(values.get("indicator_code"))
        row = by_code.get(code)
        if row is None:
            sheet.issue(
                number,
                "indicator_code",
                _("No indicator %(code)s in the « %(sheet)s » sheet.")
                % {"code": code, "sheet": t.INDICATOR_SHEET},
            )
            continue
        cell = cell_text(values.get("cell"))
        specs = [
            cells.DimensionSpec(d.code, tuple(v.code for v in d.values.all()), d.is_exhaustive)
            for d in row.dimensions
        ]
        if cell not in cells.all_cells(specs) or not cell:
            sheet.issue(
                number,
                "cell",
                _("The cell %(cell)s does not exist for this indicator's disaggregation.")
                % {"cell": cell},
            )
        year_text = cell_text(values.get("year")).lower()
        year = (
            Target.FINAL
            if year_text in t.FINAL_ALIASES
            else int(year_text)
            if year_text.isdigit()
            else None
        )
        if year is None:
            sheet.issue(number, "year", _("Write a year such as 2020, or « finale »."))
        value = parse_number(sheet, number, "value", values.get("value"), formats.get("value", ""))
        if value is None:
            sheet.issue(number, "value", _("A value is required."))
        if year is not None and value is not None:
            extra.setdefault(code, []).append((year, cell, value))
    plan.indicators = [
        IndicatorRow(**{**row.__dict__, "targets": row.targets + tuple(extra.get(row.code, ()))})
        for row in plan.indicators
    ]


def _read_actions(
    workbook: Any, issues: IssueList, intervention: Intervention, chain_levels: dict[str, str]
) -> dict[tuple[str, int], list[tuple[str, str | None, str | None]]] | None:
    sheet = Sheet(workbook, t.ACTION_SHEET, t.ACTION_COLUMNS, issues)
    if not sheet.present:
        return None
    actions: dict[tuple[str, int], list[tuple[str, str | None, str | None]]] = {}
    for number, values, _formats in sheet.rows():
        code = cell_text(values.get("activity_code"))
        if chain_levels.get(code) != "activity":
            sheet.issue(
                number,
                "activity_code",
                _("No activity %(code)s in the « %(sheet)s » sheet.")
                % {"code": code, "sheet": t.CHAIN_SHEET},
            )
        year_text = cell_text(values.get("year"))
        year = int(year_text) if year_text.isdigit() else None
        if year is None:
            sheet.issue(number, "year", _("Write a year such as 2018."))
        elif not intervention.covers_year(year):
            sheet.issue(
                number,
                "year",
                _("The year %(year)s is outside the intervention's dates.") % {"year": year},
            )
        title = sheet.text_cell(number, "title", values.get("title"))
        if not title:
            sheet.issue(number, "title", _("A title is required."))
        arabic, english = (
            sheet.text_cell(number, key, values[key]) if key in values else None
            for key in ("title_ar", "title_en")
        )
        if year is not None and title:
            actions.setdefault((code, year), []).append((title, arabic, english))
    return actions
