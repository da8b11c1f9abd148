"""Write the service catalogue into its workbook.

Exporting and importing the result changes nothing: the exporter writes
exactly the columns the reader reads. Every cell goes through
`suivi.core.tabular.append_row` (a label such as ``=HYPERLINK(…)`` is
written as text).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from suivi.beneficiaries.models import EventType
from suivi.core.tabular import append_row
from suivi.interop.catalogue import template as t
from suivi.interop.catalogue.selectors import Catalogue
from suivi.interop.logframe.exporter import _header


def _yes(value: bool) -> str:
    return "oui" if value else "non"


def _labels(labels: dict[str, str]) -> list[str]:
    return [labels.get("fr", ""), labels.get("ar", ""), labels.get("en", "")]


def _sheet(workbook: Workbook, name: str) -> Worksheet:
    sheet = workbook.create_sheet(name)
    columns = t.COLUMNS[name]
    _header(sheet, [c.header for c in columns], [max(12, len(c.header) + 4) for c in columns])
    return sheet


def _serves(event_type: EventType) -> str:
    codes = [node.code for node in event_type.outputs.all()]
    codes += [activity.code for activity in event_type.activities.all()]
    return ", ".join(codes)


def write_catalogue(catalogue: Catalogue) -> bytes:
    """The workbook of `catalogue` (`selectors.catalogue_for_export`)."""
    workbook = Workbook()
    readme = workbook.active
    readme.title = t.README_SHEET
    _write_readme(readme)
    services = _sheet(workbook, t.SERVICE_SHEET)
    details = _sheet(workbook, t.DETAIL_SHEET)
    values = _sheet(workbook, t.VALUE_SHEET)
    for event_type in catalogue.service_types:
        append_row(
            services,
            [
                event_type.code,
                event_type.name,
                event_type.name_ar,
                event_type.name_en,
                _yes(event_type.needs_centre),
                ", ".join(o.code for o in event_type.organisations.all()),
                _serves(event_type),
                event_type.order,
                _yes(event_type.is_retired),
            ],
        )
        for detail in event_type.details:
            append_row(
                details,
                [
                    event_type.code,
                    detail.name,
                    *_labels(dict(detail.labels)),
                    t.KIND_WORDS[detail.kind],
                    _yes(detail.required),
                ],
            )
            for choice in detail.choices:
                append_row(
                    values,
                    [
                        event_type.code,
                        detail.name,
                        choice.value,
                        *_labels(dict(choice.labels)),
                        _yes(choice.retired),
                    ],
                )
    trades = _sheet(workbook, t.TRADE_SHEET)
    for trade in catalogue.trades:
        append_row(
            trades,
            [trade.code, trade.name, trade.name_ar, trade.name_en, _yes(trade.is_technical)],
        )
    centres = _sheet(workbook, t.CENTRE_SHEET)
    periods = _sheet(workbook, t.PERIOD_SHEET)
    for centre in catalogue.centres:
        append_row(
            centres,
            [
                centre.code,
                centre.organisation.code,
                centre.name,
                centre.city,
                centre.region,
                ", ".join(trade.code for trade in centre.trades.all()),
            ],
        )
        for period in centre.targeting_periods.all():
            append_row(periods, [centre.code, period.starts_on, period.ends_on])
            for cell in periods[periods.max_row][1:]:
                cell.number_format = "yyyy-mm-dd"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_readme(sheet: Worksheet) -> None:
    append_row(sheet, [_("Service catalogue and centres")])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(
        sheet,
        [
            _(
                "Edit the sheets, keep the headers, then import the file in Suivi. A value used "
                "by recorded services cannot be removed: write oui in its Retirée column."
            )
        ],
    )
    append_row(sheet, [])
    for name in t.SHEETS:
        append_row(sheet, [name])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for column in t.COLUMNS[name]:
            append_row(sheet, [column.header, str(column.help)])
        append_row(sheet, [])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
