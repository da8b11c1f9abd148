"""An import does not lock other users out of an embedded database: its
checking pass runs outside any transaction, and its writes are chunks of at
most 500 rows, each in its own short transaction, never one transaction for
the whole file. (Other users' latency during a 100 k-row import on SQLite is
measured in bench/imports.py.)"""

import pytest
from django.db import connection

from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import Person
from suivi.beneficiaries.services import import_batches, persons
from suivi.interop.records.importer import import_records
from suivi.interop.tests.test_records import GOOD, PERSON_HEADERS, _csv

# Real transactions (not the test's wrapping one), so that "inside a
# transaction" means what it means in production.
pytestmark = pytest.mark.django_db(transaction=True)


def _rows(count):
    rows = []
    for number in range(count):
        row = list(GOOD)
        row[0], row[8], row[9], row[10] = f"EN-{number}", "", "", ""
        rows.append(row)
    return rows


def test_checking_writes_nothing_and_writing_goes_a_chunk_per_transaction(en, monkeypatch):
    seen = {"check": [], "write": [], "publish": []}
    real_check, real_write = persons.check_people, persons.register_people
    real_publish = import_batches.publish

    def check(**kwargs):
        seen["check"].append(connection.in_atomic_block)
        return real_check(**kwargs)

    def write(**kwargs):
        # Called outside any transaction: the service opens its own, for one chunk.
        seen["write"].append((connection.in_atomic_block, len(kwargs["batch"])))
        assert not Person.objects.exists()  # nothing shows before publication
        return real_write(**kwargs)

    def publish(**kwargs):
        seen["publish"].append(connection.in_atomic_block)
        return real_publish(**kwargs)

    monkeypatch.setattr(persons, "check_people", check)
    monkeypatch.setattr(persons, "register_people", write)
    monkeypatch.setattr(import_batches, "publish", publish)
    outcome = import_records(
        actor=SYSTEM,
        organisation=en,
        kind="persons",
        source=_csv(PERSON_HEADERS, _rows(1_200)),
        filename="p.csv",
    )
    assert outcome.created == 1_200 and Person.objects.count() == 1_200
    assert seen["check"] == [False, False, False]
    assert seen["write"] == [(False, 500), (False, 500), (False, 200)]
    assert seen["publish"] == [False]
    assert not _hidden_batches()


def _hidden_batches():
    """Every batch still hidden, however recent."""
    from datetime import timedelta

    from django.utils import timezone

    return import_batches.abandoned_batches(written_before=timezone.now() + timedelta(days=1))
