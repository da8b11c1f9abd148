"""Evaluate a computed indicator's spec over the journey events.

One pass over the events of the types the spec names (loaded by an
EventStore, shared by all indicators): each matching event gives a (year,
person identity) pair, kept as a Fact; a person is counted once per year and
cell (unique persons), whatever the number of events or partners, because
linked records share one identity key. Facts are tallied by year × sex ×
category and the margins follow by addition. Sex and category come from the
identity's earliest registration, so a person does not move between cells
when another partner registers them differently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import combinations
from typing import Any

from django.db.models import Q

from suivi.beneficiaries.computation.spec import EventSelection, Spec
from suivi.beneficiaries.computation.store import ORDER, Event, EventStore, hex_id, raw_rows
from suivi.beneficiaries.models import Person
from suivi.indicators import cells

HUNDRED = Decimal(100)


@dataclass
class CellResult:
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Identity:
    key: str
    person_id: str
    sex: str
    category: str


@dataclass(frozen=True)
class Fact:
    """An identity counted in a year: with how many events and, for a rate,
    whether it reached the numerator (stored as a ComputedFact)."""

    identity: str
    year: int
    events: int
    achieved: bool = False


def identities(scope: Q | None = None) -> dict[str, Identity]:
    """identity key (hex) → the identity's earliest registration (its cells).
    `scope` restricts the persons read (e.g. to a range of identity keys)."""
    result: dict[str, Identity] = {}
    persons = Person.objects.filter(scope) if scope is not None else Person.objects.all()
    rows = persons.order_by("registered_on", "created_at").values_list(
        "identity_key", "pk", "sex", "category__code"
    )
    for identity_key, pk, sex, category in raw_rows(rows):
        key = hex_id(identity_key) or ""
        if key not in result:
            result[key] = Identity(key, hex_id(pk) or "", sex, category)
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


def cell_keys(sex: str, category: str, dimensions: Sequence[cells.DimensionSpec]) -> list[str]:
    """The cells a person of this sex and category counts in: the total, each
    dimension the indicator is split by, and their crossing."""
    values = {"sex": sex, "category": category}
    present = {d.code: values[d.code] for d in dimensions if d.code in values}
    keys = [cells.TOTAL]
    codes = sorted(present)
    for size in range(1, len(codes) + 1):
        for group in combinations(codes, size):
            keys.append(cells.make_key({code: present[code] for code in group}))
    return keys


def person_facts(spec: Spec, people: dict[str, Identity], store: EventStore) -> list[Fact]:
    """Who counts in which year. Every rule of a spec (first match, preceded
    by, numerator reached later) looks at one identity's own services only,
    so facts can be computed for any set of identities on its own."""
    precedence = Precedence(store)
    first_year: dict[str, int] = {}
    counted: dict[tuple[int, str], list[Event]] = defaultdict(list)
    matched = sorted(
        {
            e.id: e for selection in spec.events for e in _events(selection, store, precedence)
        }.values(),
        key=ORDER,
    )
    for event in matched:
        year = year_of(event, spec.year, store)
        if year is None or event.identity not in people:
            continue
        if spec.first_only:
            if event.identity in first_year:
                continue  # only the first match counts
            first_year[event.identity] = year
        counted[(year, event.identity)].append(event)
    achieved: set[tuple[int, str]] = set()
    if spec.numerator is not None:
        achieved = _numerator_identities(spec.numerator, counted, store, precedence)
    return [
        Fact(identity, year, len(events), (year, identity) in achieved)
        for (year, identity), events in counted.items()
    ]


# A group of identities sharing a year and a cell: (year, sex, category,
# identities, events, identities in the numerator).
Tally = tuple[int, str, str, int, int, int]


def tally(
    groups: Iterable[Tally], measure: str, dimensions: Sequence[cells.DimensionSpec]
) -> dict[int, dict[str, CellResult]]:
    """year → cell key → result, from counts grouped by year × sex × category
    (in SQL over the stored facts, or in memory). Margins are sums: an
    identity has one sex and one category, so it is counted in exactly one
    group and each cell adds the groups it covers."""
    sums: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for year, sex, category, persons, events, achieved in groups:
        for key in cell_keys(sex, category, dimensions):
            total = sums[year][key]
            total[0] += persons
            total[1] += events
            total[2] += achieved
    results: dict[int, dict[str, CellResult]] = {}
    for year, by_cell in sums.items():
        results[year] = {key: cell_result(measure, *counts) for key, counts in by_cell.items()}
    return results


def cell_result(measure: str, persons: int, events: int, achieved: int) -> CellResult:
    if measure == "events":
        return CellResult(Decimal(events))
    if measure == "persons":
        return CellResult(Decimal(persons))
    n, d = Decimal(achieved), Decimal(persons)
    value = (n / d * HUNDRED).quantize(Decimal("0.01")) if d else Decimal(0)
    return CellResult(value, numerator=n, denominator=d)


def evaluate(
    spec: Spec,
    dimensions: Sequence[cells.DimensionSpec],
    people: dict[str, Identity] | None = None,
    store: EventStore | None = None,
) -> dict[int, dict[str, CellResult]]:
    """year → cell key → result over every record, in memory (the services
    store facts and aggregate them in SQL; both go through `tally`)."""
    people = people if people is not None else identities()
    store = store if store is not None else EventStore()
    groups: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for fact in person_facts(spec, people, store):
        identity = people[fact.identity]
        counts = groups[(fact.year, identity.sex, identity.category)]
        counts[0] += 1
        counts[1] += fact.events
        counts[2] += fact.achieved
    rows = [
        (year, sex, category, persons, events, achieved)
        for (year, sex, category), (persons, events, achieved) in groups.items()
    ]
    return tally(rows, spec.measure, dimensions)


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
