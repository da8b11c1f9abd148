# ruff: noqa: S608 — statements are assembled from model table and column names and
# compiler aliases; every value is a parameter.
"""The SQL engine's facts written as ComputedFact rows, without Python in between.

The new facts are computed into a temporary table (`sql.compile_facts`),
then only the stored facts that differ are deleted and only the missing ones
inserted: a rebuild after one definition changed leaves the other
indicators' facts as they are (compared, not rewritten). `replace_facts`
does it for one computation over the services; `rebuild_all`, for every
computation of a rebuild from one read of the services (`sql_stage`): the
definitions' facts go into the temporary table without their cells, joined
once to each identity's earliest registration as they are compared and
written (one join for every indicator, not one an indicator); a first
rebuild's millions of facts are written into the table without its indexes,
built again afterwards, the table emptied whole when it holds nothing else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from suivi.beneficiaries.computation.sql import (
    analyze_scratch,
    compile_facts,
    earliest_registrations,
    plain,
)
from suivi.beneficiaries.computation.sql_filters import column, key, placeholders
from suivi.beneficiaries.models import ComputedFact

# The ComputedFact columns written, in the order of the SELECT in `replace_facts`.
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
NEW = '"suivi_new_facts"'  # a temporary table, quoted as both backends do

logger = logging.getLogger(__name__)


@contextmanager
def registrations_table() -> Iterator[str]:
    """`earliest_registrations` written once into a temporary table, for a
    rebuild to join its new facts to (once, for every indicator) instead of
    ranking every person again. Yields the table's (quoted) name; dropped
    after."""
    name = connection.ops.quote_name("suivi_earliest_registrations")
    select, params = earliest_registrations(table=True)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} AS {select}", params)
        analyze_scratch(cursor, name)
    yield name
    with connection.cursor() as cursor:  # on an error, it goes with the session
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


def replace_facts(
    spec: Any,
    computation_id: Any,
    years: Sequence[int],
    open_years: Sequence[int],
    people: str | None = None,
) -> tuple[int, int]:
    """Make the computation's stored facts of `open_years` those of `spec`
    in `years` (a subset): delete the stored facts that differ or are no
    longer facts, insert the missing ones. `people`: a `registrations_table`.
    Returns (deleted, inserted)."""
    if not open_years:
        return 0, 0
    table = connection.ops.quote_name(ComputedFact._meta.db_table)
    c = {name: column(ComputedFact, name) for name in FACT_COLUMNS}
    select, params = compile_facts(spec, people=people)
    wanted = list(years) or [-1]
    with transaction.atomic(), connection.cursor() as cursor:
        plain(cursor)
        cursor.execute(f"DROP TABLE IF EXISTS {NEW}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {NEW} AS SELECT * FROM ({select}) f"
            f" WHERE fact_year IN ({placeholders(wanted)})",
            [*params, *wanted],
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {NEW}")
        same = (
            f"n.ident = f.{c['identity_key']} AND n.fact_year = f.{c['year']}"
            f" AND n.person_id = f.{c['person']} AND n.sex = f.{c['sex']}"
            f" AND n.category = f.{c['category']} AND n.events = f.{c['events']}"
            f" AND (n.achieved = 1) = f.{c['achieved']}"
        )
        cursor.execute(
            f"DELETE FROM {table} AS f WHERE f.{c['computation']} = %s"
            f" AND f.{c['year']} IN ({placeholders(open_years)})"
            f" AND NOT EXISTS (SELECT 1 FROM {NEW} n WHERE {same})",
            [key(computation_id), *open_years],
        )
        deleted = max(cursor.rowcount, 0)
        columns = ", ".join(c[name] for name in FACT_COLUMNS)
        cursor.execute(
            f"INSERT INTO {table} ({columns})"
            " SELECT %s, n.ident, n.person_id, n.fact_year, n.sex, n.category, n.events,"
            f" n.achieved = 1 FROM {NEW} n WHERE NOT EXISTS (SELECT 1 FROM {table} f"
            f" WHERE f.{c['computation']} = %s AND f.{c['identity_key']} = n.ident"
            f" AND f.{c['year']} = n.fact_year)",
            [key(computation_id), key(computation_id)],
        )
        inserted = max(cursor.rowcount, 0)
        cursor.execute(f"DROP TABLE {NEW}")
    return deleted, inserted


# A rebuild of every definition at once (`rebuild_all`).

WORK_MEM = "256MB"  # per sort or hash of the rebuild's statements (PostgreSQL)
MAINTENANCE_WORK_MEM = "512MB"  # per index built again after a bulk write
BULK_ROWS = 100_000  # from this many new facts, when almost all are missing: indexes rebuilt


def _settings(cursor: Any) -> None:
    """The rebuild's transaction: no JIT (statements run once), room to hash
    and sort in memory, and to build indexes again."""
    plain(cursor)
    if connection.vendor == "postgresql":
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")


def _new_table(cursor: Any) -> None:
    """The facts of every definition of a rebuild, without their cells."""
    cursor.execute(f"DROP TABLE IF EXISTS {NEW}")
    if connection.vendor == "postgresql":
        cursor.execute(
            f"CREATE TEMPORARY TABLE {NEW} (computation uuid, ident uuid, fact_year integer,"
            " events bigint, achieved integer)"
        )
    else:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {NEW} (computation, ident, fact_year, events, achieved)"
        )


def _with_cells(people: str) -> str:
    """The new facts, each with its identity's cell (an identity without a
    published registration has no fact): a subquery read as ``n``."""
    return (
        "(SELECT n.computation, n.ident, n.fact_year, n.events, n.achieved, pe.person_id,"
        f" pe.sex, pe.category FROM {NEW} n JOIN {people} pe ON pe.identity_key = n.ident)"
    )


def rebuild_all(
    items: Sequence[tuple[Any, Any, Sequence[int]]],
    open_years: Sequence[int],
    progress: Any = None,
) -> tuple[int, int]:
    """Make the stored facts of `open_years` those of each (spec, computation
    id, years it writes) of `items`, in one transaction: the services are
    read once for every definition (`sql_stage.Stage`), each definition's
    facts computed from that into one temporary table (without their cells),
    then, joined to the identities' earliest registrations, the stored facts
    that differ deleted and the missing ones inserted, all computations at
    once — when almost every fact is missing (a first rebuild), into the table
    with its indexes and constraints built again after the write rather than
    kept up to date row by row (PostgreSQL). `progress(done, total)` after
    each definition. Returns (deleted, inserted)."""
    from suivi.beneficiaries.computation.sql_stage import Stage

    if not open_years or not items:
        return 0, 0
    writing = [(spec, pk, sorted(years)) for spec, pk, years in items if years]
    started = time.perf_counter()

    def lap(step: str) -> None:
        # The step is the code's own words (counts, statements' heads), put
        # in the message: the logging filter masks every text argument.
        said = step.replace("%", "%%")
        logger.debug(f"rebuild: {said} at %.2f s", time.perf_counter() - started)

    with transaction.atomic(), connection.cursor() as cursor:
        _settings(cursor)
        stage = Stage(spec for spec, _pk, _years in writing)
        stage.build()
        lap("services staged")
        _new_table(cursor)
        new = 0
        for position, (spec, pk, years) in enumerate(writing, start=1):
            select, params = compile_facts(spec, stage=stage, cells=False)
            cursor.execute(
                f"INSERT INTO {NEW} SELECT %s, f.ident, f.fact_year, f.events, f.achieved"
                f" FROM ({select}) f WHERE f.fact_year IN ({placeholders(years)})",
                [key(pk), *params, *years],
            )
            new += max(cursor.rowcount, 0)
            lap(f"definition {position} evaluated")
            if progress:
                progress(position, len(writing))
        stage.drop()
        analyze_scratch(cursor, NEW)
        with registrations_table() as people:
            lap("registrations ranked")
            computations = [pk for _spec, pk, _years in items]
            result = _write(cursor, computations, open_years, lap, _with_cells(people), new)
        cursor.execute(f"DROP TABLE {NEW}")
    lap("facts written")
    return result


def _write(
    cursor: Any,
    computations: Sequence[Any],
    open_years: Sequence[int],
    lap: Any,
    new: str,
    count: int,
) -> tuple[int, int]:
    """Replace the stored facts of `computations` in `open_years` by the
    `count` new ones (`new`, a subquery of the temporary table's facts with
    their cells): only the differences are written."""
    table = connection.ops.quote_name(ComputedFact._meta.db_table)
    c = {name: column(ComputedFact, name) for name in FACT_COLUMNS}
    ids = [key(pk) for pk in computations]
    scope = (
        f"f.{c['computation']} IN ({placeholders(ids)})"
        f" AND f.{c['year']} IN ({placeholders(open_years)})"
    )
    same = (
        f"n.computation = f.{c['computation']} AND n.ident = f.{c['identity_key']}"
        f" AND n.fact_year = f.{c['year']} AND n.person_id = f.{c['person']}"
        f" AND n.sex = f.{c['sex']} AND n.category = f.{c['category']}"
        f" AND n.events = f.{c['events']} AND (n.achieved = 1) = f.{c['achieved']}"
    )
    # Almost all missing (a first rebuild): every stored fact of the scope goes
    # and every new one is written, into the table without its indexes.
    bulk = connection.vendor == "postgresql" and _mostly_missing(cursor, table, c, ids, count)
    if connection.vendor == "postgresql" and not bulk:
        return _write_changes(cursor, table, c, scope, [*ids, *open_years], lap, new)
    if bulk:
        # Foreign keys checked at commit (Django's) for rows written earlier
        # in the transaction are checked now: a table with checks pending
        # can be neither emptied nor altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    emptied = bulk and _only_scope(cursor, table, scope, [*ids, *open_years])
    if emptied:
        # Nothing else stored (a first rebuild of the only intervention):
        # emptied whole, which also leaves no dead row to read when the
        # indexes are built again.
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        deleted = int(cursor.fetchone()[0])
        cursor.execute(f"TRUNCATE {table}")
    else:
        differs = "" if bulk else f" AND NOT EXISTS (SELECT 1 FROM {new} n WHERE {same})"
        cursor.execute(f"DELETE FROM {table} AS f WHERE {scope}{differs}", [*ids, *open_years])
        deleted = max(cursor.rowcount, 0)
    lap(f"{deleted} facts deleted (bulk: {bulk}, table emptied: {emptied})")
    rebuild_indexes = _drop_indexes(cursor, table) if bulk else []
    missing = (
        ""
        if bulk
        else (
            f" WHERE NOT EXISTS (SELECT 1 FROM {table} f"
            f" WHERE f.{c['computation']} = n.computation AND f.{c['identity_key']} = n.ident"
            f" AND f.{c['year']} = n.fact_year)"
        )
    )
    inserted = _insert_facts(cursor, table, c, f"{new} n{missing}")
    lap(f"{inserted} facts inserted")
    for statement in rebuild_indexes:
        cursor.execute(statement)
        lap(statement[:60])
    if bulk:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's: checked at commit
        cursor.execute(f"ANALYZE {table}")
    return deleted, inserted


def _insert_facts(cursor: Any, table: str, c: dict[str, str], source: str) -> int:
    """Insert into the facts table the new facts `source` gives (rows `n` of
    a temporary table of new facts, with their condition); how many."""
    columns = ", ".join(c[name] for name in FACT_COLUMNS)
    cursor.execute(
        f"INSERT INTO {table} ({columns})"
        " SELECT n.computation, n.ident, n.person_id, n.fact_year, n.sex, n.category, n.events,"
        f" n.achieved = 1 FROM {source}",
    )
    return max(cursor.rowcount, 0)


CHANGES = '"suivi_fact_changes"'  # a temporary table


def _write_changes(
    cursor: Any, table: str, c: dict[str, str], scope: str, params: list[Any], lap: Any, new: str
) -> tuple[int, int]:
    """The differences found in one pass (a full join of the stored facts
    and the new ones on their key, PostgreSQL): the stored facts that are
    no longer facts or changed are deleted, the new or changed ones
    inserted."""
    pk = column(ComputedFact, "id")
    cell = (
        f"n.person_id = f.{c['person']} AND n.sex = f.{c['sex']}"
        f" AND n.category = f.{c['category']} AND n.events = f.{c['events']}"
        f" AND (n.achieved = 1) = f.{c['achieved']}"
    )
    cursor.execute(f"DROP TABLE IF EXISTS {CHANGES}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {CHANGES} AS SELECT f.{pk} AS old_id, n.*"
        f" FROM (SELECT * FROM {table} f WHERE {scope}) f FULL JOIN {new} n"
        f" ON n.computation = f.{c['computation']} AND n.ident = f.{c['identity_key']}"
        f" AND n.fact_year = f.{c['year']}"
        f" WHERE f.{pk} IS NULL OR n.ident IS NULL OR NOT ({cell})",
        params,
    )
    cursor.execute(
        f"DELETE FROM {table} WHERE {pk} IN (SELECT old_id FROM {CHANGES} WHERE old_id IS NOT NULL)"
    )
    deleted = max(cursor.rowcount, 0)
    lap(f"{deleted} facts deleted")
    inserted = _insert_facts(cursor, table, c, f"{CHANGES} n WHERE n.ident IS NOT NULL")
    lap(f"{inserted} facts inserted")
    cursor.execute(f"DROP TABLE {CHANGES}")
    return deleted, inserted


def _only_scope(cursor: Any, table: str, scope: str, params: list[Any]) -> bool:
    """No stored fact outside `scope` (other interventions', locked years')."""
    cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table} f WHERE NOT ({scope}))", params)
    return bool(cursor.fetchone()[0])


def _mostly_missing(cursor: Any, table: str, c: dict[str, str], ids: list[Any], new: int) -> bool:
    """At least `BULK_ROWS` new facts, and fewer than a tenth as many
    stored (counted up to that tenth only: a rebuild in place does not
    count millions of stored facts to decide)."""
    if new < BULK_ROWS:
        return False
    cursor.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} f"
        f" WHERE f.{c['computation']} IN ({placeholders(ids)}) LIMIT %s) stored",
        [*ids, new // 10],
    )
    return int(cursor.fetchone()[0]) < new // 10


def _drop_indexes(cursor: Any, table: str) -> list[str]:
    """Drop the table's indexes and its unique and foreign-key constraints
    (not its primary key); returns the statements that create them again,
    as the catalogue defines them (same names, same definitions)."""
    name = ComputedFact._meta.db_table
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
        [name],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema()"
        " AND i.tablename = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
        " WHERE k.conrelid = %s::regclass AND k.conname = i.indexname) ORDER BY i.indexname",
        [name, name],
    )
    indexes = cursor.fetchall()
    unique: list[str] = []
    foreign: list[str] = []
    for constraint, kind, definition in constraints:
        quoted = connection.ops.quote_name(constraint)
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quoted}")
        statement = f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}"
        (unique if kind == "u" else foreign).append(statement)
    for index, _definition in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(index)}")
    # Foreign keys last: adding one checks every row in one join.
    return unique + [definition for _index, definition in indexes] + foreign
