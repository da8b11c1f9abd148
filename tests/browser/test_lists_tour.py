"""The lists that scale, as partners use them on the demo data — in French and
Arabic, on a desktop and a phone: filter and page the persons, find one by
phone (the number never in the address), export, and decline a waiting
referral with its reason from the inbox's one form per row."""

from datetime import date

import pytest

from suivi.accounts.models import Organisation, User
from suivi.beneficiaries.models import Person, Referral
from suivi.beneficiaries.services import persons, referrals
from suivi.demo.organisations import DEMO_PASSWORD as PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)


def _open(browser, live_server, username, language, viewport):
    User.objects.filter(username=username).update(preferred_language=language)
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_partner_filters_pages_finds_and_exports(browser, live_server, demo, language):
    reachable = next(
        p for p in Person.objects.filter(organisation__code="en").exclude(phone_encrypted="")
    )
    for viewport in (DESKTOP, PHONE):
        context, page = _open(browser, live_server, "pf.en", language, viewport)
        page.goto(f"{live_server.url}/personnes/")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        total = page.inner_text("[data-testid=list-count]")
        page.select_option("[data-testid=filters] select[name=sex]", "women")
        page.click("[data-testid=filters] button[type=submit]")
        page.wait_for_url("**/personnes/?*sex=women*")
        assert page.inner_text("[data-testid=list-count]") != total
        if page.locator("a[rel=next]").count():
            page.locator("a[rel=next]").first.click()
            page.wait_for_url("**page=2*")
            assert "sex=women" in page.url  # the filters follow the pages
        # The exact search by phone: by POST, nothing of the number in the address.
        page.fill("[data-testid=contact-search] input[name=contact]", reachable.phone)
        page.click("[data-testid=contact-search] button[type=submit]")
        page.wait_for_load_state()
        assert reachable.phone[-6:] not in page.url
        rows = page.locator("[data-testid=list] tbody tr")
        assert rows.count() >= 1
        assert reachable.family_name in page.inner_text("[data-testid=list]")
        page.goto(f"{live_server.url}/personnes/?sex=women")
        with page.expect_download() as download:
            page.click("[data-testid=export]")
        assert download.value.suggested_filename.endswith(".xlsx")
        context.close()


def _refer_to_anapec() -> None:
    """A person of EN referred to ANAPEC (consent given), waiting for its answer."""
    en, anapec = Organisation.objects.get(code="en"), Organisation.objects.get(code="anapec")
    worker = User.objects.get(username="as.en")
    someone = Person.objects.filter(organisation=en).exclude(referrals__isnull=False).first()
    persons.give_consent(
        actor=worker, person=someone, kind="share", given_on=date.today(), organisation=anapec
    )
    referrals.send(
        actor=worker,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_receiver_declines_a_referral_with_its_reason(browser, live_server, demo, language):
    for viewport in (DESKTOP, PHONE):
        _refer_to_anapec()
        waiting = Referral.objects.filter(to_organisation__code="anapec", status="sent")
        before = waiting.count()
        context, page = _open(browser, live_server, "pf.anapec", language, viewport)
        page.goto(f"{live_server.url}/orientations/")
        row = page.locator("[data-referral]").first
        referral = row.get_attribute("data-referral")
        row.locator("input[name=reason]").fill("Hors de notre champ")
        row.locator("button[formaction]").click()
        page.wait_for_load_state()
        assert page.locator(f"[data-referral='{referral}']").count() == 0
        declined = Referral.objects.get(pk=referral)
        assert declined.status == "declined" and declined.decline_reason == "Hors de notre champ"
        assert waiting.count() == before - 1
        context.close()
