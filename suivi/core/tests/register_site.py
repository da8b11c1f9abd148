"""A tiny register over the audit trail, for `test_registers`: its own URL
namespace (`events`), policies read from the user's last name, a selector and
a "service" that append audit events (refusing some actions as a service
would)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import include, path

from config import urls as root
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.core.models import AuditEvent
from suivi.core.register_views import RegisterSite
from suivi.core.registers import Catalogue, Column, Register, attr

READERS = {"Reader", "Manager"}
MODELS = {"event": AuditEvent}


def may_view(user: Actor) -> bool:
    return getattr(user, "last_name", "") in READERS


def may_manage(user: Actor) -> bool:
    return getattr(user, "last_name", "") == "Manager"


def records(user: Actor, kind: str, lookups: Mapping[str, object] | None = None) -> Any:
    if not may_view(user):
        return AuditEvent.objects.none()
    lookups = dict(lookups or {})
    found = AuditEvent.objects.filter(action__startswith="test.").order_by("id")
    late = lookups.pop("late", None)
    if late is not None:
        found = found.filter(occurred_at__date__lt=late)
    return found.filter(**lookups)


def record(user: Actor, kind: str, pk: object) -> Any:
    return records(user, kind).filter(pk=pk).first()


def counts(user: Actor) -> dict[str, int]:
    return {"event": records(user, "event").count()}


EXPORTS: list[tuple[str, int]] = []


def record_export(user: Actor, kind: str, count: int) -> None:
    EXPORTS.append((kind, count))


def save(actor: Actor, item: Any, data: dict[str, Any]) -> AuditEvent:
    if data["action"] == "test.forbidden":
        raise PermissionDenied
    if data["action"] == "test.refused":
        raise ValidationError({"action": "This action is refused.", "other": "Elsewhere."})
    return audit.record(actor=actor, action=data["action"], detail={"type": data["object_type"]})


def more_sheets(book: Any, items: list[Any]) -> None:
    book.create_sheet("More").append([len(items)])


EVENTS = Register(
    kind="event",
    slug="evenements",
    title="Events",
    singular="Event",
    fields=("action", "object_type"),
    columns=(
        Column("Action", attr("action")),
        Column("Organisation", attr("organisation.short_name")),
        Column("Day", lambda item, context: item.occurred_at.date()),
        Column("Today", lambda item, context: context.today),
        Column("By the system", lambda item, context: item.actor_id is None),
    ),
    filters=("organisation",),
    save=save,
    year_field="occurred_at",
    late_filter=True,
    more_sheets=more_sheets,
)
CATALOGUE = Catalogue([EVENTS])


def detail_context(request: Any, register: Register, item: Any, may_manage: bool) -> dict:
    return {"extra": f"{register.kind}:{item.pk}"}


SITE = RegisterSite(
    namespace="events",
    catalogue=CATALOGUE,
    # This module is the register's selectors module.
    selectors=sys.modules[__name__],
    may_view=may_view,
    may_manage=may_manage,
    scoped=lambda user: {
        "intervention": AuditEvent.objects.none(),
        "organisation": _organisations(),
    },
    export_prefix="journal",
    detail_context=detail_context,
    key="int",
)


def _organisations() -> Any:
    from suivi.accounts.models import Organisation

    return Organisation.objects.order_by("short_name")


_pages = SITE.urls("registres/")
# The root URLconf of `test_registers` (`pytest.mark.urls`): the site's pages
# before Suivi's own (which the error pages and the menu link to).
urlpatterns = [path("", include((_pages, "events"))), *root.urlpatterns]
