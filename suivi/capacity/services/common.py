"""What every capacity service does: check the writer, clean the texts, and
create or update the record with one audit event naming what changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from suivi.capacity import policies
from suivi.core import changes, text
from suivi.core.actors import Actor

M = TypeVar("M", bound=models.Model)

LINE = text.clean_line
TEXT = text.clean_text


def require_manager(actor: Actor) -> None:
    if not policies.may_manage_capacity(actor):
        raise PermissionDenied


def clean(values: Mapping[str, tuple[Any, str]]) -> dict[str, str]:
    return text.clean_fields({name: (rule, value or "") for name, (rule, value) in values.items()})


def require(values: Mapping[str, object]) -> None:
    missing = {name: [_("This field is required.")] for name, value in values.items() if not value}
    if missing:
        raise ValidationError(missing)


def same_intervention(intervention: Any, **related: Any) -> None:
    errors = {
        name: [_("This belongs to another intervention.")]
        for name, record in related.items()
        if record is not None and record.intervention_id != getattr(intervention, "pk", None)
    }
    if errors:
        raise ValidationError(errors)


def save(record: M, values: Mapping[str, Any], *, actor: Actor, prefix: str, created: bool) -> M:
    before = None if created else changes.snapshot(record)
    for name, value in values.items():
        setattr(record, name, value)
    if before is None:
        return changes.create(record, actor=actor, action=f"{prefix}.created")
    changes.update(record, before, actor=actor, action=f"{prefix}.updated")
    return record
