"""Hostile and careless partner files (issue 10): refused early with one
clear message, or read within bounds; never half-written; never silent.
Limits are lowered through SUIVI_IMPORT_LIMITS so each file stays small; the
full-size files and their time and memory are measured in bench/imports.py."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.services import set_preferred_language
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.beneficiaries.models import Person
from suivi.beneficiaries.services import import_batches, persons
from suivi.core.models import AuditEvent
from suivi.interop.models import ImportJob
from suivi.interop.records.importer import RecordsFileError, import_records
from suivi.interop.tests.test_records import (
    GOOD,
    PERSON_HEADERS,
    _csv,
    _xlsx,
)

pytestmark = pytest.mark.django_db


def _row(n, **changes):
    row = list(GOOD)
    row[0] = f"EN-{n}"
    row[8] = ""  # no phone: every row a different person
    row[10] = ""
    row[9] = ""
    for index, value in changes.items():
        row[int(index[1:])] = value
    return row


def _raw_csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def _refused(source, organisation, filename="p.csv"):
    with pytest.raises(RecordsFileError) as error:
        import_records(
            actor=SYSTEM,
            organisation=organisation,
            kind="persons",
            source=source,
            filename=filename,
        )
    return error.value.issues


def _written():
    return Person.all_objects.count(), AuditEvent.objects.count()


def test_trailing_separator_only_lines_end_the_data_quietly(en):
    text = ";".join(PERSON_HEADERS) + "\n"
    text += "".join(";".join(_row(n)) + "\n" for n in range(3))
    text += ";;;;;;;;;;;;\n" * 5000 + "\n\n"
    outcome = import_records(
        actor=SYSTEM, organisation=en, kind="persons", source=_raw_csv(text), filename="p.csv"
    )
    assert (outcome.created, outcome.blank) == (3, 5002)
    assert "3 new records." in outcome.summary() and "5002 blank rows ignored." in outcome.summary()


def test_too_many_rows_is_one_message_and_nothing_written(en, settings):
    settings.SUIVI_IMPORT_LIMITS = {"max_rows": 20}
    before = _written()
    issues = _refused(_csv(PERSON_HEADERS, [_row(n) for n in range(25)]), en)
    assert [i.message for i in issues] == [
        "The file has more than 20 rows of data: split it into smaller files."
    ]
    assert _written() == before


def test_a_line_too_long_is_refused_naming_it(en, settings):
    settings.SUIVI_IMPORT_LIMITS = {"max_line_bytes": 4096}
    text = ";".join(PERSON_HEADERS) + "\n" + ";".join(_row(1)) + "\n" + ";" * 10_000 + "\n"
    issues = list(_refused(_raw_csv(text), en))
    assert issues[0].row == 3 and "Line 3 is longer than 4 KiB" in issues[0].message


def test_a_huge_cell_is_reported_at_its_row_and_column_not_crashed_on(en, tmp_path):
    rows = [_row(1), _row(2, i1="A" * 200_000)]
    issues = {(i.row, i.column): i.message for i in _refused(_csv(PERSON_HEADERS, rows), en)}
    assert issues == {
        (3, "Prénom"): "This cell holds 200,000 characters; a cell holds at most 32,767."
    }
    # The command says the same and exits with an error, without a traceback.
    path = tmp_path / "p.csv"
    path.write_bytes(_csv(PERSON_HEADERS, rows).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 issue"):
        call_command("import_records", str(path), organisation="en", kind="persons", stderr=err)
    assert "row 3" in err.getvalue() and "200,000 characters" in err.getvalue()


def _bomb(inflated: int) -> io.BytesIO:
    """An .xlsx whose sheet inflates to `inflated` bytes of blank rows."""
    buffer = io.BytesIO(_xlsx(PERSON_HEADERS, [_row(1)]).getvalue())
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row/>" * (inflated // 6) + b"</sheetData>")
            z.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    out.seek(0)
    return out


def test_a_zip_bomb_is_refused_before_it_is_parsed(en, settings):
    settings.SUIVI_IMPORT_LIMITS = {"max_inflated_bytes": 2 * 1024 * 1024}
    issues = _refused(_bomb(3 * 1024 * 1024), en, "p.xlsx")
    assert "Once uncompressed, this workbook would take 3 MB" in next(iter(issues)).message
    settings.SUIVI_IMPORT_LIMITS = {"ratio_floor_bytes": 1024, "max_ratio": 50}
    issues = _refused(_bomb(1024 * 1024), en, "p.xlsx")
    assert "compressed" in next(iter(issues)).message and "times" in next(iter(issues)).message


def test_a_repeated_id_with_other_details_names_both_rows(en):
    rows = [_row(1), _row(2), _row(1, i2="Autre"), _row(2)]
    issues = {(i.row, i.column): i.message for i in _refused(_csv(PERSON_HEADERS, rows), en)}
    assert issues == {
        (4, "Identifiant"): "Row 2 already has this id with other details: one record, one row."
    }
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_csv(PERSON_HEADERS, [_row(1), _row(2), _row(2)]),
        filename="p.csv",
    )
    assert (outcome.created, outcome.repeated) == (2, 1)
    assert "1 row repeating an earlier row of the file: skipped." in outcome.summary()


@pytest.mark.parametrize("value", ["2020-12-3155", "2020-12-31x", "31/12/20", "2020-13-01"])
def test_dates_are_read_whole(en, value):
    issues = _refused(_csv(PERSON_HEADERS, [_row(1, i11=value)]), en)
    assert [(i.row, i.column, i.message) for i in issues] == [
        (2, "Date d'enregistrement", "Write the date as YYYY-MM-DD.")
    ]


def test_a_french_excel_date_is_read(en):
    import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_csv(PERSON_HEADERS, [_row(1, i11="31/01/2020")]),
        filename="p.csv",
    )
    assert str(Person.objects.get().registered_on) == "2020-01-31"


def test_a_workbook_without_the_data_sheet_names_the_sheets_it_has(en):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Lisez-moi"
    book.active.append(["Colonne", "Contenu"])
    book.create_sheet("Feuil2").append(["Id", "Name"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    issues = _refused(buffer, en, "p.xlsx")
    assert [i.message for i in issues] == [
        "This workbook has no sheet « Persons » (it has: « Lisez-moi », « Feuil2 »)."
    ]


def test_a_renamed_data_sheet_is_found_by_its_columns(en):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Lisez-moi"
    sheet = book.create_sheet("Mes bénéficiaires")
    sheet.append(PERSON_HEADERS)
    sheet.append(_row(1))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    outcome = import_records(
        actor=SYSTEM, organisation=en, kind="persons", source=buffer, filename="p.xlsx"
    )
    assert outcome.created == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty, or its first line (the column names) is blank."),
        (";".join(PERSON_HEADERS) + "\n", "The file has no row of data below its column names."),
        (
            ";".join(PERSON_HEADERS) + "\n;;;\n\n",
            "The file has no row of data below its column names.",
        ),
    ],
)
def test_a_file_without_data_is_refused_and_the_command_fails(en, tmp_path, text, message):
    assert [i.message for i in _refused(_raw_csv(text), en)] == [message]
    path = tmp_path / "p.csv"
    path.write_text(text)
    with pytest.raises(CommandError):
        call_command("import_records", str(path), organisation="en", kind="persons")


def test_a_missing_column_is_one_message_and_an_unknown_one_is_named(en):
    headers = [h for h in PERSON_HEADERS if h != "Sexe"] + ["Telephone portable"]
    rows = [
        [v for h, v in zip(PERSON_HEADERS, _row(n), strict=True) if h != "Sexe"] + ["06"]
        for n in range(50)
    ]
    issues = [(i.row, i.column, i.message) for i in _refused(_csv(headers, rows), en)]
    assert issues == [
        (
            1,
            "Telephone portable",
            "Suivi does not read this column: name it as in the template, or remove it.",
        ),
        (1, "Sexe", "This required column is missing."),
    ]


def test_issues_are_capped_and_the_rest_counted_per_column(en, settings):
    settings.SUIVI_IMPORT_LIMITS = {"max_issues": 10}
    issues = _refused(_csv(PERSON_HEADERS, [_row(n, i3="x") for n in range(30)]), en)
    assert len(issues) == 30 and len(list(issues)) == 10
    assert issues.beyond() == [{"sheet": "Persons", "column": "Sexe", "count": 20}]


def test_a_failure_while_writing_leaves_nothing_and_says_so_in_the_trail(en, monkeypatch):
    real = persons.register_people
    calls = []

    def fails_on_the_second_chunk(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(persons, "register_people", fails_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        import_records(
            actor=SYSTEM,
            organisation=en,
            kind="persons",
            source=_csv(PERSON_HEADERS, [_row(n) for n in range(700)]),
            filename="p.csv",
        )
    assert Person.all_objects.count() == 0
    assert AuditEvent.objects.filter(action="beneficiaries.import_batch.discarded").exists()


def test_records_of_an_unpublished_batch_are_hidden_until_published(en):
    import uuid

    from suivi.interop.records.rows import person_data  # noqa: F401

    batch = uuid.uuid4()
    data = persons.PersonData(
        partner_record_id="EN-1",
        given_name="Awa",
        family_name="Fictif",
        sex="women",
        category="refugee",
        registered_on=__import__("datetime").date(2020, 1, 10),
        consent_given_on=__import__("datetime").date(2020, 1, 10),
    )
    persons.register_people(actor=SYSTEM, organisation=en, batch=[data], import_batch=batch)
    assert not Person.objects.exists() and Person.all_objects.count() == 1
    assert _hidden_batches() == {batch}
    assert import_batches.publish(actor=SYSTEM, batch=batch)["persons"] == 1
    assert Person.objects.count() == 1 and not _hidden_batches()


def test_through_the_page_the_partner_sees_the_one_message(
    client, en, settings, django_capture_on_commit_callbacks
):
    settings.SUIVI_IMPORT_LIMITS = {"max_rows": 5}
    user = member(Role.PARTNER_FOCAL_POINT, en)
    # The job's messages are in its starter's language.
    set_preferred_language(actor=user, language="en")
    client.force_login(user)
    client.cookies["suivi_language"] = "en"
    upload = io.BytesIO(_csv(PERSON_HEADERS, [_row(n) for n in range(8)]).getvalue())
    upload.name = "p.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("interop:records_import"), {"kind": "persons", "file": upload}
        )
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == "failed" and job.error_count == 1
    assert "The file has more than 5 rows of data: split it into smaller files." in page
    assert not Person.all_objects.exists()


def _hidden_batches():
    """Every batch still hidden, however recent."""
    from datetime import timedelta

    from django.utils import timezone

    return import_batches.abandoned_batches(written_before=timezone.now() + timedelta(days=1))


def test_the_purge_discards_what_a_dead_import_left_hidden(en):
    """A worker killed half-way leaves hidden records holding their partner
    ids; the purge discards them once no import can still be writing them."""
    import datetime
    import uuid

    from django.utils import timezone

    from suivi.interop.services import purge_import_files

    data = persons.PersonData(
        partner_record_id="EN-1",
        given_name="Awa",
        family_name="Fictif",
        sex="women",
        category="refugee",
        registered_on=datetime.date(2020, 1, 10),
        consent_given_on=datetime.date(2020, 1, 10),
    )
    batch = uuid.uuid4()
    persons.register_people(actor=SYSTEM, organisation=en, batch=[data], import_batch=batch)
    purge_import_files(actor=SYSTEM, now=timezone.now() + datetime.timedelta(minutes=5))
    assert _hidden_batches() == {batch}  # an import may still be writing it
    purge_import_files(actor=SYSTEM, now=timezone.now() + datetime.timedelta(hours=1))
    assert not _hidden_batches() and not Person.all_objects.exists()
    # The same file imports again.
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_csv(PERSON_HEADERS, [_row(1)]),
        filename="p.csv",
    )
    assert outcome.created == 1
