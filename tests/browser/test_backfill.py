"""A partner backfills last week's work, in French and Arabic, on a desktop
and on a phone: the registration form chooses nothing for them (sex and
category are refused until chosen), takes a registration dated last week and
a nationality from the country list; a service dated before that
registration moves it, and the computed indicator counts the person in the
service's year — in Chromium. The form's choices are large touch targets and
no page overflows the phone's width."""

from datetime import timedelta

import pytest
from django.utils import timezone

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import PASSWORD, SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.models import Person
from suivi.beneficiaries.services import computation, reference
from suivi.beneficiaries.tests.factories import categories
from suivi.core.models import AuditEvent
from suivi.demo import catalogue
from suivi.indicators.models import Measurement
from suivi.indicators.tests.factories import indicator
from suivi.programmes.tests.factories import InterventionFactory, ResultFactory, RevisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)
# The smallest touch target (WCAG 2.5.5, Apple and Android guidelines: 44 px).
TARGET = 44


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


def _height(page, selector: str) -> float:
    """The rendered height of the element `selector` names, in CSS pixels."""
    return page.locator(selector).bounding_box()["height"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_partner_backfills_last_weeks_service(browser, live_server, contexts, language, viewport):
    categories()
    catalogue.install(SYSTEM)
    today = timezone.localdate()
    en = OrganisationFactory(code="en", short_name="EN", kind=OrganisationKind.PUBLIC_AGENCY)
    OrganisationFactory(code="anapec", short_name="ANAPEC", kind=OrganisationKind.PUBLIC_AGENCY)
    intervention = InterventionFactory(
        start_date=today.replace(year=today.year - 3), end_date=today.replace(year=today.year + 3)
    )
    intervention.operational_partners.add(en)
    reference.put_centre(
        actor=SYSTEM, organisation=en, code="en-rabat", name="EN Rabat", city="Rabat"
    )
    informed = indicator(
        code="Ind1.1",
        result=ResultFactory(introduced_in=RevisionFactory(intervention=intervention)),
        targets=(),
    )
    computation.define_computation(
        actor=SYSTEM,
        indicator=informed,
        spec={"measure": "persons", "events": {"types": ["information_session"]}},
        reason="Persons informed follow from the records.",
    )
    worker = member(Role.PARTNER_FOCAL_POINT, en, preferred_language=language)
    width = viewport[0]

    context = browser.new_context(viewport={"width": width, "height": viewport[1]})
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", worker.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_attribute("html", "lang") == language

    # 1. Nothing is chosen for the partner: no sex, the empty category.
    page.goto(f"{live_server.url}/personnes/enregistrer/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("input[name=sex]:checked").count() == 0
    assert page.input_value("#id_category") == ""
    # Choices and the consent are large targets, each box beside its label.
    for box in ("#id_sex_0", "#id_sex_1", "#id_consent"):
        label = page.locator(f"label:has(> {box})")
        assert _height(page, f"label:has(> {box})") >= TARGET, box
        inside, around = page.locator(box).bounding_box(), label.bounding_box()
        middle = inside["y"] + inside["height"] / 2
        assert abs(middle - (around["y"] + around["height"] / 2)) <= 2, box  # aligned
    page.fill("#id_given_name", "Awa")
    page.fill("#id_family_name", "Fictif-Rattrapage")
    page.select_option("#id_nationality", "SN")
    assert page.locator("#id_nationality option[value=SN]").inner_text() == (
        "Sénégal" if language == "fr" else "السنغال"
    )
    page.fill("#id_registered_on", (today - timedelta(days=7)).isoformat())
    page.check("#id_consent")
    page.click("button[type=submit].button-large")
    page.wait_for_url("**/personnes/enregistrer/")  # the page again, with the refusals
    assert page.locator(".field-error").count() == 2  # sex and category, said so
    assert not Person.objects.exists()

    # 2. Chosen, and dated last week: registered last week.
    page.check("input[name=sex][value=women]")
    page.select_option("#id_category", "refugee")
    page.check("#id_consent")
    page.click("button[type=submit].button-large")
    page.wait_for_url("**/personnes/*/")
    person = Person.objects.get(family_name="Fictif-Rattrapage")
    assert person.registered_on == today - timedelta(days=7)
    assert person.nationality == "SN"
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # 3. The session she attended two days before: recorded, and she is
    # registered at its date; the indicator counts her in its year.
    page.select_option("#service", "information_session")
    page.click("form.filters button")
    page.wait_for_url("**/personnes/*/?service=information_session")
    page.wait_for_selector("[data-testid=service-form]")
    attended = today - timedelta(days=9)
    page.fill("#id_occurred_on", attended.isoformat())
    page.select_option("#id_centre", label="EN Rabat")
    page.click("[data-testid=service-form] button")
    page.wait_for_url(f"**/personnes/{person.pk}/")
    assert page.locator(".message-success").count() == 1
    person.refresh_from_db()
    assert person.registered_on == attended
    assert AuditEvent.objects.filter(
        action="beneficiaries.person.registration_moved", object_id=str(person.pk)
    ).exists()
    measurement = Measurement.objects.get(indicator=informed, period__year=attended.year)
    assert measurement.values.get(cell_key="").value == 1
    # The person page reads in the user's language, nothing overflows the phone
    # (the referral form's card included).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    referral = page.locator("[data-testid=referral-form]").bounding_box()
    assert referral["x"] >= 0 and referral["x"] + referral["width"] <= width
