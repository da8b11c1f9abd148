"""Imports run by the task worker, with progress the page can follow
(`suivi.core.jobs`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from suivi.accounts.models import Organisation
from suivi.core import audit, jobs
from suivi.core.actors import Actor
from suivi.interop import policies
from suivi.interop.models import ImportJob
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


def _queue(actor: Actor, job: ImportJob, upload: UploadedFile) -> ImportJob:
    job.file.save(str(job.id), upload, save=False)
    job.full_clean()
    job.save()
    audit.record(actor=actor, action="interop.import.started", target=job, changed_fields=["file"])
    from suivi.interop.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(str(job.id)))
    return job
