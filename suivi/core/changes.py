"""Which fields a write changed, read from the record itself.

Services used to type the list of changed fields by hand, for the audit event
and for `save(update_fields=…)`, and the lists drifted from what the code
wrote. Here the names come from the model's actual diff: a snapshot of the
concrete fields before the change, compared with the same fields after it.

    before = changes.snapshot(period)
    period.is_locked = True
    ...
    changes.update(period, before, actor=actor, action="indicators.period.locked")

Only concrete fields count (many-to-many and reverse relations are the
caller's to name); the primary key and the automatic timestamps
(`auto_now`, `auto_now_add`: `created_at`, `updated_at`) never do; foreign keys
compare by id, files by stored name; deferred fields are skipped (reading them
would cost a query each). Names only, never values: values may be personal.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models.fields.files import FieldFile

from suivi.core import audit
from suivi.core.actors import Actor

if TYPE_CHECKING:
    from suivi.accounts.models import Organisation

M = TypeVar("M", bound=models.Model)
Snapshot = dict[str, Any]


def _automatic(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _tracked(instance: models.Model) -> list[models.Field[Any, Any]]:
    deferred = instance.get_deferred_fields()
    return [
        field
        for field in instance._meta.concrete_fields
        if not field.primary_key and not _automatic(field) and field.attname not in deferred
    ]


def _value(instance: models.Model, field: models.Field[Any, Any]) -> Any:
    value = getattr(instance, field.attname)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dict | list):
        return copy.deepcopy(value)  # a change made in place must still show
    return value


def snapshot(instance: models.Model) -> Snapshot:
    """The values of `instance`'s tracked fields now, by field name."""
    return {field.name: _value(instance, field) for field in _tracked(instance)}


def changed_fields(instance: models.Model, before: Snapshot) -> list[str]:
    """The names of the fields whose value differs from `before`, in the
    model's field order."""
    return [
        name
        for name, value in snapshot(instance).items()
        if name in before and before[name] != value
    ]


def created_fields(instance: models.Model) -> list[str]:
    """The names of the fields a new record holds a value in (not None, not
    empty): what its creation recorded."""
    return [
        field.name
        for field in _tracked(instance)
        if _value(instance, field) not in field.empty_values
    ]


def _automatic_names(instance: models.Model) -> list[str]:
    return [field.name for field in instance._meta.concrete_fields if _automatic(field)]


def save_changes(instance: models.Model, before: Snapshot, *, clean: bool = True) -> list[str]:
    """Validate the changed fields (`full_clean` limited to them, unless
    `clean` is false), save only them (and `updated_at`), and return their
    names. Nothing changed: nothing is written, and the list is empty."""
    changed = changed_fields(instance, before)
    if changed and clean:
        instance.full_clean(
            exclude=[f.name for f in instance._meta.fields if f.name not in changed]
        )
        changed = changed_fields(instance, before)  # cleaning normalises ("3" → 3)
    if changed:
        instance.save(update_fields=[*changed, *_automatic_names(instance)])
    return changed


def create(
    instance: M,
    *,
    actor: Actor,
    action: str,
    organisation: Organisation | None = None,
    also: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
    clean: bool = True,
) -> M:
    """The create → clean → save → audit skeleton: `full_clean` (unless the
    caller already cleaned it, `clean=False`), save, and one audit event naming
    the fields the record was created with, plus `also` (many-to-many fields,
    child rows) the caller wrote."""
    if clean:
        instance.full_clean()
    instance.save()
    audit.record(
        actor=actor,
        action=action,
        target=instance,
        organisation=organisation,
        changed_fields=[*created_fields(instance), *also],
        detail=detail,
    )
    return instance


def update(
    instance: models.Model,
    before: Snapshot,
    *,
    actor: Actor,
    action: str,
    organisation: Organisation | None = None,
    detail: dict[str, Any] | None = None,
    clean: bool = True,
) -> list[str]:
    """`save_changes`, then one audit event naming what changed; when nothing
    changed, nothing is written and nothing is recorded. Returns the names."""
    changed = save_changes(instance, before, clean=clean)
    if changed:
        audit.record(
            actor=actor,
            action=action,
            target=instance,
            organisation=organisation,
            changed_fields=changed,
            detail=detail,
        )
    return changed
