"""A budget revision's status through the workflow primitive: proposed →
approved (with the COPIL decision a rule-breaking revision needs) or
withdrawn (with a reason); each step kept with who took it and when, and
audited; a refused step writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.core.models import AuditEvent
from suivi.finance.models import BudgetVersion, BudgetVersionTransition, VersionStatus
from suivi.finance.services import budget
from suivi.finance.tests.factories import budgeted_intervention
from suivi.governance.tests import factories as steering

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 6, 10)


def _revision(officer, *, breaking: bool = False) -> BudgetVersion:
    intervention, _ = budgeted_intervention()
    revision = budget.propose_revision(
        actor=officer, intervention=intervention, label="R1", reason="MTR"
    )
    if breaking:
        line = revision.lines.get(code="A 01 01")
        budget.update_line(
            actor=officer,
            line=line,
            title=line.title,
            amount=Decimal("160000"),
            execution_mode="regie",
            closed=False,
        )
    return revision


def _nothing_written(revision: BudgetVersion, events_before: int) -> None:
    revision.refresh_from_db()
    assert revision.status == VersionStatus.PROPOSED
    assert (revision.decision, revision.approved_on) == (None, None)
    assert not BudgetVersionTransition.objects.filter(subject=revision).exists()
    assert AuditEvent.objects.count() == events_before


def test_an_approval_is_kept_in_the_history_with_who_when_and_the_note():
    officer = member(Role.FINANCE_OFFICER)
    revision = _revision(officer, breaking=True)
    assert budget.available_steps(officer, revision) == ["approve", "withdraw"]
    copil = steering.meeting(revision.intervention, held_on=DAY)
    approving = steering.decision(copil, text="Approuver la révision budgétaire 1")
    budget.approve_version(
        actor=officer, version=revision, decision=approving, approved_on=DAY, note="COPIL 4"
    )
    assert (revision.status, revision.decision, revision.approved_on) == (
        VersionStatus.APPROVED,
        approving,
        DAY,
    )
    [step] = BudgetVersionTransition.objects.filter(subject=revision)
    assert (step.from_status, step.to_status, step.actor, step.note) == (
        "proposed",
        "approved",
        officer,
        "COPIL 4",
    )
    event = AuditEvent.objects.filter(action="finance.version.approved").get()
    assert event.detail["transition"] == str(step.pk)
    assert set(event.changed_fields) >= {"status", "decision", "approved_on"}
    assert budget.available_steps(officer, revision) == []


def test_a_refused_step_writes_nothing():
    officer = member(Role.FINANCE_OFFICER)
    revision = _revision(officer, breaking=True)
    events = AuditEvent.objects.count()
    # A rule-breaking revision without its COPIL decision.
    with pytest.raises(ValidationError) as refused:
        budget.approve_version(actor=officer, version=revision, decision=None, approved_on=DAY)
    assert set(refused.value.message_dict) == {"decision"}
    _nothing_written(revision, events)
    # An approved version cannot be approved again, nor withdrawn.
    original = revision.intervention.budget_versions.get(number=1)
    for attempt in (
        lambda: budget.approve_version(
            actor=officer, version=original, decision=None, approved_on=DAY
        ),
        lambda: budget.withdraw_version(actor=officer, version=original, reason="Erreur"),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert not BudgetVersionTransition.objects.filter(subject=original).exists()
    assert AuditEvent.objects.count() == events


def test_a_withdrawal_needs_a_reason_and_frees_the_place_of_the_revision():
    officer = member(Role.FINANCE_OFFICER)
    revision = _revision(officer)
    events = AuditEvent.objects.count()
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            budget.withdraw_version(actor=officer, version=revision, reason=blank)
        assert set(refused.value.message_dict) == {"note"}
    _nothing_written(revision, events)
    budget.withdraw_version(actor=officer, version=revision, reason="Reportée au COPIL suivant")
    assert revision.status == VersionStatus.WITHDRAWN
    [step] = BudgetVersionTransition.objects.filter(subject=revision)
    assert (step.to_status, step.note) == ("withdrawn", "Reportée au COPIL suivant")
    # The note is free text: the audit event does not carry it.
    event = AuditEvent.objects.get(action="finance.version.withdrawn")
    assert "Reportée" not in str(event.detail)
    # The budget in force is still the original; a new revision may be opened.
    assert budget.last_approved(revision.intervention).number == 1
    again = budget.propose_revision(
        actor=officer, intervention=revision.intervention, label="R2", reason="MTR"
    )
    assert (again.number, again.status) == (3, VersionStatus.PROPOSED)


def test_who_may_not_manage_the_finances_takes_no_step():
    officer = member(Role.FINANCE_OFFICER)
    revision = _revision(officer)
    events = AuditEvent.objects.count()
    for role in (Role.GRANTS_PROCUREMENT_OFFICER, Role.STEERING_READER):
        outsider = member(role)
        assert budget.available_steps(outsider, revision) == []
        with pytest.raises(PermissionDenied):
            budget.approve_version(actor=outsider, version=revision, decision=None, approved_on=DAY)
        with pytest.raises(PermissionDenied):
            budget.withdraw_version(actor=outsider, version=revision, reason="Non")
    _nothing_written(revision, events)


def test_the_version_page_offers_the_steps_and_shows_the_history():
    officer = member(Role.FINANCE_OFFICER)
    revision = _revision(officer)
    client = Client()
    client.force_login(officer)
    url = f"/finances/versions/{revision.pk}/"
    page = client.get(url).content.decode()
    assert f"{url}approuver/" in page and f"{url}retirer/" in page
    response = client.post(f"{url}retirer/", {"note": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "HX-Redirect" not in response.headers
    response = client.post(f"{url}retirer/", {"note": "Reportée"}, HTTP_HX_REQUEST="true")
    assert response.headers["HX-Redirect"] == url
    page = client.get(url).content.decode()
    assert f"{url}approuver/" not in page and f"{url}retirer/" not in page
    assert 'data-testid="version-steps"' in page and "Reportée" in page
    assert officer.get_full_name() in page
    assert client.get(f"{url}retirer/").status_code == 404
    reader = Client()
    reader.force_login(member(Role.STEERING_READER))
    assert f"{url}retirer/" not in reader.get(url).content.decode()
