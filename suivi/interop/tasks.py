"""Background tasks (django-tasks; worker: `manage.py db_worker`)."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django_tasks import task

from suivi.core.actors import system
from suivi.interop.logframe.importer import import_logframe
from suivi.interop.logframe.reader import LogframeFileError
from suivi.interop.models import ImportJob, ImportJobStatus
from suivi.interop.records.importer import RecordsFileError, import_records
from suivi.interop.services import finish, report_progress


@task()
def run_import_job(job_id: str) -> str:
    """Import the workbook of an ImportJob, recording progress and the outcome.
    Messages are written in the uploader's language."""
    job = ImportJob.objects.select_related("intervention", "organisation", "created_by").get(
        pk=job_id
    )
    language = job.created_by.preferred_language if job.created_by else "fr"
    with translation.override(language), job.file.open("rb") as handle:
        if job.kind != "logframe":
            return _run_records(job, handle)
        assert job.intervention is not None
        try:
            result = import_logframe(
                actor=job.created_by or system("task import"),
                intervention=job.intervention,
                source=handle,
                progress=lambda step, done, total: report_progress(job, step, done, total),
                **job.options,
            )
        except LogframeFileError as error:
            finish(job, status=ImportJobStatus.FAILED, issues=_issues(error))
            return ImportJobStatus.FAILED
        finish(job, status=ImportJobStatus.SUCCEEDED, summary=result.summary())
    return ImportJobStatus.SUCCEEDED


def _issues(error: LogframeFileError) -> list[dict[str, object]]:
    return [
        {"sheet": i.sheet, "row": i.row, "column": i.column, "message": i.message}
        for i in error.issues
    ]


def _run_records(job: ImportJob, handle: Any) -> str:
    assert job.organisation is not None
    try:
        outcome = import_records(
            actor=job.created_by or system("task import"),
            organisation=job.organisation,
            kind=job.kind,
            source=handle,
            filename=job.original_name,
            progress=lambda step, done, total: report_progress(job, step, done, total),
        )
    except RecordsFileError as error:
        finish(job, status=ImportJobStatus.FAILED, issues=_issues(error))
        return ImportJobStatus.FAILED
    finish(job, status=ImportJobStatus.SUCCEEDED, summary=outcome.summary())
    return ImportJobStatus.SUCCEEDED
