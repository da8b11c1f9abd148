"""A person registered at ANAPEC with the same phone, names, sex and birth year
as one of Entraide Nationale's (issue 12): ANAPEC is told nothing, the pair is
in the M&E officer's queue when the registration's page has loaded, the officer
links the two records, then undoes the link from a record's page — in French
and Arabic, on a desktop and a phone (screenshots in test-results/screenshots/)."""

import pytest
from django.db.models import Q

from suivi.accounts.models import User
from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import MatchCandidate, Person
from suivi.beneficiaries.services import persons
from suivi.core.models import AuditEvent
from suivi.demo.organisations import DEMO_PASSWORD as PASSWORD

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


def _unpaired_en_person():
    """An EN record in no pair yet, whose phone EN has just written down."""
    paired = MatchCandidate.objects.values_list("person_a", "person_b")
    keys = {pk for pair in paired for pk in pair}
    person = (
        Person.objects.filter(organisation__code="en", birth_year__isnull=False)
        .exclude(pk__in=keys)
        .order_by("partner_record_id")
        .first()
    )
    assert person is not None
    return persons.update_contacts(actor=SYSTEM, person=person, phone="+212 6 61 23 45 67")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_duplicate_reaches_the_queue_is_linked_then_unlinked(
    browser, live_server, demo, language, viewport
):
    original = _unpaired_en_person()

    # ANAPEC registers the same person (its own typing of the phone).
    context, page = _open(browser, live_server, "pf.anapec", language, viewport)
    page.goto(f"{live_server.url}/personnes/enregistrer/")
    page.fill("#id_given_name", original.given_name)
    page.fill("#id_family_name", original.family_name)
    page.check(f"input[name=sex][value={original.sex}]")
    page.fill("#id_birth_year", str(original.birth_year))
    page.select_option("#id_nationality", original.nationality)
    page.select_option("#id_category", original.category.code)
    national = original.phone.replace("+212", "0")
    page.fill("#id_phone", f"{national[:2]} {national[2:4]} {national[4:6]} {national[6:]}")
    page.check("#id_consent")
    page.click("button[type=submit].button-large")
    page.wait_for_url("**/personnes/*/")
    # Told nothing: no banner, no hint that another partner holds the person.
    body = page.inner_text("main")
    assert page.locator("[data-testid=possible-duplicate], [data-pair]").count() == 0
    assert "doublon" not in body.lower() and "تكرار" not in body
    context.close()
    twin = Person.objects.get(
        organisation__code="anapec",
        phone_hash=original.phone_hash,
        family_name=original.family_name,
    )
    # In the queue when the registration's request returned.
    candidate = MatchCandidate.objects.get(
        Q(person_a=original, person_b=twin) | Q(person_a=twin, person_b=original)
    )
    assert candidate.status == "candidate" and candidate.reason == "phone"

    # The M&E officer finds it, without names, and links the records.
    context, page = _open(browser, live_server, "suivi", language, viewport)
    page.goto(f"{live_server.url}/doublons/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    for number in range(2, 50):
        if page.locator(f"[data-candidate='{candidate.pk}']").count():
            break
        page.goto(f"{live_server.url}/doublons/?page={number}")
    card = page.locator(f"[data-candidate='{candidate.pk}']")
    assert card.count() == 1
    text = card.inner_text()
    assert original.family_name not in text and original.phone not in text
    assert card.locator("[data-testid=record-link]").count() == 2
    assert card.locator("[data-agreement=same]").count() >= 4  # phone, names, year, sex…
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0] + 1
    card.locator("form[action$='/lier/'] input[name=reason]").fill("Même téléphone et mêmes noms")
    card.locator("form[action$='/lier/'] button").click()
    page.wait_for_url("**/doublons/")
    candidate.refresh_from_db(), original.refresh_from_db(), twin.refresh_from_db()
    assert candidate.status == "linked" and original.identity_key == twin.identity_key

    # …then undoes the link from the EN record's page.
    page.goto(f"{live_server.url}/personnes/{original.pk}/")
    assert original.family_name not in page.inner_text("main")
    form = page.locator("[data-testid=unlink-form]")
    form.locator("input[name=reason]").fill("Deux personnes, vérifié par téléphone")
    form.locator("button").click()
    page.wait_for_url(f"**/personnes/{original.pk}/")
    assert page.locator("[data-testid=unlink-form]").count() == 0
    candidate.refresh_from_db(), original.refresh_from_db(), twin.refresh_from_db()
    assert candidate.status == "rejected" and original.identity_key != twin.identity_key
    assert AuditEvent.objects.filter(action="beneficiaries.duplicate.unlinked").count() == 1
    context.close()
