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
