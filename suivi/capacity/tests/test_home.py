"""The capacity panel of the home page: each year's trainings, participants
by sex, companies and deliverables, counted from the registers, for the team
and the steering committee only."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.capacity import home, selectors
from suivi.capacity.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def registers():
    course = factories.training(ends_on=date(2020, 10, 9))
    intervention = course.intervention
    factories.participant(course, sex="women")
    factories.participant(course, sex="women")
    factories.participant(course, sex="men")
    factories.participant(course, sex="")
    earlier = factories.training(intervention, starts_on=date(2019, 5, 2), ends_on=date(2019, 5, 3))
    factories.participant(earlier, sex="men")
    anapec = OrganisationFactory(code="anapec")
    factories.outreach(intervention, anapec, company="A", sensitised_on=date(2020, 2, 1))
    factories.outreach(intervention, anapec, company="B", sensitised_on=date(2021, 2, 1))
    factories.deliverable(intervention, produced_on=date(2020, 3, 1))
    return intervention


def test_each_year_is_counted_from_the_records(registers, django_assert_max_num_queries):
    manager = member(Role.INTERVENTION_MANAGER)
    with django_assert_max_num_queries(8):
        years = selectors.years_of_work(manager)
    assert [(y.year, y.trainings, y.women, y.men, y.unstated) for y in years] == [
        (2019, 1, 0, 1, 0),
        (2020, 1, 2, 1, 1),
        (2021, 0, 0, 0, 0),
    ]
    assert [(y.companies, y.deliverables) for y in years] == [(0, 0), (1, 1), (1, 0)]


def test_the_panel_shows_the_latest_year_and_the_years_before(registers):
    with translation.override("fr"):
        (panel,) = home.panels(member(Role.ME_OFFICER))
    assert [f.value for f in panel.figures] == [0, 0, 1, 0]  # 2021: one company
    assert "2021" in panel.figures[2].label and panel.figures[2].url.endswith("?year=2021")
    assert [row[0] for row in panel.table.rows] == ["2019", "2020", "2021"]
    assert panel.table.rows[1] == ["2020", 1, 2, 1, 1, 1, 1]
    assert panel.chart is not None and "<svg" in panel.chart.svg


@pytest.mark.parametrize("role", [Role.PARTNER_FOCAL_POINT, Role.PARTNER_CASE_WORKER])
def test_partners_get_no_panel(registers, role):
    assert home.panels(member(role)) == []


def test_the_home_page_shows_it_to_the_steering_committee(client, registers):
    client.force_login(member(Role.STEERING_READER))
    page = client.get(reverse("home")).content.decode()
    assert 'data-panel="capacity"' in page
