"""Coded columns of the partner spreadsheets (document type, referral
purpose): the help names the values in the reader's language, the Read me
sheet lists each code with its name, and a cell may hold the code or the
name in French, Arabic or English."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import Person
from suivi.interop.records import template as t
from suivi.interop.records.importer import RecordsFileError, import_records
from suivi.interop.tests.test_records import GOOD, PERSON_HEADERS, _csv

pytestmark = pytest.mark.django_db

DOCUMENT = PERSON_HEADERS.index("Type de pièce")


def _person(n: int, document_type: str) -> list[str]:
    row = list(GOOD)
    row[0], row[DOCUMENT] = f"EN-{n}", document_type
    row[PERSON_HEADERS.index("Téléphone")] = ""
    row[PERSON_HEADERS.index("Numéro de pièce")] = f"AB12345{n}"
    return row


def _help(kind: str, language: str) -> dict[str, str]:
    with translation.override(language):
        book = load_workbook(io.BytesIO(t.write_template(kind)))
    found: dict[str, str] = {}
    for row in book.worksheets[1].iter_rows(values_only=True):
        found.setdefault(str(row[0]), str(row[1] or ""))  # the column's help, then its values
    return found


def test_the_help_names_the_document_types_in_the_readers_language_and_lists_the_codes():
    french, arabic = _help("persons", "fr"), _help("persons", "ar")
    assert "« Carte de séjour »" in french["Type de pièce"]
    assert "residence_card" not in french["Type de pièce"]
    assert "« بطاقة الإقامة »" in arabic["Type de pièce"]
    assert "Carte de séjour" not in arabic["Type de pièce"]
    # The accepted codes, each with its name in the reader's language.
    assert french["residence_card"] == "Carte de séjour"
    assert arabic["residence_card"] == "بطاقة الإقامة"
    assert _help("referrals", "fr")["self_employment"] == "Auto-emploi"
    assert "self_employment" not in _help("referrals", "ar")["Objet"]


def test_a_document_type_is_read_by_code_or_by_name_in_any_language(en):
    rows = [
        _person(1, "passport"),
        _person(2, "Carte de séjour"),
        _person(3, "بطاقة الإقامة"),
        _person(4, "refugee card (unhcr)"),
    ]
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_csv(PERSON_HEADERS, rows),
        filename="p.csv",
    )
    assert outcome.created == 4
    found = dict(Person.objects.values_list("partner_record_id", "document_type"))
    assert found == {
        "EN-1": "passport",
        "EN-2": "residence_card",
        "EN-3": "residence_card",
        "EN-4": "refugee_card",
    }


def test_an_unknown_document_type_names_the_row_column_and_the_accepted_names(en):
    with translation.override("fr"), pytest.raises(RecordsFileError) as refused:
        import_records(
            actor=SYSTEM,
            organisation=en,
            kind="persons",
            source=_csv(PERSON_HEADERS, [_person(1, "permis")]),
            filename="p.csv",
        )
    [issue] = refused.value.issues
    assert (issue.row, issue.column) == (2, "Type de pièce")
    assert issue.message.startswith("« permis » n")
    assert "« Passeport »" in issue.message and "passport" not in issue.message
    assert not Person.all_objects.exists()


def test_sex_is_read_in_french_english_or_arabic(en):
    rows = []
    for n, sex in ((1, "امرأة"), (2, "رجل"), (3, "Female")):
        row = _person(n, "residence_card")
        row[PERSON_HEADERS.index("Sexe")] = sex
        rows.append(row)
    import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_csv(PERSON_HEADERS, rows),
        filename="f.csv",
    )
    sexes = dict(Person.objects.values_list("partner_record_id", "sex"))
    assert sexes == {"EN-1": "women", "EN-2": "men", "EN-3": "women"}
