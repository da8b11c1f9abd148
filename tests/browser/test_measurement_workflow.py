"""An M&E officer enters a disaggregated value and submits it; the manager
returns it; it is corrected and approved; the period is locked and editing is
refused — in French and in Arabic, in Chromium."""

import pytest
from django.utils import translation

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import PASSWORD, OrganisationFactory, member
from suivi.indicators.models import Measurement, MeasurementStatus
from suivi.indicators.tests.factories import indicator, sex_dimension

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contexts():
    """Browser contexts opened by a test, closed before the database is reset
    (an open keep-alive connection would be served after the reset)."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def _session(browser, live_server, username, contexts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _text(language, message):
    with translation.override(language):
        return translation.gettext(message)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_enter_return_correct_approve_lock(browser, live_server, contexts, language):
    enabel = OrganisationFactory(kind=OrganisationKind.ENABEL, short_name="Enabel")
    officer = member(Role.ME_OFFICER, enabel, preferred_language=language)
    manager = member(Role.INTERVENTION_MANAGER, enabel, preferred_language=language)
    enrolled = indicator(dimensions=[sex_dimension()])
    entry_url = f"{live_server.url}/indicateurs/{enrolled.pk}/valeurs/2020/"

    # 1. The officer enters 185 = 126 women + 58 men (one short) and saves.
    page = _session(browser, live_server, officer.username, contexts)
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    page.goto(entry_url)
    page.fill("[name=total_value]", "185")
    page.fill("[name=sex-women_value]", "126")
    page.fill("[name=sex-men_value]", "58")
    # Parts that do not add up: refused without a comment explaining them.
    page.click("button[value=save]")
    page.locator(".errors, .form-errors, [role=alert]").first.wait_for()
    assert not Measurement.objects.filter(indicator=enrolled).exists()
    page.fill("[name=comment]", "Un homme sans fiche.")
    page.click("button[value=save]")
    warning = page.locator("[data-testid=additivity-warning]")
    warning.wait_for()
    gap_message = "These parts do not add up to their whole (saved anyway, please check):"
    assert _text(language, gap_message) in warning.inner_text()
    # Saved by HTMX: the page was not reloaded, the values stayed.
    assert page.input_value("[name=sex-men_value]") == "58"
    page.click("button[value=submit]")
    page.wait_for_url(f"{live_server.url}/indicateurs/{enrolled.pk}/")
    assert _text(language, "Submitted") in page.locator("[data-period='2020'] .status").inner_text()

    # 2. The manager returns it with a note.
    review = _session(browser, live_server, manager.username, contexts)
    review.goto(f"{live_server.url}/revue/")
    item = review.locator(f"[data-code='{enrolled.code}']")
    item.locator("textarea[name=note]").fill("Il manque un homme : 59.")
    item.locator(".return-form button").click()
    review.wait_for_load_state()
    assert Measurement.objects.get(indicator=enrolled).status == MeasurementStatus.RETURNED

    # 3. The officer sees the note, corrects and submits again.
    page.goto(entry_url)
    assert "Il manque un homme : 59." in page.locator("#entry-form").inner_text()
    page.fill("[name=sex-men_value]", "59")
    page.click("button[value=submit]")
    page.wait_for_url(f"{live_server.url}/indicateurs/{enrolled.pk}/")

    # The officer cannot approve their own submission: the queue offers nothing.
    page.goto(f"{live_server.url}/revue/")
    assert page.locator(f"[data-code='{enrolled.code}']").count() == 0

    # 4. The manager approves.
    review.goto(f"{live_server.url}/revue/")
    review.locator(f"[data-code='{enrolled.code}'] form[action$='/approuver/'] button").click()
    review.wait_for_load_state()
    measurement = Measurement.objects.get(indicator=enrolled)
    assert measurement.status == MeasurementStatus.APPROVED
    assert measurement.values.get(cell_key="sex=men").value == 59

    # 5. The officer locks 2020; the values can no longer change.
    page.goto(f"{live_server.url}/interventions/{enrolled.intervention.code}/periodes/")
    page.locator("[data-period='2020'] button").click()
    page.wait_for_load_state()
    locked_on = _text(language, "Locked on %(date)s").split("%")[0].strip()
    assert locked_on in page.locator("[data-period='2020']").inner_text()
    page.goto(entry_url)
    assert page.locator("fieldset[disabled]").count() == 1
    locked = _text(language, "This period is locked: its values can no longer change.")
    assert locked in page.inner_text("#entry-form")
    # Even a forged POST is refused and changes nothing.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    forged = {"csrfmiddlewaretoken": token, "total_value": "1", "action": "save"}
    page.request.post(entry_url, form=forged, headers={"Referer": entry_url})
    assert Measurement.objects.get(indicator=enrolled).values.get(cell_key="").value == 185
