"""A grant's tranches through the workflow primitive: planned → requested →
paid (each step with its date, who took it and when, audited), cancelled
with a reason; the grants officer's home counts those due within 30 days."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.core.models import AuditEvent
from suivi.finance import home
from suivi.finance.models import Grant, TrancheStatus, TrancheTransition
from suivi.finance.services import grants, tranches
from suivi.finance.tests.factories import budgeted_intervention

pytestmark = pytest.mark.django_db


def _grant(officer, amount: str = "1000") -> Grant:
    intervention, _ = budgeted_intervention()
    return grants.create_grant(
        actor=officer,
        intervention=intervention,
        data=grants.GrantData(
            "SUB-1",
            OrganisationFactory(),
            Decimal(amount),
            datetime.date(2020, 1, 1),
            datetime.date(2022, 1, 1),
            "Bourses",
        ),
    )


def _tranche(officer, grant: Grant, amount: str, planned: datetime.date):
    return grants.add_tranche(
        actor=officer, grant=grant, planned_date=planned, amount=Decimal(amount)
    )


def test_a_tranche_is_requested_then_paid_and_each_step_is_kept_with_who_and_when():
    officer = member(Role.GRANTS_PROCUREMENT_OFFICER)
    grant = _grant(officer)
    tranche = _tranche(officer, grant, "400", datetime.date(2020, 2, 1))
    assert tranche.status == TrancheStatus.PLANNED
    # Not paid before it is requested.
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        tranches.take_step(
            actor=officer, tranche=tranche, step="pay", on=datetime.date(2020, 2, 10)
        )
    assert "record the request first" in str(refused.value)
    with pytest.raises(ValidationError) as missing:
        tranches.take_step(actor=officer, tranche=tranche, step="request")
    assert set(missing.value.message_dict) == {"on"}
    tranche = tranches.take_step(
        actor=officer, tranche=tranche, step="request", on=datetime.date(2020, 2, 3)
    )
    assert (tranche.status, tranche.requested_on) == ("requested", datetime.date(2020, 2, 3))
    with pytest.raises(ValidationError) as early:
        tranches.take_step(actor=officer, tranche=tranche, step="pay", on=datetime.date(2020, 2, 1))
    assert set(early.value.message_dict) == {"on"}
    tranche = tranches.take_step(
        actor=officer, tranche=tranche, step="pay", on=datetime.date(2020, 2, 10)
    )
    assert (tranche.status, tranche.paid_on) == ("paid", datetime.date(2020, 2, 10))
    steps = list(TrancheTransition.objects.filter(subject=tranche).order_by("created_at"))
    assert [(s.from_status, s.to_status, s.actor) for s in steps] == [
        ("planned", "requested", officer),
        ("requested", "paid", officer),
    ]
    actions = set(
        AuditEvent.objects.filter(object_id=str(tranche.pk)).values_list("action", flat=True)
    )
    assert {"finance.tranche.requested", "finance.tranche.paid"} <= actions
    assert tranches.available(officer, tranche) == []
    with pytest.raises(ValidationError):
        tranches.take_step(actor=officer, tranche=tranche, step="cancel", note="Erreur")


def test_only_the_grants_officer_moves_a_tranche():
    officer = member(Role.GRANTS_PROCUREMENT_OFFICER)
    tranche = _tranche(officer, _grant(officer), "400", datetime.date(2020, 2, 1))
    for role in (Role.FINANCE_OFFICER, Role.STEERING_READER):
        with pytest.raises(PermissionDenied):
            tranches.take_step(
                actor=member(role), tranche=tranche, step="request", on=datetime.date(2020, 2, 1)
            )
        assert tranches.available(member(role), tranche) == []


def test_a_cancelled_tranche_needs_a_reason_and_frees_its_amount():
    officer = member(Role.GRANTS_PROCUREMENT_OFFICER)
    grant = _grant(officer)
    tranche = _tranche(officer, grant, "1000", datetime.date(2020, 2, 1))
    with pytest.raises(ValidationError) as refused:
        _tranche(officer, grant, "1", datetime.date(2020, 3, 1))
    assert "0.00" in str(refused.value)
    with pytest.raises(ValidationError) as no_reason:
        tranches.take_step(actor=officer, tranche=tranche, step="cancel")
    assert set(no_reason.value.message_dict) == {"note"}
    tranches.take_step(actor=officer, tranche=tranche, step="cancel", note="Convention revue")
    assert grants.remaining(grant) == Decimal("1000")
    _tranche(officer, grant, "1000", datetime.date(2020, 3, 1))


def test_the_grants_officers_home_counts_the_tranches_due_within_30_days():
    officer = member(Role.GRANTS_PROCUREMENT_OFFICER)
    grant = _grant(officer, "10000")
    today = timezone.localdate()
    due = [
        _tranche(officer, grant, "100", today + datetime.timedelta(days=30)),  # due
        _tranche(officer, grant, "100", today - datetime.timedelta(days=10)),  # late
    ]
    requested = _tranche(officer, grant, "100", today + datetime.timedelta(days=5))
    tranches.take_step(actor=officer, tranche=requested, step="request", on=today)
    _tranche(officer, grant, "100", today + datetime.timedelta(days=31))  # not yet
    paid = _tranche(officer, grant, "100", today)
    paid = tranches.take_step(actor=officer, tranche=paid, step="request", on=today)
    tranches.take_step(actor=officer, tranche=paid, step="pay", on=today)
    cancelled = _tranche(officer, grant, "100", today)
    tranches.take_step(actor=officer, tranche=cancelled, step="cancel", note="Abandon")

    [panel] = home.panels(officer)
    [figure] = [f for f in panel.figures if "echeance" in str(f.url)]
    assert figure.value == len(due) + 1
    # The figure opens the grants with a tranche due, each with its next tranche.
    assert figure.url == f"/finances/{grant.intervention.code}/subsides/?echeance=1"
    later = grants.create_grant(
        actor=officer,
        intervention=grant.intervention,
        data=grants.GrantData(
            "SUB-2", OrganisationFactory(), Decimal("500"), today, today, "Plus tard"
        ),
    )
    _tranche(officer, later, "500", today + datetime.timedelta(days=60))
    client = Client()
    client.force_login(officer)
    assert figure.url in client.get("/").content.decode().replace("&amp;", "&")
    listing = client.get(figure.url).content.decode()
    assert "SUB-1" in listing and "SUB-2" not in listing
    assert "SUB-2" in client.get(figure.url.split("?")[0]).content.decode()


def test_the_steps_from_the_grant_page():
    officer = member(Role.GRANTS_PROCUREMENT_OFFICER)
    grant = _grant(officer)
    tranche = _tranche(officer, grant, "400", datetime.date(2020, 2, 1))
    client = Client()
    client.force_login(officer)
    page = client.get(f"/finances/subsides/{grant.pk}/").content.decode()
    assert f"/finances/tranches/{tranche.pk}/request/" in page
    assert f"/finances/tranches/{tranche.pk}/pay/" not in page
    url = f"/finances/tranches/{tranche.pk}/pay/"
    response = client.post(url, {"on": "2020-02-10"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="finance-form"' in response.content.decode()
    assert "HX-Redirect" not in response.headers
    tranche.refresh_from_db()
    assert tranche.status == "planned"
    response = client.post(
        f"/finances/tranches/{tranche.pk}/request/", {"on": "2020-02-03"}, HTTP_HX_REQUEST="true"
    )
    assert response.headers["HX-Redirect"] == f"/finances/subsides/{grant.pk}/"
    client.post(url, {"on": "2020-02-10"})
    tranche.refresh_from_db()
    assert (tranche.status, tranche.paid_on) == ("paid", datetime.date(2020, 2, 10))
    page = client.get(f"/finances/subsides/{grant.pk}/").content.decode()
    assert page.count('data-testid="tranche-status"') == 1 and officer.get_full_name() in page
    assert page.count("Grant tranche paid") + page.count("Tranche de subside payée") == 1
    reader = Client()
    reader.force_login(member(Role.STEERING_READER))
    assert reader.get(f"/finances/tranches/{tranche.pk}/cancel/").status_code == 404
    assert client.get(f"/finances/tranches/{tranche.pk}/unknown/").status_code == 404
