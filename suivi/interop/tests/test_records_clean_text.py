"""Clean text through the partner import: the services refuse a control
character or an unknown nationality on its row and column, and nothing is
written; NFC, trimming and country names are taken silently."""

import io
import unicodedata
from datetime import date

import pytest
from openpyxl import Workbook

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.models import JourneyEvent, Person, Referral
from suivi.beneficiaries.services import persons, reference
from suivi.beneficiaries.tests.factories import categories
from suivi.demo import catalogue
from suivi.interop.records import template as t
from suivi.interop.records.importer import RecordsFileError, import_records

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in t.PERSON_COLUMNS]


def _row(partner_id="EN-1", given="Awa", family="Fictif", nationality="SN", city="Rabat"):
    return [
        partner_id,
        given,
        family,
        "femme",
        "1995",
        nationality,
        "refugee",
        city,
        "",
        "",
        "",
        "2020-01-10",
        "2020-01-10",
    ]


@pytest.fixture
def en():
    categories()
    catalogue.install(SYSTEM)
    organisation = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    reference.put_centre(
        actor=SYSTEM, organisation=organisation, code="en-rabat", name="EN Rabat", city="Rabat"
    )
    return organisation


def _xlsx(headers, rows):
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _csv(headers, rows):
    lines = [";".join(headers), *(";".join(row) for row in rows)]
    return io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))


def _import(organisation, source, kind="persons", filename="f.xlsx"):
    return import_records(
        actor=SYSTEM, organisation=organisation, kind=kind, source=source, filename=filename
    )


def _issues(organisation, source, kind="persons", filename="f.xlsx"):
    with pytest.raises(RecordsFileError) as error:
        _import(organisation, source, kind, filename)
    return {(issue.row, issue.column): issue.message for issue in error.value.issues}


def test_a_bidi_override_or_an_unknown_nationality_is_refused_on_its_row(en):
    rows = [
        _row(),
        _row("EN-2", given="Awa\u202eFictif"),
        _row("EN-3", nationality="<>"),
        _row("EN-4", family="Fictif\u200b", city="Fès\u2066"),
    ]
    issues = _issues(en, _xlsx(HEADERS, rows))
    assert issues == {
        (3, "Prénom"): "Remove the invisible control character U+202E (right-to-left override).",
        (4, "Nationalité"): "« <> » is not a country: write its ISO code (SN, CI…) or its name.",
        (5, "Nom"): "Remove the invisible control character U+200B (zero-width space).",
        (5, "Ville"): "Remove the invisible control character U+2066 (left-to-right isolate).",
    }
    assert not Person.objects.exists()  # the good first row was not kept either


def test_a_control_character_in_a_csv_cell_is_refused(en):
    issues = _issues(en, _csv(HEADERS, [_row(given="Awa\x07")]), filename="p.csv")
    assert issues == {(2, "Prénom"): "Remove the invisible control character U+0007."}
    assert not Person.objects.exists()


def test_names_are_normalised_and_nationalities_mapped_to_their_code(en):
    decomposed = unicodedata.normalize("NFD", "Aïssatou")
    rows = [
        _row("EN-1", given=f"{decomposed}\u00a0 Awa", nationality="sn"),
        _row("EN-2", nationality="Côte d’Ivoire"),
        _row("EN-3", nationality="السنغال"),
        _row("EN-4", nationality="CMR"),
    ]
    outcome = _import(en, _xlsx(HEADERS, rows))
    assert outcome.created == 4
    first = Person.objects.get(partner_record_id="EN-1")
    assert first.given_name == "Aïssatou Awa"
    assert unicodedata.is_normalized("NFC", first.given_name)
    nationalities = dict(Person.objects.values_list("partner_record_id", "nationality"))
    assert nationalities == {"EN-1": "SN", "EN-2": "CI", "EN-3": "SN", "EN-4": "CM"}


def test_a_control_character_in_a_service_detail_is_refused(en):
    _import(en, _xlsx(HEADERS, [_row()]))
    headers = [c.header for c in t.EVENT_COLUMNS] + ["employer", "contrat_aide"]
    rows = [
        ["S-1", "EN-1", "job_placement", "2020-02-01", "", "", "Atelier\u202eSA", "non"],
    ]
    issues = _issues(en, _xlsx(headers, rows), kind="events")
    assert issues == {
        (2, "employer"): "Remove the invisible control character U+202E (right-to-left override)."
    }
    assert not JourneyEvent.objects.exists()


def test_a_referral_note_keeps_its_lines_but_not_a_control_character(en):
    anapec = OrganisationFactory(code="anapec", kind=OrganisationKind.PUBLIC_AGENCY)
    _import(en, _xlsx(HEADERS, [_row()]))
    persons.give_consent(
        actor=SYSTEM,
        person=Person.objects.get(),
        kind="share",
        given_on=date(2020, 2, 1),
        organisation=anapec,
    )
    headers = [c.header for c in t.REFERRAL_COLUMNS]
    bad = [["EN-1", "anapec", "employment", "2020-03-01", "Recherche\ufeff d'emploi"]]
    issues = _issues(en, _xlsx(headers, bad), kind="referrals")
    assert issues == {
        (2, "Note"): "Remove the invisible control character U+FEFF (byte order mark)."
    }
    assert not Referral.objects.exists()
    assert not JourneyEvent.objects.exists()
    good = [["EN-1", "anapec", "employment", "2020-03-01", "Recherche d'emploi\r\nà Rabat"]]
    _import(en, _xlsx(headers, good), kind="referrals")
    assert Referral.objects.get().note == "Recherche d'emploi\nà Rabat"
