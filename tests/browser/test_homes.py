"""Every role's home page shows figures computed from the records, and they
change after an action: a person registered, a referral sent, a value
submitted then approved; the indicator sheet shows its chart — in French and
Arabic, on a desktop and a phone, in Chromium. Screenshots of every page are
saved by the fixtures of conftest.py (the folder is printed at the end)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import PASSWORD, SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.services import persons, referrals
from suivi.beneficiaries.tests.factories import categories, event, event_type
from suivi.indicators.models import Measurement, MeasurementStatus
from suivi.indicators.services import measurements, periods
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import indicator, sex_dimension
from suivi.programmes.tests.factories import InterventionFactory, ResultFactory, RevisionFactory
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (390, 844)


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()
    print(f"\nScreenshots: {SCREENSHOTS.resolve()}")


def _session(browser, live_server, username, contexts, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _figure(page, panel: str, number: int) -> str:
    return page.locator(f"[data-panel='{panel}'] [data-figure='{number}']").inner_text().strip()


def _register(agent, organisation, n: int, on: date):
    data = persons.PersonData(
        given_name=f"Awa{n}",
        family_name="Diallo",
        sex="women" if n % 2 else "men",
        category="refugee",
        registered_on=on,
        consent_given_on=on,
    )
    created, _ = persons.register_person(actor=agent, organisation=organisation, data=data)
    return created


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_home_is_live(browser, live_server, contexts, language, viewport):
    categories()
    event_type("counselling")
    today = timezone.localdate()
    en = OrganisationFactory(code="en", short_name="EN", kind=OrganisationKind.PUBLIC_AGENCY)
    anapec = OrganisationFactory(
        code="anapec", short_name="ANAPEC", kind=OrganisationKind.PUBLIC_AGENCY
    )
    enabel = OrganisationFactory(code="enabel", short_name="Enabel", kind=OrganisationKind.ENABEL)
    people = dict(preferred_language=language)
    agent = member(Role.COMMUNITY_AGENT, en, **people)
    focal = member(Role.PARTNER_FOCAL_POINT, en, **people)
    adviser = member(Role.PARTNER_CASE_WORKER, anapec, **people)
    officer = member(Role.ME_OFFICER, enabel, **people)
    manager = member(Role.INTERVENTION_MANAGER, enabel, **people)
    steering = member(Role.STEERING_READER, **people)
    intervention = InterventionFactory(start_date=date(2018, 1, 1), end_date=date(2035, 12, 31))
    revision = RevisionFactory(intervention=intervention)
    outcome = ResultFactory(introduced_in=revision, level="outcome")
    year = today.year - 1
    enrolled = indicator(
        code="Ind1.2",
        result=outcome,
        dimensions=[sex_dimension()],
        targets=((year - 1, "100"), (year, "150"), (0, "400")),
    )
    # Last year's approved value, and five persons the agent registered.
    period = periods.ensure_period(actor=SYSTEM, intervention=intervention, year=year - 1)
    earlier, _ = measurements.save_values(
        actor=officer, indicator=enrolled, period=period, values=[CellValue(value=Decimal(90))]
    )
    measurements.submit(actor=officer, measurement=earlier)
    measurements.approve(actor=manager, measurement=earlier)
    registered = [_register(agent, en, n, today - timedelta(days=n)) for n in range(5)]
    for somebody in registered:
        event(somebody, "counselling", on=today)

    # 1. The community agent's registrations: 5, then 6 once one more is registered.
    page = _session(browser, live_server, agent.username, contexts, viewport)
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert _figure(page, "agent-activity", 3) == "5"  # all years
    _register(agent, en, 5, today)
    page.goto(f"{live_server.url}/")
    assert _figure(page, "agent-activity", 3) == "6"
    # A registration draft kept in this browser is announced (it never reached the server).
    waiting = page.locator(f"[data-draft-waiting='register-{agent.pk}']")
    assert waiting.is_hidden()
    page.evaluate(f"localStorage.setItem('suivi-draft:register-{agent.pk}', '{{}}')")
    page.reload()
    assert waiting.is_visible()

    # 2. The focal point: 6 persons, 5 services; a referral sent shows as waiting.
    partner = _session(browser, live_server, focal.username, contexts, viewport)
    assert _figure(partner, "partner-activity", 5) == "6"
    assert _figure(partner, "partner-activity", 6) == "5"
    assert partner.locator("[data-panel='partner-monthly'] img.chart").count() == 1
    assert _figure(partner, "referrals", 3) == "0"
    persons.give_consent(
        actor=focal, person=registered[0], kind="share", given_on=today, organisation=anapec
    )
    referrals.send(
        actor=focal,
        person=registered[0],
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        sent_on=today,
    )
    partner.goto(f"{live_server.url}/")
    assert _figure(partner, "referrals", 3) == "1"
    receiver = _session(browser, live_server, adviser.username, contexts, viewport)
    assert _figure(receiver, "referrals", 1) == "1"

    # 3. The M&E officer enters a value far above the target: refused without
    # a comment, saved and submitted with one; the manager has one to review.
    review = _session(browser, live_server, manager.username, contexts, viewport)
    assert _figure(review, "review-work", 1) == "0"
    desk = _session(browser, live_server, officer.username, contexts, viewport)
    desk.goto(f"{live_server.url}/indicateurs/{enrolled.pk}/valeurs/{year}/")
    assert "150" in desk.locator("[data-testid=year-target]").inner_text()
    assert "90" in desk.locator("[data-testid=last-year]").inner_text()
    desk.fill("[name=total_value]", "320")
    desk.fill("[name=sex-women_value]", "200")
    desk.fill("[name=sex-men_value]", "120")
    desk.click("button[value=submit]")
    desk.wait_for_load_state()
    assert not Measurement.objects.filter(indicator=enrolled, period__year=year).exists()
    desk.fill("[name=comment]", "Deux promotions cette année.")
    desk.click("button[value=submit]")
    desk.wait_for_url(f"{live_server.url}/indicateurs/{enrolled.pk}/")
    review.goto(f"{live_server.url}/")
    assert _figure(review, "review-work", 1) == "1"

    # 4. The manager approves it from the queue, where the warning and the
    # comment stand beside the value; the steering committee's glance moves.
    board = _session(browser, live_server, steering.username, contexts, viewport)
    glance = f"glance-{intervention.code}"
    # The latest year with an approved value: last year's 90 of 100.
    assert str(year - 1) in board.locator(f"[data-panel='{glance}'] h2").inner_text()
    assert "90 %" in board.locator(f"[data-panel='{glance}'] table").inner_text()
    review.goto(f"{live_server.url}/revue/")
    item = review.locator("[data-code='Ind1.2']")
    assert item.locator("[data-testid=plausibility-warnings]").count() == 1
    item.locator("form[action$='/approuver/'] button").click()
    review.wait_for_load_state()
    assert Measurement.objects.get(indicator=enrolled, period__year=year).status == (
        MeasurementStatus.APPROVED
    )
    board.goto(f"{live_server.url}/")
    assert str(year) in board.locator(f"[data-panel='{glance}'] h2").inner_text()
    assert "213 %" in board.locator(f"[data-panel='{glance}'] table").inner_text()  # 320/150
    assert _figure(board, glance, 2) == "0"
    assert board.locator(f"[data-panel='{glance}'] img.chart").count() == 1

    # 5. The indicator sheet with its chart and the numbers beside it.
    board.goto(f"{live_server.url}/indicateurs/{enrolled.pk}/")
    chart = board.locator("[data-testid=sheet-chart] img.chart")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    table = board.locator("[data-testid=sheet-chart] table").inner_text()
    assert "320" in table and "200" in table and str(year) in table
    assert f"{str(year)[0]} {str(year)[1:]}" not in table  # never "2 025"
