"""Partner isolation over the demo's records, for every pair of partners."""

import re
from itertools import permutations

import pytest
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.beneficiaries.models import Person, Referral

pytestmark = pytest.mark.django_db

PARTNERS = ["en", "anapec", "amappe", "care", "remess"]


@pytest.mark.parametrize(("mine", "theirs"), list(permutations(PARTNERS, 2)))
def test_a_partner_cannot_open_another_partners_persons_or_referrals(
    demo_data, client, mine, theirs
):
    from suivi.accounts.models import Organisation

    me = member(Role.PARTNER_FOCAL_POINT, Organisation.objects.get(code=mine))
    client.force_login(me)
    # Persons registered by the other partner and not referred to mine: 404.
    hidden = (
        Person.objects.filter(organisation__code=theirs)
        .exclude(referrals__to_organisation__code=mine)
        .first()
    )
    assert client.get(reverse("beneficiaries:person", args=[hidden.pk])).status_code == 404
    listing = client.get(
        reverse("beneficiaries:persons"), {"q": hidden.family_name}
    ).content.decode()
    assert f"{hidden.family_name}</a>" not in listing
    # Referrals between two other partners never show in my inbox.
    inbox = client.get(reverse("beneficiaries:inbox")).content.decode()
    for referral in Referral.objects.exclude(to_organisation__code=mine).exclude(
        from_organisation__code=mine
    )[:5]:
        assert referral.person.family_name not in inbox


def test_duplicates_review_queue_and_what_partners_see(demo_data, client):
    from django.contrib.auth import get_user_model

    from suivi.beneficiaries.models import MatchCandidate

    assert MatchCandidate.objects.filter(status="candidate", reason="phone").count() == 25
    users = get_user_model().objects
    client.force_login(users.get(username="suivi"))
    body = client.get(reverse("beneficiaries:duplicates")).content.decode()
    assert body.count("data-candidate=") == 10  # the first page, the highest scores
    # The intervention team decides from what the records share, never by name.
    assert "Fictif-" not in body
    assert body.count('data-agreement="same"') >= 10  # the shared phone, at least
    candidate = MatchCandidate.objects.filter(status="candidate").first()
    client.post(
        reverse("beneficiaries:link", args=[candidate.pk]), {"reason": "Même téléphone, vérifié"}
    )
    candidate.refresh_from_db()
    assert candidate.status == "linked"
    assert candidate.person_a.identity_key == candidate.person_b.identity_key
    # The partner learns nothing: no banner a probe registration could read.
    en_record = (
        candidate.person_a if candidate.person_a.organisation.code == "en" else candidate.person_b
    )
    client.force_login(users.get(username="pf.en"))
    page = client.get(reverse("beneficiaries:person", args=[en_record.pk])).content.decode()
    assert "possible-duplicate" not in page
    assert "M&E officer reviews" not in page
    assert client.get(reverse("beneficiaries:duplicates")).status_code == 404


def _open_referral_to(code):
    return (
        Referral.objects.filter(to_organisation__code=code, status__in=["sent", "accepted"])
        .exclude(person__organisation__code=code)
        .select_related("person", "to_organisation")
        .first()
    )


@pytest.mark.parametrize("role", [Role.STEERING_READER, Role.COMMUNITY_AGENT])
def test_only_staff_who_serve_people_read_the_referral_inbox(demo_data, client, role):
    """A steering-committee reader or a community agent attached to an NGO
    never reads the names of the persons referred to it."""
    from suivi.accounts.models import Organisation

    referral = _open_referral_to("anapec")
    reader = member(role, Organisation.objects.get(code="anapec"))
    client.force_login(reader)
    response = client.get(reverse("beneficiaries:inbox"))
    assert response.status_code == 404
    assert referral.person.family_name not in response.content.decode()
    answer = client.post(reverse("beneficiaries:accept", args=[referral.pk]))
    assert answer.status_code == 404


def test_withdrawn_consent_ends_the_receiving_partners_access(demo_data, client):
    from django.contrib.auth import get_user_model

    from suivi.beneficiaries.models import Consent

    users = get_user_model().objects
    referral = _open_referral_to("anapec")
    person = referral.person
    assert person.organisation.code == "en"
    person_url = reverse("beneficiaries:person", args=[person.pk])
    client.force_login(users.get(username="pf.anapec"))
    assert client.get(person_url).status_code == 200
    # The inbox's box that holds an open referral: waiting, or accepted.
    box = {"box": "waiting" if referral.status == "sent" else "accepted"}
    inbox = client.get(reverse("beneficiaries:inbox"), box).content.decode()
    assert person.family_name in inbox

    consent = Consent.objects.get(person=person, kind="share", organisation__code="anapec")
    # Only the registering partner records the withdrawal.
    withdraw_url = reverse("beneficiaries:withdraw_consent", args=[person.pk, consent.pk])
    assert client.post(withdraw_url).status_code == 404
    client.force_login(users.get(username="pf.en"))
    page = client.get(person_url).content.decode()
    assert 'data-testid="withdraw-consent"' in page
    client.post(withdraw_url)
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None and consent.withdrawn_by.username == "pf.en"

    client.force_login(users.get(username="pf.anapec"))
    assert client.get(person_url).status_code == 404
    inbox = client.get(reverse("beneficiaries:inbox"), box).content.decode()
    assert f'data-referral="{referral.pk}"' in inbox
    assert person.family_name not in inbox  # the referral stays, without the name


def _unisolated(response) -> str:
    """The page without its bidirectional isolation (`<bdi>`), to read its text."""
    return re.sub(r"</?bdi[^>]*>", "", response.content.decode())


def test_a_receiving_partner_sees_the_referral_and_its_own_services_only(demo_data, client):
    """On an EN person referred to ANAPEC, ANAPEC does not read what AMAPPE did."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from suivi.accounts.models import Organisation
    from suivi.accounts.tests.factories import SYSTEM
    from suivi.beneficiaries.models import EventType
    from suivi.beneficiaries.services import events, persons, referrals

    referral = _open_referral_to("anapec")
    person = referral.person
    amappe = Organisation.objects.get(code="amappe")
    on = max(referral.sent_on, date(2020, 6, 1))
    # EN also referred the person to AMAPPE, which served them.
    Referral.objects.filter(person=person, to_organisation=amappe).update(status="served")
    persons.give_consent(
        actor=SYSTEM, person=person, kind="share", given_on=on, organisation=amappe
    )
    to_amappe = referrals.send(
        actor=SYSTEM,
        person=person,
        from_organisation=person.organisation,
        to_organisation=amappe,
        purpose="other",
        note="",
        sent_on=on,
    )
    referrals.accept(actor=SYSTEM, referral=to_amappe)
    events.record_event(
        actor=SYSTEM,
        person=person,
        event_type=EventType.objects.get(code="self_employment_support"),
        organisation=amappe,
        occurred_on=on,
        attributes={"phase": "pre_creation"},
    )
    client.force_login(get_user_model().objects.get(username="pf.anapec"))
    page = _unisolated(client.get(reverse("beneficiaries:person", args=[person.pk])))
    history = page[page.index("<h2>", page.index('class="card"')) :]
    assert "AMAPPE →" not in page and "→ AMAPPE" not in page
    assert "· AMAPPE" not in history
    # Consents belong to the registering partner's record: no form it would refuse.
    assert 'data-testid="share-form"' not in page
    assert 'data-testid="withdraw-consent"' not in page
    client.force_login(get_user_model().objects.get(username="pf.en"))
    page = _unisolated(client.get(reverse("beneficiaries:person", args=[person.pk])))
    assert "→ AMAPPE" in page  # the registering partner sees every referral


@pytest.mark.parametrize(
    ("username", "opens"),
    [("copil", False), ("suivi", False), ("agent.amappe", True), ("pf.en", True)],
)
def test_a_page_is_in_the_menu_exactly_when_it_answers(demo_data, client, username, opens):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    persons = reverse("beneficiaries:persons")
    assert (client.get(persons).status_code == 200) is opens
    menu = client.get(reverse("home")).content.decode()
    menu = menu[menu.index('data-testid="main-nav"') :]
    assert (f'href="{persons}"' in menu) is opens
