from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.core.models import AuditEvent
from suivi.governance.models import Risk
from suivi.governance.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def risk():
    parent = factories.risk(description='=HYPERLINK("http://x","y") lenteurs')
    factories.risk_action(parent, deadline=timezone.localdate() - timedelta(days=3))
    return parent


def _detail(risk):
    return reverse("governance:detail", args=["risques", risk.pk])


def test_partners_get_404_everywhere(client, risk):
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    for url in (
        reverse("governance:index"),
        reverse("governance:list", args=["risques"]),
        reverse("governance:risk_matrix"),
        _detail(risk),
        reverse("governance:export", args=["risques"]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_steering_reader_reads_but_cannot_write(client, risk):
    client.force_login(member(Role.STEERING_READER))
    page = client.get(_detail(risk))
    assert page.status_code == 200
    assert b'data-testid="action-status"' in page.content
    assert reverse("governance:edit", args=["risques", risk.pk]).encode() not in page.content
    assert client.get(reverse("governance:create", args=["risques"])).status_code == 404
    answer = client.post(
        reverse("governance:action_add", args=["risques", risk.pk]), {"action": "x"}
    )
    assert answer.status_code == 404
    assert risk.actions.count() == 1


def test_the_list_filters_counts_and_paginates(client, risk):
    factories.risk(intervention=risk.intervention, category="FIN")
    client.force_login(member(Role.ME_OFFICER))
    url = reverse("governance:list", args=["risques"])
    assert client.get(url).context["page"].paginator.count == 2
    assert client.get(url, {"category": "FIN"}).context["page"].paginator.count == 1
    assert client.get(url, {"late": "on"}).context["page"].paginator.count == 1
    fragment = client.get(url, {"category": "OPS"}, headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content
    assert b'id="results"' in fragment.content


def test_the_me_officer_records_a_risk_through_the_htmx_form(client):
    intervention = factories.risk().intervention
    client.force_login(member(Role.ME_OFFICER))
    url = reverse("governance:create", args=["risques"])
    data = {
        "intervention": intervention.pk,
        "kind": "risk",
        "description": "Turnover des points focaux",
        "identified_on": "2021-02-01",
        "category": "OPS",
        "probability": "high",
        "impact": "medium",
    }
    bad = client.post(url, {**data, "category": ""}, headers={"HX-Request": "true"})
    assert bad.status_code == 200 and b'id="record-form"' in bad.content
    assert Risk.objects.count() == 1
    answer = client.post(url, data, headers={"HX-Request": "true"})
    created = Risk.objects.get(description="Turnover des points focaux")
    assert answer.headers["HX-Redirect"] == _detail(created)
    assert created.total == "high"


def test_the_export_is_an_xlsx_with_text_that_never_runs(client, risk):
    client.force_login(member(Role.STEERING_READER))
    answer = client.get(reverse("governance:export", args=["risques"]))
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0].startswith("=HYPERLINK")
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert AuditEvent.objects.filter(action="governance.register.exported").exists()


def test_the_detail_shows_the_history_to_audit_readers(client, risk):
    client.force_login(member(Role.ME_OFFICER))
    page = client.get(_detail(risk))
    assert b'data-testid="history"' in page.content
    client.force_login(member(Role.STEERING_READER))
    assert b'data-testid="history"' not in client.get(_detail(risk)).content


def test_a_status_step_from_the_page(client, risk):
    action = risk.actions.get()
    client.force_login(member(Role.INTERVENTION_MANAGER))
    url = reverse("governance:action_step", args=["risques", action.pk, "complete"])
    assert client.post(url).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    bogus = reverse("governance:action_step", args=["risques", action.pk, "explode"])
    assert client.post(bogus).status_code == 404


def test_the_logframe_page_names_the_decision_that_approved_a_revision(client):
    from suivi.accounts.tests.factories import SYSTEM
    from suivi.governance.services import records
    from suivi.programmes.tests.factories import RevisionFactory

    revision = RevisionFactory()
    decision = factories.decision(factories.meeting(intervention=revision.intervention))
    records.save_modification(
        actor=SYSTEM,
        intervention=revision.intervention,
        year=2020,
        kind="indicators",
        description="Révision après la baseline",
        decision=decision,
        revision=revision,
    )
    client.force_login(member(Role.STEERING_READER))
    page = client.get(reverse("programmes:logframe", args=[revision.intervention.code]))
    assert reverse("governance:detail", args=["decisions", decision.pk]).encode() in page.content


def test_an_action_is_changed_from_its_own_form(client, risk):
    action = risk.actions.get()
    url = reverse("governance:action_edit", args=["risques", action.pk])
    client.force_login(member(Role.STEERING_READER))
    assert client.get(url).status_code == 404
    client.force_login(member(Role.ME_OFFICER))
    assert client.get(url).status_code == 200
    blank = client.post(url, {"action": ""})
    assert blank.status_code == 200
    answer = client.post(url, {"action": action.action, "progress": "Recrutement lancé"})
    assert answer.status_code == 302
    action.refresh_from_db()
    assert action.progress == "Recrutement lancé"


def test_a_decision_action_keeps_its_owner(client):
    from suivi.accounts.tests.factories import SYSTEM
    from suivi.governance.services import meetings

    decision = factories.decision()
    item = meetings.save_decision_action(
        actor=SYSTEM, decision=decision, action="Inviter le MI", owner="Direction"
    )
    client.force_login(member(Role.INTERVENTION_MANAGER))
    url = reverse("governance:action_edit", args=["decisions", item.pk])
    page = client.post(url, {"action": "Inviter le MI", "responsible": ""})
    assert page.status_code == 200
    assert page.context["form"].errors["responsible"]
    item.refresh_from_db()
    assert item.owner == "Direction"


def test_actions_are_added_to_a_risk_and_to_a_decision(client, risk):
    decision = factories.decision()
    client.force_login(member(Role.ME_OFFICER))
    data = {"action": "Relancer", "responsible": "Coordination", "deadline": "2021-05-01"}
    for slug, parent in (("risques", risk), ("decisions", decision)):
        answer = client.post(reverse("governance:action_add", args=[slug, parent.pk]), data)
        assert answer.status_code == 302
    added = risk.actions.get(action="Relancer")
    assert added.responsible == "Coordination" and str(added.deadline) == "2021-05-01"
    assert decision.actions.get().owner == "Coordination"
    empty = client.post(reverse("governance:action_add", args=["decisions", decision.pk]), {})
    assert empty.status_code == 302 and decision.actions.count() == 1
