"""Organisations created or changed in the Django admin go through the
services: text cleaned (or refused beside its field), an audit event."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from suivi.accounts.models import Organisation
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    administrator = member(Role.SYSTEM_ADMINISTRATOR)
    device = TOTPDevice.objects.create(user=administrator, name="test", confirmed=True)
    client.force_login(administrator)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # passed the second factor
    session.save()
    return client


def _form(**changes):
    return {
        "code": "ong-x",
        "name": " Association Cafe\u0301 Solidaire ",
        "short_name": "ACS",
        "kind": "ngo",
        "is_active": "on",
    } | changes


def test_an_organisation_added_in_the_admin_is_cleaned_and_audited(admin_client):
    response = admin_client.post(reverse("admin:accounts_organisation_add"), _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Organisation.objects.get(code="ong-x")
    assert created.name == "Association Café Solidaire"  # NFC, trimmed
    event = AuditEvent.objects.get(action="accounts.organisation.created")
    assert event.object_id == str(created.pk)


def test_a_refused_character_is_shown_beside_its_field_and_nothing_written(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_organisation_add"), _form(name="Assoc\u202eiation")
    )
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert not Organisation.objects.filter(code="ong-x").exists()
    assert not AuditEvent.objects.filter(action__startswith="accounts.organisation").exists()


def test_a_change_in_the_admin_is_audited_and_the_code_is_fixed(admin_client):
    admin_client.post(reverse("admin:accounts_organisation_add"), _form())
    organisation = Organisation.objects.get(code="ong-x")
    url = reverse("admin:accounts_organisation_change", args=[organisation.pk])
    response = admin_client.post(url, _form(code="other", short_name=" ACS 2 ", is_active=""))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.code, organisation.short_name, organisation.is_active) == (
        "ong-x",
        "ACS 2",
        False,
    )
    event = AuditEvent.objects.get(action="accounts.organisation.updated")
    assert sorted(event.changed_fields) == ["is_active", "short_name"]
    admin_client.post(url, _form(short_name="ACS 2", is_active=""))  # unchanged
    assert AuditEvent.objects.filter(action="accounts.organisation.updated").count() == 1
