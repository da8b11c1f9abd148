"""Background tasks (django-tasks; worker: `manage.py run_worker`)."""

from __future__ import annotations

from typing import IO, Any

from django_tasks import task

from suivi.core import jobs
from suivi.interop import uploads
from suivi.interop.catalogue.importer import import_catalogue
from suivi.interop.finance.budget import import_budget
from suivi.interop.finance.expenses import import_expenses_file
from suivi.interop.logframe.importer import import_logframe
from suivi.interop.models import ImportJob
from suivi.interop.reading.issues import FileIssuesError
from suivi.interop.records.importer import import_records


@task()
def run_import_job(job_id: str) -> str:
    """Import the file of an ImportJob, recording progress and the outcome,
    in the uploader's language and on their behalf."""
    job = jobs.fetch(ImportJob, job_id, "intervention", "organisation")
    with jobs.running(job), uploads.opened(job) as handle:
        if job.kind == "logframe":
            _run_logframe(job, handle)
        elif job.kind == "catalogue":
            _run_catalogue(job, handle)
        elif job.kind in ("expenses", "budget"):
            _run_finance(job, handle)
        else:
            _run_records(job, handle)
    return job.status


def _fail(job: ImportJob, error: FileIssuesError) -> None:
    """Fail with the file's issues: the first ones listed, the others
    counted per sheet and column (a bounded record, whatever the file)."""
    jobs.fail(
        job,
        errors=[issue.as_dict() for issue in error.issues],
        error_count=len(error.issues),
        result={"unlisted": error.issues.beyond()},
    )


def _run_logframe(job: ImportJob, handle: IO[Any]) -> None:
    assert job.intervention is not None
    try:
        result = import_logframe(
            actor=job.actor,
            intervention=job.intervention,
            source=handle,
            progress=jobs.reporter(job),
            **job.options,
        )
    except FileIssuesError as error:
        _fail(job, error)
        return
    jobs.succeed(job, summary=result.summary())


def _run_catalogue(job: ImportJob, handle: IO[Any]) -> None:
    try:
        result = import_catalogue(
            actor=job.actor,
            intervention=job.intervention,
            source=handle,
            progress=jobs.reporter(job),
        )
    except FileIssuesError as error:
        _fail(job, error)
        return
    jobs.succeed(job, summary=result.summary())


def _run_records(job: ImportJob, handle: IO[Any]) -> None:
    assert job.organisation is not None
    try:
        outcome = import_records(
            actor=job.actor,
            organisation=job.organisation,
            kind=job.kind,
            source=handle,
            filename=job.original_name,
            progress=jobs.reporter(job),
            batch=job.id,
        )
    except FileIssuesError as error:
        _fail(job, error)
        return
    jobs.succeed(job, summary=outcome.summary())


def _run_finance(job: ImportJob, handle: IO[Any]) -> None:
    assert job.intervention is not None
    try:
        if job.kind == "expenses":
            outcome = import_expenses_file(
                actor=job.actor,
                intervention=job.intervention,
                source=handle,
                filename=job.original_name,
                progress=jobs.reporter(job),
            )
            summary = outcome.summary()
        else:
            version = import_budget(
                actor=job.actor,
                intervention=job.intervention,
                source=handle,
                filename=job.original_name,
                progress=jobs.reporter(job),
                label=job.options.get("label", "") or job.original_name,
                reason=job.options.get("reason", ""),
            )
            summary = str(version)
    except FileIssuesError as error:
        _fail(job, error)
        return
    jobs.succeed(job, summary=summary)
