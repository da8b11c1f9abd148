import io

import pytest
from django.core.management import call_command

from suivi.accounts.models import Membership, Organisation, User
from suivi.accounts.roles import Role
from suivi.beneficiaries.models import JourneyEvent, Person
from suivi.core.models import AuditEvent
from suivi.demo.organisations import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_prints_one_login_per_role(demo_data):
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        JourneyEvent.objects.count(),
    )
    events = AuditEvent.objects.exclude(action="beneficiaries.indicators.computed").count()
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        JourneyEvent.objects.count(),
    ) == counts
    # Recomputing leaves one trace (the computation), nothing else is rewritten.
    computed = AuditEvent.objects.exclude(action="beneficiaries.indicators.computed").count()
    assert computed - events <= 14  # the definitions, re-stated
    assert counts[0] == 7
    assert {m.role for m in Membership.objects.all()} == set(Role)
    for account in ACCOUNTS:
        assert account.username in demo_data
    assert DEMO_PASSWORD in demo_data


def test_demo_logins_work(demo_data, client):
    response = client.post("/connexion/", {"username": "pf.en", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_demo_names_are_obviously_fictitious(demo_data):
    assert not Person.objects.exclude(family_name__startswith="Fictif-").exists()
