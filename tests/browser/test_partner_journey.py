"""A community agent registers a person on a phone; an Entraide Nationale case
worker refers her to ANAPEC; an ANAPEC adviser accepts and records a job-search
service; the indicator computed from the records moves — in Chromium."""

from datetime import date

import pytest

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import PASSWORD, SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.models import Person
from suivi.beneficiaries.services import computation
from suivi.beneficiaries.tests.factories import categories
from suivi.demo import catalogue
from suivi.indicators.models import Measurement
from suivi.indicators.tests.factories import indicator
from suivi.programmes.tests.factories import InterventionFactory, ResultFactory, RevisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


def _session(browser, live_server, username, contexts, viewport=(1280, 900)):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_register_refer_accept_serve_and_the_indicator_moves(browser, live_server, contexts):
    categories()
    catalogue.install(SYSTEM)
    en = OrganisationFactory(code="en", short_name="EN", kind=OrganisationKind.PUBLIC_AGENCY)
    anapec = OrganisationFactory(
        code="anapec", short_name="ANAPEC", kind=OrganisationKind.PUBLIC_AGENCY
    )
    agent = member(Role.COMMUNITY_AGENT, en)
    case_worker = member(Role.PARTNER_CASE_WORKER, en)
    adviser = member(Role.PARTNER_CASE_WORKER, anapec)
    intervention = InterventionFactory(start_date=date(2018, 1, 1), end_date=date(2035, 12, 31))
    revision = RevisionFactory(intervention=intervention)
    supported = indicator(code="Ind2.2", result=ResultFactory(introduced_in=revision), targets=())
    computation.define_computation(
        actor=SYSTEM,
        indicator=supported,
        spec={"measure": "persons", "events": {"types": ["job_search_support"]}},
        reason="Persons supported follow from ANAPEC's records.",
    )

    # 1. The community agent registers her on a phone-sized screen.
    phone = _session(browser, live_server, agent.username, contexts, viewport=(360, 740))
    phone.goto(f"{live_server.url}/personnes/enregistrer/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill("#id_given_name", "Awa")
    phone.fill("#id_family_name", "Fictif-Test")
    phone.check("input[name=sex][value=women]")
    phone.select_option("#id_category", "refugee")
    phone.fill("#id_phone", "0661234567")
    # The draft is kept on the phone while typing, marked as not yet saved;
    # it is the agent's own and holds no phone or document number.
    assert phone.locator("[data-draft-banner]").is_visible()
    draft = phone.evaluate("JSON.stringify(Object.entries(localStorage))")
    assert f"suivi-draft:register-{agent.pk}" in draft and "Awa" in draft
    assert "0661234567" not in draft
    phone.check("#id_consent")
    phone.click("button[type=submit].button-large")
    phone.wait_for_url("**/personnes/*/")
    assert "suivi-draft:" not in phone.evaluate("Object.keys(localStorage).join()")
    # A draft left behind is cleared when the agent signs out.
    phone.goto(f"{live_server.url}/personnes/enregistrer/")
    phone.fill("#id_given_name", "Brouillon")
    assert "Brouillon" in phone.evaluate("JSON.stringify(Object.entries(localStorage))")
    phone.click("form[data-drafts-clear] button")
    phone.wait_for_url("**/connexion/**")
    assert "suivi-draft:" not in phone.evaluate("Object.keys(localStorage).join()")
    person = Person.objects.get(family_name="Fictif-Test")
    assert person.organisation == en and person.phone == "+212661234567"
    assert Person.objects.filter(family_name="Fictif-Test").count() == 1

    # 2. The EN case worker records her consent to share with ANAPEC and refers her.
    desk = _session(browser, live_server, case_worker.username, contexts)
    desk.goto(f"{live_server.url}/personnes/{person.pk}/")
    assert desk.inner_text("[data-testid=phone]") == "+212661234567"
    desk.select_option("[data-testid=share-form] select[name=organisation]", str(anapec.pk))
    desk.click("[data-testid=share-form] button")
    desk.wait_for_load_state()
    desk.select_option("[data-testid=referral-form] select[name=organisation]", str(anapec.pk))
    desk.select_option("[data-testid=referral-form] select[name=purpose]", "employment")
    desk.click("[data-testid=referral-form] button")
    desk.wait_for_load_state()

    # 3. ANAPEC sees it in its inbox, accepts, and records a job-search service.
    agency = _session(browser, live_server, adviser.username, contexts)
    agency.goto(f"{live_server.url}/orientations/")
    # One form a row: accept, or decline with a reason (the second button).
    agency.locator("[data-referral] form[action$='/accepter/'] button:not([formaction])").click()
    agency.wait_for_url(f"**/personnes/{person.pk}/")
    # ANAPEC may open the record, but not see the contacts EN holds.
    assert agency.inner_text("[data-testid=phone]").endswith("67")
    assert "661234567" not in agency.inner_text("[data-testid=phone]")
    agency.select_option("#service", "job_search_support")
    agency.click("form.filters button")
    agency.wait_for_selector("[data-testid=service-form]")
    agency.fill("#id_occurred_on", date.today().isoformat())
    agency.click("[data-testid=service-form] button")
    agency.wait_for_load_state()

    # 4. The indicator followed: one person supported this year, computed.
    measurement = Measurement.objects.get(indicator=supported, period__year=date.today().year)
    assert measurement.source == "computed"
    assert measurement.values.get(cell_key="").value == 1
