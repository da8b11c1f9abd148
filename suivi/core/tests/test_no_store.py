"""Pages and downloads of signed-in users are never stored by a browser."""

import pytest
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member

pytestmark = pytest.mark.django_db


def test_every_response_to_a_signed_in_user_says_no_store(client):
    client.force_login(member(Role.ME_OFFICER))
    for url in (reverse("home"), reverse("core:audit_trail"), "/nowhere/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_public_pages_are_left_to_their_own_rules(client):
    response = client.get(reverse("healthz"))
    assert "no-store" not in response.get("Cache-Control", "")
