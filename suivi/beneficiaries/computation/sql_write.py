# ruff: noqa: S608 — statements are assembled from model table and column names and
# compiler aliases; every value is a parameter.
"""The SQL engine's facts written as ComputedFact rows, without Python in between.

A rebuild replaces one computation's facts at a time: the new facts are
computed into a temporary table (`sql.compile_facts`), then only the stored
facts that differ are deleted and only the missing ones inserted. Writing is
what costs most at ten million services (every row goes into five indexes),
and a rebuild after one definition changed leaves the other indicators'
facts as they are: they are compared, not rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from suivi.beneficiaries.computation.sql import compile_facts, earliest_registrations, plain
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


@contextmanager
def registrations_table() -> Iterator[str]:
    """`earliest_registrations` written once into a temporary table, for the
    statements of a rebuild (one an indicator) to join instead of ranking
    every person again. Yields the table's (quoted) name; dropped after."""
    name = connection.ops.quote_name("suivi_earliest_registrations")
    select, params = earliest_registrations()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} AS {select}", params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {name}")
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
