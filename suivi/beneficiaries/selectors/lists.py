"""The persons and services lists, and their exports: scoped, filtered,
paginated with their total, in a number of queries that does not grow with
the rows.

Scope. The persons list holds the persons whose record the user may open
(`policies.visible_persons_q`): their organisation's, and those referred to it
while the referral is open and the consent to share stands. It is read as two
indexed lookups — the organisation's persons, and the few referred ones — so
the newest registrations come off an index instead of every person being
scanned and sorted. The services list holds the services the user's
organisation gave; the person's name shows only when the user may still open
the person (a closed referral or a withdrawn consent ends it).

Search. By name (given or family name containing the text) or by the
partner's own reference (exactly); by phone or document number only exactly,
through the keyed hashes the records carry (`suivi.core.crypto`): the number
typed is normalised and hashed as at registration, nothing is decrypted.

Exports take the same filters and scope, hold the contacts (decrypted) only
for a user who may see them (staff of the registering partner who serve
people; masked for the others), stop at `EXPORT_LIMIT` rows, and are audited
with the names of the filters used, never their values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from suivi.accounts.policies import has_capability, organisation_ids_of
from suivi.accounts.roles import Capability
from suivi.beneficiaries import normalise, policies
from suivi.beneficiaries.models import (
    Centre,
    DocumentType,
    EventType,
    JourneyEvent,
    Person,
)
from suivi.core import audit, crypto, paging
from suivi.core.actors import Actor, is_system
from suivi.indicators.models import DimensionValue

EXPORT_LIMIT = 20_000  # rows of one export; beyond, narrow the filters
PERSON_FIELDS = (
    "id",
    "given_name",
    "family_name",
    "sex",
    "registered_on",
    "partner_record_id",
    "organisation__short_name",
    "category__code",
    "category__name",
    "category__name_ar",
    "category__name_en",
)


@dataclass(frozen=True)
class ListFilters:
    """What a list is narrowed to (each field used where it applies)."""

    q: str = ""
    sex: str = ""
    category: str = ""
    service: str = ""
    centre: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def used(self) -> list[str]:
        """The names of the filters in use (what an audit event may say)."""
        return [f.name for f in fields(self) if getattr(self, f.name) not in ("", None)]


# -- Choices of the filters ---------------------------------------------------


def category_choices() -> list[tuple[str, str]]:
    values = DimensionValue.objects.filter(dimension__code="category").order_by("order", "code")
    return [(v.code, v.label) for v in values]


def service_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in EventType.objects.all()]


def centre_choices(user: Actor) -> list[tuple[str, str]]:
    """The centres of the user's organisations (all for the system)."""
    centres = Centre.objects.order_by("name")
    if not is_system(user):
        centres = centres.filter(organisation__in=organisation_ids_of(user))
    return [(c.code, c.name) for c in centres]


# -- Persons ----------------------------------------------------------------------


def _visible_persons(user: Actor) -> QuerySet[Person]:
    """The persons `user` may open (`policies.visible_persons_q`)."""
    if not (is_system(user) or policies.may_list_persons(user)):
        return Person.objects.none()
    return Person.objects.filter(policies.visible_persons_q(user))


def contact_hashes(raw: str) -> tuple[list[str], list[str]]:
    """The keyed hashes a phone or document number typed as `raw` is stored
    under: as a phone (normalised as at registration) and as a number of each
    kind of document. Nothing when it is neither."""
    phones: list[str] = []
    documents: list[str] = []
    try:
        phone = normalise.check_phone(raw).e164
    except ValidationError:
        phone = ""
    if phone:
        phones.append(crypto.keyed_hash(phone))
    try:
        number = normalise.document_number(raw)
    except ValidationError:
        number = ""
    if number:
        documents = [crypto.keyed_hash(f"{kind}:{number}") for kind in DocumentType.values]
    return phones, documents


def _contact_q(raw: str, prefix: str = "") -> Q:
    phones, documents = contact_hashes(raw)
    found = Q(pk__in=[])
    if phones:
        found |= Q(**{f"{prefix}phone_hash__in": phones})
    if documents:
        found |= Q(**{f"{prefix}document_hash__in": documents})
    return found


def _person_q(filters: ListFilters, prefix: str = "") -> Q:
    """The person filters (name or reference, sex, category) as one Q;
    `prefix` reaches the person from a service (`person__`)."""
    q = Q()
    if filters.q:
        q &= (
            Q(**{f"{prefix}family_name__icontains": filters.q})
            | Q(**{f"{prefix}given_name__icontains": filters.q})
            | Q(**{f"{prefix}partner_record_id__iexact": filters.q})
        )
    if filters.sex:
        q &= Q(**{f"{prefix}sex": filters.sex})
    if filters.category:
        q &= Q(**{f"{prefix}category__code": filters.category})
    return q


def persons_listed(user: Actor, filters: ListFilters, contact: str = "") -> QuerySet[Person]:
    """The persons `user` may open, narrowed by `filters` (and, when given,
    by a phone or document number, exactly), newest registrations first."""
    people = _visible_persons(user).filter(_person_q(filters))
    if contact:
        people = people.filter(_contact_q(contact))
    if filters.date_from:
        people = people.filter(registered_on__gte=filters.date_from)
    if filters.date_to:
        people = people.filter(registered_on__lte=filters.date_to)
    return (
        people.select_related("organisation", "category")
        .only(*PERSON_FIELDS)
        .order_by("-registered_on", "-id")
    )


def person_page(
    user: Actor, filters: ListFilters, page: object, contact: str = ""
) -> paging.ListPage[Person]:
    """One page of the persons list. A search by phone or document is audited
    (who searched, not for what)."""
    found = paging.paginate(persons_listed(user, filters, contact), page)
    if contact:
        audit.record(
            actor=user,
            action="beneficiaries.persons.searched_by_contact",
            detail={"found": found.total},
        )
    return found


def person_export(user: Actor, filters: ListFilters) -> tuple[list[str], list[list[Any]]] | None:
    """The rows of the persons export, or None when more than
    `EXPORT_LIMIT` persons match. Contacts for whoever may see them."""
    from django.utils.translation import gettext as _

    contacts = has_capability(user, Capability.RECORD_SERVICES) or is_system(user)
    people = persons_listed(user, filters)
    if contacts:
        people = people.only(
            *PERSON_FIELDS,
            "organisation_id",
            "phone_encrypted",
            "document_type",
            "document_number_encrypted",
        )
    listed = list(people[: EXPORT_LIMIT + 1])
    if len(listed) > EXPORT_LIMIT:
        return None
    headers = [
        _("Family name"),
        _("Given name"),
        _("Sex"),
        _("Migrant category"),
        _("Registered by"),
        _("Registered on"),
        _("Partner reference"),
    ]
    if contacts:
        headers += [_("Phone"), _("Identity document"), _("Document number")]
    rows = []
    for person in listed:
        row: list[Any] = [
            person.family_name,
            person.given_name,
            person.get_sex_display(),
            person.category.label,
            person.organisation.short_name,
            person.registered_on,
            person.partner_record_id,
        ]
        if contacts:
            shown = policies.may_see_contacts(user, person)
            phone, number = person.phone, person.document_number
            row += [
                phone if shown else crypto.mask(phone),
                person.get_document_type_display() if person.document_type else "",
                number if shown else crypto.mask(number),
            ]
        rows.append(row)
    audit.record(
        actor=user,
        action="beneficiaries.persons.exported",
        detail={"filters": filters.used(), "rows": len(rows), "contacts": contacts},
    )
    return headers, rows


# -- Services -------------------------------------------------------------------


def services_listed(user: Actor, filters: ListFilters, contact: str = "") -> QuerySet[JourneyEvent]:
    """The services given by `user`'s organisations, narrowed by `filters`
    (the person's name, sex and category; service type, centre, dates),
    newest first."""
    if not policies.may_list_services(user):
        return JourneyEvent.objects.none()
    events = JourneyEvent.objects.filter(organisation__in=organisation_ids_of(user)).filter(
        _person_q(filters, prefix="person__")
    )
    if contact:
        events = events.filter(_contact_q(contact, prefix="person__"))
    if filters.service:
        events = events.filter(event_type__code=filters.service)
    if filters.centre:
        events = events.filter(centre__code=filters.centre)
    if filters.date_from:
        events = events.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(occurred_on__lte=filters.date_to)
    return (
        events.select_related("event_type", "centre", "person", "person__category")
        .only(
            "pk",
            "occurred_on",
            "attributes",
            "event_type__code",
            "event_type__name",
            "event_type__name_ar",
            "event_type__name_en",
            "event_type__attributes",
            "centre__name",
            *(f"person__{name}" for name in PERSON_FIELDS if "organisation" not in name),
        )
        .order_by("-occurred_on", "-id")
    )


@dataclass(frozen=True)
class ServiceLine:
    service: JourneyEvent
    person: Person | None  # set only when the user may open the person


def openable(user: Actor, person_ids: Iterable[UUID]) -> frozenset[UUID]:
    """Which of these persons `user` may open (one query)."""
    ids = set(person_ids)
    if not ids:
        return frozenset()
    return frozenset(
        Person.objects.filter(pk__in=ids)
        .filter(policies.visible_persons_q(user))
        .values_list("pk", flat=True)
    )


def _lines(user: Actor, services: list[JourneyEvent]) -> list[ServiceLine]:
    may_open = openable(user, (s.person_id for s in services))
    return [ServiceLine(s, s.person if s.person_id in may_open else None) for s in services]


def service_page(
    user: Actor, filters: ListFilters, page: object, contact: str = ""
) -> paging.ListPage[ServiceLine]:
    found = paging.paginate(services_listed(user, filters, contact), page)
    if contact:
        audit.record(
            actor=user,
            action="beneficiaries.services.searched_by_contact",
            detail={"found": found.total},
        )
    return paging.with_rows(found, _lines(user, list(found.rows)))


def service_export(user: Actor, filters: ListFilters) -> tuple[list[str], list[list[Any]]] | None:
    """The rows of the services export (no contact: the person's record has
    them), or None when more than `EXPORT_LIMIT` services match."""
    from django.utils.translation import gettext as _

    listed = list(services_listed(user, filters)[: EXPORT_LIMIT + 1])
    if len(listed) > EXPORT_LIMIT:
        return None
    headers = [
        _("Date"),
        _("Service"),
        _("Centre"),
        _("Details"),
        _("Family name"),
        _("Given name"),
        _("Sex"),
        _("Migrant category"),
    ]
    rows = []
    for line in _lines(user, listed):
        service, person = line.service, line.person
        details = " · ".join(
            f"{label}: {value}" for label, value in service.event_type.described(service.attributes)
        )
        rows.append(
            [
                service.occurred_on,
                service.event_type.label,
                service.centre.name if service.centre else "",
                details,
                person.family_name if person else "",
                person.given_name if person else "",
                service.person.get_sex_display(),
                service.person.category.label,
            ]
        )
    audit.record(
        actor=user,
        action="beneficiaries.services.exported",
        detail={"filters": filters.used(), "rows": len(rows)},
    )
    return headers, rows
