"""Recomputing from the page: the M&E officer asks, the worker runs, the page follows."""

import pytest
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.beneficiaries.models import ComputationRun
from suivi.beneficiaries.services import computation
from suivi.core.models import JobStatus
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
    officer = member(Role.ME_OFFICER, preferred_language="en")
    client.force_login(officer)
    client.cookies["suivi_language"] = "en"
    url = reverse("beneficiaries:recompute", args=[computed.intervention.code])
    assert 'name="mode"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"mode": "rebuild"})
    run = ComputationRun.objects.get(indicator=None)  # the definition's own run aside
    assert response["Location"] == reverse("beneficiaries:run", args=[run.pk])
    assert run.status == JobStatus.SUCCEEDED and run.written > 0 and run.done == run.total
    value = Measurement.objects.get(indicator=computed, period__year=2019).values.get(cell_key="")
    assert value.value == 3
    fragment = client.get(
        reverse("beneficiaries:run", args=[run.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="job-status" class="job"')
    assert 'data-status="succeeded"' in fragment and "values written" in fragment
    assert "hx-trigger" not in fragment  # finished: the page stops polling
    page = client.get(reverse("beneficiaries:recompute", args=[computed.intervention.code]))
    assert officer.get_full_name() in page.content.decode()  # who asked, in the recent runs


def test_a_run_in_progress_polls_itself(client, computed):
    officer = member(Role.ME_OFFICER)
    run = computation.request_run(actor=officer, intervention=computed.intervention)
    ComputationRun.objects.filter(pk=run.pk).update(status=JobStatus.RUNNING, done=2, total=5)
    client.force_login(member(Role.INTERVENTION_MANAGER))
    client.cookies["suivi_language"] = "en"
    body = client.get(reverse("beneficiaries:run", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="40"' in body and "2 of 5" in body
    assert reverse("beneficiaries:recompute", args=[computed.intervention.code]) in body


@pytest.mark.parametrize("role", [Role.PARTNER_FOCAL_POINT, Role.STEERING_READER])
def test_who_may_not_recompute_neither_sees_nor_reaches_the_pages(client, computed, role):
    """Partners and readers: no link on the progress table, and the recompute
    page and its runs answer 404 (they named a staff member and the waiting
    count), as a POST does."""
    intervention = computed.intervention
    if role == Role.PARTNER_FOCAL_POINT:
        organisation = computed.current_version().responsible_organisation
        user = member(role, organisation) if organisation else member(role)
        intervention.operational_partners.add(user.primary_organisation)
    else:
        user = member(role)
    officer = member(Role.ME_OFFICER)
    run = computation.request_run(actor=officer, intervention=intervention)
    client.force_login(user)
    url = reverse("beneficiaries:recompute", args=[intervention.code])
    progress = client.get(reverse("indicators:progress", args=[intervention.code]))
    assert progress.status_code == 200 and url not in progress.content.decode()
    assert client.get(url).status_code == 404
    assert client.post(url, {"mode": "rebuild"}).status_code == 404
    assert client.get(reverse("beneficiaries:run", args=[run.pk])).status_code == 404
    fragment = client.get(reverse("beneficiaries:run", args=[run.pk]), headers={"HX-Request": "1"})
    assert fragment.status_code == 404
    assert ComputationRun.objects.filter(indicator=None).count() == 1


def test_the_me_officer_finds_the_recompute_page_from_the_progress_table(client, computed):
    client.force_login(member(Role.ME_OFFICER))
    intervention = computed.intervention
    progress = client.get(reverse("indicators:progress", args=[intervention.code])).content
    assert reverse("beneficiaries:recompute", args=[intervention.code]) in progress.decode()


def test_the_run_page_reads_right_to_left_in_arabic(client, computed):
    officer = member(Role.ME_OFFICER)
    run = computation.request_run(actor=officer, intervention=computed.intervention)
    client.force_login(officer)
    client.cookies["suivi_language"] = "ar"
    page = client.get(reverse("beneficiaries:run", args=[run.pk])).content.decode()
    assert 'dir="rtl"' in page and "<h1>إعادة الحساب</h1>" in page
    assert "تتحدّث هذه الصفحة تلقائيًا." in page and 'aria-labelledby="job-step"' in page
