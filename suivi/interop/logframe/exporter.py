"""Write an intervention's current framework into the logframe template.

Exporting and importing the result changes nothing: the exporter writes
exactly the columns the reader reads, from the current versions. Every cell
goes through `suivi.core.tabular.append_row`: a title such as ``=HYPERLINK(…)``
is written as text, so it reads back as the same title and never runs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from suivi.core.tabular import append_row
from suivi.indicators.models import Aggregation, Direction, Frequency, Target, UnitType
from suivi.interop.logframe import template as t
from suivi.interop.logframe.definitions import write_definitions
from suivi.interop.logframe.selectors import Framework
from suivi.programmes.models import ExecutionMode, Intervention

HEADER_FILL = PatternFill("solid", fgColor="12354F")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _header(sheet: Worksheet, headers: list[str], widths: Iterable[int]) -> None:
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "A2"


def _choices(sheet: Worksheet, column: str, values: list[str]) -> None:
    validation = DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
    )
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}1000")


def write_workbook(framework: Framework) -> bytes:
    """The template filled with `framework` (`selectors.framework_for_export`;
    empty for the blank template)."""
    intervention = framework.intervention
    workbook = Workbook()
    readme = workbook.active
    readme.title = t.README_SHEET
    _write_readme(readme, intervention)

    revision_sheet = workbook.create_sheet(t.REVISION_SHEET)
    last = framework.revision
    for column in t.REVISION_FIELDS:
        value = getattr(last, column.key, "") if last else ""
        append_row(revision_sheet, [column.header, value or "", str(column.help)])
    revision_sheet.column_dimensions["A"].width = 18
    revision_sheet.column_dimensions["B"].width = 60

    chain = workbook.create_sheet(t.CHAIN_SHEET)
    _header(
        chain, [c.header for c in t.CHAIN_COLUMNS], [12, 12, 12, 80, 14, 14, 60, 80, 80, 60, 60]
    )
    _choices(chain, "A", ["impact", "outcome", "output", "activity"])
    _choices(chain, "F", list(ExecutionMode.values))

    indicators = workbook.create_sheet(t.INDICATOR_SHEET)
    years = framework.years
    headers = (
        [c.header for c in t.INDICATOR_COLUMNS]
        + [f"{t.YEAR_TARGET_PREFIX}{y}" for y in years]
        + [c.header for c in t.INDICATOR_TRANSLATION_COLUMNS]
    )
    _header(
        indicators,
        headers,
        [24, 10, 70, 12, 10, 14, 11, 40, 12, 16, 12, 10, 40, 24, 9, 11]
        + [10] * len(years)
        + [70, 70],
    )
    _choices(indicators, "D", list(UnitType.values))
    _choices(indicators, "E", list(Direction.values))
    _choices(indicators, "F", list(Aggregation.values))
    _choices(indicators, "G", list(Frequency.values))

    cell_targets = workbook.create_sheet(t.CELL_TARGET_SHEET)
    _header(cell_targets, [c.header for c in t.CELL_TARGET_COLUMNS], [24, 36, 10, 10])

    actions = workbook.create_sheet(t.ACTION_SHEET)
    _header(actions, [c.header for c in t.ACTION_COLUMNS], [12, 8, 100, 100, 100])

    rules = workbook.create_sheet(t.DEFINITION_SHEET)
    _header(rules, [c.header for c in t.DEFINITION_COLUMNS], [24, 30, 26, 60])

    _write_chain(chain, framework)
    for action in framework.actions:
        append_row(
            actions,
            [action.activity.code, action.year, action.title, action.title_ar, action.title_en],
        )
    _write_indicators(indicators, cell_targets, framework)
    write_definitions(rules, framework.indicators)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_readme(sheet: Worksheet, intervention: Intervention) -> None:
    append_row(
        sheet, [_("Logframe of %(intervention)s") % {"intervention": intervention.short_name}]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, [_("Fill the sheets, keep the headers, then upload the file in Suivi.")])
    append_row(sheet, [])
    for name, columns in (
        (t.REVISION_SHEET, t.REVISION_FIELDS),
        (t.CHAIN_SHEET, t.CHAIN_COLUMNS),
        (t.INDICATOR_SHEET, t.INDICATOR_COLUMNS),
        (t.CELL_TARGET_SHEET, t.CELL_TARGET_COLUMNS),
        (t.ACTION_SHEET, t.ACTION_COLUMNS),
        (t.DEFINITION_SHEET, t.DEFINITION_COLUMNS),
    ):
        append_row(sheet, [name])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for column in columns:
            required = _("required") if column.required else ""
            append_row(sheet, [column.header, str(column.help), required])
        if name == t.INDICATOR_SHEET:
            append_row(
                sheet,
                [f"{t.YEAR_TARGET_PREFIX}AAAA", _("Target for that year (one column per year).")],
            )
            for column in t.INDICATOR_TRANSLATION_COLUMNS:
                append_row(sheet, [column.header, str(column.help), ""])
        append_row(sheet, [])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90


def _write_chain(sheet: Worksheet, framework: Framework) -> None:
    for node in framework.results:
        append_row(
            sheet,
            [
                node.level,
                node.code,
                node.parent.code if node.parent else "",
                node.title,
                node.budget_code,
                "",
                node.assumptions,
                node.title_ar,
                node.title_en,
                node.assumptions_ar,
                node.assumptions_en,
            ],
        )
    for activity in framework.activities:
        append_row(
            sheet,
            [
                "activity",
                activity.code,
                activity.output.code,
                activity.title,
                activity.budget_code,
                activity.execution_mode,
                "",
                activity.title_ar,
                activity.title_en,
                "",
                "",
            ],
        )


def _number(value: object) -> object:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def _write_indicators(sheet: Worksheet, cell_sheet: Worksheet, framework: Framework) -> None:
    years = framework.years
    for indicator, version in framework.indicators:
        totals = {tg.year: tg.value for tg in version.targets.all() if not tg.cell_key}
        append_row(
            sheet,
            [
                indicator.code,
                version.result.code,
                version.title,
                version.unit,
                version.direction,
                version.aggregation,
                version.frequency,
                version.source_of_verification,
                version.responsible_organisation.code if version.responsible_organisation else "",
                ", ".join(d.code for d in version.dimensions.all()),
                _number(version.baseline_value),
                version.baseline_year,
                version.baseline_comment,
                indicator.replaces.code if indicator.replaces else "",
                "oui" if indicator.is_computed else "non",
                _number(totals.get(Target.FINAL)),
                *(_number(totals.get(year)) for year in years),
                version.title_ar,
                version.title_en,
            ],
        )
        for target in version.targets.all():
            if target.cell_key:
                year = "finale" if target.is_final else target.year
                append_row(
                    cell_sheet, [indicator.code, target.cell_key, year, _number(target.value)]
                )
