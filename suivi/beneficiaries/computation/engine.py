"""Evaluate a computed indicator's spec over the journey events.

One pass over the events of the types the spec names (loaded once per
recomputation by an EventStore, shared by all indicators): each matching event
gives a (year, person identity) pair; a person is counted once per year and
cell (unique persons), whatever the number of events or partners, because
linked records share one identity key. Sex and category come from the
identity's earliest registration, so a person does not move between cells
when another partner registers them differently.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import combinations
from typing import Any

from suivi.beneficiaries.computation.spec import EventSelection, Spec
from suivi.beneficiaries.computation.store import Event, EventStore, hex_id, raw_rows
from suivi.beneficiaries.models import Person
from suivi.indicators import cells

HUNDRED = Decimal(100)


@dataclass
class CellResult:
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    records: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Identity:
    key: str
    person_id: str
    sex: str
    category: str


def identities() -> dict[str, Identity]:
    """identity key (hex) → the identity's earliest registration (its cells)."""
    result: dict[str, Identity] = {}
    rows = Person.objects.order_by("registered_on", "created_at").values_list(
        "identity_key", "pk", "sex", "category__code"
    )
    for identity_key, pk, sex, category in raw_rows(rows):
        key = hex_id(identity_key) or ""
        if key not in result:
            result[key] = Identity(key, str(uuid.UUID(hex_id(pk))), sex, category)
    return result


def _school_year_start(event: Event, store: EventStore) -> int | None:
    for candidate in (event, store.get(event.related_id)):
        if candidate is not None:
            text = str(candidate.attributes.get("school_year", ""))
            if text[:4].isdigit():
                return int(text[:4])
    return None


def year_of(event: Event, rule: str, store: EventStore) -> int | None:
    if rule == "event":
        return event.occurred_on.year
    start = _school_year_start(event, store)
    if start is None:
        return None
    return start if rule == "school_year_start" else start + 1


class Precedence:
    """For ``preceded_by`` filters: the earliest date each identity matched a
    selection, computed once per selection."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._cache: dict[str, dict[str, date]] = {}

    def earliest(self, raw: dict[str, Any]) -> dict[str, date]:
        key = repr(sorted(raw.items(), key=str))
        if key not in self._cache:
            selection = EventSelection(tuple(raw["types"]), raw.get("filters") or {})
            first: dict[str, date] = {}
            for event in _events(selection, self.store, self):
                if event.identity not in first or event.occurred_on < first[event.identity]:
                    first[event.identity] = event.occurred_on
            self._cache[key] = first
        return self._cache[key]


def matches(
    event: Event | None, filters: dict[str, Any], store: EventStore, precedence: Precedence
) -> bool:
    if event is None:
        return not filters
    organisations = filters.get("organisations")
    if organisations and event.organisation not in organisations:
        return False
    if filters.get("centre_targeted") and not store.centre_targeted(
        event.centre_id, event.occurred_on
    ):
        return False
    if filters.get("trade_technical") and event.trade_id not in store.technical:
        return False
    sex = filters.get("sex")
    if sex and event.sex != sex:
        return False
    for name, expected in (filters.get("attributes") or {}).items():
        allowed = expected if isinstance(expected, list) else [expected]
        if event.attributes.get(name) not in allowed:
            return False
    related = filters.get("related")
    if related and not matches(store.get(event.related_id), related, store, precedence):
        return False
    preceded_by = filters.get("preceded_by")
    if preceded_by:
        first = precedence.earliest(preceded_by).get(event.identity)
        if first is None or first > event.occurred_on:
            return False
    return True


def _events(selection: EventSelection, store: EventStore, precedence: Precedence) -> list[Event]:
    return [
        e
        for e in store.of_types(selection.types)
        if matches(e, selection.filters, store, precedence)
    ]


def _cell_keys(identity: Identity, dimensions: Sequence[cells.DimensionSpec]) -> list[str]:
    values = {"sex": identity.sex, "category": identity.category}
    present = {d.code: values[d.code] for d in dimensions if d.code in values}
    keys = [cells.TOTAL]
    codes = sorted(present)
    for size in range(1, len(codes) + 1):
        for group in combinations(codes, size):
            keys.append(cells.make_key({code: present[code] for code in group}))
    return keys


def evaluate(
    spec: Spec,
    dimensions: Sequence[cells.DimensionSpec],
    people: dict[str, Identity] | None = None,
    store: EventStore | None = None,
) -> dict[int, dict[str, CellResult]]:
    """year → cell key → result, for every year with at least one match."""
    people = people if people is not None else identities()
    store = store if store is not None else EventStore()
    precedence = Precedence(store)
    per_year: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    first_year: dict[str, int] = {}
    denominator_events: dict[tuple[int, str], list[Event]] = defaultdict(list)
    event_records: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    matched = sorted(
        {
            e.id: e for selection in spec.events for e in _events(selection, store, precedence)
        }.values(),
        key=lambda e: (e.occurred_on, str(e.created_at)),
    )
    for event in matched:
        year = year_of(event, spec.year, store)
        identity = people.get(event.identity)
        if year is None or identity is None:
            continue
        if spec.first_only:
            if identity.key in first_year:
                continue
            first_year[identity.key] = year
        for key in _cell_keys(identity, dimensions):
            per_year[year][key].add(identity.key)
            if spec.measure == "events":
                event_records[year][key].append(event.id)
        denominator_events[(year, identity.key)].append(event)

    results: dict[int, dict[str, CellResult]] = {}
    if spec.measure != "rate":
        for year, by_cell in per_year.items():
            results[year] = {}
            for key, keys in by_cell.items():
                if spec.measure == "events":
                    records = event_records[year][key]
                    results[year][key] = CellResult(
                        Decimal(len(records)), records={"events": records}
                    )
                else:
                    results[year][key] = CellResult(
                        Decimal(len(keys)),
                        records={"persons": sorted(people[k].person_id for k in keys)},
                    )
        return results

    assert spec.numerator is not None
    achieved = _numerator_identities(spec.numerator, denominator_events, store, precedence)
    for year, by_cell in per_year.items():
        results[year] = {}
        for key, keys in by_cell.items():
            hits = {k for k in keys if (year, k) in achieved}
            n, d = Decimal(len(hits)), Decimal(len(keys))
            results[year][key] = CellResult(
                (n / d * HUNDRED).quantize(Decimal("0.01")) if d else Decimal(0),
                numerator=n,
                denominator=d,
                records={
                    "numerator": sorted(people[k].person_id for k in hits),
                    "denominator": sorted(people[k].person_id for k in keys),
                },
            )
    return results


def _numerator_identities(
    selection: EventSelection,
    denominators: dict[tuple[int, str], list[Event]],
    store: EventStore,
    precedence: Precedence,
) -> set[tuple[int, str]]:
    """(year, identity) of the denominator that the numerator events reach."""
    by_event = {e.id: (year, key) for (year, key), events in denominators.items() for e in events}
    earliest: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for (year, key), events in denominators.items():
        earliest[key].append((min(e.occurred_on for e in events), year))
    hits: set[tuple[int, str]] = set()
    for event in _events(selection, store, precedence):
        if selection.via == "related":
            if event.related_id in by_event:
                hits.add(by_event[event.related_id])
            continue
        for start, year in earliest.get(event.identity, []):
            if event.occurred_on >= start:
                hits.add((year, event.identity))
    return hits
