"""Starting a new intervention from the portfolio."""

import pytest
from django.urls import reverse
from django.utils import translation

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.programmes.models import Intervention, Programme
from suivi.programmes.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db

URL = reverse("programmes:intervention_create")


def answers(**changes):
    return {
        "programme_code": "agri-souss",
        "programme_title": "Programme agricole du Souss",
        "code": "MOR2400001",
        "short_name": "Agri Souss",
        "title": "Appui aux coopératives agricoles du Souss",
        "start_date": "2024-01-01",
        "end_date": "2027-12-31",
        "budget": "1500000",
        **changes,
    }


@pytest.fixture
def officer(client):
    client.force_login(member(Role.ME_OFFICER, preferred_language="en"))
    client.cookies["suivi_language"] = "en"


def test_the_me_officer_starts_an_intervention_and_its_programme(client, officer):
    coop = OrganisationFactory(code="coop")
    with translation.override("en"):
        assert "New intervention" in client.get(reverse("programmes:portfolio")).content.decode()
        response = client.post(URL, answers(operational_partners=[str(coop.pk)]))
    intervention = Intervention.objects.get(code="MOR2400001")
    assert response["Location"] == reverse("programmes:logframe", args=["MOR2400001"])
    assert intervention.programme.code == "agri-souss"
    assert list(intervention.operational_partners.all()) == [coop]
    assert intervention.covers_year(2027) and not intervention.covers_year(2028)


def test_a_refused_intervention_leaves_no_programme_behind(client, officer):
    InterventionFactory(code="MOR2400001")
    programmes = Programme.objects.count()
    with translation.override("en"):
        body = client.post(URL, answers()).content.decode()
    assert "already exists" in body
    assert Programme.objects.count() == programmes


def test_every_field_problem_is_said_on_the_field(client, officer):
    with translation.override("en"):
        body = client.post(
            URL, answers(programme_code="", end_date="2023-01-01", budget="-5")
        ).content.decode()
    assert "Choose a programme, or name the new one." in body
    assert "The end date comes after the start date." in body
    assert "greater than or equal to 0" in body
    assert not Intervention.objects.exists()


@pytest.mark.parametrize("role", [Role.PARTNER_FOCAL_POINT, Role.STEERING_READER])
def test_who_may_not_manage_the_framework_does_not_reach_it(client, role):
    client.force_login(member(role))
    assert client.get(URL).status_code == 404
    assert client.post(URL, answers()).status_code == 404
    assert not Intervention.objects.filter(code="MOR2400001").exists()


def _edit_answers(intervention, **changes):
    return {
        "short_name": intervention.short_name,
        "title": intervention.title,
        "title_ar": "",
        "title_en": "",
        "zone": "",
        "zone_ar": "",
        "zone_en": "",
        "start_date": intervention.start_date.isoformat(),
        "end_date": intervention.end_date.isoformat(),
        **changes,
    }


def test_the_me_officer_changes_an_interventions_names_zone_and_dates(client, officer):
    from suivi.core.models import AuditEvent

    intervention = InterventionFactory(code="MOR2400002")
    url = reverse("programmes:intervention_edit", args=[intervention.code])
    with translation.override("en"):
        logframe = client.get(reverse("programmes:logframe", args=[intervention.code]))
        assert url in logframe.content.decode()
        form = client.get(url).content.decode()
    assert f'value="{intervention.short_name}"' in form
    answer = client.post(
        url,
        _edit_answers(
            intervention,
            title_ar=" دعم التعاونيات ",
            title_en="Support to cooperatives",
            zone="Souss-Massa",
            zone_ar="سوس ماسة",
            end_date="2028-06-30",
        ),
    )
    assert answer["Location"] == reverse("programmes:logframe", args=[intervention.code])
    intervention.refresh_from_db()
    assert (intervention.title_ar, intervention.title_en) == (
        "دعم التعاونيات",
        "Support to cooperatives",
    )
    assert (intervention.zone, intervention.zone_ar) == ("Souss-Massa", "سوس ماسة")
    assert intervention.covers_year(2028) and intervention.code == "MOR2400002"
    with translation.override("ar"):
        assert intervention.shown_title == "دعم التعاونيات"
    event = AuditEvent.objects.get(action="programmes.intervention.updated")
    assert set(event.changed_fields) == {"title_ar", "title_en", "zone", "zone_ar", "end_date"}
    # The same answers again: nothing written, nothing recorded.
    client.post(url, _edit_answers(intervention, title_ar="دعم التعاونيات"))
    assert AuditEvent.objects.filter(action="programmes.intervention.updated").count() == 2


def test_a_bad_edit_is_said_on_its_field_and_writes_nothing(client, officer):
    intervention = InterventionFactory(code="MOR2400003")
    url = reverse("programmes:intervention_edit", args=[intervention.code])
    with translation.override("en"):
        body = client.post(
            url,
            _edit_answers(intervention, title="", title_ar="\u202eدعم", end_date="2000-01-01"),
        ).content.decode()
    assert "This field is required." in body
    assert "The end date comes after the start date." in body
    fresh = Intervention.objects.get(pk=intervention.pk)
    assert (fresh.title, fresh.end_date) == (intervention.title, intervention.end_date)
    with translation.override("en"):
        body = client.post(url, _edit_answers(intervention, title_ar="\u202eدعم")).content.decode()
    assert "field-error" in body
    assert Intervention.objects.get(pk=intervention.pk).title_ar == ""


@pytest.mark.parametrize("role", [Role.PARTNER_FOCAL_POINT, Role.STEERING_READER])
def test_who_may_not_manage_the_framework_may_not_change_an_intervention(client, role):
    intervention = InterventionFactory(code="MOR2400004")
    url = reverse("programmes:intervention_edit", args=[intervention.code])
    client.force_login(member(role))
    assert client.get(url).status_code == 404
    assert client.post(url, _edit_answers(intervention, title="Autre")).status_code == 404
    assert Intervention.objects.get(pk=intervention.pk).title == intervention.title
