from datetime import date

import pytest
from django.core.exceptions import ValidationError

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.services import reference, scholarships
from suivi.beneficiaries.tests.factories import categories, event, event_type, person

pytestmark = pytest.mark.django_db

CRITERIA = [
    ("no_income", 4, False, "Sans revenu", "", ""),
    ("housing", 2, False, "Logement précaire", "", ""),
    ("head_of_household", 3, True, "Femme cheffe de ménage", "", ""),
]


@pytest.fixture
def setting():
    categories()
    en = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    centre = reference.put_centre(actor=SYSTEM, organisation=en, code="c", name="C", city="Rabat")
    grid = scholarships.put_grid(
        actor=SYSTEM,
        code="g",
        name="Grille",
        threshold=7,
        criteria=CRITERIA,
        records_as=event_type("scholarship"),
        granted_for=event_type("training_enrolment"),
    )
    return en, centre, grid


def test_score_threshold_and_women_specific_criteria(setting):
    en, _centre, grid = setting
    woman, man = person(en, sex="women"), person(en, sex="men")
    assert scholarships.assess(grid, woman, ["no_income", "head_of_household"]) == (7, True)
    assert scholarships.assess(grid, man, ["no_income", "housing"]) == (6, False)
    with pytest.raises(ValidationError):
        scholarships.assess(grid, man, ["head_of_household"])
    with pytest.raises(ValidationError):
        scholarships.assess(grid, woman, ["tall"])


def test_grant_records_score_and_eligibility_with_the_enrolment(setting):
    en, centre, grid = setting
    woman = person(en, sex="women")
    enrolment = event(
        woman,
        "training_enrolment",
        centre=centre,
        on=date(2020, 10, 1),
        attributes={"school_year": "2020-2021"},
    )
    granted = scholarships.grant(
        actor=SYSTEM,
        person=woman,
        organisation=en,
        grid=grid,
        criteria=["no_income", "head_of_household"],
        enrolment=enrolment,
        occurred_on=date(2020, 10, 8),
    )
    assert granted.attributes == {
        "school_year": "2020-2021",
        "grid_score": 7.0,
        "eligible": True,
        "criteria": "head_of_household, no_income",
    }
    info = event(woman, "information_session", centre=centre, on=date(2020, 2, 1))
    with pytest.raises(ValidationError):
        scholarships.grant(
            actor=SYSTEM,
            person=woman,
            organisation=en,
            grid=grid,
            criteria=[],
            enrolment=info,
            occurred_on=date(2020, 10, 8),
        )


def test_me_officer_edits_the_grid_page(setting, client):
    from django.urls import reverse

    from suivi.accounts.roles import Role
    from suivi.accounts.tests.factories import member

    _en, _centre, grid = setting
    client.force_login(member(Role.ME_OFFICER))
    url = reverse("beneficiaries:grid")
    client.post(
        url,
        {
            "threshold": "8",
            "weight-no_income": "5",
            "weight-housing": "2",
            "weight-head_of_household": "3",
        },
    )
    grid.refresh_from_db()
    assert grid.threshold == 8 and grid.criteria.get(code="no_income").weight == 5
    client.post(url, {"code": "disability", "name": "Handicap", "weight": "3"})
    assert grid.criteria.filter(code="disability").exists()
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    assert client.post(url, {"threshold": "1"}).status_code == 404
    grid.refresh_from_db()
    assert grid.threshold == 8
