"""Reads of the audit trail, scoped to what the acting user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from suivi.accounts import policies
from suivi.accounts.models import User
from suivi.core import audit, paging
from suivi.core.models import AuditEvent

# As every list: a page of 25 rows keeps the page within its time at a
# million events (docs/benchmarks.md, list pages).
PAGE_SIZE = paging.PER_PAGE
EXPORT_LIMIT = 20_000


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


def _events(user: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    scope = policies.visible_audit_events_q(user)
    if scope is None:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(scope).select_related("actor", "organisation")
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
    return events.order_by("-occurred_at", "-id")


def _used(filters: AuditFilters) -> dict[str, str]:
    return {key: str(value) for key, value in filters.__dict__.items() if value not in ("", None)}


def _record_read(
    user: User, filters: AuditFilters, action: str = "core.audit_trail.viewed"
) -> None:
    audit.record(actor=user, action=action, detail={"filters": _used(filters)})


def audit_page(user: User, filters: AuditFilters, page: object) -> paging.ListPage[AuditEvent]:
    """One page of the trail `user` may read, with its total (counted up to
    the cap); the read is recorded."""
    found = paging.paginate(_events(user, filters), page, per_page=PAGE_SIZE)
    _record_read(user, filters)
    return found


def audit_export(user: User, filters: AuditFilters) -> list[AuditEvent] | None:
    """The events of an export of the trail (at most `EXPORT_LIMIT`), or None
    when more match; the export is recorded."""
    events = list(_events(user, filters)[: EXPORT_LIMIT + 1])
    if len(events) > EXPORT_LIMIT:
        return None
    audit.record(
        actor=user,
        action="core.audit_trail.exported",
        detail={"filters": _used(filters), "rows": len(events)},
    )
    return events


def audit_actors_for(user: User) -> QuerySet[User]:
    """Users whose actions `user` may filter the trail by: everyone for who
    reads the whole trail, the members of their organisations otherwise (read
    from the accounts, not from the trail, which may hold millions of rows)."""
    scope = policies.visible_audit_events_q(user)
    if scope is None:
        return User.objects.none()
    users = User.objects.order_by("username")
    if scope == Q():
        return users
    return users.filter(memberships__organisation__in=policies.organisation_ids_of(user)).distinct()


def audit_filter_choices(user: User) -> dict[str, list[tuple[str, str]]]:
    """The actions (every code an app labels) and object types (every model
    of Suivi) the trail can hold — known without reading the trail."""
    if policies.visible_audit_events_q(user) is None:
        return {"actions": [], "object_types": []}
    return {
        "actions": [(code, audit.action_label(code)) for code in sorted(audit.action_labels())],
        "object_types": sorted(
            (
                (model._meta.label_lower, str(model._meta.verbose_name))
                for model in apps.get_models()
                if model.__module__.startswith("suivi.")
            ),
            key=lambda pair: pair[1].lower(),
        ),
    }
