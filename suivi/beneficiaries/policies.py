"""Who sees and records persons and their services.

Person records belong to the partner that registered them. Partner staff see
their own organisation's persons, and those referred to their organisation
while the referral is open (sent or accepted) — the person having consented
to share with it. Once the referral is closed, access ends, unless the
partner registered the person too. The intervention team and the steering
committee see figures and pseudonymous record lists, never names or contacts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from suivi.accounts.policies import has_capability, organisation_ids_of
from suivi.accounts.roles import Capability
from suivi.beneficiaries.models import Referral

if TYPE_CHECKING:
    from suivi.accounts.models import Organisation, User
    from suivi.beneficiaries.models import Person


def visible_persons_q(user: User | None) -> Q:
    """Persons whose record (names, contacts) `user` may open."""
    if user is None:
        return Q()
    if not (
        has_capability(user, Capability.REGISTER_PEOPLE)
        or has_capability(user, Capability.RECORD_SERVICES)
    ):
        return Q(pk__in=[])
    organisations = organisation_ids_of(user)
    referred = Q(
        referrals__to_organisation__in=organisations,
        referrals__status__in=["sent", "accepted"],
    )
    return Q(organisation__in=organisations) | referred


def may_register_for(user: User | None, organisation: Organisation) -> bool:
    if user is None:
        return True
    return has_capability(user, Capability.REGISTER_PEOPLE) and (
        organisation.pk in organisation_ids_of(user)
    )


def may_record_for(user: User | None, organisation: Organisation) -> bool:
    """Whether `user` records services in the name of `organisation`."""
    return user is None or (
        has_capability(user, Capability.RECORD_SERVICES)
        and organisation.pk in organisation_ids_of(user)
    )


def may_record_service(user: User | None, organisation: Organisation, person: Person) -> bool:
    """A partner records the services it gave, to persons it registered or
    that were referred to it (referral accepted and still open)."""
    if not may_record_for(user, organisation):
        return False
    if person.organisation_id == organisation.pk:
        return True
    return Referral.objects.filter(
        person=person, to_organisation=organisation, status="accepted"
    ).exists()


def may_see_contacts(user: User | None, person: Person) -> bool:
    """Phone and document number, unmasked: staff of the registering partner
    who serve people (focal point, case worker)."""
    if user is None:
        return True
    return has_capability(user, Capability.RECORD_SERVICES) and (
        person.organisation_id in organisation_ids_of(user)
    )
