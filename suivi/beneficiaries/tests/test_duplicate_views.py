"""A duplicate registered at another partner reaches the review queue in the
same request; the reviewer links it, then undoes the link from a record page."""

from datetime import date

import pytest
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.beneficiaries.models import MatchCandidate, Person
from suivi.beneficiaries.services import duplicates
from suivi.beneficiaries.tests.factories import person
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db

FORM = {
    "token": "b" * 32,
    "given_name": "Awa",
    "family_name": "Fictif-Doublon",
    "sex": "women",
    "category": "refugee",
    "consent": "on",
    "registered_on": date.today().isoformat(),
    "phone": "06 61 23 45 67",
    "birth_year": "1990",
}


def test_registration_to_queue_link_and_undo(client, two_partners):
    en, anapec = two_partners
    first = person(en, given_name="Awa", family_name="Fictif-Doublon", phone="0661234567")
    clerk = member(Role.PARTNER_CASE_WORKER, anapec)
    client.force_login(clerk)
    response = client.post(reverse("beneficiaries:register"), FORM, follow=True)
    page = response.content.decode()
    # The registering partner is told nothing.
    assert "duplicate" not in page.lower() and "doublon" not in page.lower().replace(
        "fictif-doublon", ""
    )
    second = Person.objects.get(organisation=anapec)
    candidate = MatchCandidate.objects.get()  # in the same request
    assert {candidate.person_a_id, candidate.person_b_id} == {first.pk, second.pk}

    reviewer = member(Role.ME_OFFICER)
    client.force_login(reviewer)
    queue = client.get(reverse("beneficiaries:duplicates")).content.decode()
    assert 'data-testid="queue-count"' in queue and "1" in queue
    assert reverse("beneficiaries:person", args=[first.pk]) in queue
    assert reverse("beneficiaries:person", args=[second.pk]) in queue
    assert "Fictif-Doublon" not in queue and "0661234567" not in queue and "+212661" not in queue
    assert "••67" in queue  # masked: enough to compare, not to use
    response = client.post(
        reverse("beneficiaries:link", args=[candidate.pk]), {"reason": "Même téléphone"}
    )
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert first.identity_key == second.identity_key

    record = client.get(reverse("beneficiaries:person", args=[second.pk])).content.decode()
    assert 'data-testid="unlink-form"' in record and "Fictif-Doublon" not in record
    response = client.post(
        reverse("beneficiaries:unlink", args=[candidate.pk]),
        {"reason": "Deux sœurs", "person": str(second.pk)},
    )
    assert response["Location"] == reverse("beneficiaries:person", args=[second.pk])
    candidate.refresh_from_db(), first.refresh_from_db(), second.refresh_from_db()
    assert candidate.status == "rejected" and first.identity_key != second.identity_key
    assert AuditEvent.objects.filter(action="beneficiaries.duplicate.unlinked").exists()
    # Undoing twice: refused, nothing changes.
    client.post(reverse("beneficiaries:unlink", args=[candidate.pk]), {"reason": "x"})
    assert AuditEvent.objects.filter(action="beneficiaries.duplicate.unlinked").count() == 1


def test_partners_may_not_unlink_nor_open_the_other_record(client, two_partners):
    en, anapec = two_partners
    a = person(en, phone="0661234567")
    person(anapec, phone="0661234567")
    candidate = MatchCandidate.objects.get()
    clerk = member(Role.PARTNER_FOCAL_POINT, en)
    client.force_login(clerk)
    assert (
        client.post(
            reverse("beneficiaries:unlink", args=[candidate.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    page = client.get(reverse("beneficiaries:person", args=[a.pk])).content.decode()
    assert 'data-testid="unlink-form"' not in page and "data-pair" not in page


def test_queue_is_ordered_by_score_and_paginated_with_its_total(client, two_partners):
    en, anapec = two_partners
    for n in range(15):
        phone = f"06612345{n:02d}"
        person(en, phone=phone)
        person(anapec, phone=phone)
    MatchCandidate.objects.filter(pk=MatchCandidate.objects.order_by("pk").first().pk).update(
        probability=0.2
    )
    MatchCandidate.objects.exclude(probability=0.2).update(probability=0.9)
    client.force_login(member(Role.ME_OFFICER))
    first = client.get(reverse("beneficiaries:duplicates")).content.decode()
    assert "15" in first and first.count("data-candidate=") == 10
    last = client.get(reverse("beneficiaries:duplicates"), {"page": "2"}).content.decode()
    assert last.count("data-candidate=") == 5 and "0,20" in last and "0,20" not in first
    for bad in ("999", "-1", "x' OR 1=1", "9" * 400):
        assert client.get(reverse("beneficiaries:duplicates"), {"page": bad}).status_code == 200


def test_the_queue_says_when_the_model_has_not_compared_registrations(client, two_partners):
    en, anapec = two_partners
    person(en, given_name="Mohamed", family_name="Traoré", birth_year=1990)
    person(anapec, given_name="Muhammad", family_name="Traore", birth_year=1990)
    client.force_login(member(Role.ME_OFFICER))
    page = client.get(reverse("beneficiaries:duplicates")).content.decode()
    assert 'data-testid="unchecked"' in page and 'data-testid="model-state"' in page


def test_the_queue_names_nationalities_never_their_codes(client, two_partners):
    en, anapec = two_partners
    person(en, family_name="Fictif-Yémen", phone="0661234567", nationality="YE")
    person(anapec, family_name="Fictif-Yémen", phone="0661234567", nationality="YE")
    duplicates.find_exact()
    client.force_login(member(Role.ME_OFFICER, preferred_language="fr"))
    client.cookies["suivi_language"] = "fr"
    queue = client.get(reverse("beneficiaries:duplicates")).content.decode()
    assert "Yémen" in queue and ">YE<" not in queue
