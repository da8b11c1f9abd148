"""The planner's statistics refreshed inside the writing transaction."""

import pytest
from django.db import connection

from suivi.accounts.tests.factories import SYSTEM
from suivi.core import audit
from suivi.core.models import AuditEvent
from suivi.core.statistics import refresh_statistics

pytestmark = pytest.mark.django_db


def _planned_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [AuditEvent._meta.db_table]
        )
        return float(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_rows_written_in_the_transaction_are_counted():
    for number in range(200):
        audit.record(actor=SYSTEM, action="core.test.written", detail={"n": number})
    refresh_statistics([AuditEvent])
    assert _planned_rows() >= 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_sqlite_is_left_alone(django_assert_num_queries):
    with django_assert_num_queries(0):
        refresh_statistics([AuditEvent])
