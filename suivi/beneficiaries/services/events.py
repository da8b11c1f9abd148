"""Recording a service given to a person (a journey event)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries import policies, schema
from suivi.beneficiaries.models import Centre, EventType, JourneyEvent, Person, Trade
from suivi.beneficiaries.services import work_dates
from suivi.beneficiaries.services.batches import BatchOutcome, build_new
from suivi.beneficiaries.services.computation import mark_stale
from suivi.core import audit, changes, text
from suivi.core.actors import Actor, as_user


def clean_attributes(event_type: EventType, raw: dict[str, Any]) -> dict[str, Any]:
    """Check `raw` (detail code → value) against the type's declared details
    (`EventType.details`): unknown codes, missing required values, wrong
    types and values not (or no longer) allowed are refused, detail by
    detail, in the user's language. Texts are one line of clean text."""
    errors: dict[str, str] = {}
    declared = {detail.name: detail for detail in event_type.details}
    for name in raw:
        if name not in declared:
            errors[name] = _("Unknown detail for this service.")
    cleaned: dict[str, Any] = {}
    for name, detail in declared.items():
        value = raw.get(name)
        if value in (None, ""):
            if detail.required:
                errors[name] = _("This detail is required.")
            continue
        try:
            cleaned[name] = _clean_value(detail, value)
        except ValidationError as error:
            errors[name] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_value(detail: schema.Detail, value: Any) -> Any:
    if detail.kind == "bool":
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "oui", "yes", "x"}
        return bool(value)
    if detail.kind == "number":
        try:
            return float(str(value).replace(",", "."))
        except ValueError:
            raise ValidationError(_("A number is expected.")) from None
    if detail.kind == "choice":
        choice = detail.choice(str(value))
        if choice is None or choice.retired:
            raise ValidationError(
                _("« %(value)s » is not one of: %(allowed)s.")
                % {
                    "value": value,
                    "allowed": ", ".join(f"{c.value} ({c.label})" for c in detail.open_choices),
                }
            )
        return choice.value
    if detail.kind == "date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(_("Write the date as YYYY-MM-DD.")) from None
    return text.clean_line(str(value))


@transaction.atomic
def record_event(
    *,
    actor: Actor,
    person: Person,
    event_type: EventType,
    organisation: Organisation,
    occurred_on: date,
    centre: Centre | None = None,
    trade: Trade | None = None,
    related_event: JourneyEvent | None = None,
    attributes: dict[str, Any] | None = None,
    partner_record_id: str = "",
    recompute: bool = True,
    import_batch: uuid.UUID | None = None,
) -> tuple[JourneyEvent, bool]:
    """Record a service `organisation` gave to `person`. A partner record id
    already known returns the existing event (re-import, double submit).
    `recompute=False` is for bulk loads, which queue the refresh once at the
    end (the person is marked stale either way)."""
    if not policies.may_record_service(actor, organisation, person):
        raise PermissionDenied
    if partner_record_id:
        existing = JourneyEvent.objects.filter(
            organisation=organisation, partner_record_id=partner_record_id
        ).first()
        if existing is not None:
            return existing, False
    event = _new_event(
        actor,
        EventData(
            person=person,
            event_type=event_type,
            occurred_on=occurred_on,
            centre=centre,
            trade=trade,
            related_event=related_event,
            attributes=attributes or {},
            partner_record_id=partner_record_id,
        ),
        organisation,
        work_dates.earliest_day(organisation),
    )
    event.import_batch = import_batch
    event.save()
    # The indicators follow once the record is committed (task worker), or
    # once its import batch is published; so does a registration moved
    # earlier by the service.
    if import_batch is None:
        work_dates.follow_services(actor=actor, firsts={person.pk: occurred_on})
        mark_stale([person.identity_key], refresh=recompute)
    audit.record(
        actor=actor,
        action="beneficiaries.event.recorded",
        target=event,
        organisation=organisation,
        # The record's fields, and the names (never the values) of its details.
        changed_fields=[*changes.created_fields(event), *event.attributes],
    )
    return event, True


def first_services(created: Sequence[JourneyEvent]) -> dict[uuid.UUID, date]:
    """Person id → the date of their earliest service among `created`."""
    firsts: dict[uuid.UUID, date] = {}
    for event in created:
        known = firsts.get(event.person_id)
        if known is None or event.occurred_on < known:
            firsts[event.person_id] = event.occurred_on
    return firsts


@dataclass(frozen=True)
class EventData:
    """A service to record, its related objects already read."""

    person: Person
    event_type: EventType
    occurred_on: date
    centre: Centre | None = None
    trade: Trade | None = None
    related_event: JourneyEvent | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    partner_record_id: str = ""


@transaction.atomic
def record_events(
    *,
    actor: Actor,
    organisation: Organisation,
    batch: Sequence[EventData],
    import_batch: uuid.UUID | None = None,
) -> BatchOutcome[JourneyEvent]:
    """Record a batch of services (a chunk of a partner's spreadsheet) in a
    handful of queries, with the same checks as `record_event`.

    A partner record id already known, in the database or earlier in the
    batch, is not recorded again. Services that fail their checks are
    returned by index and not written; the others are (callers needing all or
    nothing roll back when errors come back, or write with an `import_batch`
    that hides the services until it is published). The persons are marked
    stale (at publication for an import batch); the caller queues the
    refresh once. One audit event lists the ids.
    """
    outcome = _build_events(actor, organisation, batch, import_batch)
    JourneyEvent.objects.bulk_create(outcome.created)
    if import_batch is None:
        work_dates.follow_services(actor=actor, firsts=first_services(outcome.created))
        mark_stale({event.person.identity_key for event in outcome.created}, refresh=False)
    if outcome.created:
        audit.record(
            actor=actor,
            action="beneficiaries.events.recorded",
            organisation=organisation,
            changed_fields={"event_type", "occurred_on"},
            detail={"events": [str(event.pk) for event in outcome.created]},
        )
    return outcome


def check_events(
    *, actor: Actor, organisation: Organisation, batch: Sequence[EventData]
) -> BatchOutcome[JourneyEvent]:
    """What `record_events` would do with `batch`, writing nothing."""
    return _build_events(actor, organisation, batch, None)


def _build_events(
    actor: Actor,
    organisation: Organisation,
    batch: Sequence[EventData],
    import_batch: uuid.UUID | None,
) -> BatchOutcome[JourneyEvent]:
    for data in batch:
        if not policies.may_record_service(actor, organisation, data.person):
            raise PermissionDenied
    wanted = {data.partner_record_id for data in batch if data.partner_record_id}
    earliest = work_dates.earliest_day(organisation)

    def build(data: EventData) -> JourneyEvent:
        event = _new_event(actor, data, organisation, earliest)
        event.import_batch = import_batch
        return event

    return build_new(
        batch,
        JourneyEvent.all_objects.published_or_in(import_batch)
        .with_partner_ids(organisation, wanted)
        .values_list("partner_record_id", flat=True),
        build,
    )


def _new_event(
    actor: Actor, data: EventData, organisation: Organisation, earliest: date | None
) -> JourneyEvent:
    """A checked, unsaved service given by `organisation`, not dated before
    `earliest` (`work_dates.earliest_day`)."""
    person, event_type, occurred_on = data.person, data.event_type, data.occurred_on
    centre, trade, related_event = data.centre, data.trade, data.related_event
    errors: dict[str, str] = {}
    # Before the registration is allowed: the registration follows (work_dates).
    if problem := work_dates.date_error(occurred_on, earliest, timezone.localdate()):
        errors["occurred_on"] = problem
    if event_type.is_retired:
        errors["event_type"] = _("« %(service)s » is retired: it takes no new service.") % {
            "service": event_type.label
        }
    elif not event_type.may_be_recorded_by(organisation):
        errors["event_type"] = _("%(organisation)s does not record « %(service)s ».") % {
            "organisation": organisation.short_name or organisation.name,
            "service": event_type.label,
        }
    if event_type.needs_centre and centre is None:
        errors["centre"] = _("Say at which centre the service was given.")
    if related_event is not None and related_event.person.identity_key != person.identity_key:
        errors["related_event"] = _("The related service concerns another person.")
    try:
        cleaned = clean_attributes(event_type, data.attributes)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
        cleaned = {}
    try:
        text.check_identifier(data.partner_record_id)
    except ValidationError as error:
        errors["partner_record_id"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    event = JourneyEvent(
        person=person,
        event_type=event_type,
        organisation=organisation,
        occurred_on=occurred_on,
        centre=centre,
        trade=trade,
        related_event=related_event,
        attributes=cleaned,
        partner_record_id=data.partner_record_id,
        recorded_by=as_user(actor),
    )
    # The related objects were passed in already read, and the callers look
    # the partner record id up (the database's unique constraint still stands).
    event.full_clean(
        exclude=["person", "event_type", "organisation", "centre", "trade", "related_event"],
        validate_unique=False,
        validate_constraints=False,
    )
    return event
