"""The registration form protects the figures: no default for sex or
category, a date that may be in the past (last week's work on paper), a
nationality from the country list in the user's language."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.beneficiaries.models import Consent, Person
from suivi.beneficiaries.tests.factories import categories
from suivi.programmes.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    categories()
    en = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    InterventionFactory(start_date=date(2018, 3, 15)).operational_partners.add(en)
    return member(Role.COMMUNITY_AGENT, en)


def _form(**changes: str) -> dict[str, str]:
    return {
        "token": "c" * 32,
        "given_name": "Awa",
        "family_name": "Fictif",
        "sex": "women",
        "category": "refugee",
        "consent": "on",
        "registered_on": timezone.localdate().isoformat(),
    } | changes


def _errors(body: str) -> dict[str, str]:
    """Field id → the field's first error message on the page."""
    found = {}
    for chunk in re.split(r'<(?:div|fieldset) class="field field-error"[^>]*>', body)[1:]:
        field = re.search(r'(?:for|id)="id_(\w+)"', chunk)[1]  # a label's, or a group's
        found[field] = chunk.split('<p class="error" role="alert">', 1)[1].split("</p>", 1)[0]
    return found


def test_sex_and_category_have_no_default_and_say_so(client, agent):
    client.force_login(agent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("beneficiaries:register")).content.decode()
    assert 'name="sex"' in body and "checked" not in body.split('name="sex"', 1)[1][:2000]
    select = body.split('name="category"', 1)[1].split("</select>", 1)[0]
    first = select.split("<option", 2)[1]
    assert 'value=""' in first and "selected" in first  # the empty choice, shown chosen
    response = client.post(reverse("beneficiaries:register"), _form(sex="", category=""))
    assert _errors(response.content.decode()) == {
        "sex": "Say the person&#x27;s sex: nothing is chosen by default.",
        "category": "Choose the migrant category: nothing is chosen by default.",
    }
    assert not Person.objects.exists()


def test_last_weeks_registration_is_dated_last_week(client, agent):
    client.force_login(agent)
    last_week = timezone.localdate() - timedelta(days=7)
    response = client.post(reverse("beneficiaries:register"), _form(registered_on=str(last_week)))
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.registered_on == last_week
    assert Consent.objects.get(person=person).given_on == last_week


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2999, 1, 1), "The date is in the future."),
        (date(2018, 3, 14), "The date is before the intervention starts (03/15/2018)."),
    ],
)
def test_a_registration_in_the_future_or_before_the_intervention_is_refused(
    client, agent, day, message
):
    client.force_login(agent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("beneficiaries:register"), _form(registered_on=str(day)))
    assert _errors(response.content.decode()) == {"registered_on": message}
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("language", "senegal"), [("fr", "Sénégal"), ("ar", "السنغال"), ("en", "Senegal")]
)
def test_the_nationality_is_chosen_from_countries_named_in_the_users_language(
    client, agent, language, senegal
):
    client.force_login(agent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("beneficiaries:register")).content.decode()
    select = body.split('name="nationality"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="SN">{senegal}</option>' in select
    assert select.count("<option") > 240
    response = client.post(reverse("beneficiaries:register"), _form(nationality="SN"))
    assert response.status_code == 302
    assert Person.objects.get().nationality == "SN"
