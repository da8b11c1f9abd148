"""Formula payloads through every import and every export: accepted as text,
written back as text (xlsx string cells, escaped csv cells), and a logframe
exported then imported keeps its titles to the character."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.models import Person
from suivi.beneficiaries.services import catalogue as service_catalogue
from suivi.beneficiaries.tests.factories import categories
from suivi.core.tabular import append_row, unescape_csv_text
from suivi.demo import catalogue
from suivi.indicators import progress_export
from suivi.indicators.models import IndicatorVersion
from suivi.indicators.selectors.progress import progress_table
from suivi.indicators.services import measurements, periods
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import indicator, sex_dimension
from suivi.interop.logframe import template as t
from suivi.interop.logframe.exporter import write_workbook
from suivi.interop.logframe.importer import import_logframe
from suivi.interop.logframe.selectors import framework_for_export
from suivi.interop.records import template as records_template
from suivi.interop.records.importer import import_records
from suivi.programmes.models import Activity, ResultNode
from suivi.programmes.tests.factories import InterventionFactory, ResultFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
]
# Imports trim the spaces, tabs and line breaks around a cell's text.
STORED = [payload.strip() for payload in PAYLOADS]


@pytest.fixture(autouse=True)
def _rows_only_through_the_helper(monkeypatch):
    """A row appended to a worksheet must be cells made by `core.tabular`,
    never raw values openpyxl would turn into formulas."""
    append = Worksheet.append

    def checked(sheet, iterable):
        row = list(iterable)
        assert all(isinstance(cell, Cell) for cell in row), row
        return append(sheet, row)

    monkeypatch.setattr(Worksheet, "append", checked)


def _texts(sheet):
    """(value, data type) of every text cell of `sheet`."""
    return {
        (cell.value, cell.data_type)
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


# --- logframe workbook --------------------------------------------------------


def _logframe_workbook():
    """A workbook as a user's Excel saves it with payloads typed as text."""
    book = Workbook()
    book.remove(book.active)
    revision = book.create_sheet(t.REVISION_SHEET)
    append_row(revision, ["Libellé", PAYLOADS[0]])
    chain = book.create_sheet(t.CHAIN_SHEET)
    append_row(chain, [c.header for c in t.CHAIN_COLUMNS])
    append_row(chain, ["impact", "OG", "", PAYLOADS[0], "", "", PAYLOADS[1]])
    append_row(chain, ["outcome", "OS", "OG", PAYLOADS[2], "", "", PAYLOADS[3]])
    append_row(chain, ["output", "OI1", "OS", PAYLOADS[4], "", "", PAYLOADS[5]])
    append_row(chain, ["activity", "A0101", "OI1", PAYLOADS[6], "", "regie", ""])
    indicators = book.create_sheet(t.INDICATOR_SHEET)
    append_row(indicators, [c.header for c in t.INDICATOR_COLUMNS])
    for number, payload in enumerate(PAYLOADS, start=1):
        described = [f"Ind{number}", "OI1", payload, "count", "", "periodic", ""]
        append_row(indicators, [*described, payload, "", "", -3, 2018, payload, "", "", 10])
    actions = book.create_sheet(t.ACTION_SHEET)
    append_row(actions, [c.header for c in t.ACTION_COLUMNS])
    for payload in PAYLOADS:
        append_row(actions, ["A0101", 2018, payload])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def logframe():
    OrganisationFactory(code="en")
    sex_dimension()
    intervention = InterventionFactory()
    import_logframe(actor=SYSTEM, intervention=intervention, source=_logframe_workbook())
    return intervention


def _framework_texts(intervention):
    results = ResultNode.objects.filter(intervention=intervention).order_by("code")
    versions = IndicatorVersion.objects.filter(indicator__intervention=intervention).order_by(
        "indicator__code"
    )
    activity = Activity.objects.get(code="A0101")
    return {
        "results": {node.code: (node.title, node.assumptions) for node in results},
        "indicators": [
            (v.title, v.source_of_verification, v.baseline_comment, v.baseline_value)
            for v in versions
        ],
        "activity": activity.title,
        "actions": list(activity.actions.values_list("title", flat=True)),
    }


def test_logframe_import_keeps_payloads_as_text(logframe):
    texts = _framework_texts(logframe)
    assert texts["results"] == {
        "OG": (STORED[0], STORED[1]),
        "OS": (STORED[2], STORED[3]),
        "OI1": (STORED[4], STORED[5]),
    }
    assert [title for title, *_ in texts["indicators"]] == STORED
    assert texts["indicators"][0][1:] == (STORED[0], STORED[0], Decimal(-3))
    assert texts["activity"] == STORED[6] and texts["actions"] == STORED


def test_logframe_export_writes_payloads_as_string_cells(logframe):
    book = load_workbook(io.BytesIO(write_workbook(framework_for_export(SYSTEM, logframe))))
    chain = _texts(book[t.CHAIN_SHEET])
    indicators = _texts(book[t.INDICATOR_SHEET])
    actions = _texts(book[t.ACTION_SHEET])
    for stored in STORED:
        assert (stored, "s") in indicators and (stored, "s") in actions
    for stored in STORED[:4] + STORED[6:]:
        assert (stored, "s") in chain
    assert (STORED[0], "s") in _texts(book[t.REVISION_SHEET])
    assert book[t.INDICATOR_SHEET]["K2"].value == -3  # a number stays a number
    for sheet in book.worksheets:
        assert all(data_type != "f" for _value, data_type in _texts(sheet))


def test_logframe_export_then_import_keeps_every_title(logframe):
    before = _framework_texts(logframe)
    exported = io.BytesIO(write_workbook(framework_for_export(SYSTEM, logframe)))
    assert import_logframe(actor=SYSTEM, intervention=logframe, source=exported).revision is None
    assert _framework_texts(logframe) == before


# --- partner records ----------------------------------------------------------


@pytest.fixture
def en():
    categories()
    catalogue.install(SYSTEM)
    return OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)


def _person(number, given_name, family_name):
    return (
        [f"EN-{number}", given_name, family_name, "femme", "", "", "refugee"]
        + [""] * 4
        + [
            "2020-01-10",
            "2020-01-10",
        ]
    )


def _persons_file(extension, cells=lambda text: text):
    headers = [c.header for c in records_template.PERSON_COLUMNS]
    rows = [
        _person(number, cells(payload), cells(payload))
        for number, payload in enumerate(PAYLOADS, start=1)
    ]
    if extension == "csv":
        # A partner's own csv (written by another tool, no escaping).
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";")
        writer.writerow(headers)
        writer.writerows(rows)
        return io.BytesIO(text.getvalue().encode("utf-8-sig"))
    book = Workbook()
    append_row(book.active, headers)
    for row in rows:
        append_row(book.active, row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_records_import_keeps_payload_names_as_text(en, extension):
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_persons_file(extension),
        filename=f"personnes.{extension}",
    )
    assert outcome.created == len(PAYLOADS)
    names = Person.objects.order_by("partner_record_id").values_list("given_name", "family_name")
    assert list(names) == [(stored, stored) for stored in STORED]


def test_records_import_reads_an_escaped_csv_back_as_the_text(en):
    import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_persons_file("csv", cells=lambda text: "'" + text),
        filename="personnes.csv",
    )
    names = Person.objects.order_by("partner_record_id").values_list("given_name", flat=True)
    assert list(names) == STORED


def test_records_template_writes_a_service_label_as_text(en):
    service_catalogue.put_service_type(actor=SYSTEM, code="payload", name=PAYLOADS[0], order=99)
    book = load_workbook(io.BytesIO(records_template.write_template("events")))
    help_texts = {text for sheet in book.worksheets for text in _texts(sheet)}
    assert (PAYLOADS[0], "s") in help_texts
    assert all(data_type == "s" for _value, data_type in help_texts)


# --- progress table -----------------------------------------------------------


@pytest.fixture
def progress_rows():
    result = ResultFactory()
    first, *_others = [
        indicator(code=f"P-{number}", title=payload, unit="text", result=result, targets=())
        for number, payload in enumerate(PAYLOADS)
    ]
    period = periods.ensure_period(actor=SYSTEM, intervention=first.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=SYSTEM, indicator=first, period=period, values=[CellValue(text=PAYLOADS[6])]
    )
    measurements.submit(actor=SYSTEM, measurement=measurement)
    measurements.approve(actor=SYSTEM, measurement=measurement)
    return progress_table(SYSTEM, first.intervention, 2020)


def test_progress_table_xlsx_writes_payloads_as_string_cells(progress_rows):
    body = progress_export.to_xlsx(progress_rows, title="Progression 2020")
    texts = _texts(load_workbook(io.BytesIO(body)).active)
    # Titles are stored as clean text (trimmed): the export writes what is stored.
    for payload in STORED:
        assert (payload, "s") in texts
    assert all(data_type == "s" for _value, data_type in texts)


def test_progress_table_csv_escapes_payloads_and_reads_back_losslessly(progress_rows):
    body = progress_export.to_csv(progress_rows)
    rows = list(csv.reader(io.StringIO(body)))
    titles = [row[3] for row in rows[1:]]
    assert titles == ["'" + payload for payload in STORED]
    assert [unescape_csv_text(title) for title in titles] == STORED
    assert rows[1][7] == "'" + PAYLOADS[6]  # the text value of the reporting year
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for row in rows for cell in row)
