"""Imports run by the task worker, with progress the page can follow
(`suivi.core.jobs`), and the uploaded files they keep only while needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from suivi.accounts.models import Organisation
from suivi.beneficiaries.services import import_batches
from suivi.core import audit, jobs
from suivi.core.actors import Actor
from suivi.core.models import JobStatus
from suivi.core.sealed import SealedContent
from suivi.interop import policies
from suivi.interop.models import ImportJob
from suivi.interop.reading.limits import Limits
from suivi.programmes.models import Intervention


@transaction.atomic
def start_logframe_import(
    *,
    actor: Actor,
    intervention: Intervention,
    upload: UploadedFile,
    label: str = "",
    reason: str = "",
    decision_reference: str = "",
) -> ImportJob:
    """Keep the uploaded workbook and queue its import (runs once committed)."""
    if not policies.may_import_logframe(actor):
        raise PermissionDenied
    job = jobs.new(
        ImportJob,
        actor=actor,
        intervention=intervention,
        original_name=(upload.name or "logframe.xlsx")[:255],
        options={"label": label, "reason": reason, "decision_reference": decision_reference},
    )
    return _queue(actor, job, upload)


@transaction.atomic
def start_catalogue_import(
    *, actor: Actor, intervention: Intervention, upload: UploadedFile
) -> ImportJob:
    """Keep an uploaded catalogue workbook and queue its import; the links
    to outputs and activities are read in `intervention`'s framework."""
    if not policies.may_import_catalogue(actor):
        raise PermissionDenied
    job = jobs.new(
        ImportJob,
        actor=actor,
        kind="catalogue",
        intervention=intervention,
        original_name=(upload.name or "catalogue.xlsx")[:255],
    )
    return _queue(actor, job, upload)


@transaction.atomic
def start_records_import(
    *, actor: Actor, organisation: Organisation, kind: str, upload: UploadedFile
) -> ImportJob:
    """Keep a partner spreadsheet and queue its import (runs once committed)."""
    if not policies.may_import_records(actor, organisation, kind):
        raise PermissionDenied
    job = jobs.new(
        ImportJob,
        actor=actor,
        kind=kind,
        organisation=organisation,
        original_name=(upload.name or "records.xlsx")[:255],
    )
    return _queue(actor, job, upload)


@transaction.atomic
def start_finance_import(
    *,
    actor: Actor,
    intervention: Intervention,
    kind: str,
    upload: UploadedFile,
    options: dict[str, str] | None = None,
) -> ImportJob:
    """Keep a budget workbook or an accounting extract and queue its import."""
    if kind not in policies.FINANCE_KINDS or not policies.may_import_finance(actor):
        raise PermissionDenied
    job = jobs.new(
        ImportJob,
        actor=actor,
        kind=kind,
        intervention=intervention,
        original_name=(upload.name or f"{kind}.xlsx")[:255],
        options=options or {},
    )
    return _queue(actor, job, upload)


def _queue(actor: Actor, job: ImportJob, upload: UploadedFile) -> ImportJob:
    """Keep the upload sealed with the field key (it holds phones and
    document numbers) and queue the job. A job that cannot be saved leaves
    no file behind."""
    job.file.save(str(job.id), SealedContent(upload), save=False)
    try:
        job.full_clean()
        job.save()
    except BaseException:
        job.file.storage.delete(job.file.name or "")
        raise
    audit.record(actor=actor, action="interop.import.started", target=job, changed_fields=["file"])
    from suivi.interop.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(str(job.id)))
    return job


# --- the uploaded files --------------------------------------------------------


@dataclass(frozen=True)
class RemovedFile:
    """What the purge says about a file it removed: the job, never the
    file's original name (it may name a person)."""

    job_id: str
    status: str
    finished_at: datetime | None


def remove_import_file(
    *, actor: Actor, job: ImportJob, reason: str, now: datetime | None = None
) -> bool:
    """Remove the uploaded file of `job` from the private storage; the job
    keeps its record (status, issues, summary) with `file_removed_at`. The
    file goes first: a failure leaves the row saying the file is there, and
    the next purge tries again. False when there was no file left."""
    if not policies.may_remove_import_files(actor):
        raise PermissionDenied
    name = job.file.name
    if not name:
        return False
    job.file.storage.delete(name)
    now = now or timezone.now()
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(file="", file_removed_at=now)
        job.file.name, job.file_removed_at = "", now
        audit.record(
            actor=actor,
            action="interop.import.file_removed",
            target=job,
            changed_fields=["file", "file_removed_at"],
            detail={"reason": reason},
        )
    return True


def purge_import_files(*, actor: Actor, now: datetime | None = None) -> list[RemovedFile]:
    """Remove the uploaded files no job needs any more, as of `now`: those
    of imports that succeeded (normally removed when the job ended), of
    imports that failed more than SUIVI_FAILED_IMPORT_RETENTION_DAYS ago,
    and of imports never finished that long after they were uploaded (the
    worker stopped). Run by `manage.py purge_import_files` and by a task
    queued after each import; each file is removed in its own step, so one
    that cannot be removed does not undo the others. Also discards the
    records of imports that died half-way (`import_batches.discard_abandoned`)."""
    if not policies.may_remove_import_files(actor):
        raise PermissionDenied
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SUIVI_FAILED_IMPORT_RETENTION_DAYS)
    due = (
        ImportJob.objects.exclude(file="")
        .filter(
            Q(status=JobStatus.SUCCEEDED)
            | Q(finished_at__lte=cutoff)
            | Q(finished_at__isnull=True, created_at__lte=cutoff)
        )
        .order_by("created_at")
    )
    removed = []
    for job in due:
        reason = "imported" if job.status == JobStatus.SUCCEEDED else "retention"
        if remove_import_file(actor=actor, job=job, reason=reason, now=now):
            removed.append(RemovedFile(str(job.pk), job.status, job.finished_at))
    # An import cannot run longer than its reading limit: records still hidden
    # well after that belong to one whose worker died before it could publish
    # or discard them.
    stale = now - timedelta(seconds=2 * Limits.from_settings().max_seconds)
    import_batches.discard_abandoned(actor=actor, written_before=stale)
    return removed
