# ruff: noqa: S608 — statements are assembled from model table and column names and
# compiler aliases; every value is a parameter.
"""The services read once for every definition of a rebuild (the "stage").

Evaluated one by one (`sql.compile_facts` over the services), the fourteen
Amuddu definitions each read the services table again: a type's services lie
on every page of it, so each statement costs a good part of a full pass. A
`Stage` reads the services once, joined to their persons, and writes each
service that matches at least one *selection* — event types with the filters
on the service itself (organisations, targeted centre, technical trade, sex,
details) — once into a temporary table, with the selections it matches as
the bits of a mask (`BITS` a column, as many columns as needed). A row holds
only what the statements still need: the service's type (numbered by the
stage), the mask, the service's key, its person's identity key, its date,
creation time, related service and, when a selection that needs one
matches, its school year. The definitions are then compiled against that
table (`compile_facts(..., stage=...)`), each selection reading the rows of
its types whose mask has its bit; ``related`` and ``preceded_by`` (which
look at other services) stay conditions on the services table, evaluated
as before.

On PostgreSQL the table is partitioned by type (a selection reads its
types' partitions only) and filled by one statement: each service's type is
tested first, then only that type's selections' filters. SQLite fills a
plain table with the same statement. One row per service, not one per
selection it matches, and no array unnested per service: at ten million
services, writing the rows and routing them was most of the pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction

from suivi.accounts.models import Organisation
from suivi.beneficiaries.computation.engine import Fact
from suivi.beneficiaries.computation.spec import Spec
from suivi.beneficiaries.computation.sql import analyze_scratch
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
TYPE = "t"  # the staged service's type, as the stage numbers them
BITS = 62  # selections marked in one mask column (a signed 64-bit integer)


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


def _mask(number: int) -> tuple[str, int]:
    """The mask column and bit of selection `number` (from 0)."""
    return f"m{number // BITS}", 1 << (number % BITS)


class Stage:
    """The staged services of a set of definitions. Build with `build()`
    (in a transaction, inside which the table lives), compile with
    ``compile_facts(spec, stage=stage)`` for any of the definitions it was
    made for, `drop()` after.

    One row per published service of the selections' types that matches at
    least one of them: its type (numbered by the stage), the selections it
    matches as bits of one or more mask columns (`BITS` a column), its key,
    its person's identity key, date, creation time, related service and,
    when a selection that needs it matches, its school year. On PostgreSQL
    the table is partitioned by type: a selection reads the services of its
    types only."""

    def __init__(self, specs: Iterable[Spec]) -> None:
        # selection key → (number, types, filters on the service)
        self.selections: dict[str, tuple[int, tuple[str, ...], dict[str, Any]]] = {}
        # The selections whose services need a school year (a fact's year).
        self.yearly: set[int] = set()
        self.types: dict[str, int] = {}  # type code → its number in the stage
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
        self.masks = [f"m{c}" for c in range(max(1, -(-len(self.selections) // BITS)))]
        self.n = Names()

    def _add(self, types: Sequence[str], filters: dict[str, Any]) -> int:
        key = _key(types, filters)
        if key not in self.selections:
            self.selections[key] = (len(self.selections), tuple(types), _own(filters))
            for code in types:
                self.types.setdefault(code, len(self.types) + 1)
        return self.selections[key][0]

    def table(self) -> str:
        return str(connection.ops.quote_name(PARENT))

    def selection(
        self, n: Names, aliases: Aliases, alias: str, types: Sequence[str], filters: dict[str, Any]
    ) -> tuple[str, str, list[Any]]:
        """(table, condition, parameters) of a selection this stage holds,
        read as `alias` (a service and its person's identity key): the
        services of its types (the partitions PostgreSQL reads) whose mask
        has its bit."""
        number = self.selections[_key(types, filters)][0]
        column, bit = _mask(number)
        numbers = sorted({self.types[code] for code in types})
        if not numbers:
            return self.table(), FALSE, []
        marked = f"{alias}.{TYPE} IN ({placeholders(numbers)}) AND ({alias}.{column} & %s) <> 0"
        marked_params: list[Any] = [*numbers, bit]
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
        return self.table(), f"{marked} AND {where}", marked_params + params

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

    # Writing the table.

    def _columns(self) -> list[str]:
        n = self.n
        return [
            TYPE,
            *self.masks,
            n.e["id"],
            n.p["identity_key"],
            n.e["occurred_on"],
            n.e["created_at"],
            n.e["related_event"],
            connection.ops.quote_name(SCHOOL_YEAR),
        ]

    def _filters(self, filters: dict[str, Any], ids: dict[str, dict[str, Any]]) -> Fragment:
        """The filters on service ``e`` (person ``p``) itself, not its type,
        as `sql_filters.conditions` decides them, with the organisations'
        codes read beforehand (`ids`) and, on PostgreSQL, the targeted
        centres as a set of (centre, day) hashed once: this runs for every
        service."""
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

    def _by_type(self, ids: dict[str, dict[str, Any]]) -> list[tuple[Any, int, list[int]]]:
        """(type id, its number, the selections of that type) of each type
        the catalogue knows."""
        found: list[tuple[Any, int, list[int]]] = []
        for code, type_number in self.types.items():
            if code not in ids["types"]:
                continue
            numbers = [number for number, types, _f in self.selections.values() if code in types]
            found.append((ids["types"][code], type_number, numbers))
        return found

    def _switch(self, ids: dict[str, dict[str, Any]]) -> tuple[list[str], list[Any]]:
        """The stage's type number, then each mask column, of service ``e``:
        by its type first, only the filters of that type's selections
        evaluated for it."""
        by_type = self._by_type(ids)
        filters = {number: own for number, _types, own in self.selections.values()}
        if not by_type:
            return ["CAST(NULL AS smallint)", *("CAST(0 AS bigint)" for _ in self.masks)], []
        event_type = f"e.{self.n.e['event_type']}"
        params: list[Any] = []
        whens = " ".join(f"WHEN %s THEN {type_number}" for _id, type_number, _n in by_type)
        params += [type_id for type_id, _number, _n in by_type]
        expressions = [f"CAST(CASE {event_type} {whens} END AS smallint)"]
        for column in self.masks:
            branches: list[str] = []
            for type_id, _type_number, numbers in by_type:
                bits: list[str] = []
                bits_params: list[Any] = []
                for number in numbers:
                    if _mask(number)[0] != column:
                        continue
                    condition, condition_params = self._filters(filters[number], ids)
                    bits.append(f"CASE WHEN {condition} THEN {_mask(number)[1]} ELSE 0 END")
                    bits_params += condition_params
                if bits:
                    branches.append(f"WHEN %s THEN {' | '.join(bits)}")
                    params += [type_id, *bits_params]
            if branches:
                expressions.append(
                    f"CAST(CASE {event_type} {' '.join(branches)} ELSE 0 END AS bigint)"
                )
            else:
                expressions.append("CAST(0 AS bigint)")
        return expressions, params

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

    def _select(self, ids: dict[str, dict[str, Any]]) -> Fragment:
        """The staged rows: every service ``e`` (person ``p``) of the
        selections' types, its marks computed once (a subquery the planner
        keeps: ``OFFSET 0``), kept when it matches a selection."""
        n = self.n
        source = (
            f"{n.events} e JOIN {n.persons} p ON p.{n.p['id']} = e.{n.e['person']}"
            f" AND e.{n.e['import_batch']} IS NULL"
        )
        marks, marks_params = self._switch(ids)
        types_sql, types_params = _among(f"e.{n.e['event_type']}", self.types, ids["types"])
        inner = ", ".join(
            [
                *(f"{sql} AS {name}" for sql, name in zip(marks, [TYPE, *self.masks], strict=True)),
                f"e.{n.e['id']}",
                f"p.{n.p['identity_key']}",
                f"e.{n.e['occurred_on']}",
                f"e.{n.e['created_at']}",
                f"e.{n.e['related_event']}",
                f"e.{n.e['attributes']}",
            ]
        )
        year, year_params = school_year_start(n, "s")
        yearly: list[str] = []
        yearly_params: list[Any] = []
        for column in self.masks:
            bits = sum(_mask(number)[1] for number in self.yearly if _mask(number)[0] == column)
            if bits:
                yearly.append(f"(s.{column} & %s) <> 0")
                yearly_params.append(bits)
        if yearly:
            year = f"CASE WHEN {' OR '.join(yearly)} THEN {year} END"
            year_params = yearly_params + year_params
        else:
            year, year_params = "NULL", []
        outer = ", ".join(
            [
                f"s.{TYPE}",
                *(f"s.{column}" for column in self.masks),
                f"s.{n.e['id']}",
                f"s.{n.p['identity_key']}",
                f"s.{n.e['occurred_on']}",
                f"s.{n.e['created_at']}",
                f"s.{n.e['related_event']}",
                f"{year} AS {connection.ops.quote_name(SCHOOL_YEAR)}",
            ]
        )
        matched = " OR ".join(f"s.{column} <> 0" for column in self.masks)
        fence = " OFFSET 0" if postgres() else ""
        return (
            f"SELECT {outer} FROM (SELECT {inner} FROM {source} WHERE {types_sql}{fence}) s"
            f" WHERE {matched}",
            year_params + marks_params + types_params,
        )

    def build(self) -> None:
        """Create and fill the table (temporary: the session's own)."""
        n = self.n
        ids = {
            "types": {code: key(pk) for code, pk in EventType.objects.values_list("code", "pk")},
            "organisations": {
                code: key(pk) for code, pk in Organisation.objects.values_list("code", "pk")
            },
        }
        select, params = self._select(ids)
        with connection.cursor() as cursor:
            self._drop(cursor)
            if not postgres():
                cursor.execute(f"CREATE TEMPORARY TABLE {self.table()} AS {select}", params)
                return
            masks = ", ".join(f"{column} bigint" for column in self.masks)
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.table()} ({TYPE} smallint, {masks},"
                f" {n.e['id']} uuid, {n.p['identity_key']} uuid, {n.e['occurred_on']} date,"
                f" {n.e['created_at']} timestamp with time zone, {n.e['related_event']} uuid,"
                f" {connection.ops.quote_name(SCHOOL_YEAR)} integer) PARTITION BY LIST ({TYPE})"
            )
            for number in sorted(self.types.values()):
                partition = connection.ops.quote_name(f"{PARENT}_{number}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {partition} PARTITION OF {self.table()}"
                    f" FOR VALUES IN ({number})"
                )
            columns = ", ".join(self._columns())
            # One pass: each service once, with the selections it matches.
            cursor.execute(f"INSERT INTO {self.table()} ({columns}) {select}", params)
            analyze_scratch(cursor, self.table())  # the planner's row counts

    def _drop(self, cursor: Any) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table()}")

    def drop(self) -> None:
        with connection.cursor() as cursor:
            self._drop(cursor)


def staged_facts(specs: Sequence[Spec]) -> list[list[Fact]]:
    """Each definition's facts computed from one stage of them all, as a
    rebuild computes them (the property test holds them to the Python
    engine's)."""
    from suivi.beneficiaries.computation.sql import compile_facts, earliest_registrations

    found: list[list[Fact]] = []
    people, people_params = earliest_registrations()
    with transaction.atomic(), connection.cursor() as cursor:
        stage = Stage(specs)
        stage.build()
        for spec in specs:
            # Without the cells, joined to the registrations after: as a rebuild writes them.
            select, params = compile_facts(spec, stage=stage, cells=False)
            cursor.execute(
                f"SELECT f.* FROM ({select}) f JOIN ({people}) pe ON pe.identity_key = f.ident",
                params + people_params,
            )
            found.append(
                [
                    Fact(hex_id(identity) or "", int(year), int(events), bool(achieved))
                    for identity, year, events, achieved, *_cell in cursor.fetchall()
                ]
            )
        stage.drop()
    return found
