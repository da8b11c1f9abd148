"""The computation-rule form of the indicator sheet: preview on the current
records without writing, then a new version with its reason, that indicator
recomputed alone; the older rule stays readable on the sheet."""

import pytest
from django.urls import reverse
from django.utils import translation

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.beneficiaries.models import ComputationRun, IndicatorComputation
from suivi.beneficiaries.services import computation
from suivi.core.models import JobStatus
from suivi.indicators.models import Dimension, IndicatorVersion, Measurement
from suivi.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db

ENROLLED = {
    "measure": "persons",
    "events": {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
    "year": "school_year_start",
}


@pytest.fixture
def computed(world, django_capture_on_commit_callbacks):
    item = indicator(code="Ind1.2", dimensions=[Dimension.objects.get(code="sex")])
    with django_capture_on_commit_callbacks(execute=True):
        computation.define_computation(
            actor=SYSTEM, indicator=item, spec=ENROLLED, reason="Counted from the records."
        )
    return item


@pytest.fixture
def officer(client):
    user = member(Role.ME_OFFICER, preferred_language="en")
    client.force_login(user)
    client.cookies["suivi_language"] = "en"
    return user


def answers(**changes):
    data = {
        "measure": "persons",
        "types": ["training_enrolment"],
        "centre_targeted": "oui",
        "year": "school_year_start",
    }
    return {**data, **changes}


def test_the_form_shows_the_rule_in_force_and_previews_a_draft_writing_nothing(
    client, computed, officer
):
    url = reverse("beneficiaries:definition", args=[computed.pk])
    with translation.override("en"):
        page = client.get(url).content.decode()
        assert 'value="training_enrolment" checked' in page.replace("\n", " ") or (
            "checked" in page and "training_enrolment" in page
        )
        assert 'data-testid="rule-in-force"' in page
        versions = IndicatorVersion.objects.count()
        body = client.post(url, {**answers(sex="women"), "action": "preview"}).content.decode()
    assert 'data-testid="definition-preview"' in body and "With this rule" in body
    # Women enrolled at a targeted centre in 2019: 2 with the draft, 3 in total now.
    preview = body.split('data-testid="definition-preview"')[1]
    assert ">2<" in preview.replace(" ", "") and ">3<" in preview.replace(" ", "")
    assert IndicatorVersion.objects.count() == versions
    assert IndicatorComputation.objects.get(indicator=computed).spec == ENROLLED


def test_saving_needs_a_reason_then_makes_a_version_and_recomputes_that_indicator(
    client, computed, officer, django_capture_on_commit_callbacks
):
    url = reverse("beneficiaries:definition", args=[computed.pk])
    with translation.override("en"):
        refused = client.post(url, {**answers(sex="women"), "action": "save"})
        assert refused.status_code == 200 and "Say why the computation rule changes" in (
            refused.content.decode()
        )
        with django_capture_on_commit_callbacks(execute=True):
            saved = client.post(
                url,
                {
                    **answers(sex="women"),
                    "action": "save",
                    "reason": "Women only, as the 2021 COPIL asked.",
                    "decision_reference": "COPIL 2021-02",
                },
            )
    run = ComputationRun.objects.filter(indicator=computed).latest("created_at")
    assert saved["Location"] == reverse("beneficiaries:run", args=[run.pk])
    assert run.status == JobStatus.SUCCEEDED
    newest = computed.current_version()
    assert newest.definition["events"]["filters"] == {"centre_targeted": True, "sex": "women"}
    assert (newest.reason, newest.decision_reference) == (
        "Women only, as the 2021 COPIL asked.",
        "COPIL 2021-02",
    )
    total = Measurement.objects.get(indicator=computed, period__year=2019).values.get(cell_key="")
    assert total.value == 2  # the figures follow the new rule
    with translation.override("en"):
        sheet = client.get(reverse("indicators:sheet", args=[computed.pk])).content.decode()
    rules = sheet.split('data-testid="version-rule"')
    assert len(rules) == 3  # the rule of each computed version, the older one too
    assert "women" in rules[1].lower() and "women" not in rules[2].split("</span>")[0].lower()


def test_a_rate_without_numerator_and_an_unknown_detail_are_refused_at_their_place(
    client, computed, officer
):
    url = reverse("beneficiaries:definition", args=[computed.pk])
    with translation.override("en"):
        rate = client.post(url, {**answers(measure="rate"), "action": "preview"}).content
        assert "A rate needs the services of its numerator" in rate.decode()
        detail = client.post(
            url, {**answers(details="colour = blue"), "action": "preview"}
        ).content.decode()
    assert "colour" in detail and 'data-testid="definition-preview"' not in detail


@pytest.mark.parametrize("role", [Role.PARTNER_FOCAL_POINT, Role.STEERING_READER])
def test_who_may_not_manage_the_framework_does_not_reach_the_form(client, computed, role):
    client.force_login(member(role))
    url = reverse("beneficiaries:definition", args=[computed.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**answers(), "action": "save", "reason": "x"}).status_code == 404
    assert IndicatorComputation.objects.get(indicator=computed).spec == ENROLLED


def test_two_groups_of_services_and_the_linked_service_are_written_in_the_form(
    client, computed, officer, django_capture_on_commit_callbacks
):
    url = reverse("beneficiaries:definition", args=[computed.pk])
    union = answers(
        year="event",
        g2_types=["exam_result"],
        g2_details="passed = oui",
        g2_related_centre_targeted="oui",
    )
    with translation.override("en"):
        page = client.post(url, {**union, "action": "preview"}).content.decode()
    assert 'data-testid="definition-preview"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**union, "action": "save", "reason": "Passers count too."})
    spec = IndicatorComputation.objects.get(indicator=computed).spec
    assert spec["events"] == [
        {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
        {
            "types": ["exam_result"],
            "filters": {"attributes": {"passed": True}, "related": {"centre_targeted": True}},
        },
    ]
    with translation.override("en"):
        shown = client.get(url).content.decode()
    assert "This rule uses conditions the form does not show" not in shown
    assert 'data-testid="services-group-2" open' in shown


def test_a_rate_counts_one_group_and_a_group_names_its_services(client, computed, officer):
    url = reverse("beneficiaries:definition", args=[computed.pk])
    rate = answers(measure="rate", numerator_types=["exam_result"], g2_types=["exam_result"])
    headless = answers(g3_details="passed = oui")
    with translation.override("en"):
        refused = client.post(url, {**rate, "action": "preview"}).content.decode()
        assert "A rate counts one group of services" in refused
        refused = client.post(url, {**headless, "action": "preview"}).content.decode()
        assert "Name the services of this group" in refused
    assert 'data-testid="definition-preview"' not in refused
