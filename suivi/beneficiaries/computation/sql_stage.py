# ruff: noqa: S608 — statements are assembled from model table and column names and
# compiler aliases; every value is a parameter.
"""The services read once for every definition of a rebuild (the "stage").

Evaluated one by one (`sql.compile_facts` over the services), the fourteen
Amuddu definitions each read the services table again: a type's services lie
on every page of it, so each statement costs a good part of a full pass. A
`Stage` reads the services once, joined to their persons, and writes each
service into a small temporary table per *selection* it matches — a
selection being event types with the filters on the service itself
(organisations, targeted centre, technical trade, sex, details). A row holds
only what the statements still need: the service's key, its person's
identity key, its date, creation time, related service and school year.
The definitions are then compiled against those tables
(`compile_facts(..., stage=...)`), each reading only the services of its own
selections; ``related`` and ``preceded_by`` (which look at other services)
stay conditions on the services table, evaluated as before.

On PostgreSQL the tables are the partitions of one partitioned table: one
statement routes every service to the selections it matches (an array of
their numbers, unnested). SQLite fills each table with a statement of its
own (the same conditions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction

from suivi.accounts.models import Organisation
from suivi.beneficiaries.computation.engine import Fact
from suivi.beneficiaries.computation.spec import Spec
from suivi.beneficiaries.computation.sql_filters import (
    FALSE,
    Aliases,
    Fragment,
    Names,
    conditions,
    event_source,
    key,
    placeholders,
    postgres,
    school_year_start,
)
from suivi.beneficiaries.computation.store import hex_id
from suivi.beneficiaries.models import EventType

# The filters decided on the service and its own person alone: applied while
# staging. The others (`related`, `preceded_by`) look at other services.
OWN_FILTERS = ("organisations", "centre_targeted", "trade_technical", "sex", "attributes")
PARENT = "suivi_stage"
SCHOOL_YEAR = "school_year"


def _among(column: str, codes: Iterable[str], ids: dict[str, Any]) -> Fragment:
    """`column` holds the id of one of `codes` (none known: false)."""
    known = [ids[code] for code in codes if code in ids]
    if not known:
        return FALSE, []
    return f"{column} IN ({placeholders(known)})", known


def _own(filters: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in filters.items() if name in OWN_FILTERS}


def _others(filters: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in filters.items() if name not in OWN_FILTERS}


def _key(types: Iterable[str], filters: dict[str, Any]) -> str:
    return repr((sorted(types), sorted(_own(filters).items(), key=str)))


class Stage:
    """The staged services of a set of definitions. Build with `build()`
    (in a transaction, inside which the tables live), compile with
    ``compile_facts(spec, stage=stage)`` for any of the definitions it was
    made for, `drop()` after."""

    def __init__(self, specs: Iterable[Spec]) -> None:
        # selection key → (number, types, filters on the service)
        self.selections: dict[str, tuple[int, tuple[str, ...], dict[str, Any]]] = {}
        # The selections whose services need a school year (a fact's year).
        self.yearly: set[int] = set()
        for spec in specs:
            for selection in spec.events:
                number = self._add(selection.types, selection.filters)
                if spec.year != "event":
                    self.yearly.add(number)
                preceded_by = selection.filters.get("preceded_by")
                if preceded_by:
                    self._add(preceded_by.get("types") or [], preceded_by.get("filters") or {})
            if spec.numerator is not None:
                self._add(spec.numerator.types, spec.numerator.filters)
        self.n = Names()

    def _add(self, types: Sequence[str], filters: dict[str, Any]) -> int:
        key = _key(types, filters)
        if key not in self.selections:
            self.selections[key] = (len(self.selections) + 1, tuple(types), _own(filters))
        return self.selections[key][0]

    def table(self, number: int) -> str:
        return str(connection.ops.quote_name(f"{PARENT}_{number}"))

    def selection(
        self, n: Names, aliases: Aliases, alias: str, types: Sequence[str], filters: dict[str, Any]
    ) -> tuple[str, str, list[Any]]:
        """(table, condition, parameters) of a selection this stage holds,
        read as `alias` (a service and its person's identity key)."""
        number = self.selections[_key(types, filters)][0]
        others = _others(filters)
        related = others.pop("related", None)
        where, params = conditions(n, aliases, alias, alias, others)
        if related:
            r, rp = aliases.new("r"), aliases.new("rp")
            inner, inner_params = conditions(n, aliases, r, rp, related)
            where = (
                f"{self._related(alias, r, f'1 FROM {event_source(n, r, rp)}', inner)} AND {where}"
            )
            params = inner_params + params
        return self.table(number), where, params

    def _related(self, alias: str, r: str, select: str, where: str) -> str:
        """A value read from the service related to `alias` (``r``) when
        there is one, NULL otherwise: a lookup by key for each staged row
        that has one (a scalar subquery, which the planner neither turns
        into a join over every service nor evaluates for rows without)."""
        n = self.n
        return (
            f"(CASE WHEN {alias}.{n.e['related_event']} IS NULL THEN NULL ELSE (SELECT {select}"
            f" WHERE {r}.{n.e['id']} = {alias}.{n.e['related_event']} AND {where}) END) IS NOT NULL"
        )

    def school_year(self, alias: str) -> Fragment:
        """The school year the fact of a staged service falls in: its own,
        else (for a service without one) its related service's."""
        n = self.n
        own = f"{alias}.{connection.ops.quote_name(SCHOOL_YEAR)}"
        related, params = school_year_start(n, "sy")
        lookup = (
            f"(SELECT {related} FROM {n.events} sy"
            f" WHERE sy.{n.e['id']} = {alias}.{n.e['related_event']}"
            f" AND sy.{n.e['import_batch']} IS NULL)"
        )
        return (
            f"(CASE WHEN {own} IS NOT NULL THEN {own} WHEN {alias}.{n.e['related_event']} IS NULL"
            f" THEN NULL ELSE {lookup} END)",
            params,
        )

    # Writing the tables.

    def _columns(self) -> list[str]:
        n = self.n
        return [
            "k",
            n.e["id"],
            n.p["identity_key"],
            n.e["occurred_on"],
            n.e["created_at"],
            n.e["related_event"],
            connection.ops.quote_name(SCHOOL_YEAR),
        ]

    def _condition(self, number: int, ids: dict[str, dict[str, Any]]) -> Fragment:
        """Selection `number` on service ``e`` (person ``p``), as
        `sql_filters.conditions` decides it, with the codes of types and
        organisations read beforehand (`ids`) and, on PostgreSQL, the
        targeted centres as a set of (centre, day) hashed once: this runs
        for every service."""
        _number, types, filters = next(v for v in self.selections.values() if v[0] == number)
        own, own_params = self._filters(filters, ids)
        types_sql, types_params = _among(f"e.{self.n.e['event_type']}", types, ids["types"])
        return f"({types_sql}) AND {own}", types_params + own_params

    def _filters(self, filters: dict[str, Any], ids: dict[str, dict[str, Any]]) -> Fragment:
        """The filters on the service itself (not its type)."""
        n = self.n
        rest = dict(filters)
        parts: list[Fragment] = []
        organisations = rest.pop("organisations", None)
        if organisations:
            parts.append(_among(f"e.{n.e['organisation']}", organisations, ids["organisations"]))
        if postgres() and rest.pop("centre_targeted", None):
            parts.append(self._targeted())
        parts.append(conditions(n, Aliases(), "e", "p", rest))
        return " AND ".join(f"({sql})" for sql, _ in parts), [v for _, p in parts for v in p]

    def _switch(self, ids: dict[str, dict[str, Any]]) -> Fragment:
        """The numbers of the selections service ``e`` matches, as an array
        (NULL for none), by its type first: only the filters of the
        selections of that type are evaluated for it."""
        by_type: dict[str, list[int]] = {}
        for number, types, _filters in self.selections.values():
            for code in dict.fromkeys(types):  # a type named twice stages a service once
                if code in ids["types"]:
                    by_type.setdefault(code, []).append(number)
        whens: list[str] = []
        params: list[Any] = []
        for code, numbers in by_type.items():
            marks: list[str] = []
            params.append(ids["types"][code])
            for number in numbers:
                _number, _types, filters = next(
                    v for v in self.selections.values() if v[0] == number
                )
                condition, condition_params = self._filters(filters, ids)
                marks.append(f"CASE WHEN {condition} THEN {number} END")
                params += condition_params
            whens.append(f"WHEN %s THEN ARRAY[{', '.join(marks)}]")
        if not whens:
            return "CAST(NULL AS smallint[])", []
        return f"CAST(CASE e.{self.n.e['event_type']} {' '.join(whens)} END AS smallint[])", params

    def _targeted(self) -> Fragment:
        """The service's centre targeted on its date: (centre, day) among
        every day of every targeting period (an open one up to the last
        service), a set PostgreSQL hashes once for the whole pass."""
        n, on = self.n, f"e.{self.n.e['occurred_on']}"
        last = f"(SELECT MAX(x.{n.e['occurred_on']}) FROM {n.events} x)"
        return (
            f"(e.{n.e['centre']}, {on}) IN (SELECT tp.centre_id, CAST(d AS date)"
            f" FROM {n.periods} tp CROSS JOIN LATERAL generate_series("
            f"CAST(tp.starts_on AS timestamp), CAST(COALESCE(tp.ends_on, {last}) AS timestamp),"
            " interval '1 day') d)",
            [],
        )

    def _select(self, number_sql: str) -> Fragment:
        """The columns of a staged row of service ``e`` (person ``p``)."""
        n = self.n
        year, year_params = school_year_start(n, "e")
        if self.yearly:
            yearly = ", ".join(str(number) for number in sorted(self.yearly))
            year = f"CASE WHEN {number_sql} IN ({yearly}) THEN {year} END"
        else:
            year, year_params = "NULL", []
        names = self._columns()
        values = [
            number_sql,
            f"e.{n.e['id']}",
            f"p.{n.p['identity_key']}",
            f"e.{n.e['occurred_on']}",
            f"e.{n.e['created_at']}",
            f"e.{n.e['related_event']}",
            year,
        ]
        return ", ".join(
            f"{v} AS {name}" for v, name in zip(values, names, strict=True)
        ), year_params

    def build(self) -> None:
        """Create and fill the tables (temporary: the session's own)."""
        n = self.n
        ids = {
            "types": {code: key(pk) for code, pk in EventType.objects.values_list("code", "pk")},
            "organisations": {
                code: key(pk) for code, pk in Organisation.objects.values_list("code", "pk")
            },
        }
        source = (
            f"{n.events} e JOIN {n.persons} p ON p.{n.p['id']} = e.{n.e['person']}"
            f" AND e.{n.e['import_batch']} IS NULL"
        )
        columns = ", ".join(self._columns())
        numbers = sorted(number for number, _types, _filters in self.selections.values())
        with connection.cursor() as cursor:
            self._drop(cursor)
            if postgres():
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {PARENT} (k smallint, {n.e['id']} uuid,"
                    f" {n.p['identity_key']} uuid, {n.e['occurred_on']} date,"
                    f" {n.e['created_at']} timestamp with time zone, {n.e['related_event']} uuid,"
                    f" {connection.ops.quote_name(SCHOOL_YEAR)} integer) PARTITION BY LIST (k)"
                )
                for number in numbers:
                    cursor.execute(
                        f"CREATE TEMPORARY TABLE {self.table(number)} PARTITION OF {PARENT}"
                        f" FOR VALUES IN ({number})"
                    )
                if numbers:
                    switch, params = self._switch(ids)
                    select, select_params = self._select("u.k")
                    types = [t for _k, kinds, _f in self.selections.values() for t in kinds]
                    types_sql, types_params = _among(f"e.{n.e['event_type']}", types, ids["types"])
                    # One pass: each service goes to every selection it matches.
                    cursor.execute(
                        f"INSERT INTO {PARENT} ({columns}) SELECT {select} FROM {source}"
                        f" CROSS JOIN LATERAL unnest(array_remove({switch}, NULL)) AS u(k)"
                        f" WHERE {types_sql}",
                        select_params + params + types_params,
                    )
                cursor.execute(f"ANALYZE {PARENT}")  # the planner's row counts
            else:
                for number in numbers:
                    condition, condition_params = self._condition(number, ids)
                    select, select_params = self._select(str(number))
                    cursor.execute(
                        f"CREATE TEMPORARY TABLE {self.table(number)} AS SELECT {select}"
                        f" FROM {source} WHERE {condition}",
                        select_params + condition_params,
                    )

    def _drop(self, cursor: Any) -> None:
        if postgres():
            cursor.execute(f"DROP TABLE IF EXISTS {PARENT}")
        for number, _types, _filters in self.selections.values():
            cursor.execute(f"DROP TABLE IF EXISTS {self.table(number)}")

    def drop(self) -> None:
        with connection.cursor() as cursor:
            self._drop(cursor)


def staged_facts(specs: Sequence[Spec]) -> list[list[Fact]]:
    """Each definition's facts computed from one stage of them all, as a
    rebuild computes them (the property test holds them to the Python
    engine's)."""
    from suivi.beneficiaries.computation.sql import compile_facts

    found: list[list[Fact]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        stage = Stage(specs)
        stage.build()
        for spec in specs:
            select, params = compile_facts(spec, stage=stage)
            cursor.execute(select, params)
            found.append(
                [
                    Fact(hex_id(identity) or "", int(year), int(events), bool(achieved))
                    for identity, year, events, achieved, *_cell in cursor.fetchall()
                ]
            )
        stage.drop()
    return found
