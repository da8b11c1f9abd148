"""Imports run by the task worker, with progress the page can follow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from suivi.accounts.models import Organisation, User
from suivi.beneficiaries import policies as beneficiary_policies
from suivi.core import audit
from suivi.interop.models import ImportJob, ImportJobStatus
from suivi.programmes.models import Intervention
from suivi.programmes.policies import may_manage_results_framework


@transaction.atomic
def start_logframe_import(
    *,
    actor: User,
    intervention: Intervention,
    upload: UploadedFile,
    label: str = "",
    reason: str = "",
    decision_reference: str = "",
) -> ImportJob:
    """Keep the uploaded workbook and queue its import (runs once committed)."""
    if not may_manage_results_framework(actor):
        raise PermissionDenied
    job = ImportJob(
        intervention=intervention,
        original_name=(upload.name or "logframe.xlsx")[:255],
        options={"label": label, "reason": reason, "decision_reference": decision_reference},
        created_by=actor,
    )
    job.file.save(str(job.id), upload, save=False)
    job.full_clean()
    job.save()
    audit.record(actor=actor, action="interop.import.started", target=job, changed_fields=["file"])
    from suivi.interop.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(str(job.id)))
    return job


def report_progress(job: ImportJob, step: str, done: int, total: int) -> None:
    """Record progress, at most every 5 % so a large file does not flood the database."""
    if total and done not in (1, total) and (done * 20 // total) == ((done - 1) * 20 // total):
        return
    ImportJob.objects.filter(pk=job.pk).update(
        step=step, done=done, total=total, status=ImportJobStatus.RUNNING
    )


def finish(
    job: ImportJob, *, status: str, summary: str = "", issues: list[dict[str, object]] | None = None
) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, summary=summary, issues=issues or [], finished_at=timezone.now()
    )


@transaction.atomic
def start_records_import(
    *, actor: User, organisation: Organisation, kind: str, upload: UploadedFile
) -> ImportJob:
    """Keep a partner spreadsheet and queue its import (runs once committed)."""
    if kind not in ("persons", "events", "referrals") or not (
        beneficiary_policies.may_register_for(actor, organisation)
        if kind == "persons"
        else beneficiary_policies.may_record_for(actor, organisation)
    ):
        raise PermissionDenied
    job = ImportJob(
        kind=kind,
        organisation=organisation,
        original_name=(upload.name or "records.xlsx")[:255],
        created_by=actor,
    )
    job.file.save(str(job.id), upload, save=False)
    job.full_clean()
    job.save()
    audit.record(actor=actor, action="interop.import.started", target=job, changed_fields=["file"])
    from suivi.interop.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(str(job.id)))
    return job
