"""Journey events loaded once, as light records, for all the indicators of a
recomputation: one query per event type instead of one ORM pass per
indicator, read through the database cursor without model instances or
Django's value converters (the costs that dominated). Identifiers are kept as
32-character hex strings whatever the database returns."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from suivi.beneficiaries.models import JourneyEvent, TargetingPeriod, Trade


@dataclass(slots=True, frozen=True)
class Event:
    id: str
    identity: str
    sex: str
    organisation: str
    occurred_on: date
    centre_id: str | None
    trade_id: str | None
    related_id: str | None
    attributes: dict[str, Any]
    # (date, creation time): the order services happened in, computed once.
    order: tuple[date, str]


FIELDS = (
    "id",
    "person__identity_key",
    "person__sex",
    "organisation__code",
    "occurred_on",
    "centre_id",
    "trade_id",
    "related_event_id",
    "attributes",
    "created_at",
)


def hex_id(value: Any) -> str | None:
    """A UUID as 32 hex digits, however the database hands it over."""
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value).replace("-", "")


def raw_rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list queryset straight from the cursor."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


def _event(row: tuple[Any, ...]) -> Event:
    pk, identity, sex, organisation, occurred_on, centre, trade, related, attributes, created = row
    if isinstance(occurred_on, str):
        occurred_on = date.fromisoformat(occurred_on[:10])
    if isinstance(attributes, str):
        attributes = json.loads(attributes)
    return Event(
        hex_id(pk) or "",
        hex_id(identity) or "",
        sex,
        organisation,
        occurred_on,
        hex_id(centre),
        hex_id(trade),
        hex_id(related),
        attributes or {},
        (occurred_on, str(created)),
    )


ORDER = attrgetter("order")


class EventStore:
    """The services of the persons in `scope` (all when None), by type."""

    def __init__(self, scope: Q | None = None) -> None:
        self.scope = scope
        self._scope_loaded = False
        self._by_type: dict[str, list[Event]] = {}
        self._by_id: dict[str, Event] = {}
        self.centres: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
        for pk, start, end in TargetingPeriod.objects.values_list(
            "centre_id", "starts_on", "ends_on"
        ):
            self.centres[hex_id(pk) or ""].append((start, end))
        technical = Trade.objects.filter(is_technical=True).values_list("pk", flat=True)
        self.technical = {hex_id(pk) or "" for pk in technical}

    def of_types(self, types: Iterable[str]) -> list[Event]:
        """The events of these types, in date order, with their related events loaded."""
        result: list[Event] = []
        if self.scope is not None and not self._scope_loaded:
            self._load_scope()
        for code in types:
            if code not in self._by_type and self.scope is None:
                rows = JourneyEvent.objects.filter(event_type__code=code).values_list(*FIELDS)
                events = sorted((_event(row) for row in raw_rows(rows)), key=ORDER)
                self._by_type[code] = events
                self._by_id.update((e.id, e) for e in events)
                self._load_related(events)
            result.extend(self._by_type.get(code, []))
        if len(result) > 1:
            result.sort(key=ORDER)  # runs already in order: a merge
        return result

    def _load_scope(self) -> None:
        """A few persons' services: every type in one query."""
        assert self.scope is not None
        rows = JourneyEvent.objects.filter(self.scope).values_list(*FIELDS, "event_type__code")
        by_type: dict[str, list[Event]] = defaultdict(list)
        for row in raw_rows(rows):
            by_type[row[-1]].append(_event(row[:-1]))
        self._by_type = {code: sorted(group, key=ORDER) for code, group in by_type.items()}
        self._scope_loaded = True
        events = [e for group in by_type.values() for e in group]
        self._by_id.update((e.id, e) for e in events)
        self._load_related(events)

    def _load_related(self, events: list[Event]) -> None:
        missing = list(
            {e.related_id for e in events if e.related_id and e.related_id not in self._by_id}
        )
        for start in range(0, len(missing), 5000):
            chunk = [uuid.UUID(pk) for pk in missing[start : start + 5000]]
            rows = JourneyEvent.objects.filter(pk__in=chunk).values_list(*FIELDS)
            for row in raw_rows(rows):
                event = _event(row)
                self._by_id[event.id] = event

    def get(self, pk: str | None) -> Event | None:
        return self._by_id.get(pk) if pk else None

    def centre_targeted(self, centre_id: str | None, on: date) -> bool:
        if centre_id is None:
            return False
        return any(
            start <= on and (end is None or on <= end)
            for start, end in self.centres.get(centre_id, ())
        )
