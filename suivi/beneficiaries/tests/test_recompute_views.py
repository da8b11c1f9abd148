"""Recomputing from the page: the M&E officer asks, the worker runs, the page follows."""

import pytest
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.beneficiaries.models import ComputationRun, RunStatus
from suivi.beneficiaries.services import computation
from suivi.indicators.models import Dimension, Measurement
from suivi.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db

ENROLLED = {
    "measure": "persons",
    "events": {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
    "year": "school_year_start",
}


@pytest.fixture
def computed(world):
    item = indicator(code="Ind1.2", dimensions=[Dimension.objects.get(code="sex")])
    computation.define_computation(
        actor=SYSTEM, indicator=item, spec=ENROLLED, reason="Counted from the records."
    )
    return item


def test_the_me_officer_recomputes_and_follows_the_progress(
    client, computed, django_capture_on_commit_callbacks
):
    officer = member(Role.ME_OFFICER)
    client.force_login(officer)
    url = reverse("beneficiaries:recompute", args=[computed.intervention.code])
    assert 'name="mode"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"mode": "rebuild"})
    run = ComputationRun.objects.get()
    assert response["Location"] == reverse("beneficiaries:run", args=[run.pk])
    assert run.status == RunStatus.SUCCEEDED and run.written > 0 and run.done == run.total
    value = Measurement.objects.get(indicator=computed, period__year=2019).values.get(cell_key="")
    assert value.value == 3
    fragment = client.get(
        reverse("beneficiaries:run", args=[run.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="run-status" data-status="succeeded"')
    assert "hx-trigger" not in fragment  # finished: the page stops polling


def test_a_run_in_progress_polls_and_others_may_only_look(client, computed):
    run = ComputationRun.objects.create(
        intervention=computed.intervention, status=RunStatus.RUNNING, done=2, total=5
    )
    reader = member(Role.STEERING_READER)
    client.force_login(reader)
    body = client.get(reverse("beneficiaries:run", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="40"' in body
    url = reverse("beneficiaries:recompute", args=[computed.intervention.code])
    assert 'name="mode"' not in client.get(url).content.decode()
    assert client.post(url, {"mode": "rebuild"}).status_code == 404
    assert ComputationRun.objects.count() == 1
