import pytest
from django.db import DatabaseError, connection, transaction

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.core import audit, context
from suivi.core.models import AuditEvent
from suivi.core.models.audit import AppendOnlyError

pytestmark = pytest.mark.django_db


def _event() -> AuditEvent:
    user = member(Role.ME_OFFICER)
    return audit.record(
        actor=user, action="test.thing.done", target=user, changed_fields=["b", "a"]
    )


def test_record_keeps_actor_organisation_target_fields_and_address():
    user = member(Role.PARTNER_FOCAL_POINT)
    token = context.activate(context.RequestContext(ip_address="10.1.2.3"))
    try:
        event = audit.record(
            actor=user, action="test.thing.done", target=user, changed_fields=["b", "a"]
        )
    finally:
        context.reset(token)
    event.refresh_from_db()
    assert event.actor == user
    assert event.organisation == user.primary_organisation
    assert event.object_type == "accounts.user"
    assert event.object_id == str(user.pk)
    assert event.changed_fields == ["a", "b"]
    assert event.ip_address == "10.1.2.3"


def test_an_event_cannot_be_saved_again():
    event = _event()
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted():
    event = _event()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_events_cannot_be_updated_in_bulk():
    event = _event()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.thing.done"


def test_the_database_itself_refuses_an_update():
    event = _event()
    refused = pytest.raises(DatabaseError)
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.thing.done"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL-only")
def test_postgresql_refuses_a_raw_delete():
    event = _event()
    refused = pytest.raises(DatabaseError)
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_every_recorded_action_has_a_label():
    """Scan the sources for `action="…"` and look each up in the registry."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "suivi"
    recorded = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        recorded |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text()))
    assert len(recorded) >= 10
    assert recorded <= set(audit.action_labels()), recorded - set(audit.action_labels())
