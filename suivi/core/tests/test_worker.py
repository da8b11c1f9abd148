"""The task worker survives a busy database and records how its tasks ended."""

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from suivi.core import worker

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RAN: list[int] = []


@task()
def note_it(value: int) -> int:
    RAN.append(value)
    return value


class Locked:
    """Refuses the first `times` uses as SQLite does when another process
    writes, then behaves as `real`."""

    def __init__(self, real, times):
        self.real, self.times = real, times

    def __call__(self, *args, **kwargs):
        if self.times:
            self.times -= 1
            raise OperationalError("database is locked")
        return self.real(*args, **kwargs)


@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_waits_for_a_locked_database_instead_of_exiting(monkeypatch):
    from django_tasks_db.management.commands import db_worker

    RAN.clear()
    pauses: list[float] = []
    monkeypatch.setattr(worker.time, "sleep", pauses.append)
    monkeypatch.setattr(
        db_worker, "exclusive_transaction", Locked(db_worker.exclusive_transaction, 3)
    )
    locked_twice = Locked(DBTaskResult.set_successful, 2)
    monkeypatch.setattr(
        DBTaskResult, "set_successful", lambda result, value: locked_twice(result, value)
    )
    note_it.enqueue(7)
    call_command("run_worker", batch=True, startup_delay=False, verbosity=0)
    assert RAN == [7]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # Growing pauses: three for the queue, two for recording the end.
    assert pauses == [0.5, 1.0, 2.0, 0.5, 1.0]


def test_pauses_grow_to_at_most_thirty_seconds():
    waits = worker.pauses()
    assert [next(waits) for _ in range(9)] == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]
