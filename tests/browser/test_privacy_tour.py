"""The pages issue 9 changed, as their users see them on the demo data — in
French and Arabic, on a desktop and a phone — with the privacy rules checked
in the browser (screenshots in test-results/screenshots/)."""

import pytest

from suivi.accounts.models import User
from suivi.beneficiaries.models import Referral
from suivi.demo.organisations import DEMO_PASSWORD as PASSWORD
from suivi.indicators.models import MeasurementValue

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


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_what_each_role_sees_after_the_safe_read_work(browser, live_server, demo, language):
    referral = (
        Referral.objects.filter(to_organisation__code="anapec", status__in=["sent", "accepted"])
        .select_related("person")
        .first()
    )
    small = MeasurementValue.objects.get(
        measurement__indicator__code="MAR1605211_Ind1.3",
        measurement__period__year=2020,
        measurement__period__quarter=0,
        cell_key="",
    )
    women = MeasurementValue.objects.get(
        measurement__indicator__code="MAR1605211_Ind1.2",
        measurement__period__year=2020,
        measurement__period__quarter=0,
        cell_key="sex=women",
    )
    progress = f"{live_server.url}/interventions/MOR1605211/progression/?annee=2020"
    for viewport in (DESKTOP, PHONE):
        # The registering partner: the record, its consents (withdrawable), the inbox.
        context, page = _open(browser, live_server, "pf.en", language, viewport)
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        page.goto(f"{live_server.url}/personnes/{referral.person_id}/")
        assert page.locator("[data-testid=withdraw-consent]").count() >= 1
        assert page.locator("[data-testid=possible-duplicate]").count() == 0
        page.goto(f"{live_server.url}/orientations/")
        page.goto(progress)
        row = page.locator("[data-code='MAR1605211_Ind1.3']")
        assert "< 5" in row.inner_text() and row.locator("a[href*='/dossiers/']").count() == 0
        response = page.goto(f"{live_server.url}/chiffres/{small.pk}/dossiers/")
        assert response.status == 404
        context.close()

        # The receiving partner: the referral and its own services only.
        context, page = _open(browser, live_server, "pf.anapec", language, viewport)
        page.goto(f"{live_server.url}/orientations/")
        page.goto(f"{live_server.url}/personnes/{referral.person_id}/")
        context.close()

        # The M&E officer: duplicates without names, records by per-figure reference.
        context, page = _open(browser, live_server, "suivi", language, viewport)
        page.goto(f"{live_server.url}/doublons/")
        assert 0 < page.locator("[data-candidate]").count() <= 10  # a page of the queue
        assert "Fictif-" not in page.inner_text("main")
        page.goto(f"{live_server.url}/chiffres/{women.pk}/dossiers/")
        assert "Fictif-" not in page.inner_text("main")
        page.goto(f"{live_server.url}/interventions/MOR1605211/recalcul/")
        context.close()

        # The steering committee: figures, no persons, no referrals.
        context, page = _open(browser, live_server, "copil", language, viewport)
        page.goto(progress)
        assert page.goto(f"{live_server.url}/orientations/").status == 404
        assert page.goto(f"{live_server.url}/personnes/").status == 404
        context.close()
