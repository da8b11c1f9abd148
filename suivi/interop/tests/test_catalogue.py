"""The service catalogue workbook: import, idempotence, export round trip,
bad input refused whole with sheet, row, column and reason."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.models import Centre, EventType, JourneyEvent, TargetingPeriod, Trade
from suivi.beneficiaries.tests.factories import categories, event, person
from suivi.core.models import AuditEvent
from suivi.demo import catalogue as demo_catalogue
from suivi.interop.catalogue import template as t
from suivi.interop.catalogue.exporter import write_catalogue
from suivi.interop.catalogue.importer import import_catalogue
from suivi.interop.catalogue.reader import CatalogueFileError
from suivi.interop.catalogue.selectors import catalogue_for_export
from suivi.programmes.models import Activity
from suivi.programmes.tests.factories import RevisionFactory

pytestmark = pytest.mark.django_db

PARTNERS = ("en", "anapec", "amappe", "care", "remess")


@pytest.fixture
def partners():
    categories()
    return {code: OrganisationFactory(code=code, kind=OrganisationKind.NGO) for code in PARTNERS}


@pytest.fixture
def intervention():
    """An intervention whose chain holds the activities the demo workbook names."""
    revision = RevisionFactory()
    output = revision.intervention.results.create(
        introduced_in=revision, code="OI1", level="output", title="Formation"
    )
    for code in ("A0101", "A0102", "A0103", "A0104", "A0202", "A0203", "A0204"):
        Activity.objects.create(
            intervention=revision.intervention,
            introduced_in=revision,
            output=output,
            code=code,
            title=code,
        )
    return revision.intervention


def demo_workbook(change: Callable[[Workbook], None] | None = None) -> io.BytesIO:
    """The demo's catalogue workbook, changed by `change`."""
    book = load_workbook(demo_catalogue.WORKBOOK)
    if change is not None:
        change(book)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


def run(source, intervention=None):
    return import_catalogue(actor=SYSTEM, intervention=intervention, source=source)


def issues_of(source, intervention=None) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(CatalogueFileError) as refused:
        run(source, intervention)
    return [(i.sheet, i.row, i.column, i.message) for i in refused.value.issues]


def counts() -> tuple[int, int, int, int]:
    return (
        EventType.objects.count(),
        Trade.objects.count(),
        Centre.objects.count(),
        TargetingPeriod.objects.count(),
    )


def test_the_demo_workbook_creates_the_catalogue_then_changes_nothing(partners, intervention):
    result = run(demo_workbook(), intervention)
    assert counts() == (11, 6, 9, 8)
    assert len(result.created) == 11 + 6 + 9
    channel = EventType.objects.get(code="anapec_registration").detail("channel")
    assert channel is not None
    assert [c.labels["ar"] for c in channel.choices] == [
        "عون التعبئة المجتمعية",
        "إحالة",
        "حضور تلقائي",
    ]
    enrolment = EventType.objects.get(code="training_enrolment")
    assert [o.code for o in enrolment.organisations.all()] == ["en"]
    assert [a.code for a in enrolment.activities.all()] == ["A0102"]
    assert Centre.objects.get(code="en-sale").is_targeted_on(date(2020, 9, 1))
    assert not Centre.objects.get(code="en-sale").is_targeted_on(date(2020, 8, 31))

    events_before = AuditEvent.objects.count()
    again = run(demo_workbook(), intervention)
    assert (again.created, again.changed) == ([], [])
    assert "nothing was written" in again.summary()
    assert AuditEvent.objects.count() == events_before


def test_an_exported_catalogue_imports_back_unchanged(partners, intervention):
    run(demo_workbook(), intervention)
    exported = write_catalogue(catalogue_for_export(SYSTEM, intervention))
    result = run(io.BytesIO(exported), intervention)
    assert (result.created, result.changed) == ([], [])


def test_a_changed_label_and_period_are_written_and_audited(partners, intervention):
    run(demo_workbook(), intervention)

    def change(book):
        book[t.DETAIL_SHEET]["E2"] = "Academic year"  # school_year, English
        book[t.PERIOD_SHEET]["C2"] = date(2021, 6, 30)  # en-rabat stops being targeted

    result = run(demo_workbook(change), intervention)
    assert result.changed == ["service training_enrolment", "centre en-rabat"]
    detail = EventType.objects.get(code="training_enrolment").detail("school_year")
    assert detail is not None and detail.labels["en"] == "Academic year"
    assert not Centre.objects.get(code="en-rabat").is_targeted_on(date(2021, 7, 1))
    assert AuditEvent.objects.filter(action="beneficiaries.centre.changed").count() == 1


def _rows(sheet_name: str, *rows: list[object]) -> Callable[[Workbook], None]:
    def change(book):
        for row in rows:
            book[sheet_name].append(row)

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda book: book.create_sheet("Budget"),
            ("Budget", None, "", "Unknown sheet"),
        ),
        (
            _rows(t.SERVICE_SHEET, ["exam_result", "Examen", "", "", "non", "", "", 99, "non"]),
            ("Services", 13, "Code", "This code is listed twice."),
        ),
        (
            _rows(t.SERVICE_SHEET, ["coaching", "", "تدريب", "Coaching", "non", "", "", 12, ""]),
            ("Services", 13, "Libellé (fr)", "The French label is missing."),
        ),
        (
            _rows(t.DETAIL_SHEET, ["exam_result", "grade", "Note", "", "", "lettre", "non"]),
            ("Détails", 21, "Type", "« lettre » is not one of"),
        ),
        (
            _rows(t.SERVICE_SHEET, ["coaching", "Coaching", "", "", "peut-être", "", "", 12, ""]),
            ("Services", 13, "Dans un centre", "Write oui or non."),
        ),
        (
            _rows(t.SERVICE_SHEET, ["coaching", "Coaching", "", "", "non", "oxfam", "", 12, ""]),
            ("Services", 13, "Enregistré par", "Unknown organisation « oxfam »."),
        ),
        (
            _rows(t.VALUE_SHEET, ["exam_result", "passed", "maybe", "Peut-être", "", "", "non"]),
            ("Valeurs", 24, "Détail", "is not a choice detail"),
        ),
        (
            _rows(t.PERIOD_SHEET, ["en-rabat", date(2019, 1, 1), None]),
            ("Périodes ciblées", 2, "Du", "overlaps the one before it"),
        ),
        (
            _rows(t.PERIOD_SHEET, ["en-oujda", "2020-01-01", None]),
            ("Périodes ciblées", 10, "Centre", "« en-oujda » is not on the sheet Centres."),
        ),
        (
            _rows(t.CENTRE_SHEET, ["EN Oujda", "en", "EN Oujda", "Oujda", "", "plomberie"]),
            ("Centres", 11, "Code", "A code is lower-case"),
        ),
    ],
    ids=[
        "unknown-sheet",
        "duplicate-code",
        "no-french-label",
        "unknown-type",
        "bad-yes-no",
        "unknown-organisation",
        "value-of-a-yes-no-detail",
        "overlapping-periods",
        "period-of-an-unknown-centre",
        "bad-centre-code",
    ],
)
def test_a_bad_workbook_is_refused_whole_naming_the_place(partners, intervention, change, expected):
    issues = issues_of(demo_workbook(change), intervention)
    sheet, row, column, message = expected
    assert any((i[0], i[1], i[2]) == (sheet, row, column) and message in i[3] for i in issues), (
        issues
    )
    assert counts() == (0, 0, 0, 0)


def test_a_value_in_use_is_retired_never_removed(partners, intervention):
    run(demo_workbook(), intervention)
    anapec = partners["anapec"]
    someone = person(anapec)
    event(
        someone,
        "anapec_registration",
        organisation=anapec,
        centre=Centre.objects.get(code="anapec-rabat"),
        attributes={"channel": "walk_in"},
    )

    def remove_walk_in(book):
        sheet = book[t.VALUE_SHEET]
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, 3).value == "walk_in":
                sheet.delete_rows(row)
                return

    issues = issues_of(demo_workbook(remove_walk_in), intervention)
    assert any("walk_in" in message and "retire it" in message for *_w, message in issues)

    def retire_walk_in(book):
        sheet = book[t.VALUE_SHEET]
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, 3).value == "walk_in":
                sheet.cell(row, 7).value = "oui"

    assert run(demo_workbook(retire_walk_in), intervention).changed == [
        "service anapec_registration"
    ]
    registration = EventType.objects.get(code="anapec_registration")
    channel = registration.detail("channel")
    assert channel is not None and "walk_in" not in [c.value for c in channel.open_choices]
    recorded = JourneyEvent.objects.get(event_type=registration)
    assert ("How they came", "Walk-in") in recorded.described_details  # still labelled


def test_the_command_imports_or_lists_the_issues_and_fails(partners, intervention, tmp_path):
    good = tmp_path / "catalogue.xlsx"
    good.write_bytes(demo_workbook().getvalue())
    out = io.StringIO()
    call_command("import_catalogue", str(good), intervention=intervention.code, stdout=out)
    assert "26 entries created" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(demo_workbook(lambda book: book.create_sheet("Notes")).getvalue())
    errors = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_catalogue", str(bad), intervention=intervention.code, stderr=errors)
    assert "Notes" in errors.getvalue()


def test_without_an_intervention_the_links_to_the_logframe_are_left_alone(partners):
    run(demo_workbook())  # test builders: no intervention
    assert EventType.objects.count() == 11
    assert not EventType.objects.get(code="training_enrolment").activities.exists()


def test_only_the_m_and_e_staff_import(partners, intervention):
    from django.core.exceptions import PermissionDenied

    from suivi.accounts.tests.factories import UserFactory

    partner = UserFactory()
    with pytest.raises(PermissionDenied):
        import_catalogue(actor=partner, intervention=intervention, source=demo_workbook())
    assert counts() == (0, 0, 0, 0)
