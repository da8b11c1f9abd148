"""Any programme without code (issue 11): on a fresh database nothing of
Amuddu exists; the M&E officer imports another programme's service catalogue
from the page, and a partner records a service of it, reading labels in
their language, never codes. In French and Arabic; the officer on a desktop,
the partner on a phone (screenshots in test-results/screenshots/)."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from openpyxl import Workbook

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import PASSWORD, OrganisationFactory, member
from suivi.beneficiaries.models import Centre, EventType, JourneyEvent, Trade
from suivi.beneficiaries.tests.factories import categories, person
from suivi.indicators.models import Indicator
from suivi.interop.catalogue import template as t
from suivi.programmes.tests.factories import InterventionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)


def catalogue_workbook(serves: dict[str, str] | None = None) -> bytes:
    """A small agricultural programme's catalogue, as its M&E officer writes
    it: a course given at a centre, and a job placement; `serves` names the
    outputs and activities of each (codes of an imported logframe)."""
    serves = serves or {}
    book = Workbook()
    book.remove(book.active)
    rows = {
        t.SERVICE_SHEET: [
            [
                *("agri_training", "Formation agricole", "تكوين فلاحي", "Farming course"),
                *("oui", "coop", serves.get("agri_training", "")),
            ],
            [
                *("placement", "Insertion professionnelle", "إدماج مهني", "Job placement"),
                *("non", "coop", serves.get("placement", "")),
            ],
        ],
        t.DETAIL_SHEET: [
            ["agri_training", "crop", "Culture", "الزراعة", "Crop", "choix", "oui"],
            ["agri_training", "hours", "Heures suivies", "الساعات", "Hours", "nombre", "non"],
            ["placement", "contract", "Contrat", "العقد", "Contract", "choix", "oui"],
        ],
        t.VALUE_SHEET: [
            ["agri_training", "crop", "olive", "Olivier", "الزيتون", "Olive tree"],
            ["agri_training", "crop", "argan", "Arganier", "الأركان", "Argan tree"],
            ["placement", "contract", "seasonal", "Saisonnier", "موسمي", "Seasonal"],
            ["placement", "contract", "permanent", "Permanent", "دائم", "Permanent"],
        ],
        t.TRADE_SHEET: [["arboriculture", "Arboriculture", "غراسة الأشجار", "Tree farming", "oui"]],
        t.CENTRE_SHEET: [
            [
                "coop-agadir",
                "coop",
                "Coopérative d'Agadir",
                "Agadir",
                "Souss-Massa",
                "arboriculture",
            ]
        ],
        t.PERIOD_SHEET: [["coop-agadir", "2024-01-01", ""]],
    }
    for name in t.SHEETS:
        sheet = book.create_sheet(name)
        sheet.append([column.header for column in t.COLUMNS[name]])
        for row in rows[name]:
            sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _sign_in(browser, live_server, user, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_new_programme_declares_its_services_and_a_partner_records_one(
    browser, live_server, language
):
    # A fresh database holds nothing of Amuddu: no service, centre, trade or indicator.
    assert (EventType.objects.count(), Centre.objects.count(), Trade.objects.count()) == (0, 0, 0)
    assert not Indicator.objects.exists()

    categories()
    intervention = InterventionFactory(code="MOR2400001", short_name="Agri Souss")
    coop = OrganisationFactory(code="coop", short_name="Coop", kind=OrganisationKind.NGO)
    officer = member(Role.ME_OFFICER, preferred_language=language)
    focal_point = member(Role.PARTNER_FOCAL_POINT, coop, preferred_language=language)

    context, page = _sign_in(browser, live_server, officer, DESKTOP)
    page.goto(f"{live_server.url}/catalogue/")
    assert page.locator(".empty-state").first.is_visible()
    page.goto(f"{live_server.url}/interventions/{intervention.code}/catalogue/importer/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "catalogue.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": catalogue_workbook(),
            }
        ],
    )
    page.click("button[type=submit].button-primary")
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))
    assert "4" in page.locator("[data-testid=job-status] .message-success").inner_text()
    page.goto(f"{live_server.url}/catalogue/")
    body = page.locator("main").inner_text()
    label, value = (
        ("تكوين فلاحي", "الزيتون") if language == "ar" else ("Formation agricole", "Olivier")
    )
    assert label in body and value in body
    context.close()

    someone = person(coop, registered_on=timezone.localdate())
    context, page = _sign_in(browser, live_server, focal_point, PHONE)
    page.goto(f"{live_server.url}/personnes/{someone.pk}/?service=agri_training")
    form = page.locator("[data-testid=service-form]")
    options = form.locator("select[name=attr_crop] option").all_inner_texts()
    assert options[1:] == (["الزيتون", "الأركان"] if language == "ar" else ["Olivier", "Arganier"])
    form.locator("input[name=occurred_on]").fill(timezone.localdate().isoformat())
    form.locator("select[name=centre]").select_option(label="Coopérative d'Agadir")
    form.locator("select[name=attr_crop]").select_option("argan")
    form.locator("input[name=attr_hours]").fill("12")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/personnes/{someone.pk}/$"))
    history = page.locator("ul.history").inner_text()
    assert ("الأركان" if language == "ar" else "Arganier") in history
    assert "argan" not in history and "12.0" not in history
    assert JourneyEvent.objects.get(person=someone).attributes == {"crop": "argan", "hours": 12.0}
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    context.close()
