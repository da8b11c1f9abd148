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

Values are parameters; the filters' conditions are in sql_filters.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from suivi.beneficiaries.computation import engine
from suivi.beneficiaries.computation.engine import Fact
from suivi.beneficiaries.computation.spec import EventSelection, Spec
from suivi.beneficiaries.computation.sql_filters import (
    Aliases,
    Fragment,
    Names,
    column,
    conditions,
    event_source,
    event_year,
    key,
    placeholders,
    school_year_start,
    types_condition,
)
from suivi.beneficiaries.computation.store import hex_id
from suivi.beneficiaries.models import ComputedFact

# The ComputedFact columns written, in the order of the SELECT in `insert_facts`.
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


def _selection(n: Names, aliases: Aliases, selection: EventSelection) -> Fragment:
    types_sql, types_params = types_condition(n, "e", selection.types)
    where, params = conditions(n, aliases, "e", "p", selection.filters)
    return f"({types_sql} AND {where})", types_params + params


def _year(n: Names, rule: str) -> Fragment:
    if rule == "event":
        return event_year(n, "e")
    own, own_params = school_year_start(n, "e")
    related, related_params = school_year_start(n, "rel")
    shift = " + 1" if rule == "school_year_end" else ""
    return f"(COALESCE({own}, {related}){shift})", own_params + related_params


def _scope(n: Names, alias: str, identities: Sequence[Any] | None) -> Fragment:
    if identities is None:
        return "1 = 1", []
    if not identities:
        return "1 = 0", []
    keys = [hex_id(key) if connection.vendor == "sqlite" else key for key in identities]
    return f"{alias}.{n.p['identity_key']} IN ({placeholders(keys)})", keys


def _numerator(n: Names, aliases: Aliases, selection: EventSelection) -> Fragment:
    """Whether the fact ``f`` reached the numerator (a boolean expression)."""
    types_sql, types_params = types_condition(n, "ne", selection.types)
    where, params = conditions(n, aliases, "ne", "np", selection.filters)
    source = event_source(n, "ne", "np")
    if selection.via == "related":
        return (
            f"EXISTS (SELECT 1 FROM {source} JOIN kept k ON k.id = ne.{n.e['related_event']}"
            f" WHERE k.ident = f.ident AND k.fact_year = f.fact_year"
            f" AND {types_sql} AND {where})",
            types_params + params,
        )
    return (
        f"EXISTS (SELECT 1 FROM {source} WHERE np.{n.p['identity_key']} = f.ident"
        f" AND ne.{n.e['occurred_on']} >= f.first_on AND {types_sql} AND {where})",
        types_params + params,
    )


def compile_facts(spec: Spec, identities: Sequence[Any] | None = None) -> Fragment:
    """The SELECT of every fact of `spec` (columns `COLUMNS`), over every
    identity or those in `identities` (identity keys)."""
    n, aliases = Names(), Aliases()
    params: list[Any] = []
    year_sql, year_params = _year(n, spec.year)
    related_join = ""
    if spec.year != "event":
        related_join = (
            f" LEFT JOIN {n.events} rel ON rel.{n.e['id']} = e.{n.e['related_event']}"
            f" AND rel.{n.e['import_batch']} IS NULL"
        )
    selections = [_selection(n, aliases, s) for s in spec.events]
    scope_sql, scope_params = _scope(n, "p", identities)
    matched = (
        f"SELECT e.{n.e['id']} AS id, p.{n.p['identity_key']} AS ident,"
        f" e.{n.e['occurred_on']} AS occurred_on, e.{n.e['created_at']} AS created_at,"
        f" {year_sql} AS fact_year"
        f" FROM {event_source(n, 'e', 'p')}{related_join}"
        f" WHERE {scope_sql} AND ({' OR '.join(sql for sql, _ in selections)})"
    )
    params += year_params + scope_params + [value for _, ps in selections for value in ps]
    if spec.first_only:
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
    people_scope, people_params = _scope(n, "pp", identities)
    people = (
        f"SELECT identity_key, person_id, sex, category FROM (SELECT"
        f" pp.{n.p['identity_key']} AS identity_key, pp.{n.p['id']} AS person_id,"
        f" pp.{n.p['sex']} AS sex, v.code AS category, ROW_NUMBER() OVER (PARTITION BY"
        f" pp.{n.p['identity_key']} ORDER BY pp.{n.p['registered_on']},"
        f" pp.{n.p['created_at']}, pp.{n.p['id']}) AS rank_no"
        f" FROM {n.persons} pp JOIN {n.values} v ON v.id = pp.{n.p['category']}"
        f" WHERE pp.{n.p['import_batch']} IS NULL AND {people_scope}) earliest"
        " WHERE rank_no = 1"
    )
    params += people_params
    achieved, achieved_params = "1 = 0", list[Any]()
    if spec.numerator is not None:
        achieved, achieved_params = _numerator(n, aliases, spec.numerator)
    params += achieved_params
    sql = (
        f"WITH matched AS ({matched}), kept AS ({kept}), facts AS ({facts}),"
        f" people AS ({people})"
        " SELECT f.ident AS ident, f.fact_year AS fact_year, f.events AS events,"
        f" CASE WHEN {achieved} THEN 1 ELSE 0 END AS achieved,"
        " pe.person_id AS person_id, pe.sex AS sex, pe.category AS category"
        " FROM facts f JOIN people pe ON pe.identity_key = f.ident"
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
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [
            (int(year), sex, category, int(persons), int(events), int(achieved))
            for year, sex, category, persons, events, achieved in cursor.fetchall()
        ]


def insert_facts(spec: Spec, computation_id: Any, years: Sequence[int]) -> int:
    """Write the facts of `spec` in `years` as ComputedFact rows of the
    computation, in one INSERT … SELECT: nothing goes through Python.
    Returns the number of rows written."""
    if not years:
        return 0
    select, params = compile_facts(spec)
    table = connection.ops.quote_name(ComputedFact._meta.db_table)
    columns = ", ".join(column(ComputedFact, name) for name in FACT_COLUMNS)
    statement = (
        f"INSERT INTO {table} ({columns})"
        " SELECT %s, ident, person_id, fact_year, sex, category, events, achieved = 1"
        f" FROM ({select}) f WHERE fact_year IN ({placeholders(years)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [key(computation_id), *params, *years])
        return max(cursor.rowcount, 0)
