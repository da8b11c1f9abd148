"""The per-person facts behind computed indicators, and the values they add up to.

Three operations. The Python engine (`computation.engine`) is the reference
and refreshes a few identities (quicker for them than a statement per
indicator); the SQL engine, tested to give the same facts, rebuilds them all:

- `rebuild`: every identity's facts from the services, computed by the
  database (the SQL engine, `computation.sql`), indicator by indicator, e.g.
  after a definition changes;
- `refresh`: the facts of a few identities whose services changed, and the
  numbers they move adjusted (a new service touches a handful of cells: no
  re-count of the whole indicator);
- `write_values`: every indicator's values re-added from the stored facts in
  one grouped query.

Values are written only through the indicators app's service
(`suivi.indicators.services.computed`, this app being the registered source
"beneficiaries"): it keeps entered values and years before the indicator was
declared computed, audits each cell it changes and keeps the workflow
history. What is measured at all follows the indicators README: a year with
facts is measured; a count without facts is a measured 0 only in a year in
which partners recorded services, and a rate without a population is not
measured.

Locked periods are frozen: neither their facts nor their values change, so
the records listed behind a locked figure are the ones it counted.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Count, Exists, Field, Q, Sum

from suivi.beneficiaries.computation import engine, sql_write
from suivi.beneficiaries.computation.source import SOURCE, definition_version
from suivi.beneficiaries.computation.spec import Spec, parse
from suivi.beneficiaries.computation.store import EventStore
from suivi.beneficiaries.models import ComputedFact, IndicatorComputation, JourneyEvent
from suivi.core.actors import Actor
from suivi.indicators import cells
from suivi.indicators.models import (
    Indicator,
    IndicatorVersion,
    MeasurementSource,
    PeriodKind,
    ReportingPeriod,
)
from suivi.indicators.selectors.computed import stored_figures
from suivi.indicators.services import computed
from suivi.indicators.services.computed import ComputedFigure, WriteReport
from suivi.indicators.services.definitions import dimension_specs
from suivi.indicators.services.measurements import CellValue
from suivi.programmes.models import Intervention

Counts = list[int]  # [persons, events, persons in the numerator]
Contribution = tuple[str, str, int, bool]  # sex, category, events, achieved


@dataclass
class ComputedIndicators:
    """The computed indicators of an intervention, read once for an operation."""

    intervention: Intervention
    computations: list[IndicatorComputation]
    specs: dict[uuid.UUID, Spec] = field(default_factory=dict)
    dimensions: dict[uuid.UUID, list[cells.DimensionSpec]] = field(default_factory=dict)
    versions: dict[uuid.UUID, str] = field(default_factory=dict)  # definition versions
    # The indicator version whose rule is in force (named in the values' history).
    numbers: dict[uuid.UUID, int | None] = field(default_factory=dict)
    # The covered years and their periods (those created so far).
    years: list[int] = field(default_factory=list)
    periods: dict[int, ReportingPeriod] = field(default_factory=dict)
    _reported: set[int] | None = None

    @property
    def reported(self) -> set[int]:
        """The years in which partners recorded at least one service (read
        when first needed: a refresh moving existing values never is)."""
        if self._reported is None:
            self._reported = reported_years(self.intervention, self.years)
        return self._reported

    @property
    def open_years(self) -> set[int]:
        locked = {year for year, period in self.periods.items() if period.is_locked}
        return set(self.years) - locked

    def years_of(self, computation: IndicatorComputation) -> set[int]:
        """The open years this computation writes: from the year its
        indicator was declared computed by this app (none if it was not)."""
        indicator = computation.indicator
        if not indicator.is_declared_computed or indicator.computed_source != SOURCE.name:
            return set()
        first = indicator.computed_from_year or 0
        return {year for year in self.open_years if year >= first}


def covered_years(intervention: Intervention) -> list[int]:
    """The years from the first to the last recorded service, within the
    intervention's dates (a year in between may have no service at all)."""
    dates = JourneyEvent.objects.values_list("occurred_on", flat=True)
    first, last = dates.order_by("occurred_on").first(), dates.order_by("-occurred_on").first()
    if first is None or last is None:
        return []
    return [y for y in range(first.year, last.year + 1) if intervention.covers_year(y)]


def reported_years(intervention: Intervention, years: list[int]) -> set[int]:
    """The years, among `years`, in which partners recorded at least one
    service (one query: an indexed EXISTS per year)."""
    if not years:
        return set()
    probes = {
        f"y{year}": Exists(
            JourneyEvent.objects.filter(
                occurred_on__gte=date(year, 1, 1), occurred_on__lte=date(year, 12, 31)
            )
        )
        for year in years
    }
    flags = (
        Intervention.objects.filter(pk=intervention.pk).annotate(**probes).values(*probes).first()
    )
    return {int(name[1:]) for name, present in (flags or {}).items() if present}


def computed_indicators(
    intervention: Intervention, only: Indicator | None = None
) -> ComputedIndicators:
    """Read the intervention's computations, their cells, the covered years
    and their periods in a handful of queries whatever the number of
    indicators: a refresh after one new service reads this too, and it must
    stay quick. The years partners reported in are read when first needed;
    periods are created (by the indicators service) with a year's first value.
    With `only`, that indicator's computation alone."""
    found = IndicatorComputation.objects.filter(
        indicator__intervention=intervention, indicator__retired_in__isnull=True
    )
    if only is not None:
        found = found.filter(indicator=only)
    computations = list(found.select_related("indicator", "indicator__intervention", "version"))
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
        plan.versions[computation.pk] = definition_version(computation.spec)
        plan.numbers[computation.pk] = computation.version.number if computation.version else None
        plan.dimensions[computation.pk] = dimension_specs(
            list(versions[computation.indicator_id].dimensions.all())
        )
    plan.years = covered_years(intervention)
    plan.periods = {
        period.year: period
        for period in ReportingPeriod.objects.filter(
            intervention=intervention, kind=PeriodKind.YEAR, year__in=plan.years
        )
    }
    return plan


Lookups = dict[str, Any]  # conditions on a person's identity key


def _persons(lookups: Lookups) -> Q:
    return Q(**lookups)


def _their_events(lookups: Lookups) -> Q:
    """The same persons, seen from their journey events."""
    return Q(**{f"person__{name}": value for name, value in lookups.items()})


FactKey = tuple[uuid.UUID, str, int]  # computation, identity (hex), year


def _new_facts(
    plan: ComputedIndicators, people: dict[str, engine.Identity], store: EventStore
) -> dict[FactKey, Contribution]:
    """(computation, identity, year) → contribution, for the years each
    computation writes (open, from its declared year)."""
    facts: dict[FactKey, Contribution] = {}
    for computation in plan.computations:
        years = plan.years_of(computation)
        if not years:
            continue
        for fact in engine.person_facts(plan.specs[computation.pk], people, store):
            if fact.year in years:
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
    """Recompute every identity's facts from the services (open years only)
    with the SQL engine (`computation.sql`, written by `sql_write`: nothing
    loaded into Python), in one transaction: the services are read once for
    every indicator (`computation.sql_stage`), the progress is reported
    indicator by indicator as their facts are computed, and the values,
    written afterwards, move only once every indicator is done. Only the
    facts that changed are deleted and inserted. Returns the number of facts
    written."""
    items = [
        (plan.specs[computation.pk], computation.pk, sorted(plan.years_of(computation)))
        for computation in plan.computations
    ]
    _deleted, inserted = sql_write.rebuild_all(items, sorted(plan.open_years), progress)
    return inserted


def write_values(plan: ComputedIndicators, actor: Actor) -> WriteReport:
    """Every computed indicator's values for the open years, re-added from the
    stored facts (one grouped query) and written in one call to the
    indicators app's service. Returns its report (what was kept, and why)."""
    groups = _tallies(plan.computations, plan.open_years)
    figures: list[ComputedFigure] = []
    for computation in plan.computations:
        years = plan.years_of(computation)
        if not years:  # not declared computed (by this app): the service says so
            figures += [ComputedFigure(computation.indicator, y, None) for y in plan.open_years]
            continue
        spec = plan.specs[computation.pk]
        results = engine.tally(
            groups[computation.pk], spec.measure, plan.dimensions[computation.pk]
        )
        figures += [_figure(plan, computation, y, results.get(y, {})) for y in sorted(years)]
    return computed.write_computed(actor=actor, source=SOURCE.name, figures=figures)


def _figure(
    plan: ComputedIndicators,
    computation: IndicatorComputation,
    year: int,
    by_cell: dict[str, engine.CellResult],
) -> ComputedFigure:
    """The figure of one indicator and year from its facts' results: measured
    when it has facts; without, a count is a measured 0 in a year partners
    reported in, and a rate (no population) is not measured."""
    figure_cells: dict[str, CellValue] | None = {
        key: CellValue(key, result.value, result.numerator, result.denominator)
        for key, result in by_cell.items()
    }
    if cells.TOTAL not in by_cell:
        measured_zero = plan.specs[computation.pk].measure != "rate" and year in plan.reported
        figure_cells = {cells.TOTAL: CellValue(cells.TOTAL, Decimal(0))} if measured_zero else None
    return ComputedFigure(
        computation.indicator,
        year,
        figure_cells,
        plan.versions[computation.pk],
        plan.numbers.get(computation.pk),
    )


def refresh(plan: ComputedIndicators, identity_keys: Iterable[uuid.UUID], *, actor: Actor) -> int:
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
        if changed:
            # These identities' facts are replaced whole: the unchanged ones
            # too, which is simpler than deleting key by key and costs a few rows.
            stored.delete()
            _insert(new, people)
        # Even when no fact moved, a service may open a year partners had not
        # reported in yet: its counts become measured zeros.
        _move(plan, deltas, actor)
    return len(changed)


def _move(
    plan: ComputedIndicators,
    deltas: dict[tuple[uuid.UUID, int], dict[str, Counts]],
    actor: Actor,
) -> None:
    """Adjust the values the deltas touch (computation, year → cell → counts)
    and write them in one call: an existing computed value moves by its
    deltas; a first figure (or a count's 0 in a year partners just started
    reporting in) is added up from the facts; an entered value is left as it
    is (never overwritten: the recompute reports it)."""
    by_pk = {c.pk: c for c in plan.computations}
    writing = [c for c in plan.computations if plan.years_of(c)]
    touched = {(by_pk[cid].indicator_id, year) for cid, year in deltas}
    stored = stored_figures([c.indicator for c in writing], plan.open_years, cells_of=touched)
    figures: list[ComputedFigure] = []
    first: set[tuple[uuid.UUID, int]] = set()
    for (computation_id, year), cell_deltas in deltas.items():
        computation = by_pk[computation_id]
        if year not in plan.years_of(computation):
            continue
        found = stored.get((computation.indicator_id, year))
        if found is None:
            first.add((computation_id, year))
        elif found[0] == MeasurementSource.COMPUTED:
            figures.append(_moved(plan, computation, year, found[1], cell_deltas))
    lacking = {
        (computation.pk, year)
        for computation in writing
        if plan.specs[computation.pk].measure != "rate"
        for year in plan.years_of(computation)
        if (computation.indicator_id, year) not in stored
    }
    first |= {(pk, year) for pk, year in lacking if year in plan.reported} if lacking else set()
    if first:
        groups = _tallies([by_pk[cid] for cid, _year in first], {year for _cid, year in first})
        for computation_id, year in sorted(first, key=str):
            computation = by_pk[computation_id]
            results = engine.tally(
                [group for group in groups[computation_id] if group[0] == year],
                plan.specs[computation_id].measure,
                plan.dimensions[computation_id],
            )
            figures.append(_figure(plan, computation, year, results.get(year, {})))
    if figures:
        computed.write_computed(actor=actor, source=SOURCE.name, figures=figures)


def _moved(
    plan: ComputedIndicators,
    computation: IndicatorComputation,
    year: int,
    current: dict[str, CellValue],
    deltas: dict[str, Counts],
) -> ComputedFigure:
    """A stored computed value moved by `deltas`: the same figure a
    re-count of the facts would give."""
    measure = plan.specs[computation.pk].measure
    counts = {key: _counts(measure, value) for key, value in current.items()}
    for key, (persons, events, achieved) in deltas.items():
        base = counts.get(key, [0, 0, 0])
        counts[key] = [base[0] + persons, base[1] + events, base[2] + achieved]
    by_cell: dict[str, engine.CellResult] = {}
    for key, (persons, events, achieved) in counts.items():
        kept = events if measure == "events" else persons
        if kept > 0:
            by_cell[key] = engine.cell_result(measure, persons, events, achieved)
    return _figure(plan, computation, year, by_cell)


def _counts(measure: str, value: CellValue) -> Counts:
    """The counts a stored value stands for (what the deltas apply to)."""
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
