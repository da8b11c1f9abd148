"""Running a job (`suivi.core.models.Job`) and showing it.

The task worker runs the work inside `running(job)`, reports its steps with
`report_progress` (or the callable `reporter(job)` gives to code that takes a
`progress(step, done, total)` argument) and ends it with `succeed` or `fail`.
Every write is a one-row `UPDATE` of the fields it changes, never a `save()`
of the whole instance, so a page reading the job while the work runs never
sees a step go back. When the work holds a transaction open (an import is
all or nothing) the step must still reach the page: on PostgreSQL the update
is then made on a second connection, in autocommit, and is visible at once.
SQLite has one writer at a time, so there the steps of a single long
transaction show when it commits.

A page shows a job with `render_job`: one page (`core/job.html`) and one
fragment (`core/_job_progress.html`), which polls itself every second until
the job ends; each kind only adds a small template for its result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.paginator import Paginator
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import ROW_COUNT
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from suivi.core.actors import Actor
from suivi.core.http import AuthenticatedHttpRequest
from suivi.core.models.job import STEP_LENGTH, Job, JobStatus

if TYPE_CHECKING:
    from django_tasks.base import Task

J = TypeVar("J", bound=Job)

# At most this many errors are kept on a job (`error_count` says how many
# there were): a file with an error on each of its 100,000 rows must not
# become a 100,000-entry column.
MAX_ERRORS = 200
ERRORS_PER_PAGE = 50
# Progress is written when the step changes and then every 5 %.
PROGRESS_BUCKETS = 20
DEFAULT_RESULT_TEMPLATE = "core/_job_result.html"
# How long the second connection waits for the job's row before giving up
# (the current transaction may hold it): the step is then written in the
# transaction instead.
SIDE_LOCK_TIMEOUT = "2s"


def new(model: type[J], *, actor: Actor, **fields: Any) -> J:
    """An unsaved job of `model` started by `actor` (user or system actor)."""
    job = model(**fields)
    job.set_starter(actor)
    return job


def fetch(model: type[J], pk: object, *related: str) -> J:
    """A task reads its job (and who started it) by primary key."""
    return model._default_manager.select_related("created_by", *related).get(pk=pk)


@contextmanager
def running(job: Job) -> Iterator[Job]:
    """Run the work of `job` in its starter's language: marked running on
    entry; on an exception marked failed (the worker logs the exception);
    on a normal exit marked succeeded unless the work ended it itself."""
    with translation.override(job.language):
        _local.keep_side_connection = True
        try:
            start(job)
            yield job
        except BaseException:
            if not job.is_finished:
                fail(job)
            raise
        else:
            if not job.is_finished:
                succeed(job)
        finally:
            _local.keep_side_connection = False
            _close_side_connection()


def enqueue_once(task: Task[Any, Any]) -> None:
    """Queue `task` unless a run of it already waits in the task table (a
    burst of recorded services asks for one refresh, not one each)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=task.module_path
    ).exists()
    if not waiting:
        task.enqueue()


def start(job: Job) -> None:
    _write(job, status=JobStatus.RUNNING, started_at=job.started_at or timezone.now())


def report_progress(job: Job, step: str, done: int, total: int) -> None:
    """Record that `done` of `total` items of `step` are done. Written when
    the step or the total changes, at the first and the last item and every
    5 % in between, so a large file does not flood the database."""
    step = str(step)[:STEP_LENGTH]
    same = job.status == JobStatus.RUNNING and step == job.step and total == job.total
    if (
        same
        and total
        and done not in (1, total)
        and done * PROGRESS_BUCKETS // total == job.done * PROGRESS_BUCKETS // total
    ):
        return
    values: dict[str, Any] = {"status": JobStatus.RUNNING, "step": step, "done": done}
    values["total"] = total
    if job.started_at is None:
        values["started_at"] = timezone.now()
    _write(job, **values)


def reporter(job: Job) -> Callable[[str, int, int], None]:
    """`report_progress` for `job`, as the `progress` argument of the work."""
    return lambda step, done, total: report_progress(job, step, done, total)


def succeed(job: Job, *, summary: str = "", result: Mapping[str, Any] | None = None) -> None:
    values: dict[str, Any] = {"status": JobStatus.SUCCEEDED, "finished_at": timezone.now()}
    if summary:
        values["summary"] = str(summary)
    if result is not None:
        values["result"] = dict(result)
    _write(job, **values)


def fail(
    job: Job,
    *,
    errors: Iterable[Mapping[str, Any]] = (),
    summary: str = "",
    error_count: int | None = None,
    result: Mapping[str, Any] | None = None,
) -> None:
    """End `job` as failed, keeping the first `MAX_ERRORS` errors (each a
    dict the kind's result template knows how to show) and their number
    (`error_count` when the work counted more than it listed)."""
    listed = [dict(error) for error in errors]
    kept = listed[:MAX_ERRORS]
    values: dict[str, Any] = {
        "status": JobStatus.FAILED,
        "errors": kept,
        "error_count": max(error_count or 0, len(listed)),
        "summary": str(summary),
        "finished_at": timezone.now(),
    }
    if result is not None:
        values["result"] = dict(result)
    _write(job, **values)


def render_job(
    request: AuthenticatedHttpRequest,
    job: Job,
    *,
    title: str,
    back_url: str = "",
    back_label: str = "",
    result_template: str = DEFAULT_RESULT_TEMPLATE,
    **context: Any,
) -> HttpResponse:
    """The job's page, or only its progress fragment for the page's polling
    (an HTMX request). The fragment polls the page's own URL."""
    template = "core/_job_progress.html#job-progress" if request.htmx else "core/job.html"
    # At most MAX_ERRORS are kept; a page of them at a time.
    errors = Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            **context,
            "job": job,
            "errors_page": errors,
            "unlisted_errors": job.result.get("unlisted", []) if job.result else [],
            "title": title,
            "back_url": back_url,
            "back_label": back_label,
            "poll_url": request.path,
            "result_template": result_template,
        },
    )


# --- writing -------------------------------------------------------------------

_local = threading.local()


def _write(job: Job, **values: Any) -> None:
    """Update `values` on the job's row and on the instance."""
    for name, value in values.items():
        setattr(job, name, value)
    rows = type(job)._default_manager.filter(pk=job.pk)
    connection = connections[rows.db]
    if not connection.in_atomic_block:
        job._inside_transaction = False  # type: ignore[attr-defined]
    elif connection.vendor == "postgresql" and not getattr(job, "_inside_transaction", False):
        if _update_outside_the_transaction(rows, values):
            return
        # Nobody else sees the row yet, or this transaction locks it: keep
        # writing in the transaction until it ends.
        job._inside_transaction = True  # type: ignore[attr-defined]
    rows.update(**values)


def _update_outside_the_transaction(rows: QuerySet[Any], values: dict[str, Any]) -> bool:
    """Update on a second connection, committed at once. False when that
    connection cannot (the job's row was created in the current transaction,
    so nobody else sees it yet, or the current transaction holds its lock):
    the caller then updates it in the current transaction."""
    query = rows.query.chain(UpdateQuery)
    assert isinstance(query, UpdateQuery)
    query.add_update_values(values)
    try:
        side = _side_connection(rows.db)
        updated = query.get_compiler(connection=side).execute_sql(ROW_COUNT)
    except DatabaseError:
        updated = 0
    # Kept open while `running` a job (a few dozen writes), closed otherwise.
    if not updated or not getattr(_local, "keep_side_connection", False):
        _close_side_connection()
    return bool(updated)


def _side_connection(alias: str) -> BaseDatabaseWrapper:
    side: BaseDatabaseWrapper | None = getattr(_local, "side", None)
    if side is None or side.alias != alias:
        _close_side_connection()
        side = connections.create_connection(alias)
        side.ensure_connection()
        with side.cursor() as cursor:
            # Never wait behind a lock the current transaction holds itself.
            cursor.execute("SELECT set_config('lock_timeout', %s, false)", [SIDE_LOCK_TIMEOUT])
        _local.side = side
    return side


def _close_side_connection() -> None:
    side: BaseDatabaseWrapper | None = getattr(_local, "side", None)
    _local.side = None
    if side is not None:
        side.close()
