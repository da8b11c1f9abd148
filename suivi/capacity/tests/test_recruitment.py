"""A company's recruitments follow from the placements that name its code."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.selectors.placements import placements_by_employer
from suivi.beneficiaries.tests.factories import categories, event, event_type, person
from suivi.capacity.services import definitions
from suivi.capacity.tests import factories
from suivi.capacity.tests.test_computed import _value

pytestmark = pytest.mark.django_db

PLACEMENT = "placement_test"


@pytest.fixture
def world():
    categories()
    indicator, _definition = factories.computed_indicator(
        code="X2.7", measure="recruitment_share", scope=[], cumulative=True
    )
    anapec = OrganisationFactory(code="anapec-r", kind="public_agency")
    event_type(PLACEMENT, attributes=[{"name": "employer", "type": "text"}])
    return indicator, indicator.intervention, anapec


def _placed(organisation, employer, on=date(2020, 9, 1), someone=None):
    someone = someone or person(organisation)
    event(someone, PLACEMENT, on=on, attributes={"employer": employer})
    return someone


def test_a_placement_naming_a_company_makes_the_recruitment_share_follow(world):
    indicator, intervention, anapec = world
    factories.outreach(intervention, anapec, company="Atlas SA", code="ATL-01")
    factories.outreach(intervention, anapec, company="Other", code="OTH-02", recruited=0)
    definitions.refresh(actor=SYSTEM, intervention=intervention)
    # Atlas's recruitment is unknown (no placement, nothing typed): the base is Other.
    assert _value(indicator, 2020)[""][1:] == (Decimal(0), Decimal(1))
    someone = _placed(anapec, " atl-01 ")  # codes compare without case or spaces
    _placed(anapec, "ATL-01", on=date(2020, 10, 1), someone=someone)  # same person: once
    definitions.refresh(actor=SYSTEM, intervention=intervention)
    assert _value(indicator, 2020)[""][1:] == (Decimal(1), Decimal(2))
    found = placements_by_employer(SYSTEM, intervention)["atl-01"]
    assert (found.persons, found.first_on) == (1, date(2020, 9, 1))


def test_placements_take_precedence_over_the_typed_figure_and_their_dates_count(world):
    indicator, intervention, anapec = world
    factories.outreach(
        intervention,
        anapec,
        company="Atlas SA",
        code="ATL-01",
        sensitised_on=date(2020, 6, 1),
        recruited=3,
        first_recruited_on=date(2020, 7, 1),
    )
    assert _value(indicator, 2020)[""][1:] == (Decimal(1), Decimal(1))  # typed
    # A placement naming the company, but in 2021: the placements decide.
    _placed(anapec, "ATL-01", on=date(2021, 3, 1))
    definitions.refresh(actor=SYSTEM, intervention=intervention)
    assert _value(indicator, 2020)[""][1:] == (Decimal(0), Decimal(1))
    assert _value(indicator, 2021)[""][1:] == (Decimal(1), Decimal(1))


def test_the_typed_figure_counts_when_no_placement_names_the_company(world):
    indicator, intervention, anapec = world
    factories.outreach(
        intervention,
        anapec,
        company="Atlas SA",
        code="ATL-01",
        recruited=2,
        first_recruited_on=date(2020, 7, 1),
    )
    factories.outreach(intervention, anapec, company="Bled", recruited=0)
    assert _value(indicator, 2020)[""][1:] == (Decimal(1), Decimal(2))


def test_a_code_no_company_holds_is_not_counted(world):
    indicator, intervention, anapec = world
    factories.outreach(intervention, anapec, company="Atlas SA", code="ATL-01", recruited=0)
    _placed(anapec, "NOBODY-9")
    _placed(anapec, "Atlas SA")  # the name is not the code
    definitions.refresh(actor=SYSTEM, intervention=intervention)
    assert _value(indicator, 2020)[""][1:] == (Decimal(0), Decimal(1))


def test_a_code_is_unique_in_the_intervention(world):
    _indicator, intervention, anapec = world
    factories.outreach(intervention, anapec, company="Atlas SA", code="ATL-01")
    with pytest.raises(ValidationError) as refused:
        factories.outreach(intervention, anapec, company="Autre", code="atl-01")
    assert "code" in refused.value.error_dict


def test_the_placements_are_figures_for_the_team_only(world):
    _indicator, intervention, anapec = world
    _placed(anapec, "ATL-01")
    assert placements_by_employer(member(Role.PARTNER_FOCAL_POINT), intervention) == {}
    assert placements_by_employer(member(Role.STEERING_READER), intervention)["atl-01"].persons == 1


def test_the_company_page_shows_the_linked_placements_count_never_a_name(client, world):
    _indicator, intervention, anapec = world
    company = factories.outreach(
        intervention,
        anapec,
        company="Atlas SA",
        code="ATL-01",
        recruited=7,
        first_recruited_on=date(2020, 7, 1),
    )
    url = reverse("capacity:detail", args=["entreprises", company.pk])
    client.force_login(member(Role.STEERING_READER))
    page = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "No placement names this company" in page
    assert "typed figure" in page
    someone = _placed(anapec, "ATL-01")
    _placed(anapec, "ATL-01")
    page = client.get(url, headers={"accept-language": "en"}).content.decode()
    # A handful of persons at a named company: hidden from the committee.
    assert "Fewer than 5 persons placed with this company" in page
    assert "2 persons" not in page
    assert someone.given_name not in page and someone.family_name not in page
    client.force_login(member(Role.ME_OFFICER))
    page = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "2 persons placed with this company" in page
    assert someone.given_name not in page and someone.family_name not in page
