"""Reads of the audit trail, scoped to what the acting user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from suivi.accounts import policies
from suivi.accounts.models import User
from suivi.core import audit
from suivi.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    object_type: str = ""
    organisation_id: str = ""
    actor_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def may_view_audit_trail(user: User) -> bool:
    return policies.visible_audit_events_q(user) is not None


def audit_events_for(user: User, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Audit events `user` may read, newest first, narrowed by `filters`.

    Reading the trail is itself recorded (who looked, with which filters)."""
    scope = policies.visible_audit_events_q(user)
    if scope is None:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(scope).select_related("actor", "organisation")
    filters = filters or AuditFilters()
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.organisation_id:
        events = events.filter(organisation_id=filters.organisation_id)
    if filters.actor_id:
        events = events.filter(actor_id=filters.actor_id)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(occurred_at__gte=datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tz)
        events = events.filter(occurred_at__lt=end)
    audit.record(
        actor=user,
        action="core.audit_trail.viewed",
        detail={
            "filters": {
                key: str(value)
                for key, value in filters.__dict__.items()
                if value not in ("", None)
            }
        },
    )
    return events


def audit_actors_for(user: User) -> QuerySet[User]:
    """Users who appear as actors in the part of the trail `user` may read."""
    scope = policies.visible_audit_events_q(user)
    if scope is None:
        return User.objects.none()
    actor_ids = AuditEvent.objects.filter(scope).values("actor_id")
    return User.objects.filter(pk__in=actor_ids).order_by("username")


def audit_filter_choices(user: User) -> dict[str, list[str]]:
    """Distinct actions and object types present in the part of the trail `user` sees."""
    scope = policies.visible_audit_events_q(user)
    if scope is None:
        return {"actions": [], "object_types": []}
    events = AuditEvent.objects.filter(scope)
    return {
        "actions": sorted(set(events.order_by().values_list("action", flat=True).distinct())),
        "object_types": sorted(
            set(
                events.exclude(object_type="")
                .order_by()
                .values_list("object_type", flat=True)
                .distinct()
            )
        ),
    }
