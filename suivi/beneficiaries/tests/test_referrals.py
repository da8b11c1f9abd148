from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import JourneyEvent, Person
from suivi.beneficiaries.policies import visible_persons_q
from suivi.beneficiaries.services import persons, referrals
from suivi.beneficiaries.tests.factories import event

pytestmark = pytest.mark.django_db


def _visible(user):
    return set(Person.objects.filter(visible_persons_q(user)).distinct())


def test_a_referral_needs_the_persons_consent(setting):
    en, anapec, someone, en_worker, _ = setting
    with pytest.raises(ValidationError, match="agreed"):
        referrals.send(
            actor=en_worker,
            person=someone,
            from_organisation=en,
            to_organisation=anapec,
            purpose="employment",
            sent_on=date(2020, 3, 1),
        )


def test_full_cycle_and_access_while_open(setting):
    en, anapec, someone, en_worker, anapec_worker = setting
    persons.give_consent(
        actor=en_worker,
        person=someone,
        kind="share",
        given_on=date(2020, 3, 1),
        organisation=anapec,
    )
    assert someone not in _visible(anapec_worker)
    referral = referrals.send(
        actor=en_worker,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        sent_on=date(2020, 3, 1),
    )
    assert (
        JourneyEvent.objects.filter(event_type__code="referral", attributes__to="anapec").count()
        == 1
    )
    assert someone in _visible(anapec_worker)  # to decide, ANAPEC sees what is shared
    with pytest.raises(PermissionDenied):  # only the receiving partner answers
        referrals.accept(actor=en_worker, referral=referral)
    referrals.accept(actor=anapec_worker, referral=referral)
    support = event(someone, "job_search_support", organisation=anapec, on=date(2020, 3, 10))
    referrals.mark_served(actor=anapec_worker, referral=referral, event=support)
    assert someone not in _visible(anapec_worker)  # closed: access ends


def test_decline_needs_a_reason_and_withdraw_is_for_the_sender(setting):
    en, anapec, someone, en_worker, anapec_worker = setting
    persons.give_consent(
        actor=SYSTEM, person=someone, kind="share", given_on=date(2020, 3, 1), organisation=anapec
    )
    referral = referrals.send(
        actor=SYSTEM,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        sent_on=date(2020, 3, 1),
    )
    with pytest.raises(ValidationError):
        referrals.decline(actor=anapec_worker, referral=referral, reason=" ")
    with pytest.raises(ValidationError, match="already open"):
        referrals.send(
            actor=SYSTEM,
            person=someone,
            from_organisation=en,
            to_organisation=anapec,
            purpose="employment",
            sent_on=date(2020, 3, 2),
        )
    with pytest.raises(PermissionDenied):
        referrals.withdraw(actor=anapec_worker, referral=referral)
    referrals.withdraw(actor=en_worker, referral=referral)
    with pytest.raises(ValidationError):
        referrals.accept(actor=anapec_worker, referral=referral)
