import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.core import audit
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_admin_offers_no_way_to_add_change_or_delete_audit_events():
    admin_user = member(Role.SYSTEM_ADMINISTRATOR)
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = site._registry[AuditEvent]
    event = audit.record(actor=admin_user, action="test.done")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_admin_requires_the_second_factor(client):
    admin_user = member(Role.SYSTEM_ADMINISTRATOR)
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa"))


def test_admin_is_closed_to_other_roles_even_with_staff_flag(client):
    manager = member(Role.INTERVENTION_MANAGER)
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 404
