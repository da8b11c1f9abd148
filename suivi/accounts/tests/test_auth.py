"""Sign-in: session rotation, throttling, idle expiry, second factor, language."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from suivi.accounts.models import User
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import PASSWORD, member
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_rotates_the_session_key_and_is_audited(client):
    user = member(Role.ME_OFFICER)
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    response = _login(client, user.username)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session.session_key != before
    assert AuditEvent.objects.filter(actor=user, action="accounts.login").exists()


def test_failed_login_rerenders_with_an_error_and_keeps_no_username(client):
    user = member(Role.ME_OFFICER)
    response = _login(client, user.username, "wrong-password")
    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()
    event = AuditEvent.objects.get(action="accounts.login_failed")
    assert event.actor is None and user.username not in str(event.detail)


def test_seventh_failure_within_a_minute_is_refused_even_with_the_right_password(client):
    user = member(Role.ME_OFFICER)
    for _attempt in range(5):
        assert _login(client, user.username, "wrong-password").status_code == 200
    # The sixth failure is checked, and its answer already says "paused".
    assert _login(client, user.username, "wrong-password").status_code == 429
    response = _login(client, user.username)  # right password, seventh attempt
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_throttling_counts_per_username_and_address(client):
    user, other = member(Role.ME_OFFICER), member(Role.ME_OFFICER)
    for _attempt in range(6):
        _login(client, user.username, "wrong-password")
    assert _login(Client(), other.username).status_code == 302


def test_session_lapses_after_idle_time_and_is_renewed_by_activity(client, monkeypatch):
    user = member(Role.ME_OFFICER)
    _login(client, user.username)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + timezone.timedelta(seconds=5)
    )
    # Renewed at most once a minute, not written on every request.
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get(pk=key).expire_date < timezone.now() + timezone.timedelta(seconds=10)
    later = time.time() + settings.SESSION_RENEW_AFTER
    monkeypatch.setattr("suivi.core.sessions.time.time", lambda: later)
    assert client.get(reverse("home")).status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert renewed > timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # Idle beyond the limit: the session is gone.
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_logout_needs_post_and_ends_the_session(client):
    user = member(Role.ME_OFFICER)
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(actor=user, action="accounts.logout").exists()


class TestSecondFactor:
    def _admin(self, client):
        admin = member(Role.SYSTEM_ADMINISTRATOR)
        assert _login(client, admin.username).status_code == 302
        return admin

    def test_administrator_must_enrol_before_anything_else(self, client):
        self._admin(client)
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:mfa"))
        page = client.get(reverse("accounts:mfa")).content.decode()
        assert "<svg" in page  # the QR code, drawn locally

    def test_enrolment_with_a_valid_code_opens_home_and_admin(self, client):
        admin = self._admin(client)
        client.get(reverse("accounts:mfa"))
        device = TOTPDevice.objects.get(user=admin)
        assert not device.confirmed
        response = client.post(
            reverse("accounts:mfa") + "?next=/admin/", {"token": f"{totp(device.bin_key):06d}"}
        )
        assert response.status_code == 302 and response["Location"] == "/admin/"
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse("admin:index")).status_code == 200
        assert AuditEvent.objects.filter(actor=admin, action="accounts.mfa.enrolled").exists()

    def test_a_wrong_code_is_refused(self, client):
        admin = self._admin(client)
        client.get(reverse("accounts:mfa"))
        device = TOTPDevice.objects.get(user=admin)
        wrong = (totp(device.bin_key) + 1) % 1_000_000
        response = client.post(reverse("accounts:mfa"), {"token": f"{wrong:06d}"})
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode()
        assert client.get(reverse("home")).status_code == 302

    def test_next_login_asks_for_the_code_of_the_enrolled_device(self, client):
        admin = self._admin(client)
        device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
        page = client.get(reverse("accounts:mfa")).content.decode()
        assert "<svg" not in page
        client.post(reverse("accounts:mfa"), {"token": f"{totp(device.bin_key):06d}"})
        assert client.get(reverse("home")).status_code == 200

    def test_other_roles_are_not_asked(self, client):
        user = member(Role.INTERVENTION_MANAGER)
        _login(client, user.username)
        assert client.get(reverse("home")).status_code == 200


def test_language_change_is_remembered_on_the_account(client):
    user = member(Role.ME_OFFICER)
    client.force_login(user)
    response = client.post(reverse("accounts:language"), {"language": "ar", "next": "/compte/"})
    assert response.status_code == 302 and response["Location"] == "/compte/"
    assert User.objects.get(pk=user.pk).preferred_language == "ar"
    assert 'dir="rtl"' in client.get(reverse("accounts:account")).content.decode()


def test_language_change_refuses_an_outside_redirect(client):
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == LOGIN


def test_login_applies_the_users_preferred_language(client):
    user = member(Role.ME_OFFICER, preferred_language="ar")
    response = _login(client, user.username)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
