"""Read and check a catalogue workbook into a plan, writing nothing.

Every problem is an `Issue` naming the sheet, the Excel row, the column and
the reason, in the user's language; the whole file is read so the user gets
every problem at once. What the recorded services forbid (a value in use
removed, a detail in use retyped) is checked here too, so a refused file
never reaches the services half-applied.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from suivi.beneficiaries import schema
from suivi.beneficiaries.services import reference
from suivi.beneficiaries.services.catalogue import changes_in_use
from suivi.interop.catalogue import template as t
from suivi.interop.catalogue.selectors import Known
from suivi.interop.logframe.sheet import Sheet, cell_text
from suivi.interop.logframe.template import NO_ALIASES, YES_ALIASES
from suivi.interop.reading.issues import FileIssuesError, Issue, IssueList
from suivi.interop.reading.workbooks import open_workbook
from suivi.interop.records.rows import parse_date
from suivi.programmes.models import Intervention


class CatalogueFileError(FileIssuesError):
    """The workbook has issues; nothing was written."""


@dataclass
class ServicePlan:
    row: int
    code: str
    labels: dict[str, str]
    needs_centre: bool
    organisations: list[str]
    serves: list[str]
    order: int
    retired: bool
    details: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CentrePlan:
    row: int
    code: str
    organisation: str
    name: str
    city: str
    region: str
    trades: list[str]
    periods: list[tuple[datetime.date, datetime.date | None]] | None = None


@dataclass
class Plan:
    intervention: Intervention | None = None
    places: bool = True
    services: list[ServicePlan] = field(default_factory=list)
    trades: list[tuple[str, dict[str, str], bool]] = field(default_factory=list)
    centres: list[CentrePlan] = field(default_factory=list)


def read_catalogue(
    source: IO[bytes],
    known: Known,
    progress: Callable[[int, int], None] | None = None,
    *,
    places: bool = True,
) -> Plan:
    """Parse and check `source` against what exists (`known`, from
    `selectors.known_codes`); raise CatalogueFileError or return the plan.
    `places=False` reads the services only, without their organisations
    (trades, centres, periods and links left as they are: test builders).
    Without an intervention (`known.chain` is None) the "Sert" column is
    not read."""
    issues = IssueList()
    try:
        workbook = open_workbook(source, issues.limits)
    except FileIssuesError as error:
        raise CatalogueFileError(error.issues) from error
    try:
        reader = _Reader(workbook, issues, known, places)
        plan = reader.read(progress)
    except FileIssuesError as error:
        raise CatalogueFileError(error.issues) from error
    finally:
        workbook.close()
    if issues:
        raise CatalogueFileError(issues.sorted())
    return plan


def _yes(sheet: Sheet, row: int, key: str, raw: object) -> bool:
    value = cell_text(raw).lower()
    if value in YES_ALIASES:
        return True
    if value not in NO_ALIASES:
        sheet.issue(row, key, _("Write oui or non."))
    return False


def _codes(raw: object) -> list[str]:
    return [part.strip() for part in cell_text(raw).replace(";", ",").split(",") if part.strip()]


class _Reader:
    def __init__(self, workbook: Any, issues: IssueList, known: Known, places: bool) -> None:
        self.workbook, self.issues, self.known, self.places = workbook, issues, known, places
        self.sheets = {name: Sheet(workbook, name, t.COLUMNS[name], issues) for name in t.SHEETS}

    def read(self, progress: Callable[[int, int], None] | None) -> Plan:
        for name in self.workbook.sheetnames:
            if name not in t.SHEETS and name != t.README_SHEET:
                self.issues.append(
                    Issue(
                        name[:40],
                        None,
                        "",
                        _("Unknown sheet: the catalogue workbook has the sheets %(sheets)s.")
                        % {"sheets": ", ".join(f"« {n} »" for n in t.SHEETS)},
                    )
                )
        if not self.sheets[t.SERVICE_SHEET].present and not self.sheets[t.CENTRE_SHEET].present:
            self.issues.append(
                Issue(
                    t.SERVICE_SHEET, None, "", _("The workbook has neither services nor centres.")
                )
            )
            return Plan()
        plan = Plan()
        if self.places:
            plan.trades = self._trades()
        services = self._services()
        plan.services = list(services.values())
        details = self._details(services)
        self._values(services, details)
        for position, service in enumerate(plan.services, start=1):
            self._check_service(service)
            if progress:
                progress(position, len(plan.services))
        if self.places:
            trade_codes = self.known.trades | {code for code, _l, _t in plan.trades}
            plan.centres = self._centres(trade_codes)
            self._periods(plan.centres)
        return plan

    # --- rows -------------------------------------------------------------

    def _labels(self, sheet: Sheet, row: int, values: dict[str, object]) -> dict[str, str]:
        labels = {
            language: sheet.text_cell(row, key, values.get(key))
            for language, key in (("fr", "name"), ("ar", "name_ar"), ("en", "name_en"))
        }
        if not labels["fr"]:
            sheet.issue(row, "name", _("The French label is missing."))
        return labels

    def _code(
        self, sheet: Sheet, row: int, key: str, raw: object, pattern: re.Pattern[str] = schema.CODE
    ) -> str:
        code = cell_text(raw)
        if not pattern.match(code):
            sheet.issue(
                row,
                key,
                _("A code is lower-case letters, digits and _ (« %(code)s »).")
                % {"code": code[:40]},
            )
        return code

    def _trades(self) -> list[tuple[str, dict[str, str], bool]]:
        sheet, result = self.sheets[t.TRADE_SHEET], []
        seen: set[str] = set()
        for row, values, _formats in sheet.rows():
            code = self._code(sheet, row, "code", values.get("code"), schema.SLUG)
            if code in seen:
                sheet.issue(row, "code", _("This code is listed twice."))
            seen.add(code)
            labels = self._labels(sheet, row, values)
            result.append((code, labels, _yes(sheet, row, "technical", values.get("technical"))))
        return result

    def _services(self) -> dict[str, ServicePlan]:
        sheet, result = self.sheets[t.SERVICE_SHEET], {}
        for row, values, _formats in sheet.rows():
            code = self._code(sheet, row, "code", values.get("code"))
            if code in result:
                sheet.issue(row, "code", _("This code is listed twice."))
                continue
            labels = self._labels(sheet, row, values)
            organisations = _codes(values.get("organisations")) if self.places else []
            for unknown in [c for c in organisations if c not in self.known.organisations]:
                sheet.issue(
                    row,
                    "organisations",
                    _("Unknown organisation « %(code)s ».") % {"code": unknown[:40]},
                )
            chain = self.known.chain
            serves = _codes(values.get("serves")) if chain is not None else []
            for unknown in [c for c in serves if chain is not None and c not in chain]:
                sheet.issue(
                    row,
                    "serves",
                    _("No output or activity « %(code)s » in this intervention.")
                    % {"code": unknown[:40]},
                )
            order_text = cell_text(values.get("order"))
            if order_text and not order_text.isdigit():
                sheet.issue(row, "order", _("A whole number is expected."))
            result[code] = ServicePlan(
                row=row,
                code=code,
                labels=labels,
                needs_centre=_yes(sheet, row, "needs_centre", values.get("needs_centre")),
                organisations=organisations,
                serves=serves,
                order=int(order_text) if order_text.isdigit() else row,
                retired=_yes(sheet, row, "retired", values.get("retired")),
            )
        return result

    def _details(self, services: dict[str, ServicePlan]) -> dict[tuple[str, str], dict[str, Any]]:
        sheet, result = self.sheets[t.DETAIL_SHEET], {}
        for row, values, _formats in sheet.rows():
            service = cell_text(values.get("service"))
            if service not in services:
                sheet.issue(
                    row,
                    "service",
                    _("« %(code)s » is not on the sheet Services.") % {"code": service[:40]},
                )
                continue
            code = self._code(sheet, row, "code", values.get("code"))
            if (service, code) in result:
                sheet.issue(row, "code", _("This detail is listed twice for the service."))
                continue
            kind = t.KIND_ALIASES.get(cell_text(values.get("kind")).lower())
            if kind is None:
                sheet.issue(
                    row,
                    "kind",
                    _("« %(value)s » is not one of: %(allowed)s.")
                    % {
                        "value": cell_text(values.get("kind"))[:40],
                        "allowed": ", ".join(t.KIND_WORDS.values()),
                    },
                )
            detail = {
                "name": code,
                "type": kind or "text",
                "required": _yes(sheet, row, "required", values.get("required")),
                "labels": self._labels(sheet, row, values),
                "row": row,
            }
            if kind == "choice":
                detail["choices"] = []
            result[(service, code)] = detail
            services[service].details.append(detail)
        return result

    def _values(
        self, services: dict[str, ServicePlan], details: dict[tuple[str, str], dict[str, Any]]
    ) -> None:
        sheet = self.sheets[t.VALUE_SHEET]
        for row, values, _formats in sheet.rows():
            key = (cell_text(values.get("service")), cell_text(values.get("detail")))
            detail = details.get(key)
            if detail is None or "choices" not in detail:
                sheet.issue(
                    row,
                    "detail",
                    _("« %(service)s › %(detail)s » is not a choice detail on the sheet Détails.")
                    % {"service": key[0][:40], "detail": key[1][:40]},
                )
                continue
            code = self._code(sheet, row, "code", values.get("code"), schema.VALUE)
            if any(choice["value"] == code for choice in detail["choices"]):
                sheet.issue(row, "code", _("This value is listed twice for the detail."))
                continue
            detail["choices"].append(
                {
                    "value": code,
                    "labels": self._labels(sheet, row, values),
                    "retired": _yes(sheet, row, "retired", values.get("retired")),
                }
            )
        detail_sheet = self.sheets[t.DETAIL_SHEET]
        for detail in details.values():
            if detail.get("choices") == []:
                detail_sheet.issue(
                    detail["row"],
                    "kind",
                    _("A choice detail lists its values on the sheet Valeurs."),
                )

    def _check_service(self, service: ServicePlan) -> None:
        """What recorded services forbid, for a type that exists."""
        for detail in service.details:
            detail.pop("row", None)
        try:
            parsed = schema.parse(service.details)
        except ValidationError:
            return  # each problem was already reported on its row
        for problem in changes_in_use(self.known.service_types.get(service.code), parsed):
            self.issues.append(Issue(t.VALUE_SHEET, None, "", problem))

    def _centres(self, trade_codes: set[str]) -> list[CentrePlan]:
        sheet, result = self.sheets[t.CENTRE_SHEET], []
        seen: set[str] = set()
        for row, values, _formats in sheet.rows():
            code = self._code(sheet, row, "code", values.get("code"), schema.SLUG)
            if code in seen:
                sheet.issue(row, "code", _("This code is listed twice."))
            seen.add(code)
            organisation = cell_text(values.get("organisation"))
            if organisation not in self.known.organisations:
                sheet.issue(
                    row,
                    "organisation",
                    _("Unknown organisation « %(code)s ».") % {"code": organisation[:40]},
                )
            trades = _codes(values.get("trades"))
            for unknown in [c for c in trades if c not in trade_codes]:
                sheet.issue(
                    row, "trades", _("Unknown trade « %(code)s ».") % {"code": unknown[:40]}
                )
            name = sheet.text_cell(row, "name", values.get("name"))
            if not name:
                sheet.issue(row, "name", _("A value is required."))
            result.append(
                CentrePlan(
                    row=row,
                    code=code,
                    organisation=organisation,
                    name=name,
                    city=sheet.text_cell(row, "city", values.get("city")),
                    region=sheet.text_cell(row, "region", values.get("region")),
                    trades=trades,
                )
            )
        return result

    def _date(self, sheet: Sheet, row: int, key: str, raw: object) -> datetime.date | None:
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        if cell_text(raw) == "":
            return None
        # The partner spreadsheets' rule: the whole cell, ISO or DD/MM/YYYY.
        parsed = parse_date(cell_text(raw))
        if parsed is None:
            sheet.issue(row, key, _("Write the date as YYYY-MM-DD."))
        return parsed

    def _periods(self, centres: list[CentrePlan]) -> None:
        sheet = self.sheets[t.PERIOD_SHEET]
        if not sheet.present:
            return  # the periods stay as they are
        by_code = {centre.code: centre for centre in centres}
        rows: dict[str, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
        for row, values, _formats in sheet.rows():
            code = cell_text(values.get("centre"))
            if code not in by_code:
                sheet.issue(
                    row,
                    "centre",
                    _("« %(code)s » is not on the sheet Centres.") % {"code": code[:40]},
                )
                continue
            start = self._date(sheet, row, "starts_on", values.get("starts_on"))
            end = self._date(sheet, row, "ends_on", values.get("ends_on"))
            if start is None:
                if cell_text(values.get("starts_on")) == "":
                    sheet.issue(row, "starts_on", _("A value is required."))
                continue
            rows[code].append((row, start, end))
        for centre in centres:
            periods = sorted(rows.get(centre.code, []), key=lambda item: item[1])
            try:
                centre.periods = reference.check_periods([(s, e) for _row, s, e in periods])
            except ValidationError as error:
                sheet.issue(periods[0][0], "starts_on", error.messages[0])
