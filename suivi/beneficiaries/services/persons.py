"""Registering a person, and their consents."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries import normalise, policies
from suivi.beneficiaries.models import Consent, ConsentKind, DocumentType, Person, Sex
from suivi.beneficiaries.services import registration_matches, work_dates
from suivi.beneficiaries.services.batches import BatchOutcome, build_new
from suivi.core import audit, countries, crypto, text
from suivi.core.actors import Actor, as_user
from suivi.indicators.models import DimensionValue


@dataclass(frozen=True)
class PersonData:
    given_name: str
    family_name: str
    sex: str
    category: str  # code of a value of the "category" dimension
    registered_on: date
    consent_given_on: date
    birth_year: int | None = None
    birth_date: date | None = None
    nationality: str = ""
    city: str = ""
    phone: str = ""
    document_type: str = ""
    document_number: str = ""
    languages: str = ""
    education_level: str = ""
    partner_record_id: str = ""


def _categories() -> dict[str, DimensionValue]:
    """The migrant categories a person may be registered under, by code."""
    return {
        value.code: value
        for value in DimensionValue.objects.filter(dimension__code="category", is_active=True)
    }


@dataclass(frozen=True)
class _Checked:
    """A person's data once checked: the category read, contacts and
    nationality normalised, texts cleaned (`suivi.core.text`)."""

    category: DimensionValue
    phone: normalise.Phone
    document: str
    nationality: str
    texts: dict[str, str]


def _validate(
    data: PersonData, categories: Mapping[str, DimensionValue], earliest: date | None
) -> _Checked:
    """Check and normalise; every problem is reported against its field. The
    registration may be in the past, not before `earliest` (`work_dates`)."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    texts: dict[str, str] = {}
    try:
        texts = text.clean_fields(
            {
                "given_name": (text.clean_name, data.given_name),
                "family_name": (text.clean_name, data.family_name),
                "city": (text.clean_name, data.city),
                "languages": (text.clean_line, data.languages),
                "document_type": (text.clean_line, data.document_type),
                "education_level": (text.clean_line, data.education_level),
                "partner_record_id": (text.check_identifier, data.partner_record_id),
            }
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    nationality = ""
    try:
        nationality = countries.country_code(data.nationality)
    except ValidationError as error:
        errors["nationality"] = error.messages
    if data.sex not in Sex.values:
        errors["sex"] = [_("Say the person's sex.")]
    category = categories.get(data.category)
    if category is None:
        errors["category"] = [_("Unknown migrant category: %(value)s.") % {"value": data.category}]
    if registered := work_dates.date_error(data.registered_on, earliest, today):
        errors["registered_on"] = [registered]
    if data.consent_given_on > today:
        errors["consent_given_on"] = [_("The date is in the future.")]
    if data.birth_year is not None and not (today.year - 100 <= data.birth_year <= today.year):
        errors["birth_year"] = [_("The year of birth is not plausible.")]
    phone, document = normalise.Phone(""), ""
    try:
        phone = normalise.check_phone(data.phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    try:
        document = normalise.document_number(data.document_number)
    except ValidationError as error:
        errors["document_number"] = error.messages
    if document and not texts.get("document_type", data.document_type):
        errors["document_type"] = [_("Say which document this number belongs to.")]
    if errors or category is None:
        raise ValidationError(errors)
    return _Checked(category, phone, document, nationality, texts)


@transaction.atomic
def register_person(
    *, actor: Actor, organisation: Organisation, data: PersonData
) -> tuple[Person, bool]:
    """Register a person with their consent to be registered. Returns the
    person and whether it was created: a partner record id already known in
    this organisation returns the existing person (re-import, double submit)."""
    if not policies.may_register_for(actor, organisation):
        raise PermissionDenied
    if data.partner_record_id:
        existing = Person.objects.filter(
            organisation=organisation, partner_record_id=data.partner_record_id
        ).first()
        if existing is not None:
            return existing, False
    person = _new_person(
        actor, organisation, data, _categories(), work_dates.earliest_day(organisation)
    )
    person.save()
    Consent.objects.create(
        person=person,
        kind=ConsentKind.REGISTRATION,
        given_on=data.consent_given_on,
        recorded_by=as_user(actor),
    )
    audit.record(
        actor=actor,
        action="beneficiaries.person.registered",
        target=person,
        organisation=organisation,
        changed_fields=_given_fields(data),
    )
    # Possible duplicates at other partners reach the reviewers' queue now; the
    # registering partner is told nothing (docs: "Duplicates").
    registration_matches.check_registered(actor=actor, persons=[person])
    return person, True


@transaction.atomic
def register_people(
    *,
    actor: Actor,
    organisation: Organisation,
    batch: Sequence[PersonData],
    import_batch: uuid.UUID | None = None,
) -> BatchOutcome[Person]:
    """Register a batch of persons (a chunk of a partner's spreadsheet) in a
    handful of queries, with the same checks and records as `register_person`.

    A partner record id already known, in the database or earlier in the
    batch, is not registered again. Persons that fail their checks are
    returned by index and not written; the others are. Callers that need all
    or nothing (imports) roll back when errors come back, or write with an
    `import_batch` that hides the persons until it is published
    (`import_batches.publish`). One audit event lists the ids of the batch's
    new persons.
    """
    outcome, consents, fields = _build_people(actor, organisation, batch, import_batch)
    Person.objects.bulk_create(outcome.created)
    Consent.objects.bulk_create(consents)
    if outcome.created:
        audit.record(
            actor=actor,
            action="beneficiaries.people.registered",
            organisation=organisation,
            changed_fields=fields,
            detail={"persons": [str(person.pk) for person in outcome.created]},
        )
    return outcome


def check_people(
    *, actor: Actor, organisation: Organisation, batch: Sequence[PersonData]
) -> BatchOutcome[Person]:
    """What `register_people` would do with `batch`, writing nothing: an
    import checks its whole file this way before it writes a row."""
    return _build_people(actor, organisation, batch, None)[0]


def _build_people(
    actor: Actor,
    organisation: Organisation,
    batch: Sequence[PersonData],
    import_batch: uuid.UUID | None,
) -> tuple[BatchOutcome[Person], list[Consent], set[str]]:
    if not policies.may_register_for(actor, organisation):
        raise PermissionDenied
    wanted = {data.partner_record_id for data in batch if data.partner_record_id}
    categories = _categories()
    earliest = work_dates.earliest_day(organisation)
    consents: list[Consent] = []
    fields: set[str] = set()

    def build(data: PersonData) -> Person:
        person = _new_person(actor, organisation, data, categories, earliest)
        person.import_batch = import_batch
        consents.append(
            Consent(
                person=person,
                kind=ConsentKind.REGISTRATION,
                given_on=data.consent_given_on,
                recorded_by=as_user(actor),
            )
        )
        fields.update(_given_fields(data))
        return person

    outcome = build_new(
        batch,
        Person.all_objects.published_or_in(import_batch)
        .with_partner_ids(organisation, wanted)
        .values_list("partner_record_id", flat=True),
        build,
    )
    return outcome, consents, fields


def _given_fields(data: PersonData) -> list[str]:
    return [name for name, value in data.__dict__.items() if value not in ("", None)]


def _new_person(
    actor: Actor,
    organisation: Organisation,
    data: PersonData,
    categories: Mapping[str, DimensionValue],
    earliest: date | None,
) -> Person:
    """A checked, unsaved person registered by `organisation`."""
    checked = _validate(data, categories, earliest)
    texts, phone, document = checked.texts, checked.phone, checked.document
    person = Person(
        organisation=organisation,
        partner_record_id=data.partner_record_id,
        registered_on=data.registered_on,
        registered_by=as_user(actor),
        given_name=texts["given_name"],
        family_name=texts["family_name"],
        sex=data.sex,
        birth_year=data.birth_year or (data.birth_date.year if data.birth_date else None),
        birth_date=data.birth_date,
        nationality=checked.nationality,
        category=checked.category,
        city=texts["city"],
        phone_encrypted=crypto.encrypt(phone.e164),
        phone_hash=crypto.keyed_hash(phone.e164),
        phone_unallocated=phone.unallocated,
        document_type=texts["document_type"],
        document_number_encrypted=crypto.encrypt(str(document)),
        document_hash=(
            crypto.keyed_hash(f"{texts['document_type']}:{document}") if document else ""
        ),
        languages=texts["languages"],
        education_level=texts["education_level"],
    )
    person.given_sound = normalise.sound(normalise.plain(person.given_name))
    person.family_sound = normalise.sound(normalise.plain(person.family_name))
    person.names_sound = "|".join(sorted((person.given_sound, person.family_sound)))
    # Alone, a person is their own identity; linking gives a group the
    # smallest id of its records (see services/duplicates.py).
    person.identity_key = person.id
    # The related objects were just read, and the callers look the partner
    # record id up (the database's unique constraint still stands): skip the
    # queries full_clean would repeat for them, which dominated imports.
    person.full_clean(
        exclude=["organisation", "category", "registered_by"],
        validate_unique=False,  # the id is new
        validate_constraints=False,
    )
    return person


@transaction.atomic
def give_consent(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    given_on: date,
    organisation: Organisation | None = None,
) -> Consent:
    """Record a consent (to share with `organisation`, to be quoted…)."""
    if not policies.may_record_service(actor, person.organisation, person):
        raise PermissionDenied
    if kind == ConsentKind.SHARE and organisation is None:
        raise ValidationError(
            {"organisation": _("Name the partner the person agrees to share with.")}
        )
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The date is in the future.")})
    consent = Consent(
        person=person,
        kind=kind,
        organisation=organisation,
        given_on=given_on,
        recorded_by=as_user(actor),
    )
    consent.full_clean()
    consent.save()
    audit.record(
        actor=actor,
        action="beneficiaries.consent.given",
        target=person,
        changed_fields=["consents"],
        detail={"kind": kind},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent, withdrawn_on: date) -> Consent:
    """Record that the person withdrew `consent` (by the registering
    partner's staff): a partner the person shared with loses access at once,
    whatever its referral's status."""
    person = consent.person
    if not (
        policies.may_record_for(actor, person.organisation)
        and policies.is_registering_partner(actor, person)
    ):
        raise PermissionDenied
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on > timezone.localdate() or withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal falls between the consent and today.")}
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = as_user(actor)
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "updated_at"])
    audit.record(
        actor=actor,
        action="beneficiaries.consent.withdrawn",
        target=person,
        changed_fields=["consents"],
        detail={"kind": consent.kind},
    )
    return consent


@transaction.atomic
def update_contacts(
    *,
    actor: Actor,
    person: Person,
    phone: str | None = None,
    document_type: str | None = None,
    document_number: str | None = None,
) -> Person:
    """Change a person's phone or identity document (encrypted, re-hashed)."""
    if not policies.may_see_contacts(actor, person):
        raise PermissionDenied
    changed = []
    if phone is not None:
        try:
            checked = normalise.check_phone(phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages[0]}) from error
        person.phone_encrypted = crypto.encrypt(checked.e164)
        person.phone_hash = crypto.keyed_hash(checked.e164)
        person.phone_unallocated = checked.unallocated
        changed += ["phone_encrypted", "phone_hash", "phone_unallocated"]
    if document_number is not None:
        try:
            number = normalise.document_number(document_number)
        except ValidationError as error:
            raise ValidationError({"document_number": error.messages[0]}) from error
        kind = person.document_type
        if document_type is not None:
            kind = text.clean_fields({"document_type": (text.clean_line, document_type)})[
                "document_type"
            ]
            if kind and kind not in DocumentType.values:
                raise ValidationError(
                    {"document_type": _("Unknown identity document: %(value)s.") % {"value": kind}}
                )
        if number and not kind:
            raise ValidationError(
                {"document_type": _("Say which document this number belongs to.")}
            )
        person.document_type = kind
        person.document_number_encrypted = crypto.encrypt(number)
        person.document_hash = crypto.keyed_hash(f"{kind}:{number}") if number else ""
        changed += ["document_type", "document_number_encrypted", "document_hash"]
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=actor,
            action="beneficiaries.person.contacts_changed",
            target=person,
            changed_fields=[
                f.replace("_encrypted", "") for f in changed if not f.endswith("_hash")
            ],
        )
        # A new phone or document may be another partner's record's.
        registration_matches.check_registered(actor=actor, persons=[person])
    return person
