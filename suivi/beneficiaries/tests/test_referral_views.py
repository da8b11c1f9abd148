"""The referral inbox: counts, closing as served, withdrawing."""

from datetime import date

import pytest
from django.urls import reverse

from suivi.beneficiaries.models import ReferralStatus
from suivi.beneficiaries.services import persons, referrals
from suivi.beneficiaries.tests.factories import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(setting):
    en, anapec, someone, en_worker, _anapec_worker = setting
    persons.give_consent(
        actor=en_worker,
        person=someone,
        kind="share",
        given_on=date(2020, 3, 1),
        organisation=anapec,
    )
    return referrals.send(
        actor=en_worker,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        sent_on=date(2020, 3, 1),
    )


def test_the_receiver_closes_an_accepted_referral_with_its_service(client, setting, sent):
    _en, anapec, someone, _en_worker, anapec_worker = setting
    referrals.accept(actor=anapec_worker, referral=sent)
    client.force_login(anapec_worker)
    accepted = reverse("beneficiaries:inbox") + "?box=accepted"
    body = client.get(accepted).content.decode()
    assert 'data-testid="no-service"' in body  # nothing to close it with yet
    support = event(someone, "job_search_support", organisation=anapec, on=date(2020, 3, 10))
    body = client.get(accepted).content.decode()
    assert f'value="{support.pk}"' in body
    response = client.post(reverse("beneficiaries:serve", args=[sent.pk]), {"service": support.pk})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SERVED and sent.served_by == support


def test_only_the_receivers_own_services_close_a_referral(client, setting, sent):
    en, _anapec, someone, _en_worker, anapec_worker = setting
    referrals.accept(actor=anapec_worker, referral=sent)
    theirs = event(someone, "job_search_support", organisation=en, on=date(2020, 3, 10))
    client.force_login(anapec_worker)
    response = client.post(reverse("beneficiaries:serve", args=[sent.pk]), {"service": theirs.pk})
    assert response.status_code == 404
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.ACCEPTED


def test_the_sender_withdraws_a_referral_not_yet_answered(client, setting, sent):
    _en, _anapec, _someone, en_worker, anapec_worker = setting
    client.force_login(anapec_worker)  # the receiver cannot withdraw it
    assert client.post(reverse("beneficiaries:withdraw", args=[sent.pk])).status_code == 404
    client.force_login(en_worker)
    sent_box = reverse("beneficiaries:inbox") + "?box=sent"
    body = client.get(sent_box).content.decode()
    assert reverse("beneficiaries:withdraw", args=[sent.pk]) in body
    client.post(reverse("beneficiaries:withdraw", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.WITHDRAWN
    body = client.get(sent_box).content.decode()
    assert reverse("beneficiaries:withdraw", args=[sent.pk]) not in body


def test_the_inbox_counts_received_referrals_by_status(client, setting, sent):
    _en, _anapec, _someone, _en_worker, anapec_worker = setting
    client.force_login(anapec_worker)
    body = client.get(reverse("beneficiaries:inbox")).content.decode()
    counts = body[body.index('data-testid="referral-counts"') :]
    assert 'data-box="waiting" aria-current="page">' in counts
    assert '<span class="count">1</span>' in counts
