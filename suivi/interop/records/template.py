"""Columns of the partner spreadsheets (French headers: the file format)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.models import DocumentType, Referral
from suivi.interop.logframe.template import Column

Choices = Callable[[], Sequence[tuple[str, Any]]]


def document_types() -> Sequence[tuple[str, Any]]:
    return DocumentType.choices


def referral_purposes() -> Sequence[tuple[str, Any]]:
    return Referral._meta.get_field("purpose").choices or ()  # type: ignore[return-value]


def names(choices: Choices) -> str:
    """The names of the values, in the reader's language, quoted."""
    return ", ".join(f"« {label} »" for _code, label in choices())


def names_help(choices: Choices) -> Promise:
    """What a coded column takes, in the reader's language: the names of its
    values (the Read me sheet lists each code with its name)."""

    def text() -> str:
        return gettext(
            "%(names)s: the name in French, Arabic or English, or its code (listed below)."
        ) % {"names": names(choices)}

    return cast(Promise, lazy(text, str)())


def codes_by_name(choices: Choices) -> dict[str, str]:
    """Each value's code by its code and by its lower-cased name in French,
    Arabic and English: what a spreadsheet cell may hold."""
    codes: dict[str, str] = {code: code for code, _label in choices()}
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            for code, label in choices():
                codes.setdefault(str(label).lower(), code)
    return codes


PERSON_COLUMNS = [
    Column(
        "partner_record_id",
        "Identifiant",
        _("Your own id of the person (unique in your files)."),
        True,
    ),
    Column("given_name", "Prénom", _("Given name."), True),
    Column("family_name", "Nom", _("Family name."), True),
    Column("sex", "Sexe", _("femme or homme (women/men, امرأة/رجل accepted)."), True),
    Column("birth_year", "Année de naissance", _("Four digits.")),
    Column(
        "nationality",
        "Nationalité",
        _("ISO code (SN, SEN…) or the country's name in French, Arabic or English."),
    ),
    Column(
        "category",
        "Catégorie",
        _(
            "Code (or name) of a value of the « category » disaggregation, as the "
            "« Désagrégations » page lists them (e.g. refugee)."
        ),
        True,
    ),
    Column("city", "Ville", _("City of residence.")),
    Column("phone", "Téléphone", _("Moroccan or international number.")),
    Column(
        "document_type",
        "Type de pièce",
        names_help(document_types),
    ),
    Column("document_number", "Numéro de pièce", _("5 to 20 letters or digits.")),
    Column(
        "registered_on",
        "Date d'enregistrement",
        _("YYYY-MM-DD: today or earlier, not before the intervention starts."),
        True,
    ),
    Column(
        "consent_given_on", "Date du consentement", _("YYYY-MM-DD: consent to be registered."), True
    ),
]

EVENT_COLUMNS = [
    Column(
        "partner_record_id",
        "Identifiant",
        _("Your own id of the service (unique in your files)."),
        True,
    ),
    Column(
        "person_id", "Identifiant personne", _("Your id of the person (imported before)."), True
    ),
    Column(
        "service",
        "Service",
        _("Code of the service (information_session, training_enrolment…)."),
        True,
    ),
    Column(
        "occurred_on",
        "Date",
        _(
            "YYYY-MM-DD: today or earlier, not before the intervention starts; a service "
            "before the person's registration registers them at its date."
        ),
        True,
    ),
    Column("centre", "Centre", _("Code of the centre, when the service is given at one.")),
    Column("trade", "Filière", _("Code of the trade (training enrolment).")),
]
# Followed by one column per detail the services declare (school_year, passed…).

REFERRAL_COLUMNS = [
    Column(
        "person_id", "Identifiant personne", _("Your id of the person (imported before)."), True
    ),
    Column(
        "to_organisation",
        "Vers",
        _("Code of the partner (anapec, amappe…); the person must have agreed to share with it."),
        True,
    ),
    Column("purpose", "Objet", names_help(referral_purposes), True),
    Column("sent_on", "Date", _("YYYY-MM-DD, not in the future."), True),
    Column("note", "Note", _("Note for the partner.")),
]

# The coded columns of each spreadsheet, whose codes and names the Read me sheet lists.
CODED_COLUMNS: dict[str, list[tuple[str, Choices]]] = {
    "persons": [("Type de pièce", document_types)],
    "referrals": [("Objet", referral_purposes)],
}

SHEET_TITLES = {"persons": _("Persons"), "events": _("Services"), "referrals": _("Referrals")}

# As partners write them: French (the template's words), English, Arabic
# (community agents keep their lists in Arabic).
SEX_ALIASES = {
    "femme": "women",
    "f": "women",
    "women": "women",
    "woman": "women",
    "female": "women",
    "امرأة": "women",
    "إمرأة": "women",
    "انثى": "women",
    "أنثى": "women",
    "homme": "men",
    "h": "men",
    "m": "men",
    "men": "men",
    "man": "men",
    "male": "men",
    "رجل": "men",
    "ذكر": "men",
}


def write_template(kind: str) -> bytes:
    """A blank spreadsheet with the headers and, on a second sheet, what
    each column takes (and for services, the details of each service).
    Cells go through `suivi.core.tabular`: a service's label is text even
    when it starts like a formula."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from suivi.beneficiaries.selectors import service_types
    from suivi.core.tabular import append_row

    columns = {"persons": PERSON_COLUMNS, "events": EVENT_COLUMNS}.get(kind, REFERRAL_COLUMNS)
    event_types = service_types()
    details = sorted({d.name for t in event_types if not t.is_retired for d in t.details})
    book = Workbook()
    sheet = book.active
    sheet.title = str(SHEET_TITLES[kind])
    append_row(sheet, [c.header for c in columns] + (details if kind == "events" else []))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = book.create_sheet(str(_("Read me")))
    for column in columns:
        append_row(
            help_sheet,
            [column.header, str(column.help), str(_("required")) if column.required else ""],
        )
    for header, choices in CODED_COLUMNS.get(kind, []):
        # The values a coded column takes: its code, then its name in the
        # user's language (either is accepted, and the name in any language).
        append_row(help_sheet, [header, "", ""])
        help_sheet.cell(help_sheet.max_row, 1).font = Font(bold=True)
        for code, label in choices():
            append_row(help_sheet, [code, str(label), ""])
    if kind == "events":
        # Each service, then each of its details: the column to fill, what
        # it means in the user's language and the values it takes.
        for event_type in event_types:
            if event_type.is_retired:
                continue
            append_row(help_sheet, [event_type.code, event_type.label, ""])
            help_sheet.cell(help_sheet.max_row, 1).font = Font(bold=True)
            for detail in event_type.details:
                values = "; ".join(f"{c.value} = {c.label}" for c in detail.open_choices)
                meaning = f"{detail.label} ({detail.kind_label})"
                append_row(
                    help_sheet,
                    [
                        detail.name,
                        f"{meaning} : {values}" if values else meaning,
                        str(_("required")) if detail.required else "",
                    ],
                )
    help_sheet.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
