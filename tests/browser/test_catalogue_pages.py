"""The catalogue in pages (issue 11): the M&E officer declares a service type
with a choice detail on its form — adding the detail row with the « Add a
detail » button — and a partner reads its labels in the service form. In
French and Arabic, on a desktop and a phone (screenshots in
test-results/screenshots/)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import PASSWORD, OrganisationFactory, member
from suivi.beneficiaries.models import EventType
from suivi.beneficiaries.tests.factories import categories, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)


def _sign_in(browser, live_server, user, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def _fits(page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_service_declared_in_the_page_shows_its_labels_in_the_service_form(
    browser, live_server, language, viewport
):
    categories()
    coop = OrganisationFactory(code="coop", short_name="Coop", kind=OrganisationKind.NGO)
    officer = member(Role.ME_OFFICER, preferred_language=language)
    focal_point = member(Role.PARTNER_FOCAL_POINT, coop, preferred_language=language)

    context, page = _sign_in(browser, live_server, officer, viewport)
    page.goto(f"{live_server.url}/catalogue/")
    page.click("[data-testid=add-service]")
    page.wait_for_url(f"{live_server.url}/catalogue/ajouter/service/")
    form = page.locator("[data-testid=service-type-form]")
    form.locator("#id_code").fill("agri_training")
    form.locator("#id_name").fill("Formation agricole")
    form.locator("#id_name_ar").fill("تكوين فلاحي")
    form.locator("#id_name_en").fill("Farming course")
    form.locator("input[name=organisations][value=coop]").check()
    # The first detail: a number, in the row the form opens with.
    form.locator("#id_details-0-code").fill("hours")
    form.locator("#id_details-0-name").fill("Heures suivies")
    form.locator("#id_details-0-name_ar").fill("الساعات")
    form.locator("#id_details-0-kind").select_option("number")
    # A second row, fetched by the button, for a choice with its values.
    form.locator("[data-testid=add-detail]").click()
    form.locator("#id_details-1-code").wait_for()
    assert form.locator("#id_details-TOTAL_FORMS").input_value() == "2"
    form.locator("#id_details-1-code").fill("crop")
    form.locator("#id_details-1-name").fill("Culture")
    form.locator("#id_details-1-name_ar").fill("الزراعة")
    form.locator("#id_details-1-kind").select_option("choice")
    form.locator("#id_details-1-required").check()
    # First without the French label of a value: refused on its row, nothing saved.
    form.locator("#id_details-1-values").fill(
        "olive | Olivier | الزيتون | Olive tree\nargan | | الأركان | Argan tree"
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.screenshot(path=_screenshot_path(language, viewport, "refused"), full_page=True)
    row = page.locator("[data-testid=detail-row]").nth(1)
    assert row.locator(".error").count() == 1
    assert ("السطر 2" if language == "ar" else "Ligne 2") in row.locator(".error").inner_text()
    assert not EventType.objects.filter(code="agri_training").exists()
    _fits(page, viewport)
    page.locator("#id_details-1-values").fill(
        "olive | Olivier | الزيتون | Olive tree\nargan | Arganier | الأركان | Argan tree"
    )
    page.locator("[data-testid=service-type-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/catalogue/#type-agri_training$"))
    body = page.locator("main").inner_text()
    label, value = (
        ("تكوين فلاحي", "الأركان") if language == "ar" else ("Formation agricole", "Arganier")
    )
    assert label in body and value in body
    _fits(page, viewport)
    # Its form again: the code fixed, the values one line each.
    page.click("#type-agri_training a.button-small")
    page.wait_for_url(f"{live_server.url}/catalogue/services/agri_training/modifier/")
    assert page.locator("#id_code").is_disabled()
    assert (
        "argan | Arganier | الأركان | Argan tree"
        in page.locator("#id_details-1-values").input_value()
    )
    _fits(page, viewport)
    # A centre of the partner, on its form.
    page.goto(f"{live_server.url}/catalogue/ajouter/centre/")
    form = page.locator("[data-testid=centre-form]")
    form.locator("#id_code").fill("coop-agadir")
    form.locator("#id_organisation").select_option("coop")
    form.locator("#id_name").fill("Coopérative d'Agadir")
    form.locator("#id_city").fill("Agadir")
    _fits(page, viewport)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/catalogue/#centres$"))
    assert "Coopérative d'Agadir" in page.locator("main").inner_text()
    context.close()

    someone = person(coop, registered_on=timezone.localdate())
    context, page = _sign_in(browser, live_server, focal_point, viewport)
    page.goto(f"{live_server.url}/personnes/{someone.pk}/?service=agri_training")
    form = page.locator("[data-testid=service-form]")
    options = form.locator("select[name=attr_crop] option").all_inner_texts()
    assert options[1:] == (["الزيتون", "الأركان"] if language == "ar" else ["Olivier", "Arganier"])
    labels = form.locator("label").all_inner_texts()
    assert any(("الزراعة" if language == "ar" else "Culture") in text for text in labels)
    assert not any("crop" in text or "hours" in text for text in labels)
    _fits(page, viewport)
    context.close()


def _screenshot_path(language: str, viewport: tuple[int, int], name: str) -> str:
    from tests.browser.conftest import SCREENSHOTS

    folder = SCREENSHOTS / "catalogue_pages"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / f"{language}-{viewport[0]}-{name}.png")
