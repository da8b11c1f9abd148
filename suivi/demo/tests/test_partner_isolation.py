"""Partner isolation over the demo's records, for every pair of partners."""

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
    assert body.count("data-candidate=") == 25
    candidate = MatchCandidate.objects.filter(status="candidate").first()
    client.post(
        reverse("beneficiaries:link", args=[candidate.pk]), {"reason": "Même téléphone, vérifié"}
    )
    candidate.refresh_from_db()
    assert candidate.status == "linked"
    assert candidate.person_a.identity_key == candidate.person_b.identity_key
    # EN sees that another partner may hold the person, never which one or what.
    en_record = (
        candidate.person_a if candidate.person_a.organisation.code == "en" else candidate.person_b
    )
    client.force_login(users.get(username="pf.en"))
    page = client.get(reverse("beneficiaries:person", args=[en_record.pk])).content.decode()
    warning = page[page.index('data-testid="possible-duplicate"') :]
    warning = warning[: warning.index("</p>")]
    assert "ANAPEC" not in warning  # that another partner may hold it, never which
    assert client.get(reverse("beneficiaries:duplicates")).status_code == 404
