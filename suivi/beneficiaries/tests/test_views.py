from datetime import date

import pytest
from django.urls import reverse

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.models import Centre, Person
from suivi.beneficiaries.services import reference
from suivi.beneficiaries.tests.factories import categories

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    categories()
    return member(
        Role.COMMUNITY_AGENT, OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    )


FORM = {
    "token": "a" * 32,
    "given_name": "Awa",
    "family_name": "Fictif",
    "sex": "women",
    "category": "refugee",
    "consent": "on",
    "registered_on": date.today().isoformat(),
    "phone": "0661234567",
}


def test_a_double_submission_creates_one_person(client, agent):
    client.force_login(agent)
    first = client.post(reverse("beneficiaries:register"), FORM)
    second = client.post(reverse("beneficiaries:register"), FORM)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Person.objects.count() == 1


def test_registration_errors_are_shown_next_to_the_fields(client, agent):
    client.force_login(agent)
    response = client.post(reverse("beneficiaries:register"), FORM | {"consent": ""})
    assert response.content.decode().count('class="field field-error"') == 1  # the consent
    response = client.post(reverse("beneficiaries:register"), FORM | {"phone": "12"})
    body = response.content.decode()
    phone_field = body[body.index('for="id_phone"') - 60 : body.index('for="id_phone"')]
    assert "field-error" in phone_field
    assert not Person.objects.exists()


def test_steering_committee_cannot_register(client):
    categories()
    client.force_login(member(Role.STEERING_READER))
    assert client.get(reverse("beneficiaries:register")).status_code == 404


def test_scholarship_form_computes_the_score_from_the_grid(client):
    from datetime import date

    from suivi.beneficiaries.services import reference, scholarships
    from suivi.beneficiaries.tests.factories import event, event_type, person

    categories()
    en = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    centre = reference.put_centre(actor=SYSTEM, organisation=en, code="c", name="C", city="Rabat")
    scholarships.put_grid(
        actor=SYSTEM,
        code="g",
        name="Grille",
        threshold=7,
        records_as=event_type("scholarship"),
        granted_for=event_type("training_enrolment"),
        criteria=[
            ("no_income", 4, False, "Sans revenu", "", ""),
            ("head_of_household", 3, True, "Femme cheffe de ménage", "", ""),
        ],
    )
    woman = person(en, sex="women")
    enrolment = event(
        woman,
        "training_enrolment",
        centre=centre,
        on=date(2020, 10, 1),
        attributes={"school_year": "2020-2021"},
    )
    client.force_login(member(Role.PARTNER_CASE_WORKER, en))
    page = client.get(reverse("beneficiaries:person", args=[woman.pk]), {"service": "scholarship"})
    assert 'data-testid="scholarship-form"' in page.content.decode()
    client.post(
        reverse("beneficiaries:grant_scholarship", args=[woman.pk]),
        {
            "enrolment": enrolment.pk,
            "criteria": ["no_income", "head_of_household"],
            "occurred_on": "2020-10-08",
        },
    )
    granted = woman.events.get(event_type__code="scholarship")
    assert granted.attributes["grid_score"] == 7 and granted.attributes["eligible"] is True


def test_the_m_and_e_officer_changes_a_centres_targeting_periods(client):
    en = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    reference.put_centre(
        actor=SYSTEM,
        organisation=en,
        code="en-sale",
        name="EN Salé",
        city="Salé",
        targeted_from=date(2020, 9, 1),
    )
    client.force_login(member(Role.ME_OFFICER))
    form = {
        "periods-TOTAL_FORMS": "2",
        "periods-INITIAL_FORMS": "1",
        "periods-0-starts_on": "2020-09-01",
        "periods-0-ends_on": "2021-06-30",
        "periods-1-starts_on": "2021-06-01",  # overlaps the first
    }
    url = "/catalogue/centres/en-sale/periodes/"
    refused = client.post(url, form, follow=True)
    assert "chevauche" in refused.content.decode() or "overlaps" in refused.content.decode()
    centre = Centre.objects.get(code="en-sale")
    assert centre.is_targeted_on(date(2022, 1, 1))  # nothing written
    form["periods-1-starts_on"] = "2022-09-01"
    assert client.post(url, form).status_code == 302
    assert not centre.is_targeted_on(date(2022, 1, 1))
    assert centre.is_targeted_on(date(2022, 9, 1)) and centre.is_targeted_on(date(2021, 6, 30))
    partner = member(Role.PARTNER_FOCAL_POINT, en)
    client.force_login(partner)
    assert client.get(url).status_code == 404
