import io

import pytest
from django.core.management import call_command

from suivi.accounts.models import Membership, Organisation, User
from suivi.accounts.roles import Role
from suivi.core.models import AuditEvent
from suivi.demo.organisations import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_prints_one_login_per_role():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    counts = (Organisation.objects.count(), User.objects.count(), AuditEvent.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert counts[0] == 7
    assert {m.role for m in Membership.objects.all()} == set(Role)
    printed = out.getvalue()
    for account in ACCOUNTS:
        assert account.username in printed
    assert DEMO_PASSWORD in printed


def test_demo_logins_work(client):
    call_command("load_demo", stdout=io.StringIO())
    response = client.post("/connexion/", {"username": "pf.en", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
