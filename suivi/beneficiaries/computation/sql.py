# ruff: noqa: S608 — statements are assembled from model table and column names and
# compiler aliases; every value is a parameter.
"""A computed indicator's definition compiled to one set-based SQL statement.

`engine.person_facts` (Python, over the services held in memory) is the
reference; this module gives the same facts — identity key, year, number of
events, reached the numerator — computed by the database, on PostgreSQL and
SQLite alike, so that a rebuild or a preview never loads the services into
Python. The statement, for a spec:

1. ``matched``: each published service of the selections' types that passes
   its selection's filters (a union is an OR: a service counts once), with its
   identity key and its year (the event's date, or the school year read from
   the event, else from its related event; NULL when there is none);
2. ``kept``: those with a year; with ``first_only``, only each identity's
   first one (by date, then creation time);
3. ``facts``: grouped by identity and year (events, earliest date);
4. the numerator of a rate: a matching service related to one of the kept
   services (``via: related``), or one of the identity's on or after the
   earliest date of that year's services (``via: after``);
5. joined to the identity's earliest published registration (its person,
   sex and category): identities whose every record is still hidden in an
   unpublished import batch are left out, as the ORM's default managers do.

Values are parameters; the filters' conditions are in sql_filters.py. A
rebuild compiles the same statement against the services staged once for
every definition (`stage=`, sql_stage.py) instead of the services table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from suivi.beneficiaries.computation import engine
from suivi.beneficiaries.computation.engine import Fact
from suivi.beneficiaries.computation.spec import EventSelection, Spec
from suivi.beneficiaries.computation.sql_filters import (
    Aliases,
    Fragment,
    Names,
    conditions,
    event_source,
    event_year,
    placeholders,
    school_year_start,
    types_condition,
)
from suivi.beneficiaries.computation.store import hex_id

if TYPE_CHECKING:
    from suivi.beneficiaries.computation.sql_stage import Stage


@dataclass(frozen=True)
class FactRow:
    """A fact with the identity's cell: what a ComputedFact row stores."""

    identity: str
    year: int
    events: int
    achieved: bool
    person_id: str
    sex: str
    category: str

    @property
    def fact(self) -> Fact:
        return Fact(self.identity, self.year, self.events, self.achieved)


COLUMNS = ("ident", "fact_year", "events", "achieved", "person_id", "sex", "category")


class Precedences:
    """``preceded_by`` of a top-level selection: each identity's earliest
    matching date, grouped once per distinct selection (a CTE joined on the
    identity key), as `engine.Precedence` caches it. Nested ones (under
    ``related``) stay an ``EXISTS`` (sql_filters.earlier_match)."""

    def __init__(
        self, n: Names, aliases: Aliases, scope: Fragment, stage: Stage | None = None
    ) -> None:
        self.n, self.aliases, self.scope, self.stage = n, aliases, scope, stage
        self.ctes: dict[str, tuple[str, str, list[Any]]] = {}

    def join(self, raw: dict[str, Any], person: str = "p") -> str:
        key = repr(sorted(raw.items(), key=str))
        if key not in self.ctes:
            n, name = self.n, f"pre{len(self.ctes) + 1}"
            types, filters = raw.get("types") or [], raw.get("filters") or {}
            source, qp, where, params = selected(
                n, self.aliases, self.stage, "q", "qp", types, filters
            )
            scope_sql, scope_params = self.scope
            select = (
                f"SELECT {qp}.{n.p['identity_key']} AS ident,"
                f" MIN(q.{n.e['occurred_on']}) AS first_on"
                f" FROM {source} WHERE {scope_sql} AND {where}"
                f" GROUP BY {qp}.{n.p['identity_key']}"
            )
            self.ctes[key] = (name, select, scope_params + params)
        name = self.ctes[key][0]
        return (
            f" JOIN {name} ON {name}.ident = {person}.{self.n.p['identity_key']}"
            f" AND {name}.first_on <= e.{self.n.e['occurred_on']}"
        )

    def with_clause(self) -> Fragment:
        keyword = "MATERIALIZED " if connection.vendor == "postgresql" else ""
        parts = [f"{name} AS {keyword}({select})" for name, select, _ in self.ctes.values()]
        params = [value for _, _, values in self.ctes.values() for value in values]
        return "".join(f"{part}, " for part in parts), params


def selected(
    n: Names,
    aliases: Aliases,
    stage: Stage | None,
    e: str,
    p: str,
    types: Sequence[str],
    filters: dict[str, Any],
) -> tuple[str, str, str, list[Any]]:
    """(FROM fragment, alias of the person's columns, condition, parameters)
    of the published services of `types` passing `filters`, read as ``e``:
    from the services joined to their persons (``p``), or from the
    `Stage`'s table of that selection, where the filters on the service
    itself are already applied and the person's identity key is a column of
    ``e`` (the other filters, ``related`` and ``preceded_by``, look at other
    services and stay conditions)."""
    if stage is None:
        types_sql, types_params = types_condition(n, e, types)
        where, params = conditions(n, aliases, e, p, filters)
        return event_source(n, e, p), p, f"({types_sql} AND {where})", types_params + params
    table, where, params = stage.selection(n, aliases, e, types, filters)
    return f"{table} {e}", e, where, params


def _selection(
    n: Names,
    aliases: Aliases,
    precedences: Precedences,
    selection: EventSelection,
    stage: Stage | None,
) -> tuple[str, str, str, str, list[Any]]:
    """(source, person alias, joins, condition, parameters) of one top-level
    selection on ``e``."""
    filters = dict(selection.filters)
    preceded_by = filters.pop("preceded_by", None)
    source, p, where, params = selected(n, aliases, stage, "e", "p", selection.types, filters)
    joins = precedences.join(preceded_by, p) if preceded_by else ""
    return source, p, joins, where, params


def _year(n: Names, rule: str, stage: Stage | None = None) -> Fragment:
    if rule == "event":
        return event_year(n, "e")
    shift = " + 1" if rule == "school_year_end" else ""
    if stage is not None:
        staged, staged_params = stage.school_year("e")
        return f"({staged}{shift})", staged_params
    own, own_params = school_year_start(n, "e")
    related, related_params = school_year_start(n, "rel")
    return f"(COALESCE({own}, {related}){shift})", own_params + related_params


def _scope(n: Names, alias: str, identities: Sequence[Any] | None) -> Fragment:
    if identities is None:
        return "1 = 1", []
    if not identities:
        return "1 = 0", []
    keys = [hex_id(key) if connection.vendor == "sqlite" else key for key in identities]
    return f"{alias}.{n.p['identity_key']} IN ({placeholders(keys)})", keys


def _numerator(
    n: Names, aliases: Aliases, selection: EventSelection, stage: Stage | None
) -> Fragment:
    """The (identity, year) of the facts that reached the numerator, set-based:
    a join, not a subquery a fact (quadratic on a large denominator)."""
    source, np, where, params = selected(
        n, aliases, stage, "ne", "np", selection.types, selection.filters
    )
    if selection.via == "related":
        return (
            f"SELECT DISTINCT k.ident, k.fact_year FROM {source}"
            f" JOIN kept k ON k.id = ne.{n.e['related_event']} WHERE {where}",
            params,
        )
    return (
        f"SELECT DISTINCT f.ident, f.fact_year FROM {source}"
        f" JOIN facts f ON f.ident = {np}.{n.p['identity_key']}"
        f" WHERE ne.{n.e['occurred_on']} >= f.first_on AND {where}",
        params,
    )


def earliest_registrations(
    identities: Sequence[Any] | None = None, *, table: bool = False
) -> Fragment:
    """Each identity's earliest published registration: identity_key,
    person_id, sex, category (its cell). Identities whose every record is
    hidden in an unpublished import batch have none. `table`: the statement
    fills a table of its own (a rebuild's), not a subquery of another."""
    n = Names()
    scope, params = _scope(n, "pp", identities)
    order = f"pp.{n.p['registered_on']}, pp.{n.p['created_at']}, pp.{n.p['id']}"
    if table and connection.vendor == "postgresql":
        # The first row of each identity in that order: one sort, no window.
        return (
            f"SELECT DISTINCT ON (pp.{n.p['identity_key']}) pp.{n.p['identity_key']}"
            f" AS identity_key, pp.{n.p['id']} AS person_id, pp.{n.p['sex']} AS sex,"
            f" v.code AS category FROM {n.persons} pp JOIN {n.values} v"
            f" ON v.id = pp.{n.p['category']} WHERE pp.{n.p['import_batch']} IS NULL"
            f" AND {scope} ORDER BY pp.{n.p['identity_key']}, {order}",
            params,
        )
    return (
        f"SELECT identity_key, person_id, sex, category FROM (SELECT"
        f" pp.{n.p['identity_key']} AS identity_key, pp.{n.p['id']} AS person_id,"
        f" pp.{n.p['sex']} AS sex, v.code AS category, ROW_NUMBER() OVER (PARTITION BY"
        f" pp.{n.p['identity_key']} ORDER BY {order}) AS rank_no"
        f" FROM {n.persons} pp JOIN {n.values} v ON v.id = pp.{n.p['category']}"
        f" WHERE pp.{n.p['import_batch']} IS NULL AND {scope}) earliest"
        " WHERE rank_no = 1",
        params,
    )


def compile_facts(
    spec: Spec,
    identities: Sequence[Any] | None = None,
    people: str | None = None,
    *,
    stage: Stage | None = None,
    cells: bool = True,
) -> Fragment:
    """The SELECT of every fact of `spec` (columns `COLUMNS`), over every
    identity or those in `identities` (identity keys). `people` names a
    table holding `earliest_registrations` (computed once for a rebuild);
    `stage`, the services of a rebuild read once for every definition
    (`sql_stage.Stage`, built for this spec among others), which the
    statement reads instead of the services (every identity). Without
    `cells`, the facts come without their identity's cell (the first four
    columns only) and without being joined to the registrations: a rebuild
    joins the facts of every definition to them once, as it writes them
    (an identity without a published registration then has none)."""
    if stage is not None and identities is not None:
        raise ValueError("A stage holds every identity's services.")
    n, aliases = Names(), Aliases()
    params: list[Any] = []
    year_sql, year_params = _year(n, spec.year, stage)
    related_join = ""
    if spec.year != "event" and stage is None:
        related_join = (
            f" LEFT JOIN {n.events} rel ON rel.{n.e['id']} = e.{n.e['related_event']}"
            f" AND rel.{n.e['import_batch']} IS NULL"
        )
    scope_sql, scope_params = _scope(n, "p", identities)
    # A branch a selection (a union of selections is a UNION: a service
    # counts once), each a plain conjunction the planner turns into joins.
    branches: list[str] = []
    precedences = Precedences(n, aliases, _scope(n, "qp", identities), stage)
    for selection in spec.events:
        source, p, joins, where, where_params = _selection(
            n, aliases, precedences, selection, stage
        )
        branches.append(
            f"SELECT e.{n.e['id']} AS id, {p}.{n.p['identity_key']} AS ident,"
            f" e.{n.e['occurred_on']} AS occurred_on, e.{n.e['created_at']} AS created_at,"
            f" {year_sql} AS fact_year"
            f" FROM {source}{related_join}{joins}"
            f" WHERE {scope_sql} AND {where}"
        )
        params += year_params + scope_params + where_params
    # Selections of different types never hold the same service: nothing to
    # remove twice (UNION ALL spares a grouping of every matched service).
    kinds = [set(selection.types) for selection in spec.events]
    disjoint = sum(map(len, kinds)) == len(set().union(*kinds))
    matched = (" UNION ALL " if disjoint else " UNION ").join(branches)
    if spec.first_only and stage is not None and connection.vendor == "postgresql":
        # Each identity's first service: one sort, no window.
        kept = (
            "SELECT DISTINCT ON (ident) id, ident, occurred_on, fact_year FROM matched m"
            " WHERE fact_year IS NOT NULL ORDER BY ident, occurred_on, created_at, id"
        )
    elif spec.first_only:
        kept = (
            "SELECT id, ident, occurred_on, fact_year FROM (SELECT m.*, ROW_NUMBER() OVER"
            " (PARTITION BY ident ORDER BY occurred_on, created_at, id) AS rank_no"
            " FROM matched m WHERE fact_year IS NOT NULL) ranked WHERE rank_no = 1"
        )
    else:
        kept = "SELECT id, ident, occurred_on, fact_year FROM matched WHERE fact_year IS NOT NULL"
    facts = (
        "SELECT ident, fact_year, COUNT(*) AS events, MIN(occurred_on) AS first_on"
        " FROM kept GROUP BY ident, fact_year"
    )
    people_params: list[Any] = []
    if not cells:
        people_sql = ""
    elif people is None:
        people_sql, people_params = earliest_registrations(identities)
        people_sql = f"({people_sql})"
    else:
        people_sql = people
    # Without a numerator, no fact reaches one: the facts are then read once
    # (from a stage, a CTE read once is planned inside the statement).
    achieved, hits_cte, hits_join, hits_params = "0", "", "", list[Any]()
    if spec.numerator is not None:
        hits, hits_params = _numerator(n, aliases, spec.numerator, stage)
        hits_cte = f", hits AS ({hits})"
        achieved = "CASE WHEN h.ident IS NULL THEN 0 ELSE 1 END"
        hits_join = " LEFT JOIN hits h ON h.ident = f.ident AND h.fact_year = f.fact_year"
    params += hits_params + people_params  # in the order of the statement
    ctes, ctes_params = precedences.with_clause()
    params = ctes_params + params  # the CTEs come first in the statement
    cell, people_join = "", ""
    if cells:
        cell = ", pe.person_id AS person_id, pe.sex AS sex, pe.category AS category"
        people_join = f" JOIN {people_sql} pe ON pe.identity_key = f.ident"
    # Over the services (a preview, a few identities), the facts are computed
    # aside before meeting the registrations, whatever the planner's row
    # estimates (a registry just written is not analyzed yet).
    fence = "MATERIALIZED " if stage is None and connection.vendor == "postgresql" else ""
    sql = (
        f"WITH {ctes}matched AS ({matched}), kept AS ({kept}),"
        f" facts AS {fence}({facts}){hits_cte}"
        " SELECT f.ident AS ident, f.fact_year AS fact_year, f.events AS events,"
        f" {achieved} AS achieved{cell} FROM facts f{people_join}{hits_join}"
    )
    return sql, params


def fact_rows(spec: Spec, identities: Sequence[Any] | None = None) -> Iterator[FactRow]:
    """The facts of `spec`, computed by the database (streamed)."""
    sql, params = compile_facts(spec, identities)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            for identity, year, events, achieved, person, sex, category in rows:
                yield FactRow(
                    hex_id(identity) or "",
                    int(year),
                    int(events),
                    bool(achieved),
                    hex_id(person) or "",
                    sex,
                    category,
                )


def person_facts(spec: Spec, identities: Sequence[Any] | None = None) -> list[Fact]:
    """`engine.person_facts` computed by the database."""
    return [row.fact for row in fact_rows(spec, identities)]


def plain(cursor: Any) -> None:
    """No JIT compilation for the statement (PostgreSQL, in a transaction):
    at ten million services it spends seconds compiling expressions for a
    statement run once."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        cursor.execute("SET LOCAL jit = off")


def analyze_scratch(cursor: Any, table: str) -> None:
    """Give the planner the row counts of a temporary table just filled
    (PostgreSQL), from a small sample: a few thousand rows tell it the
    sizes it needs, and a default sample of each partition of a staged
    table costs a second at ten million services."""
    if connection.vendor != "postgresql":
        return
    cursor.execute("SET LOCAL default_statistics_target = 10")
    cursor.execute(f"ANALYZE {table}")
    cursor.execute("SET LOCAL default_statistics_target = DEFAULT")


def grouped(spec: Spec, years: Sequence[int] | None = None) -> list[engine.Tally]:
    """The facts counted by year × sex × category (what `engine.tally` adds up)."""
    sql, params = compile_facts(spec)
    where = ""
    if years is not None:
        if not years:
            return []
        where = f" WHERE fact_year IN ({placeholders(years)})"
        params = [*params, *years]
    # The inner statement is compiled from the spec; values are parameters.
    query = (
        "SELECT fact_year, sex, category, COUNT(*), SUM(events), SUM(achieved)"
        f" FROM ({sql}) facts{where} GROUP BY fact_year, sex, category"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        plain(cursor)
        cursor.execute(query, params)
        return [
            (int(year), sex, category, int(persons), int(events), int(achieved))
            for year, sex, category, persons, events, achieved in cursor.fetchall()
        ]
