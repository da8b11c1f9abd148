"""A partner spreadsheet's rows, checked and turned into what the services
take. Nothing here writes; the reference lists the rows are checked against
(categories, services, centres, trades, persons) are read once per file or
per chunk of rows."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries import normalise
from suivi.beneficiaries.models import Centre, EventType, Person, Referral, Trade
from suivi.beneficiaries.services import persons
from suivi.indicators.models import DimensionValue
from suivi.interop.reading import IssueList
from suivi.interop.reading.issues import Issue
from suivi.interop.records import template as t

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str) -> datetime.date | None:
    """The whole cell as a date (YYYY-MM-DD, or DD/MM/YYYY as French Excel
    writes it), or None: `2020-12-3155` is not 2020-12-31."""
    try:
        if ISO_DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
        if match := FRENCH_DATE.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        return None
    return None


class References:
    """The lists rows are checked against, read once per file."""

    @cached_property
    def category_codes(self) -> dict[str, str]:
        """Migrant category codes by code and by lower-cased name (French,
        Arabic or English)."""
        codes: dict[str, str] = {}
        for value in DimensionValue.objects.filter(dimension__code="category"):
            codes[value.code] = value.code
            for name in (value.name, value.name_ar, value.name_en):
                if name:
                    codes.setdefault(name.lower(), value.code)
        return codes

    @cached_property
    def document_types(self) -> dict[str, str]:
        """Document type codes by code and by lower-cased name (any language)."""
        return t.codes_by_name(t.document_types)

    @cached_property
    def purposes(self) -> dict[str, str]:
        """Referral purpose codes by code and by lower-cased name (any language)."""
        return t.codes_by_name(t.referral_purposes)

    @cached_property
    def event_types(self) -> dict[str, EventType]:
        return {event_type.code: event_type for event_type in EventType.objects.all()}

    @cached_property
    def attribute_names(self) -> set[str]:
        return {
            a["name"] for event_type in self.event_types.values() for a in event_type.attributes
        }

    @cached_property
    def centres(self) -> dict[str, Centre]:
        return {centre.code: centre for centre in Centre.objects.all()}

    @cached_property
    def trades(self) -> dict[str, Trade]:
        return {trade.code: trade for trade in Trade.objects.all()}

    @cached_property
    def organisations(self) -> dict[str, Organisation]:
        return {organisation.code: organisation for organisation in Organisation.objects.all()}

    @staticmethod
    def persons(organisation: Organisation, ids: Iterable[str]) -> dict[str, Person]:
        """The organisation's published persons with these partner ids."""
        return {
            person.partner_record_id: person
            for person in Person.objects.with_partner_ids(organisation, set(ids))
        }

    @staticmethod
    def referral_sent(person: Person, target: Organisation, sent_on: datetime.date) -> bool:
        """Whether this referral was imported (or sent) before."""
        return Referral.objects.filter(
            person=person, to_organisation=target, sent_on=sent_on
        ).exists()


def _coded(value: str, codes: dict[str, str]) -> str | None:
    """The code a cell names (by code or by name in any language), or None."""
    return codes.get(value) or codes.get(value.strip().lower())


class RowReport:
    """Issues of one sheet, against the spreadsheet's headers."""

    def __init__(self, issues: IssueList, sheet: str, columns: list[t.Column]) -> None:
        self.issues, self.sheet = issues, sheet
        self.headers = {c.key: c.header for c in columns}
        # What is kept but should be checked (a phone number outside the
        # allocated ranges): once per row and column, however often it is read.
        self.warnings: dict[tuple[int, str], Issue] = {}

    def add(self, row: int, key: str, message: str) -> None:
        self.issues.add(self.sheet, row, self.headers.get(key, key), message)

    def warn(self, row: int, key: str, message: str) -> None:
        column = self.headers.get(key, key)
        self.warnings.setdefault((row, column), Issue(self.sheet, row, column, message))

    def add_error(self, row: int, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.add(row, key, message)
        else:
            for message in error.messages:
                self.add(row, "", message)

    def required(self, row: dict[str, str], number: int, columns: list[t.Column]) -> None:
        for column in columns:
            if column.required and not row.get(column.header):
                self.add(number, column.key, _("A value is required."))


def person_data(
    row: dict[str, str], refs: References, report: RowReport, number: int
) -> persons.PersonData | None:
    """The person a row describes, or None with its issues reported."""
    issues_before = len(report.issues)
    report.required(row, number, t.PERSON_COLUMNS)
    sex = t.SEX_ALIASES.get(row.get("Sexe", "").lower())
    if row.get("Sexe") and sex is None:
        report.add(number, "sex", _("Write femme or homme."))
    raw_document_type = row.get("Type de pièce", "")
    document_type = _coded(raw_document_type, refs.document_types)
    if raw_document_type and document_type is None:
        report.add(
            number,
            "document_type",
            _("« %(value)s » is not a document type. Write one of: %(names)s.")
            % {"value": raw_document_type, "names": t.names(t.document_types)},
        )
    raw_category = row.get("Catégorie", "")
    category = refs.category_codes.get(raw_category) or refs.category_codes.get(
        raw_category.lower()
    )
    registered_on = parse_date(row.get("Date d'enregistrement", ""))
    consent_on = parse_date(row.get("Date du consentement", ""))
    for key, header, value in (
        ("registered_on", "Date d'enregistrement", registered_on),
        ("consent_given_on", "Date du consentement", consent_on),
    ):
        if row.get(header) and value is None:
            report.add(number, key, _("Write the date as YYYY-MM-DD."))
    phone = row.get("Téléphone", "")
    if phone:
        try:
            unallocated = normalise.check_phone(phone).unallocated
        except ValidationError:
            unallocated = False  # impossible: refused by the service, against its column
        if unallocated:
            report.warn(
                number,
                "phone",
                _("This number is outside the ranges allocated in its country: kept, check it."),
            )
    birth = row.get("Année de naissance", "")
    if birth and not (birth.isdigit() and len(birth) == 4):
        report.add(number, "birth_year", _("Write a year such as 1990."))
    if len(report.issues) > issues_before:
        return None
    assert registered_on is not None and consent_on is not None  # required, checked above
    return persons.PersonData(
        partner_record_id=row["Identifiant"],
        given_name=row["Prénom"],
        family_name=row["Nom"],
        sex=sex or "",
        category=category or raw_category,
        registered_on=registered_on,
        consent_given_on=consent_on,
        birth_year=int(birth) if birth else None,
        nationality=row.get("Nationalité", ""),
        city=row.get("Ville", ""),
        phone=row.get("Téléphone", ""),
        document_type=document_type or "",
        document_number=row.get("Numéro de pièce", ""),
    )


@dataclass(frozen=True)
class EventRow:
    """A service row checked on its own; its person is found per chunk."""

    number: int
    person_id: str
    event_type: EventType
    occurred_on: datetime.date
    centre: Centre | None
    trade: Trade | None
    attributes: dict[str, Any]
    partner_record_id: str


def event_row(
    row: dict[str, str], refs: References, report: RowReport, number: int
) -> EventRow | None:
    """The service a row describes, its person still to be found, or None
    with its issues reported."""
    issues_before = len(report.issues)
    report.required(row, number, t.EVENT_COLUMNS)
    event_type = refs.event_types.get(row.get("Service", ""))
    if row.get("Service") and event_type is None:
        report.add(number, "service", _("Unknown service: %(value)s.") % {"value": row["Service"]})
    occurred_on = parse_date(row.get("Date", ""))
    if row.get("Date") and occurred_on is None:
        report.add(number, "occurred_on", _("Write the date as YYYY-MM-DD."))
    centre = refs.centres.get(row.get("Centre", ""))
    if row.get("Centre") and centre is None:
        report.add(number, "centre", _("Unknown centre: %(value)s.") % {"value": row["Centre"]})
    trade = refs.trades.get(row.get("Filière", ""))
    if row.get("Filière") and trade is None:
        report.add(number, "trade", _("Unknown trade: %(value)s.") % {"value": row["Filière"]})
    if event_type is not None:
        declared = {a["name"] for a in event_type.attributes}
        for name in sorted(refs.attribute_names - declared):
            if row.get(name):
                report.add(
                    number,
                    name,
                    _("The service %(service)s has no detail « %(name)s »: it would be lost.")
                    % {"service": event_type.code, "name": name},
                )
    if len(report.issues) > issues_before:
        return None
    assert event_type is not None and occurred_on is not None
    declared = {a["name"] for a in event_type.attributes}
    return EventRow(
        number=number,
        person_id=row["Identifiant personne"],
        event_type=event_type,
        occurred_on=occurred_on,
        centre=centre,
        trade=trade,
        attributes={name: row[name] for name in declared if row.get(name)},
        partner_record_id=row["Identifiant"],
    )


@dataclass(frozen=True)
class ReferralRow:
    number: int
    person_id: str
    target: Organisation
    purpose: str
    sent_on: datetime.date
    note: str


def referral_row(
    row: dict[str, str], refs: References, report: RowReport, number: int, today: datetime.date
) -> ReferralRow | None:
    issues_before = len(report.issues)
    report.required(row, number, t.REFERRAL_COLUMNS)
    target = refs.organisations.get(row.get("Vers", "").lower())
    if row.get("Vers") and target is None:
        report.add(
            number,
            "to_organisation",
            _("No organisation has the code %(code)s.") % {"code": row["Vers"]},
        )
    raw_purpose = row.get("Objet", "")
    purpose = _coded(raw_purpose, refs.purposes) or ""
    if raw_purpose and not purpose:
        report.add(
            number,
            "purpose",
            _("« %(value)s » is not a purpose. Write one of: %(names)s.")
            % {"value": raw_purpose, "names": t.names(t.referral_purposes)},
        )
    sent_on = parse_date(row.get("Date", ""))
    if row.get("Date") and sent_on is None:
        report.add(number, "sent_on", _("Write the date as YYYY-MM-DD."))
    elif sent_on and sent_on > today:
        report.add(number, "sent_on", _("The date is in the future."))
    if len(report.issues) > issues_before:
        return None
    assert target is not None and sent_on is not None
    return ReferralRow(
        number, row["Identifiant personne"], target, purpose, sent_on, row.get("Note", "")
    )
