import pytest
from django.core.management import CommandError, call_command

from suivi.accounts.models import Organisation, User
from suivi.accounts.policies import requires_mfa

pytestmark = pytest.mark.django_db


def test_creates_the_administrator_and_organisation(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "Long-enough-passphrase-9")
    call_command("create_administrator", "alice", email="alice@example.invalid")
    user = User.objects.get(username="alice")
    assert user.is_superuser and requires_mfa(user)
    assert Organisation.objects.get(code="enabel").kind == "enabel"


def test_refuses_a_weak_password_and_writes_nothing(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "password")
    with pytest.raises(CommandError):
        call_command("create_administrator", "alice", email="alice@example.invalid")
    assert not User.objects.exists() and not Organisation.objects.exists()
