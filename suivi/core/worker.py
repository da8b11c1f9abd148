"""The task worker, made to survive a busy or lost database.

django-tasks-db's worker exits when the database refuses it a moment: on
SQLite, "database is locked" while claiming a task outside its retry, or
while recording a task's end; on PostgreSQL, a restarted server. An import
or a recomputation queued after that waits forever for someone to restart
the worker. `ResilientWorker` retries instead, with a growing pause (0.5 s,
doubling, at most 30 s), and never exits on a database error.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("suivi.worker")

FIRST_PAUSE = 0.5
LONGEST_PAUSE = 30.0
# Attempts at recording a task's end before giving up on that record (the
# task's own job, if any, already says how it ended).
RECORD_ATTEMPTS = 8

F = TypeVar("F", bound=Callable[..., Any])


def pauses() -> Any:
    """0.5, 1, 2, 4… seconds, at most 30."""
    pause = FIRST_PAUSE
    while True:
        yield pause
        pause = min(pause * 2, LONGEST_PAUSE)


def retrying(method: F, attempts: int = RECORD_ATTEMPTS) -> F:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for attempt, pause in zip(range(1, attempts + 1), pauses(), strict=False):
            try:
                return method(*args, **kwargs)
            except DatabaseError as error:
                if attempt == attempts:
                    raise
                logger.warning(
                    "Database busy (%s): retrying in %.1f s", type(error).__name__, pause
                )
                connections.close_all()
                time.sleep(pause)
        return None

    return wrapper  # type: ignore[return-value]


class ResilientWorker(Worker):
    def run(self) -> None:
        waits = pauses()
        while self.running:
            try:
                super().run()
                return
            except DatabaseError as error:
                if not self.running:
                    return
                pause = next(waits)
                logger.warning(
                    "The task queue cannot be read (%s): retrying in %.1f s",
                    type(error).__name__,
                    pause,
                )
                connections.close_all()
                time.sleep(pause)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # Recording the end of a task must not fail on a busy database.
        db_task_result.set_successful = retrying(db_task_result.set_successful)  # type: ignore[method-assign]
        db_task_result.set_failed = retrying(db_task_result.set_failed)  # type: ignore[method-assign]
        super().run_task(db_task_result)
