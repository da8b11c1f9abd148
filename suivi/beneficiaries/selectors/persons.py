"""Reads of persons, scoped to what the acting user may open."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet

from suivi.accounts.models import Organisation
from suivi.accounts.policies import organisation_ids_of
from suivi.beneficiaries import policies
from suivi.beneficiaries.models import (
    Consent,
    ConsentKind,
    JourneyEvent,
    Person,
    Referral,
    VulnerabilityGrid,
)
from suivi.core import audit, crypto
from suivi.core.actors import Actor


def persons_for(user: Actor) -> QuerySet[Person]:
    """Persons whose record `user` may open (names, services)."""
    # The policy's filter is a union of subqueries, not a join: no duplicates
    # to remove, so no DISTINCT over every column.
    return Person.objects.filter(policies.visible_persons_q(user)).select_related(
        "organisation", "category"
    )


def person_for(user: Actor, pk: UUID | str) -> Person | None:
    """One person whose record `user` may open, or None."""
    return persons_for(user).filter(pk=pk).first()


@dataclass(frozen=True)
class PersonRecord:
    """What the person page shows to one user: contacts masked unless they
    may see them; a receiving partner gets the referrals that concern it and
    its own services only."""

    person: Person
    phone: str
    document_number: str
    events: list[JourneyEvent]
    consents: list[Consent]
    referrals: list[Referral]
    registering: bool  # the user works for the registering partner
    may_serve: bool  # the user may record a service for the person
    # Consents belong to the registering partner's record: only its staff who
    # record services record them (given or withdrawn).
    may_record_consent: bool
    withdrawable: list[Consent]  # share consents the user may record withdrawn


def person_record(user: Actor, pk: UUID | str, organisation: Organisation) -> PersonRecord | None:
    """The record of person `pk` as `user` (acting for `organisation`) may
    read it, or None when it is not theirs to open. The read is audited."""
    person = persons_for(user).filter(pk=pk).first()
    if person is None:
        return None
    registering = policies.is_registering_partner(user, person)
    contacts = policies.may_see_contacts(user, person)
    events = person.events.select_related("event_type", "organisation", "centre")
    consents = person.consents.select_related("organisation")
    referrals = Referral.objects.filter(person=person).select_related(
        "from_organisation", "to_organisation"
    )
    if not registering:
        mine = organisation_ids_of(user)
        events = events.filter(organisation__in=mine)
        consents = consents.filter(kind=ConsentKind.SHARE, organisation__in=mine)
        referrals = referrals.filter(Q(to_organisation__in=mine) | Q(from_organisation__in=mine))
    audit.record(actor=user, action="beneficiaries.person.viewed", target=person)
    consent_list = list(consents)
    may_record_consent = registering and policies.may_record_for(user, person.organisation)
    return PersonRecord(
        person=person,
        phone=person.phone if contacts else crypto.mask(person.phone),
        document_number=person.document_number if contacts else crypto.mask(person.document_number),
        events=list(events.order_by("-occurred_on")),
        consents=consent_list,
        referrals=list(referrals),
        registering=registering,
        may_serve=policies.may_record_service(user, organisation, person),
        may_record_consent=may_record_consent,
        withdrawable=[c for c in consent_list if c.kind == ConsentKind.SHARE and c.is_active]
        if may_record_consent
        else [],
    )


def consent_to_withdraw(
    user: Actor, person_pk: UUID | str, consent_pk: UUID | str
) -> Consent | None:
    """A standing consent of a person registered by `user`'s organisation,
    which `user` may record withdrawn; None otherwise."""
    person = persons_for(user).filter(pk=person_pk).first()
    if person is None or not policies.may_record_for(user, person.organisation):
        return None
    return (
        Consent.objects.select_related("person", "person__organisation")
        .filter(pk=consent_pk, person=person, withdrawn_on__isnull=True)
        .first()
    )


def services_granted_for(person: Person, grid: VulnerabilityGrid) -> QuerySet[JourneyEvent]:
    """The services of `person`'s identity (any partner's record) that a
    decision on `grid` may be granted for (Amuddu: training enrolments). The
    person is one the reader opened."""
    return JourneyEvent.objects.filter(
        person__identity_key=person.identity_key, event_type=grid.granted_for_id
    )
