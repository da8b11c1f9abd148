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
