"""Rows of a logframe workbook: the issue record, the plan the reader fills,
and a sheet wrapper that maps headers to column keys and reports problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from suivi.core import text
from suivi.interop.logframe import template as t
from suivi.interop.reading.issues import FileIssuesError, FileRefusedError, Issue, IssueList
from suivi.interop.reading.limits import Deadline
from suivi.interop.reading.workbooks import header_row, sheet_rows

if TYPE_CHECKING:
    from suivi.accounts.models import Organisation
    from suivi.indicators.models import Dimension


class LogframeFileError(FileIssuesError):
    """The workbook has issues; nothing was written."""


@dataclass(frozen=True)
class ChainRow:
    row: int
    level: str
    code: str
    parent_code: str
    title: str
    budget_code: str
    execution_mode: str
    assumptions: str
    # None when the workbook has no such column: the stored version stays.
    title_ar: str | None = None
    title_en: str | None = None
    assumptions_ar: str | None = None
    assumptions_en: str | None = None


@dataclass(frozen=True)
class IndicatorRow:
    row: int
    code: str
    result_code: str
    title: str
    unit: str
    direction: str
    aggregation: str
    frequency: str
    source_of_verification: str
    responsible: Organisation | None
    dimensions: tuple[Dimension, ...]
    baseline_value: Decimal | None
    baseline_year: int | None
    baseline_comment: str
    replaces_code: str
    is_computed: bool
    targets: tuple[tuple[int, str, Decimal], ...]  # (year or Target.FINAL, cell key, value)
    # None when the workbook has no such column: the stored translation stays.
    title_ar: str | None = None
    title_en: str | None = None


@dataclass
class Plan:
    revision: dict[str, Any]
    chain: list[ChainRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    # (activity code, year) → actions in order, each (French, Arabic, English;
    # a translation None when its column is absent, which keeps the stored
    # one); None when the sheet is absent, which leaves the planned actions.
    actions: dict[tuple[str, int], list[tuple[str, str | None, str | None]]] | None = None
    # Indicator code → computation rule; None when the sheet is absent, which
    # leaves the definitions in force as they are.
    definitions: dict[str, dict[str, Any]] | None = None


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class Sheet:
    """Rows of one sheet as dicts keyed by column key, with Excel row numbers."""

    def __init__(
        self,
        workbook: Any,
        name: str,
        columns: list[t.Column],
        issues: IssueList,
        deadline: Deadline | None = None,
    ):
        self.name, self.columns, self.issues = name, columns, issues
        self.limits = issues.limits
        self.deadline = deadline or Deadline(self.limits.max_seconds)
        self.year_columns: dict[int, int] = {}
        self.present = name in workbook.sheetnames
        self.worksheet = workbook[name] if self.present else None

    def rows(self) -> Iterator[tuple[int, dict[str, object], dict[str, str]]]:
        """Data rows (blank ones skipped) as values and number formats by
        column key; only the columns up to the last header are read."""
        if self.worksheet is None:
            return
        headers = [cell_text(value) for value in header_row(self.worksheet, self.limits)]
        while headers and not headers[-1]:
            headers.pop()
        if len(headers) > self.limits.max_columns:
            raise FileRefusedError(
                _("The first row has more than %(count)d columns: is it the row of column names?")
                % {"count": self.limits.max_columns},
                sheet=self.name,
                row=1,
            )
        positions: dict[str, int] = {}
        for column in self.columns:
            if column.header in headers:
                positions[column.key] = headers.index(column.header)
            elif column.required:
                self.issues.add(self.name, 1, column.header, _("This required column is missing."))
        for index, header in enumerate(headers):
            if header.startswith(t.YEAR_TARGET_PREFIX):
                year_text = header[len(t.YEAR_TARGET_PREFIX) :].strip()
                if year_text.isdigit():
                    self.year_columns[int(year_text)] = index
        for row_number, row_cells in sheet_rows(
            self.worksheet, len(headers), self.limits, self.deadline, values_only=False
        ):
            if all(c.value in (None, "") for c in row_cells):
                continue
            values: dict[str, object] = {}
            formats: dict[str, str] = {}
            for key, index in positions.items():
                cell = row_cells[index] if index < len(row_cells) else None
                values[key] = cell.value if cell is not None else None
                formats[key] = getattr(cell, "number_format", "") or ""
            for year, index in self.year_columns.items():
                cell = row_cells[index] if index < len(row_cells) else None
                values[f"year:{year}"] = cell.value if cell is not None else None
                formats[f"year:{year}"] = getattr(cell, "number_format", "") or ""
            yield row_number, values, formats

    def text_cell(
        self, row: int, key: str, raw: object, rule: Callable[[str], str] = text.clean_line
    ) -> str:
        """The cell as clean text (`suivi.core.text`: one line unless `rule`
        says otherwise); an issue on the cell when it holds a control
        character, so the file is refused before the services see it."""
        value = cell_text(raw)
        try:
            return rule(value)
        except ValidationError as error:
            self.issue(row, key, error.messages[0])
            return value

    def issue(self, row: int, key: str, message: str) -> None:
        header = next((c.header for c in self.columns if c.key == key), key)
        if key.startswith("year:"):
            header = t.YEAR_TARGET_PREFIX + key[5:]
        self.issues.append(Issue(self.name, row, header, message))


def parse_number(sheet: Sheet, row: int, key: str, raw: object, fmt: str) -> Decimal | None:
    if raw is None or cell_text(raw) == "":
        return None
    try:
        if isinstance(raw, bool):
            raise InvalidOperation
        number = Decimal(str(raw).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        sheet.issue(row, key, _("« %(value)s » is not a number.") % {"value": cell_text(raw)})
        return None
    # A cell formatted as a percentage in Excel holds 0.41 for 41 %.
    if "%" in fmt and not isinstance(raw, str):
        number *= 100
    return number.normalize() if number == number.to_integral() else number


def parse_choice(
    sheet: Sheet, row: int, key: str, raw: object, allowed: list[str], default: str = ""
) -> str:
    value = cell_text(raw).lower()
    if not value:
        if default:
            return default
        sheet.issue(row, key, _("A value is required."))
        return ""
    if value not in allowed:
        sheet.issue(
            row,
            key,
            _("« %(value)s » is not one of: %(allowed)s.")
            % {"value": cell_text(raw), "allowed": ", ".join(allowed)},
        )
        return ""
    return value
