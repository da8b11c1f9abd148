"""The steering registers as their users see them on the demo data — in French
and Arabic, on a desktop and a phone (screenshots in test-results/screenshots/):
the M&E officer records a risk and an action already past its deadline, shown
late; a steering-committee reader sees the risk matrix and the decisions, and
can change nothing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from suivi.accounts.models import User
from suivi.demo.organisations import DEMO_PASSWORD as PASSWORD
from suivi.governance.models import Decision, Risk
from suivi.programmes.models import Intervention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)
LATE = {"fr": "En retard", "ar": "متأخر"}


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


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_late_risk_action_and_the_committees_read_only_view(browser, live_server, demo, language):
    amuddu = Intervention.objects.get(code="MOR1605211")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    decision = Decision.objects.get(text__startswith="Élargir la représentativité")
    for viewport in (DESKTOP, PHONE):
        description = f"Départ de l'ATN coordination ({viewport[0]})"
        # The M&E officer records the risk through the HTMX form…
        context, page = _open(browser, live_server, "suivi", language, viewport)
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        page.goto(f"{live_server.url}/pilotage/")
        page.goto(f"{live_server.url}/pilotage/risques/nouveau/")
        page.select_option("#id_intervention", str(amuddu.pk))
        page.select_option("#id_kind", "risk")
        page.fill("#id_description", description)
        page.fill("#id_identified_on", "2021-01-15")
        page.select_option("#id_category", "OPS")
        page.select_option("#id_probability", "high")
        page.select_option("#id_impact", "medium")
        page.click("[data-testid=record-form] button[type=submit]")
        page.wait_for_url(re.compile(r"/pilotage/risques/[0-9a-f-]{36}/$"))
        risk = Risk.objects.get(description=description)
        assert risk.total == "high"
        # … then an action whose deadline has passed: shown late.
        form = page.locator("[data-testid=action-form]")
        form.locator("#id_action").fill("Recruter un·e remplaçant·e")
        form.locator("#id_responsible").fill("Direction de l'intervention")
        form.locator("#id_deadline").fill(yesterday)
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/pilotage/risques/{risk.pk}/")
        status = page.locator("[data-testid=action-status]")
        assert status.count() == 1
        assert status.inner_text().strip() == LATE[language]
        page.goto(f"{live_server.url}/pilotage/risques/?late=on")
        assert description in page.inner_text("[data-testid=register]")
        context.close()

        # The steering committee reads the matrix and the decisions, writes nothing.
        context, page = _open(browser, live_server, "copil", language, viewport)
        page.goto(f"{live_server.url}/pilotage/risques/matrice/")
        cell = page.locator("[data-testid=cell-high-medium]")
        assert description[:40] in cell.inner_text()
        assert page.locator("[data-testid=total-very_high]").inner_text().strip() == "1"
        page.goto(f"{live_server.url}/pilotage/decisions/")
        assert page.locator("[data-testid=register] tbody tr").count() == 11
        page.goto(f"{live_server.url}/pilotage/decisions/{decision.pk}/")
        assert LATE[language] in page.inner_text("[data-testid=actions]")
        assert page.locator("[data-testid=action-form]").count() == 0
        assert page.locator("form[action*='/actions/']").count() == 0
        assert page.goto(f"{live_server.url}/pilotage/decisions/nouveau/").status == 404
        context.close()
