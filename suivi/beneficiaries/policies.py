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
    referred = Q(
        referrals__to_organisation__in=organisations,
        referrals__status__in=["sent", "accepted"],
    )
    return Q(organisation__in=organisations) | referred


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
    return Referral.objects.filter(
        person=person, to_organisation=organisation, status="accepted"
    ).exists()


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
