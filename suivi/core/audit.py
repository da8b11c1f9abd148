"""Writing to the audit trail. Every service that writes calls `record`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models

from suivi.core import context
from suivi.core.actors import Actor, SystemActor, require_actor
from suivi.core.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from suivi.accounts.models import Organisation


def record(
    *,
    actor: Actor | AnonymousUser,
    action: str,
    target: models.Model | None = None,
    organisation: Organisation | None = None,
    changed_fields: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit trail.

    `action` is a dotted verb such as ``accounts.membership.created``.
    `changed_fields` names fields, never values; `detail` must hold no personal
    data. When `organisation` is not given, the actor's primary organisation is
    used, so a partner's focal point can later read what their colleagues did.
    The system actor is stored by name (``detail["system"]``), with no user.
    """
    require_actor(actor)
    detail = dict(detail or {})
    if isinstance(actor, SystemActor):
        detail["system"] = actor.name
    elif organisation is None and actor.is_authenticated:
        organisation = actor.primary_organisation
    return AuditEvent.objects.create(
        actor=actor if not isinstance(actor, SystemActor) and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        changed_fields=sorted(changed_fields),
        ip_address=context.current().ip_address,
        detail=detail,
    )


@cache
def action_labels() -> Mapping[str, str]:
    """Every app's `audit_actions` (on its AppConfig): action code → label."""
    labels: dict[str, str] = {}
    for config in apps.get_app_configs():
        labels.update(getattr(config, "audit_actions", {}))
    return labels


def action_label(action: str) -> str:
    """The translated label of an action code; the code itself if unknown."""
    return str(action_labels().get(action, action))
