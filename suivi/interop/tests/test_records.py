"""Partner spreadsheets of persons and services: checks, all or nothing, idempotence."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.models import JourneyEvent, Person
from suivi.core.models import AuditEvent
from suivi.interop.records import template as t
from suivi.interop.records.importer import RecordsFileError, import_records

pytestmark = pytest.mark.django_db

PERSON_HEADERS = [c.header for c in t.PERSON_COLUMNS]
GOOD = [
    "EN-1",
    "Awa",
    "Fictif",
    "femme",
    "1995",
    "SN",
    "refugee",
    "Rabat",
    "0661234567",
    "residence_card",
    "AB123456",
    "2020-01-10",
    "2020-01-10",
]


def _xlsx(headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _csv(headers, rows):
    text = ";".join(headers) + "\n" + "\n".join(";".join(r) for r in rows) + "\n"
    return io.BytesIO(text.encode("utf-8-sig"))


def _issues(source, en, kind="persons", filename="f.xlsx"):
    with pytest.raises(RecordsFileError) as error:
        import_records(actor=SYSTEM, organisation=en, kind=kind, source=source, filename=filename)
    return {(i.row, i.column): i.message for i in error.value.issues}


def test_persons_import_and_reimport_is_idempotent(en):
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_xlsx(PERSON_HEADERS, [GOOD]),
        filename="p.xlsx",
    )
    assert outcome.created == 1
    again = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_csv(PERSON_HEADERS, [GOOD]),
        filename="p.csv",
    )
    assert (again.created, again.known) == (0, 1)
    assert Person.objects.get().phone == "+212661234567"


def test_one_bad_row_per_rule_and_nothing_is_written(en):
    future = (date.today() + timedelta(days=2)).isoformat()
    rows = [
        GOOD,
        [
            "EN-2",
            "",
            "Fictif",
            "femme",
            "",
            "",
            "refugee",
            "",
            "",
            "",
            "",
            "2020-01-10",
            "2020-01-10",
        ],
        [
            "EN-3",
            "Ali",
            "Fictif",
            "homme",
            "",
            "",
            "tourist",
            "",
            "",
            "",
            "",
            "2020-01-10",
            "2020-01-10",
        ],
        ["EN-4", "Ali", "Fictif", "homme", "", "", "refugee", "", "", "", "", future, "2020-01-10"],
        [
            "EN-5",
            "Ali",
            "Fictif",
            "homme",
            "",
            "",
            "refugee",
            "",
            "12",
            "",
            "",
            "2020-01-10",
            "2020-01-10",
        ],
        [
            "EN-6",
            "Ali",
            "Fictif",
            "homme",
            "",
            "",
            "refugee",
            "",
            "",
            "passport",
            "A?",
            "2020-01-10",
            "2020-01-10",
        ],
    ]
    issues = _issues(_xlsx(PERSON_HEADERS, rows), en)
    assert issues[(3, "Prénom")] == "A value is required."
    assert "Unknown migrant category" in issues[(4, "Catégorie")]
    assert issues[(5, "Date d'enregistrement")] == "The date is in the future."
    assert (6, "Téléphone") in issues
    assert (7, "Numéro de pièce") in issues
    assert not Person.objects.exists()  # the good first row was not kept either


def test_events_need_a_known_person_and_move_an_earlier_registration(en):
    import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_xlsx(PERSON_HEADERS, [GOOD]),
        filename="p.xlsx",
    )
    headers = [c.header for c in t.EVENT_COLUMNS] + ["school_year"]
    rows = [
        ["S-1", "EN-1", "information_session", "2020-02-01", "en-rabat", "", ""],
        ["S-2", "EN-9", "information_session", "2020-02-01", "en-rabat", "", ""],
        ["S-3", "EN-1", "information_session", "2019-12-01", "en-rabat", "", ""],
        ["S-4", "EN-1", "training_enrolment", "2020-10-01", "en-rabat", "", ""],
        ["S-5", "EN-8", "tourism", "2020-02-01", "en-rabat", "", ""],
        ["S-6", "EN-1", "information_session", "2999-02-01", "en-rabat", "", ""],
    ]
    issues = _issues(_xlsx(headers, rows), en, kind="events")
    # Every issue of a row at once, the unknown person included.
    assert issues[(6, "Service")] == "Unknown service: tourism."
    assert issues[(6, "Identifiant personne")].startswith("No person of yours")
    assert issues[(3, "Identifiant personne")].startswith("No person of yours")
    # Before the registration is no issue (the registration follows); the future is.
    assert (4, "Date") not in issues
    assert issues[(7, "Date")] == "The date is in the future."
    assert issues[(5, "school_year")] == "This detail is required."
    assert not JourneyEvent.objects.exists()
    assert Person.objects.get().registered_on == date(2020, 1, 10)  # nothing moved
    rows = [
        rows[0],
        ["S-4", "EN-1", "training_enrolment", "2020-10-01", "en-rabat", "", "2020-2021"],
        rows[0],  # the same row twice in a file is recorded once
        rows[2],  # last year's session, entered late
    ]
    outcome = import_records(
        actor=SYSTEM, organisation=en, kind="events", source=_xlsx(headers, rows), filename="s.xlsx"
    )
    assert (outcome.created, outcome.known, outcome.repeated) == (3, 0, 1)
    # The person is registered at the date of their first service, audited.
    assert Person.objects.get().registered_on == date(2019, 12, 1)
    moved = AuditEvent.objects.get(action="beneficiaries.person.registration_moved")
    assert moved.detail | {"system": ""} == {"from": "2020-01-10", "to": "2019-12-01", "system": ""}
    assert JourneyEvent.objects.get(partner_record_id="S-4").attributes == {
        "school_year": "2020-2021"
    }


def test_cli(en, tmp_path):
    path = tmp_path / "personnes.csv"
    path.write_bytes(_csv(PERSON_HEADERS, [GOOD]).getvalue())
    out = io.StringIO()
    call_command("import_records", str(path), organisation="en", kind="persons", stdout=out)
    assert Person.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(PERSON_HEADERS, [GOOD[:1] + [""] * 12]).getvalue())
    with pytest.raises(CommandError):
        call_command(
            "import_records",
            str(bad),
            organisation="en",
            kind="persons",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_page_upload_runs_as_a_job_and_templates_download(
    en, client, django_capture_on_commit_callbacks, extension
):
    from django.urls import reverse
    from openpyxl import load_workbook

    from suivi.accounts.roles import Role
    from suivi.accounts.tests.factories import member
    from suivi.interop.models import ImportJob

    client.force_login(member(Role.PARTNER_FOCAL_POINT, en))
    template = client.get(reverse("interop:records_template", args=["events"]))
    headers = [
        c.value for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows())
    ]
    assert headers[:4] == ["Identifiant", "Identifiant personne", "Service", "Date"]
    assert "school_year" in headers
    # The job reads the stored file back (a csv is streamed from it line by line).
    upload = (_xlsx if extension == "xlsx" else _csv)(PERSON_HEADERS, [GOOD])
    upload.name = f"personnes.{extension}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("interop:records_import"), {"kind": "persons", "file": upload}
        )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("interop:job", args=[job.pk])
    assert job.status == "succeeded" and Person.objects.count() == 1
    assert client.get(response["Location"]).status_code == 200
    client.force_login(member(Role.PARTNER_FOCAL_POINT))  # another organisation
    assert client.get(response["Location"]).status_code == 404


def test_referrals_need_the_persons_consent_and_reimport_is_harmless(en):
    from suivi.beneficiaries.models import Referral
    from suivi.beneficiaries.services import persons

    anapec = OrganisationFactory(code="anapec", kind=OrganisationKind.PUBLIC_AGENCY)
    import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_xlsx(PERSON_HEADERS, [GOOD]),
        filename="p.xlsx",
    )
    headers = [c.header for c in t.REFERRAL_COLUMNS]
    rows = [["EN-1", "anapec", "employment", "2020-03-01", "Recherche d'emploi"]]
    issues = _issues(_xlsx(headers, rows), en, kind="referrals")
    assert issues[(2, "Vers")].startswith("The person has not agreed to share")
    assert not Referral.objects.exists()
    persons.give_consent(
        actor=SYSTEM,
        person=Person.objects.get(),
        kind="share",
        given_on=date(2020, 2, 1),
        organisation=anapec,
    )
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="referrals",
        source=_xlsx(headers, rows),
        filename="r.xlsx",
    )
    again = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="referrals",
        source=_xlsx(headers, rows),
        filename="r.xlsx",
    )
    assert (outcome.created, again.known) == (1, 1)
    assert Referral.objects.get().to_organisation == anapec


def test_csv_is_read_row_by_row_with_quoted_line_breaks_and_names_of_categories(en):
    from suivi.indicators.models import DimensionValue

    DimensionValue.objects.filter(code="refugee").update(name_en="Refugee")
    second = ["EN-2", "Fatou", "Fictif", "femme", "1990", "SN", "refugee", "Rabat"]
    second += ["", "", "", "2020-01-12", "2020-01-12"]
    text = ";".join(PERSON_HEADERS) + "\r\n"
    text += ";".join(GOOD[:7]) + ';"Rabat\r\nHay Riad";' + ";".join(GOOD[8:]) + "\r\n"
    text += ";".join([*second[:6], "REFUGEE", *second[7:]]) + "\r\n"
    bad = ";".join([*second[:6], "nomade", *second[7:]]).replace("EN-2", "EN-3")
    # A csv row is named by the line it starts on: the unknown category sits
    # on the file's fifth line (a quoted cell took two); a city is one line of
    # text (clean text).
    issues = _issues(io.BytesIO((text + bad + "\r\n").encode("utf-8-sig")), en, filename="p.csv")
    assert list(issues) == [(2, "Ville"), (5, "Catégorie")]
    assert issues[(2, "Ville")] == "Write this on one line: remove the line break."
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=io.BytesIO(text.replace("\r\nHay", "; Hay").encode("utf-8-sig")),
        filename="p.csv",
    )
    assert outcome.created == 2
    assert Person.objects.get(partner_record_id="EN-1").city == "Rabat; Hay Riad"
    assert Person.objects.get(partner_record_id="EN-2").category.code == "refugee"


def test_csv_in_another_encoding_is_refused_with_a_clear_reason(en):
    rows = [[*GOOD[:1], "Héloïse", *GOOD[2:]]]
    source = io.BytesIO(_csv(PERSON_HEADERS, rows).getvalue().decode("utf-8-sig").encode("latin-1"))
    issues = _issues(source, en, filename="p.csv")
    assert list(issues.values()) == ["Line 1 is not UTF-8 text: save the file as « CSV UTF-8 »."]
    assert not Person.objects.exists()


def test_unallocated_phone_is_kept_with_a_warning_impossible_one_refused(en):
    phone = PERSON_HEADERS.index("Téléphone")
    unallocated = [*GOOD[:phone], "06 83 12 34 56", *GOOD[phone + 1 :]]
    second = ["EN-2", *unallocated[1:9], "", "", *unallocated[11:]]
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_xlsx(PERSON_HEADERS, [unallocated, second]),
        filename="f.xlsx",
    )
    assert outcome.created == 2
    assert len(outcome.warnings) == 2  # once per row, though the file is read twice
    assert "2" in outcome.warnings[0] and "Téléphone" in outcome.warnings[0]
    assert "allocated" in outcome.summary()
    person = Person.objects.get(partner_record_id="EN-1")
    assert person.phone == "+212683123456" and person.phone_unallocated
    impossible = [*GOOD[:phone], "0612", *GOOD[phone + 1 :]]
    impossible[0] = "EN-3"
    issues = _issues(_xlsx(PERSON_HEADERS, [impossible]), en)
    assert "too short" in issues[(2, "Téléphone")]


def test_imported_persons_reach_the_duplicates_queue_in_the_job(en):
    from suivi.beneficiaries.models import MatchCandidate
    from suivi.beneficiaries.tests.factories import person

    anapec = OrganisationFactory(code="anapec", kind=OrganisationKind.PUBLIC_AGENCY)
    elsewhere = person(anapec, phone="+212 661 23 45 67")
    import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_xlsx(PERSON_HEADERS, [GOOD]),
        filename="f.xlsx",
    )
    imported = Person.objects.get(partner_record_id="EN-1")
    candidate = MatchCandidate.objects.get()
    assert {candidate.person_a_id, candidate.person_b_id} == {imported.pk, elsewhere.pk}
    assert candidate.reason == "phone"
