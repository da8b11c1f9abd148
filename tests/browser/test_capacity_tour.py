"""Capacity building as its users see it on the demo data — in French and
Arabic, on a desktop and a phone (screenshots in test-results/screenshots/):
the M&E officer records a CP3 training, adds a participant with their test
scores and satisfaction through the HTMX attendance form, and the indicator
computed from the trainings (Ind3.4, knowledge gain) follows; the trainings of
the year list it; a steering-committee reader reads and cannot write."""

import re
from decimal import Decimal

import pytest

from suivi.accounts.models import User
from suivi.capacity.models import CapacityDefinition, Training
from suivi.demo.organisations import DEMO_PASSWORD as PASSWORD
from suivi.indicators.models import MeasurementValue
from suivi.programmes.models import Activity, Intervention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)


def _open(browser, live_server, username, language, viewport):
    User.objects.filter(username=username).update(preferred_language=language)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def _ind34_2021():
    return MeasurementValue.objects.filter(
        measurement__indicator__code="MAR1605211_Ind3.4",
        measurement__period__year=2021,
        measurement__period__quarter=0,
        cell_key="",
    ).first()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_training_recorded_and_the_indicator_follows(browser, live_server, demo, language):
    amuddu = Intervention.objects.get(code="MOR1605211")
    a0301 = Activity.objects.get(intervention=amuddu, code="A0301")
    definition = CapacityDefinition.objects.get(indicator__code="MAR1605211_Ind3.4")
    assert _ind34_2021() is None  # no CP3 training in 2021 yet: not measured
    for number, viewport in enumerate((DESKTOP, PHONE), start=1):
        topic = f"Suivi-évaluation sensible au genre, session {number} ({viewport[0]})"
        context, page = _open(browser, live_server, "suivi", language, viewport)
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        page.goto(f"{live_server.url}/renforcement/")
        page.goto(f"{live_server.url}/renforcement/formations/nouveau/")
        page.select_option("#id_intervention", str(amuddu.pk))
        page.select_option("#id_activity", str(a0301.pk))
        page.fill("#id_topic", topic)
        page.select_option("#id_audience", "cp3")
        page.fill("#id_starts_on", "2021-03-01")
        page.fill("#id_ends_on", "2021-03-04")
        page.fill("#id_trainer", "Consultante genre")
        page.fill("#id_max_score", "20")
        page.click("[data-testid=record-form] button[type=submit]")
        page.wait_for_url(re.compile(r"/renforcement/formations/[0-9a-f-]{36}/$"))
        training = Training.objects.get(topic=topic)
        # A score above the maximum comes back in place, nothing written…
        form = page.locator("[data-testid=participant-form]")
        form.locator("#id_institution").fill("OFPPT")
        form.locator("#id_state_institution").check()
        form.locator("#id_sex").select_option("women")
        form.locator("#id_pre_score").fill("10")
        form.locator("#id_post_score").fill("25")
        form.locator("button[type=submit]").click()
        page.locator("[data-testid=participant-form] .error").first.wait_for()
        assert training.participants.count() == 0
        # … corrected, the line is added and the list comes back through HTMX.
        form = page.locator("[data-testid=participant-form]")
        form.locator("#id_institution").fill("OFPPT")
        form.locator("#id_state_institution").check()
        form.locator("#id_function").fill("Cheffe de service")
        form.locator("#id_sex").select_option("women")
        form.locator("#id_pre_score").fill("10")
        form.locator("#id_post_score").fill("16")
        form.locator("#id_satisfaction").select_option("very_satisfied")
        form.locator("button[type=submit]").click()
        page.locator("[data-testid=participant-rows] tbody tr").first.wait_for()
        assert training.participants.count() == 1
        page.goto(f"{live_server.url}/renforcement/formations/{training.pk}/")
        assert "OFPPT" in page.inner_text("[data-testid=participant-rows]")
        # The indicator follows: 16/20 per session, so 80 % however many sessions.
        total = _ind34_2021()
        assert (total.numerator, total.denominator) == (16 * number, 20 * number)
        assert total.value == Decimal("80.00")
        page.goto(f"{live_server.url}/renforcement/formations/?year=2021&audience=cp3")
        assert page.locator("[data-testid=register] tbody tr").count() == number
        page.goto(f"{live_server.url}/renforcement/indicateurs/?year=2021")
        section = page.locator("[data-testid=definition]", has_text="MAR1605211_Ind3.4")
        assert "80" in section.locator("[data-testid=value]").inner_text()
        page.goto(f"{live_server.url}/indicateurs/{definition.indicator.pk}/")
        page.goto(f"{live_server.url}/renforcement/formations-de-l-annee/?year=2021")
        assert topic in page.inner_text("[data-testid=trainings-year]")
        context.close()

        # The steering committee reads the trainings of 2020 and writes nothing.
        context, page = _open(browser, live_server, "copil", language, viewport)
        page.goto(f"{live_server.url}/renforcement/formations-de-l-annee/?year=2020")
        assert page.locator("[data-testid=trainings-year] tbody tr").count() == 4
        page.goto(f"{live_server.url}/renforcement/formations/{training.pk}/")
        assert page.locator("[data-testid=participant-form]").count() == 0
        assert page.goto(f"{live_server.url}/renforcement/formations/nouveau/").status == 404
        context.close()
