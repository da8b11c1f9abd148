"""Import a partner spreadsheet of persons or services, all or nothing."""

from __future__ import annotations

import csv
import datetime
import itertools
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from suivi.accounts.models import Organisation
from suivi.beneficiaries import policies
from suivi.beneficiaries.models import Centre, EventType, Person, Referral, Trade
from suivi.beneficiaries.services import events, persons, referrals
from suivi.core.actors import Actor
from suivi.indicators.models import DimensionValue
from suivi.interop.logframe.reader import Issue, LogframeFileError
from suivi.interop.logframe.sheet import cell_text
from suivi.interop.records import template as t

Progress = Callable[[str, int, int], None]
BATCH = 500
REFERRAL_PURPOSES = {code for code, _label in Referral._meta.get_field("purpose").choices or ()}
KINDS = {"persons": t.PERSON_COLUMNS, "events": t.EVENT_COLUMNS, "referrals": t.REFERRAL_COLUMNS}


class RecordsFileError(LogframeFileError):
    """The file has issues; nothing was written."""


@dataclass
class Outcome:
    created: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return _("%(created)d new records, %(unchanged)d already known.") % {
            "created": self.created,
            "unchanged": self.unchanged,
        }


def _text(value: object) -> str:
    """A cell as text; dates (Excel gives datetimes) as YYYY-MM-DD."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return cell_text(value)


def _rows(
    source: IO[bytes], filename: str, sheet: str
) -> tuple[int, Iterator[tuple[int, dict[str, str]]]]:
    """(number of data rows, rows as header → text), streamed."""
    if filename.lower().endswith(".csv"):
        # Streamed: a first pass counts the lines for the progress bar, the
        # second decodes and parses them one at a time.
        total = max(sum(1 for line in source if line.strip()) - 1, 0)
        source.seek(0)
        lines = (line.decode("utf-8") for line in source)
        try:
            first = next(lines, "").lstrip("\ufeff")
        except UnicodeDecodeError as error:
            raise RecordsFileError([Issue("", 1, "", _("Save the file as UTF-8."))]) from error
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.DictReader(itertools.chain([first], lines), delimiter=delimiter)
        return total, _csv_rows(reader)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise RecordsFileError(
            [Issue("", None, "", _("This file is neither .xlsx nor .csv."))]
        ) from error
    worksheet = workbook[sheet] if sheet in workbook.sheetnames else workbook.worksheets[0]
    iterator = worksheet.iter_rows(values_only=True)
    headers = [_text(h) for h in next(iterator, ())]

    def generate() -> Iterator[tuple[int, dict[str, str]]]:
        for number, values in enumerate(iterator, start=2):
            if all(v in (None, "") for v in values):
                continue
            yield number, {h: _text(v) for h, v in zip(headers, values, strict=False) if h}
        workbook.close()

    return max((worksheet.max_row or 1) - 1, 0), generate()


def _csv_rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        for row in reader:
            # The reader's line number, so a quoted cell over several lines
            # does not shift the rows reported after it.
            yield reader.line_num, {k.strip(): _text(v) for k, v in row.items() if k}
    except UnicodeDecodeError as error:
        raise RecordsFileError(
            [Issue("", reader.line_num + 1, "", _("Save the file as UTF-8."))]
        ) from error


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


class _Rows:
    """Collects issues against the spreadsheet's headers, and holds the
    reference lists the rows are checked against, read once per file."""

    def __init__(self, sheet: str, columns: list[t.Column]) -> None:
        self.sheet, self.headers = sheet, {c.key: c.header for c in columns}
        self.issues: list[Issue] = []

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
    def event_types(self) -> dict[str, EventType]:
        return {event_type.code: event_type for event_type in EventType.objects.all()}

    @cached_property
    def centres(self) -> dict[str, Centre]:
        return {centre.code: centre for centre in Centre.objects.all()}

    @cached_property
    def trades(self) -> dict[str, Trade]:
        return {trade.code: trade for trade in Trade.objects.all()}

    def add(self, row: int, key: str, message: str) -> None:
        self.issues.append(Issue(self.sheet, row, self.headers.get(key, key), message))

    def add_error(self, row: int, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.add(row, key, message)
        else:
            for message in error.messages:
                self.add(row, "", message)


def _person(row: dict[str, str], report: _Rows, number: int) -> persons.PersonData | None:
    """The person a row describes, or None with its issues reported."""
    issues_before = len(report.issues)
    for column in t.PERSON_COLUMNS:
        if column.required and not row.get(column.header):
            report.add(number, column.key, _("A value is required."))
    sex = t.SEX_ALIASES.get(row.get("Sexe", "").lower())
    if row.get("Sexe") and sex is None:
        report.add(number, "sex", _("Write femme or homme."))
    raw_category = row.get("Catégorie", "")
    category = report.category_codes.get(raw_category) or report.category_codes.get(
        raw_category.lower()
    )
    registered_on, consent_on = (
        _date(row.get("Date d'enregistrement", "")),
        _date(row.get("Date du consentement", "")),
    )
    for key, header, value in (
        ("registered_on", "Date d'enregistrement", registered_on),
        ("consent_given_on", "Date du consentement", consent_on),
    ):
        if row.get(header) and value is None:
            report.add(number, key, _("Write the date as YYYY-MM-DD."))
    birth = row.get("Année de naissance", "")
    if birth and not birth.isdigit():
        report.add(number, "birth_year", _("Write a year such as 1990."))
    if len(report.issues) > issues_before:
        return None
    assert registered_on is not None and consent_on is not None  # required, checked above
    data = persons.PersonData(
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
        document_type=row.get("Type de pièce", ""),
        document_number=row.get("Numéro de pièce", ""),
    )
    return data


def _import_persons(
    actor: Actor,
    organisation: Organisation,
    rows: Iterator[tuple[int, dict[str, str]]],
    total: int,
    report: _Rows,
    outcome: Outcome,
    progress: Progress | None,
) -> None:
    """Persons go in batches: one service call registers a batch in a few
    queries, where a call per row spent most of its time in the ORM."""
    batch: list[tuple[int, persons.PersonData]] = []

    def register() -> None:
        done = persons.register_people(
            actor=actor, organisation=organisation, batch=[data for _number, data in batch]
        )
        for index, error in done.errors.items():
            report.add_error(batch[index][0], error)
        outcome.created += len(done.created)
        outcome.unchanged += done.known
        batch.clear()

    for position, (number, row) in enumerate(rows, start=1):
        data = _person(row, report, number)
        if data is not None:
            batch.append((number, data))
        if len(batch) >= BATCH:
            register()
        if progress:
            progress(_("Importing"), position, total)
    if batch:
        register()


def _event(row: dict[str, str], report: _Rows, number: int) -> _EventRow | None:
    """The service a row describes, its person still to be found, or None
    with its issues reported."""
    issues_before = len(report.issues)
    for column in t.EVENT_COLUMNS:
        if column.required and not row.get(column.header):
            report.add(number, column.key, _("A value is required."))
    event_type = report.event_types.get(row.get("Service", ""))
    if row.get("Service") and event_type is None:
        report.add(number, "service", _("Unknown service: %(value)s.") % {"value": row["Service"]})
    occurred_on = _date(row.get("Date", ""))
    if row.get("Date") and occurred_on is None:
        report.add(number, "occurred_on", _("Write the date as YYYY-MM-DD."))
    centre = report.centres.get(row.get("Centre", ""))
    if row.get("Centre") and centre is None:
        report.add(number, "centre", _("Unknown centre: %(value)s.") % {"value": row["Centre"]})
    trade = report.trades.get(row.get("Filière", ""))
    if row.get("Filière") and trade is None:
        report.add(number, "trade", _("Unknown trade: %(value)s.") % {"value": row["Filière"]})
    if len(report.issues) > issues_before:
        return None
    assert event_type is not None and occurred_on is not None
    declared = {a["name"] for a in event_type.attributes}
    return _EventRow(
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
class _EventRow:
    number: int
    person_id: str
    event_type: EventType
    occurred_on: datetime.date
    centre: Centre | None
    trade: Trade | None
    attributes: dict[str, Any]
    partner_record_id: str


def _import_events(
    actor: Actor,
    organisation: Organisation,
    rows: Iterator[tuple[int, dict[str, str]]],
    total: int,
    report: _Rows,
    outcome: Outcome,
    progress: Progress | None,
) -> None:
    """Services go in batches: their persons are found with one query per
    batch and one service call records the batch."""
    batch: list[_EventRow] = []
    # Rows refused for another reason still get their person checked, so the
    # partner sees every issue of the file at once.
    refused: list[tuple[int, str]] = []
    unknown_person = _("No person of yours has this id (import the persons first).")

    def record() -> None:
        wanted = {r.person_id for r in batch} | {person_id for _n, person_id in refused}
        found = {
            person.partner_record_id: person
            for person in Person.objects.with_partner_ids(organisation, wanted)
        }
        for number, person_id in refused:
            if person_id not in found:
                report.add(number, "person_id", unknown_person)
        refused.clear()
        checked: list[tuple[int, events.EventData]] = []
        for item in batch:
            person = found.get(item.person_id)
            if person is None:
                report.add(item.number, "person_id", unknown_person)
                continue
            data = events.EventData(
                person=person,
                event_type=item.event_type,
                occurred_on=item.occurred_on,
                centre=item.centre,
                trade=item.trade,
                attributes=item.attributes,
                partner_record_id=item.partner_record_id,
            )
            checked.append((item.number, data))
        done = events.record_events(
            actor=actor, organisation=organisation, batch=[data for _number, data in checked]
        )
        for index, error in done.errors.items():
            report.add_error(checked[index][0], error)
        outcome.created += len(done.created)
        outcome.unchanged += done.known
        batch.clear()

    for position, (number, row) in enumerate(rows, start=1):
        item = _event(row, report, number)
        if item is not None:
            batch.append(item)
        elif row.get("Identifiant personne"):
            refused.append((number, row["Identifiant personne"]))
        if len(batch) + len(refused) >= BATCH:
            record()
        if progress:
            progress(_("Importing"), position, total)
    if batch or refused:
        record()


def _referral(
    organisation: Organisation, row: dict[str, str], report: _Rows, number: int, actor: Actor
) -> bool | None:
    issues_before = len(report.issues)
    for column in t.REFERRAL_COLUMNS:
        if column.required and not row.get(column.header):
            report.add(number, column.key, _("A value is required."))
    person = Person.objects.filter(
        organisation=organisation, partner_record_id=row.get("Identifiant personne", "")
    ).first()
    if row.get("Identifiant personne") and person is None:
        report.add(
            number, "person_id", _("No person of yours has this id (import the persons first).")
        )
    target = Organisation.objects.filter(code=row.get("Vers", "").lower()).first()
    if row.get("Vers") and target is None:
        report.add(
            number,
            "to_organisation",
            _("No organisation has the code %(code)s.") % {"code": row["Vers"]},
        )
    purpose = row.get("Objet", "")
    if purpose and purpose not in REFERRAL_PURPOSES:
        report.add(number, "purpose", _("Write employment, self_employment, training or other."))
    sent_on = _date(row.get("Date", ""))
    if row.get("Date") and sent_on is None:
        report.add(number, "sent_on", _("Write the date as YYYY-MM-DD."))
    elif sent_on and sent_on > timezone.localdate():
        report.add(number, "sent_on", _("The date is in the future."))
    if len(report.issues) > issues_before:
        return None
    assert person is not None and target is not None and sent_on is not None
    if Referral.objects.filter(person=person, to_organisation=target, sent_on=sent_on).exists():
        return False  # imported before
    referrals.send(
        actor=actor,
        person=person,
        from_organisation=organisation,
        to_organisation=target,
        purpose=purpose,
        sent_on=sent_on,
        note=row.get("Note", ""),
        recompute=False,
    )
    return True


def import_records(
    *,
    actor: Actor,
    organisation: Organisation,
    kind: str,
    source: IO[bytes],
    filename: str,
    progress: Progress | None = None,
) -> Outcome:
    """Import `source`; raise RecordsFileError (nothing written) listing every issue."""
    if kind not in KINDS:
        raise ValueError(kind)
    if not (
        policies.may_register_for(actor, organisation)
        if kind == "persons"
        else policies.may_record_for(actor, organisation)
    ):
        raise PermissionDenied
    sheet = str(t.SHEET_TITLES[kind])
    total, rows = _rows(source, filename, sheet)
    report = _Rows(sheet, KINDS[kind])
    outcome = Outcome()
    with transaction.atomic():
        if kind == "persons":
            _import_persons(actor, organisation, rows, total, report, outcome, progress)
        elif kind == "events":
            _import_events(actor, organisation, rows, total, report, outcome, progress)
        else:
            for position, (number, row) in enumerate(rows, start=1):
                try:
                    with transaction.atomic():
                        created = _referral(organisation, row, report, number, actor)
                except ValidationError as error:
                    report.add_error(number, error)
                    created = None
                if created is True:
                    outcome.created += 1
                elif created is False:
                    outcome.unchanged += 1
                if progress:
                    progress(_("Importing"), position, total)
        if report.issues:
            transaction.set_rollback(True)
    if report.issues:
        raise RecordsFileError(sorted(report.issues, key=lambda issue: issue.row or 0))
    if kind in ("events", "referrals") and outcome.created:
        from suivi.beneficiaries.tasks import request_refresh

        transaction.on_commit(request_refresh)
    return outcome
