"""The per-person facts behind computed indicators, and the values they add up to.

Three operations, all through the same engine (`computation.engine`):

- `rebuild`: every identity's facts from the services, identity range by
  identity range (bounded memory), e.g. after a definition changes;
- `refresh`: the facts of a few identities whose services changed, and the
  numbers they move adjusted in place (a new service touches a handful of
  cells: no re-count of the whole indicator);
- `write_values`: every indicator's values re-added from the stored facts in
  one grouped query.

Locked periods are frozen: neither their facts nor their values change, so
the records listed behind a locked figure are the ones it counted.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Count, Field, Q, Sum

from suivi.beneficiaries.computation import engine
from suivi.beneficiaries.computation.spec import Spec, parse
from suivi.beneficiaries.computation.store import EventStore
from suivi.beneficiaries.models import ComputedFact, IndicatorComputation, JourneyEvent, Person
from suivi.core.actors import Actor
from suivi.indicators import cells
from suivi.indicators.models import (
    IndicatorVersion,
    Measurement,
    MeasurementSource,
    MeasurementStatus,
    MeasurementValue,
    PeriodKind,
    ReportingPeriod,
)
from suivi.indicators.services.definitions import dimension_specs
from suivi.indicators.services.periods import ensure_period
from suivi.programmes.models import Intervention

# Identities evaluated together in a rebuild: bounds memory (their services
# are held in memory) while keeping the number of queries small.
IDENTITIES_PER_CHUNK = 20_000

Counts = list[int]  # [persons, events, persons in the numerator]
Contribution = tuple[str, str, int, bool]  # sex, category, events, achieved


@dataclass
class ComputedIndicators:
    """The computed indicators of an intervention, read once for an operation."""

    intervention: Intervention
    computations: list[IndicatorComputation]
    specs: dict[uuid.UUID, Spec] = field(default_factory=dict)
    dimensions: dict[uuid.UUID, list[cells.DimensionSpec]] = field(default_factory=dict)
    periods: dict[int, ReportingPeriod] = field(default_factory=dict)

    @property
    def open_years(self) -> set[int]:
        return {year for year, period in self.periods.items() if not period.is_locked}


def covered_years(intervention: Intervention) -> list[int]:
    """Years with at least one recorded service, within the intervention's
    dates: a year without any record is not measured (empty, not 0)."""
    dates = JourneyEvent.objects.values_list("occurred_on", flat=True)
    first, last = dates.order_by("occurred_on").first(), dates.order_by("-occurred_on").first()
    if first is None or last is None:
        return []
    return [y for y in range(first.year, last.year + 1) if intervention.covers_year(y)]


def computed_indicators(actor: Actor, intervention: Intervention) -> ComputedIndicators:
    """Read the intervention's computations, their cells and their periods
    (created for the covered years on first use), in a handful of queries
    whatever the number of indicators: a refresh after one new service reads
    this too, and it must stay quick."""
    computations = list(
        IndicatorComputation.objects.filter(
            indicator__intervention=intervention, indicator__retired_in__isnull=True
        ).select_related("indicator")
    )
    plan = ComputedIndicators(intervention, computations)
    if not computations:
        return plan
    versions = {
        version.indicator_id: version
        for version in IndicatorVersion.objects.current()
        .filter(indicator__in=[c.indicator_id for c in computations])
        .prefetch_related("dimensions__values")
    }
    for computation in computations:
        plan.specs[computation.pk] = parse(computation.spec)
        plan.dimensions[computation.pk] = dimension_specs(
            list(versions[computation.indicator_id].dimensions.all())
        )
    years = covered_years(intervention)
    existing = {
        period.year: period
        for period in ReportingPeriod.objects.filter(
            intervention=intervention, kind=PeriodKind.YEAR, year__in=years
        )
    }
    plan.periods = {
        year: existing.get(year) or ensure_period(actor=actor, intervention=intervention, year=year)
        for year in years
    }
    return plan


Lookups = dict[str, Any]  # conditions on a person's identity key


def _key_ranges(chunks: int) -> list[Lookups]:
    """Split the identity keys (random UUIDs) into `chunks` ranges."""
    bounds = [uuid.UUID(int=(i * (1 << 128)) // chunks) for i in range(1, chunks)]
    ranges, low = [], None
    for high in [*bounds, None]:
        lookups: Lookups = {}
        if low is not None:
            lookups["identity_key__gte"] = low
        if high is not None:
            lookups["identity_key__lt"] = high
        ranges.append(lookups)
        low = high
    return ranges


def _persons(lookups: Lookups) -> Q:
    return Q(**lookups)


def _their_events(lookups: Lookups) -> Q:
    """The same persons, seen from their journey events."""
    return Q(**{f"person__{name}": value for name, value in lookups.items()})


FactKey = tuple[uuid.UUID, str, int]  # computation, identity (hex), year


def _new_facts(
    plan: ComputedIndicators, people: dict[str, engine.Identity], store: EventStore
) -> dict[FactKey, Contribution]:
    """(computation, identity, year) → contribution, for the open years."""
    facts: dict[FactKey, Contribution] = {}
    open_years = plan.open_years
    for computation in plan.computations:
        for fact in engine.person_facts(plan.specs[computation.pk], people, store):
            if fact.year in open_years:
                identity = people[fact.identity]
                facts[(computation.pk, fact.identity, fact.year)] = (
                    identity.sex,
                    identity.category,
                    fact.events,
                    fact.achieved,
                )
    return facts


FACT_COLUMNS = (
    "computation",
    "identity_key",
    "person",
    "year",
    "sex",
    "category",
    "events",
    "achieved",
)


def _insert(facts: dict[FactKey, Contribution], people: dict[str, engine.Identity]) -> int:
    """Write new facts straight through the cursor: a rebuild writes millions,
    and model instances plus `bulk_create` (999 parameters a statement on
    SQLite) cost more than computing them. COPY on PostgreSQL. Keys go as 32
    hex digits: how SQLite stores a UUID, and a form PostgreSQL reads."""
    fields = [cast(Field, ComputedFact._meta.get_field(name)) for name in FACT_COLUMNS]  # type: ignore[type-arg]
    rows = [
        (
            computation_id.hex,
            identity,
            people[identity].person_id,
            year,
            sex,
            category,
            events,
            achieved,
        )
        for (computation_id, identity, year), (sex, category, events, achieved) in facts.items()
    ]
    table = connection.ops.quote_name(ComputedFact._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            # Table and column names come from the model, quoted; values are parameters.
            insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, rows)
    return len(rows)


def rebuild(plan: ComputedIndicators, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every identity's facts from the services (open years only),
    one identity range per transaction: the progress is visible as it goes,
    and the values, written afterwards, move only once every range is done.
    Returns the number of facts written."""
    open_years = plan.open_years
    chunks = max(1, Person.objects.count() // IDENTITIES_PER_CHUNK)
    written = 0
    for position, identity_range in enumerate(_key_ranges(chunks), start=1):
        with transaction.atomic():
            ComputedFact.objects.filter(
                computation__in=plan.computations, year__in=open_years, **identity_range
            ).delete()
            people = engine.identities(_persons(identity_range))
            if people:
                store = EventStore(_their_events(identity_range))
                written += _insert(_new_facts(plan, people, store), people)
        if progress:
            progress(position, chunks)
    return written


def write_values(plan: ComputedIndicators, actor: Actor) -> int:
    """Every computed indicator's values for the open years, re-added from the
    stored facts (one grouped query). Returns the measurements written."""
    groups = _tallies(plan.computations, plan.open_years)
    written = 0
    for computation in plan.computations:
        spec = plan.specs[computation.pk]
        dimensions = plan.dimensions[computation.pk]
        results = engine.tally(groups[computation.pk], spec.measure, dimensions)
        with transaction.atomic():
            for year in sorted(plan.open_years):
                written += _write(computation, spec, plan.periods[year], results.get(year, {}))
    return written


def _write(
    computation: IndicatorComputation,
    spec: Spec,
    period: ReportingPeriod,
    by_cell: dict[str, engine.CellResult],
) -> int:
    indicator = computation.indicator
    if spec.measure == "rate" and cells.TOTAL not in by_cell:
        Measurement.objects.filter(indicator=indicator, period=period).delete()
        return 0  # no denominator: the rate is not measured
    measurement, _created = Measurement.objects.update_or_create(
        indicator=indicator,
        period=period,
        defaults={
            "status": MeasurementStatus.APPROVED,
            "source": MeasurementSource.COMPUTED,
            "comment": "",
        },
    )
    measurement.values.all().delete()
    if cells.TOTAL not in by_cell:
        by_cell = {cells.TOTAL: engine.CellResult(Decimal(0))}  # a measured zero
    MeasurementValue.objects.bulk_create(
        MeasurementValue(
            measurement=measurement,
            cell_key=key,
            value=result.value,
            numerator=result.numerator,
            denominator=result.denominator,
        )
        for key, result in by_cell.items()
    )
    return 1


def refresh(plan: ComputedIndicators, identity_keys: Iterable[uuid.UUID]) -> int:
    """Recompute the facts of these identities and move the values they
    change (open years only). Returns the number of facts that changed."""
    keys = list(identity_keys)
    if not plan.computations or not keys:
        return 0
    scope: Lookups = {"identity_key__in": keys}
    people = engine.identities(_persons(scope))
    new = _new_facts(plan, people, EventStore(_their_events(scope)))
    stored = ComputedFact.objects.filter(
        computation__in=plan.computations, identity_key__in=keys, year__in=plan.open_years
    )
    old: dict[FactKey, Contribution] = {
        (computation_id, identity.hex, year): (sex, category, events, achieved)
        for computation_id, identity, year, sex, category, events, achieved in stored.values_list(
            "computation_id", "identity_key", "year", "sex", "category", "events", "achieved"
        )
    }
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    if not changed:
        return 0
    deltas: dict[tuple[uuid.UUID, int], dict[str, Counts]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0, 0])
    )
    for key in changed:
        computation_id, _identity, year = key
        for sign, contribution in ((-1, old.get(key)), (1, new.get(key))):
            if contribution is None:
                continue
            sex, category, events, achieved = contribution
            for cell in engine.cell_keys(sex, category, plan.dimensions[computation_id]):
                counts = deltas[(computation_id, year)][cell]
                counts[0] += sign
                counts[1] += sign * events
                counts[2] += sign * int(achieved)
    with transaction.atomic():
        # These identities' facts are replaced whole: the unchanged ones too,
        # which is simpler than deleting key by key and costs a few rows.
        stored.delete()
        _insert(new, people)
        by_pk = {c.pk: c for c in plan.computations}
        for (computation_id, year), cell_deltas in deltas.items():
            _move(plan, by_pk[computation_id], plan.periods[year], cell_deltas)
    return len(changed)


def _move(
    plan: ComputedIndicators,
    computation: IndicatorComputation,
    period: ReportingPeriod,
    deltas: dict[str, Counts],
) -> None:
    """Adjust the stored values of one indicator and year by `deltas`."""
    spec = plan.specs[computation.pk]
    measurement = Measurement.objects.filter(
        indicator=computation.indicator, period=period, source=MeasurementSource.COMPUTED
    ).first()
    if measurement is None:
        # First figure of the year for this indicator: add its facts up.
        results = engine.tally(
            _tallies([computation], {period.year})[computation.pk],
            spec.measure,
            plan.dimensions[computation.pk],
        )
        _write(computation, spec, period, results.get(period.year, {}))
        return
    values = {v.cell_key: v for v in measurement.values.all()}
    changed, created, emptied = [], [], []
    for cell, (persons, events, achieved) in deltas.items():
        value = values.get(cell)
        base = _counts(spec.measure, value)
        counts = [base[0] + persons, base[1] + events, base[2] + achieved]
        kept = counts[1] if spec.measure == "events" else counts[0]
        if kept <= 0 and (cell != cells.TOTAL or spec.measure == "rate"):
            if value is not None:
                emptied.append(value.pk)
            continue
        result = engine.cell_result(spec.measure, *counts)
        if value is None:
            value = MeasurementValue(measurement=measurement, cell_key=cell)
            created.append(value)
        else:
            changed.append(value)
        value.value, value.numerator, value.denominator = (
            result.value,
            result.numerator,
            result.denominator,
        )
    if (
        cells.TOTAL in deltas
        and spec.measure == "rate"
        and values.get(cells.TOTAL)
        and (values[cells.TOTAL].pk in emptied)
    ):
        measurement.delete()  # the denominator is gone: the rate is not measured
        return
    MeasurementValue.objects.filter(pk__in=emptied).delete()
    MeasurementValue.objects.bulk_update(changed, ["value", "numerator", "denominator"])
    MeasurementValue.objects.bulk_create(created)


def _counts(measure: str, value: MeasurementValue | None) -> Counts:
    """The counts a stored value stands for (what the deltas apply to)."""
    if value is None:
        return [0, 0, 0]
    if measure == "rate":
        return [int(value.denominator or 0), 0, int(value.numerator or 0)]
    count = int(value.value or 0)
    return [count, count, 0]


def _tallies(
    computations: Iterable[IndicatorComputation], years: Iterable[int]
) -> dict[uuid.UUID, list[engine.Tally]]:
    """The stored facts counted by computation × year × sex × category (one
    grouped query): what `engine.tally` adds up into cells."""
    groups: dict[uuid.UUID, list[engine.Tally]] = defaultdict(list)
    rows = (
        ComputedFact.objects.filter(computation__in=list(computations), year__in=list(years))
        .values_list("computation_id", "year", "sex", "category")
        .annotate(
            persons=Count("id"), events=Sum("events"), achieved=Count("id", filter=Q(achieved=True))
        )
        .order_by()
    )
    for computation_id, year, sex, category, persons, events, achieved in rows:
        groups[computation_id].append((year, sex, category, persons, events, achieved))
    return groups
