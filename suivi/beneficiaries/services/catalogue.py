"""The service catalogue: declaring and changing service types.

A change never invalidates recorded services silently: a detail or a value
that recorded services carry cannot be removed (retire the value instead), a
detail in use keeps its type, and a type with services is retired, never
deleted. The M&E staff (results-framework managers) edit the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries import schema
from suivi.beneficiaries.models import EventType, JourneyEvent
from suivi.core import audit, changes, text
from suivi.core.actors import Actor
from suivi.indicators.policies import may_manage_definitions
from suivi.programmes.models import Activity, Intervention, ResultNode


def require_catalogue_manager(actor: Actor) -> None:
    if not may_manage_definitions(actor):
        raise PermissionDenied


def _services(event_type: EventType) -> Any:
    # Every record, hidden import batches included: their values count too.
    return JourneyEvent.all_objects.filter(event_type=event_type)


@dataclass(frozen=True)
class InUse:
    """A change that recorded services forbid: on `detail` (and its `value`,
    when a value is removed), `kind` "removed", "retyped" or "value"."""

    detail: str
    kind: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        return self.message


def problems_in_use(event_type: EventType | None, details: Sequence[schema.Detail]) -> list[InUse]:
    """What a new list of details would take from recorded services: a
    removed detail or value they carry, a detail whose type changes; each
    with its place (the catalogue page puts it on the detail's row)."""
    if event_type is None or event_type.pk is None:
        return []
    problems: list[InUse] = []
    new = {d.name: d for d in details}
    services = _services(event_type)
    for old in event_type.details:
        carried = services.filter(attributes__has_key=old.name)
        replacement = new.get(old.name)
        if replacement is None:
            if carried.exists():
                problems.append(
                    InUse(
                        old.name,
                        "removed",
                        _("%(detail)s: recorded services carry this detail; it cannot be removed.")
                        % {"detail": old.name},
                    )
                )
            continue
        if replacement.kind != old.kind and carried.exists():
            problems.append(
                InUse(
                    old.name,
                    "retyped",
                    _("%(detail)s: recorded services carry this detail; its type cannot change.")
                    % {"detail": old.name},
                )
            )
            continue
        kept = {c.value for c in replacement.choices}
        for choice in old.choices:
            if (
                choice.value not in kept
                and carried.filter(**{f"attributes__{old.name}": choice.value}).exists()
            ):
                problems.append(
                    InUse(
                        old.name,
                        "value",
                        _(
                            "%(detail)s › %(value)s: recorded services carry this value; "
                            "retire it instead of removing it."
                        )
                        % {"detail": old.name, "value": choice.value},
                        choice.value,
                    )
                )
    return problems


def changes_in_use(event_type: EventType | None, details: Sequence[schema.Detail]) -> list[str]:
    """`problems_in_use` as messages (the catalogue workbook's check)."""
    return [problem.message for problem in problems_in_use(event_type, details)]


@transaction.atomic
def put_service_type(
    *,
    actor: Actor,
    code: str,
    name: str,
    name_ar: str = "",
    name_en: str = "",
    attributes: list[dict[str, Any]] | None = None,
    needs_centre: bool = False,
    order: int = 0,
    is_retired: bool = False,
    organisations: Iterable[Organisation] | None = None,
    outputs: Iterable[ResultNode] | None = None,
    activities: Iterable[Activity] | None = None,
    within: Intervention | None = None,
) -> tuple[EventType, bool]:
    """Declare a service type, or bring an existing one (same code) to these
    values. Returns the type and whether anything changed (an unchanged
    type writes nothing: imports are idempotent). `organisations`,
    `outputs` and `activities` replace the current links when given (None
    leaves them; with `within`, only the links to that intervention's
    outputs and activities are replaced). ValidationError lists every
    problem of the details with its place, and every change that recorded
    services forbid."""
    require_catalogue_manager(actor)
    details = schema.parse(attributes or [])
    stored = [d.as_json() for d in details]
    event_type = EventType.objects.filter(code=code).first()
    if event_type is not None:
        problems = changes_in_use(event_type, details)
        if problems:
            raise ValidationError(problems)
    labels = text.clean_labels(name, name_ar, name_en)
    if event_type is None:
        event_type = EventType(code=code)
        before: changes.Snapshot | None = None
    else:
        before = changes.snapshot(event_type)
    for field, value in {
        **labels,
        "attributes": stored,
        "needs_centre": needs_centre,
        "order": order,
        "is_retired": is_retired,
    }.items():
        setattr(event_type, field, value)
    wanted = {"organisations": organisations, "outputs": outputs, "activities": activities}
    if before is None:
        changes.create(
            event_type,
            actor=actor,
            action="beneficiaries.event_type.created",
            also=[name for name, value in wanted.items() if value],
        )
        _write_links(event_type, wanted, within)
        return event_type, True
    changed = changes.save_changes(event_type, before)
    moved = _write_links(event_type, wanted, within)
    if changed or moved:
        audit.record(
            actor=actor,
            action="beneficiaries.event_type.changed",
            target=event_type,
            changed_fields=[*changed, *moved],
        )
    return event_type, bool(changed or moved)


def _write_links(
    event_type: EventType,
    wanted: Mapping[str, Iterable[Any] | None],
    within: Intervention | None,
) -> list[str]:
    """Replace the given links; the names of those that changed."""
    moved = []
    for name, items in wanted.items():
        if items is None:
            continue
        manager = getattr(event_type, name)
        current = set(manager.values_list("pk", flat=True))
        kept = set()
        if within is not None and name != "organisations":
            kept = set(manager.exclude(intervention=within).values_list("pk", flat=True))
        target = kept | {item.pk for item in items}
        if target != current:
            manager.set(list(target))
            moved.append(name)
    return moved
