"""Who sees and records persons and their services.

Person records belong to the partner that registered them. Partner staff see
their own organisation's persons, and those referred to their organisation
while the referral is open (sent or accepted) and the person's consent to
share with it stands: access ends with the referral or the consent, whichever
ends first, unless the partner registered the person too. A receiving
partner sees the person's identity, the referral and its own services, not
what other partners did. The intervention team and the steering committee see
figures and pseudonymous record lists, never names or contacts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from suivi.accounts.policies import has_capability, organisation_ids_of
from suivi.accounts.roles import Capability
from suivi.beneficiaries.models import (
    OPEN_STATUSES,
    Consent,
    ConsentKind,
    Referral,
    ReferralStatus,
)
from suivi.core.actors import Actor, is_system

if TYPE_CHECKING:
    from suivi.accounts.models import Organisation
    from suivi.beneficiaries.models import Person


def visible_persons_q(user: Actor) -> Q:
    """Persons whose record (names, contacts) `user` may open."""
    if is_system(user):
        return Q()
    if not (
        has_capability(user, Capability.REGISTER_PEOPLE)
        or has_capability(user, Capability.RECORD_SERVICES)
    ):
        return Q(pk__in=[])
    organisations = organisation_ids_of(user)
    own = Q(organisation__in=organisations)
    if not has_capability(user, Capability.RECORD_SERVICES):
        # A community agent registers people; persons referred to the
        # organisation are for the staff who answer referrals and serve them.
        return own
    referred = open_shared_referrals(organisations).values("person_id")
    return own | Q(pk__in=referred)


def _consent_stands() -> Exists:
    """For a referral (outer query): the person's share consent with its
    receiving organisation is given and not withdrawn."""
    return Exists(
        Consent.objects.filter(
            person=OuterRef("person"),
            kind=ConsentKind.SHARE,
            organisation=OuterRef("to_organisation"),
            withdrawn_on__isnull=True,
        )
    )


def open_shared_referrals(
    organisations: set[object], statuses: Iterable[str] = OPEN_STATUSES
) -> QuerySet[Referral]:
    """Referrals to `organisations` that still give access to their person:
    open, and the person's consent to share with the receiver standing."""
    return Referral.objects.filter(to_organisation__in=organisations, status__in=statuses).filter(
        _consent_stands()
    )


def may_serve_referrals(user: Actor) -> bool:
    """Who answers referrals and reads the referral inbox (names of the
    persons referred): partner staff who serve people — not community agents
    nor the steering committee, whichever organisation they belong to."""
    return has_capability(user, Capability.RECORD_SERVICES) and bool(organisation_ids_of(user))


def is_registering_partner(user: Actor, person: Person) -> bool:
    """Whether `user` works for the partner that registered `person` (who sees
    every service and referral on the record and manages its consents)."""
    return is_system(user) or person.organisation_id in organisation_ids_of(user)


def may_register_for(user: Actor, organisation: Organisation) -> bool:
    if is_system(user):
        return True
    return has_capability(user, Capability.REGISTER_PEOPLE) and (
        organisation.pk in organisation_ids_of(user)
    )


def may_record_for(user: Actor, organisation: Organisation) -> bool:
    """Whether `user` records services in the name of `organisation`."""
    return is_system(user) or (
        has_capability(user, Capability.RECORD_SERVICES)
        and organisation.pk in organisation_ids_of(user)
    )


def may_record_service(user: Actor, organisation: Organisation, person: Person) -> bool:
    """A partner records the services it gave, to persons it registered or
    that were referred to it (referral accepted and still open)."""
    if not may_record_for(user, organisation):
        return False
    if person.organisation_id == organisation.pk:
        return True
    return (
        open_shared_referrals({organisation.pk}, statuses=[ReferralStatus.ACCEPTED])
        .filter(person=person)
        .exists()
    )


def may_see_contacts(user: Actor, person: Person) -> bool:
    """Phone and document number, unmasked: staff of the registering partner
    who serve people (focal point, case worker)."""
    if is_system(user):
        return True
    return has_capability(user, Capability.RECORD_SERVICES) and (
        person.organisation_id in organisation_ids_of(user)
    )


def may_recompute(user: Actor) -> bool:
    """Who recomputes the indicators computed from records and follows the
    runs (who asked, how many persons wait to be counted): the staff who
    define indicators. The progress table's link to the page asks the same
    question of `indicators.policies.may_manage_definitions`, the indicators
    app not depending on this one."""
    from suivi.indicators.policies import may_manage_definitions

    return may_manage_definitions(user)


def may_list_persons(user: Actor) -> bool:
    """Who opens the persons page: partner staff who register people or
    record services (the intervention team and the committee see figures)."""
    return bool(organisation_ids_of(user)) and (
        has_capability(user, Capability.REGISTER_PEOPLE)
        or has_capability(user, Capability.RECORD_SERVICES)
    )


def may_list_services(user: Actor) -> bool:
    """Who lists the services their organisation gave: the staff who record
    them."""
    return may_serve_referrals(user)


def may_review_duplicates(user: Actor) -> bool:
    """Who links or distinguishes the records of possible duplicates."""
    return has_capability(user, Capability.CONFIRM_MATCHES)
