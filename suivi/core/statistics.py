"""The database planner's statistics after a bulk write.

PostgreSQL plans a statement from the row counts its last ANALYZE saw. A
table emptied and vacuumed keeps "0 rows over N pages" until autovacuum
analyses it again, which happens only after the writing transaction
commits: a statement run in that same transaction (a loader that writes
thousands of records and then computes from them) is planned for empty
tables, and a join planned as nested loops over "one row" took minutes on
the demo's few thousand records. ANALYZE inside the transaction sees its
own rows, so the loader refreshes the counts before it reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model


def refresh_statistics(models: Iterable[type[Model]]) -> None:
    """Refresh the planner's statistics of `models`' tables (PostgreSQL only;
    SQLite plans without them)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
