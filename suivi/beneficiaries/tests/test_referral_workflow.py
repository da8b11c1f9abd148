"""Referrals on the core workflow helper: history rows, the audit trail
without the reason, and the history rebuilt from the audit trail."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import ReferralStatus, ReferralTransition
from suivi.beneficiaries.services import persons, referrals
from suivi.beneficiaries.tests.factories import event
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REASON = "Mme Khadija R. is already followed by our Oujda office"


@pytest.fixture
def sent(setting):
    en, anapec, someone, _en_worker, _anapec_worker = setting
    persons.give_consent(
        actor=SYSTEM, person=someone, kind="share", given_on=date(2020, 3, 1), organisation=anapec
    )
    return referrals.send(
        actor=SYSTEM,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        sent_on=date(2020, 3, 1),
    )


def _steps(referral):
    return [(t.from_status, t.to_status, t.actor) for t in referral.transitions.all()]


def test_accept_then_serve_leave_their_history(setting, sent):
    _en, anapec, someone, _en_worker, anapec_worker = setting
    assert _steps(sent) == []  # sending creates the referral; its history starts at the answer
    referrals.accept(actor=anapec_worker, referral=sent)
    support = event(someone, "job_search_support", organisation=anapec, on=date(2020, 3, 10))
    served = referrals.mark_served(actor=anapec_worker, referral=sent, event=support)
    assert (served.status, served.served_by, served.decided_by) == (
        ReferralStatus.SERVED,
        support,
        anapec_worker,
    )
    assert _steps(sent) == [
        ("sent", "accepted", anapec_worker),
        ("accepted", "served", anapec_worker),
    ]
    answered = AuditEvent.objects.get(action="beneficiaries.referral.accepted")
    assert answered.organisation == anapec
    assert answered.changed_fields == ["decided_by", "status"]
    assert AuditEvent.objects.get(action="beneficiaries.referral.served").changed_fields == [
        "served_by",
        "status",
    ]


def test_the_decline_reason_stays_on_the_referral_and_out_of_the_audit_trail(setting, sent):
    anapec_worker = setting[4]
    with pytest.raises(ValidationError) as refused:
        referrals.decline(actor=anapec_worker, referral=sent, reason="  ")
    assert list(refused.value.message_dict) == ["reason"]
    declined = referrals.decline(actor=anapec_worker, referral=sent, reason=f" {REASON} ")
    assert declined.decline_reason == REASON
    row = sent.transitions.get()
    assert (row.to_status, row.note) == ("declined", REASON)
    audited = AuditEvent.objects.get(action="beneficiaries.referral.declined")
    assert audited.changed_fields == ["decided_by", "decline_reason", "status"]
    assert audited.detail["transition"] == str(row.pk)
    assert "Khadija" not in str(audited.detail)
    with pytest.raises(ValidationError, match="already been answered"):
        referrals.accept(actor=anapec_worker, referral=sent)


def test_withdrawal_is_filed_under_the_sender(setting, sent):
    en, _anapec, _someone, en_worker, _anapec_worker = setting
    referrals.withdraw(actor=en_worker, referral=sent)
    assert _steps(sent) == [("sent", "withdrawn", en_worker)]
    assert AuditEvent.objects.get(action="beneficiaries.referral.withdrawn").organisation == en


def test_a_service_of_another_partner_does_not_close_the_referral(setting, sent):
    en, _anapec, someone, _en_worker, anapec_worker = setting
    referrals.accept(actor=anapec_worker, referral=sent)
    elsewhere = event(someone, "job_search_support", organisation=en, on=date(2020, 3, 10))
    with pytest.raises(ValidationError, match="receiving partner"):
        referrals.mark_served(actor=anapec_worker, referral=sent, event=elsewhere)
    sent.refresh_from_db()
    assert (sent.status, sent.served_by) == (ReferralStatus.ACCEPTED, None)
    assert _steps(sent) == [("sent", "accepted", anapec_worker)]


def test_the_migration_rebuilds_the_history_from_the_audit_trail(setting, sent):
    en, anapec, someone, _en_worker, anapec_worker = setting
    referrals.accept(actor=anapec_worker, referral=sent)
    support = event(someone, "job_search_support", organisation=anapec, on=date(2020, 3, 10))
    referrals.mark_served(actor=anapec_worker, referral=sent, event=support)
    declined = referrals.send(
        actor=SYSTEM,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="training",
        sent_on=date(2020, 4, 1),
    )
    referrals.decline(actor=anapec_worker, referral=declined, reason=REASON)
    expected = {
        (t.referral_id, t.from_status, t.to_status, t.actor_id, t.note)
        for t in ReferralTransition.objects.all()
    }
    ReferralTransition.objects.all().delete()  # as before the migration

    migration = importlib.import_module("suivi.beneficiaries.migrations.0008_referraltransition")
    migration.history_from_audit_trail(apps, None)

    rebuilt = ReferralTransition.objects.all()
    assert {(t.referral_id, t.from_status, t.to_status, t.actor_id, t.note) for t in rebuilt} == (
        expected
    )
    times = {
        (e.object_id, e.action.rsplit(".", 1)[1]): e.occurred_at
        for e in AuditEvent.objects.filter(object_type="beneficiaries.referral")
    }
    for row in rebuilt:
        assert row.created_at == times[(str(row.referral_id), row.to_status)]
