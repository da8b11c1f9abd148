"""Uploaded import files do not outlive their use: stored sealed and
owner-only, removed when the import succeeds, kept some days when it fails,
then purged (the service, the task queued after each import, the command)."""

from __future__ import annotations

import io
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.models import Person
from suivi.beneficiaries.tests.factories import categories
from suivi.core import sealed
from suivi.core.models import AuditEvent
from suivi.interop import services, tasks, uploads
from suivi.interop.models import ImportJob
from suivi.interop.records import template as t

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in t.PERSON_COLUMNS]
PHONE, DOCUMENT = "0661234567", "AB123456"
ROW = ["EN-1", "Awa", "Fictif", "femme", "1995", "SN", "refugee", "Rabat", PHONE]
ROW += ["residence_card", DOCUMENT, "2020-01-10", "2020-01-10"]
# The original name of an upload may name a person: it never reaches a log
# nor the purge's output.
NAME = "personnes Awa Fictif.csv"


@pytest.fixture
def partner():
    categories()
    return OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)


@pytest.fixture
def uploader(partner):
    return member(Role.PARTNER_FOCAL_POINT, partner)


def _upload(*, sex: str = "femme") -> SimpleUploadedFile:
    row = [sex if n == 3 else value for n, value in enumerate(ROW)]
    text = ";".join(HEADERS) + "\n" + ";".join(row) + "\n"
    return SimpleUploadedFile(NAME, text.encode("utf-8-sig"))


def _start(uploader, capture, *, run: bool = True, **upload_options: str) -> ImportJob:
    """An import started as the page does; its task runs once committed
    (the test task backend runs it at once) unless `run` is False."""
    with capture(execute=run):
        job = services.start_records_import(
            actor=uploader,
            organisation=uploader.primary_organisation,
            kind="persons",
            upload=_upload(**upload_options),
        )
    return ImportJob.objects.get(pk=job.pk)


def _page(client, user, job: ImportJob) -> str:
    client.force_login(user)
    client.cookies["suivi_language"] = "en"
    return client.get(reverse("interop:job", args=[job.pk])).content.decode()


def test_an_upload_is_stored_sealed_and_owner_only(uploader, django_capture_on_commit_callbacks):
    job = _start(uploader, django_capture_on_commit_callbacks, run=False)
    path = Path(job.file.path)
    stored = path.read_bytes()
    assert stored.startswith(sealed.MAGIC)
    for value in (PHONE, DOCUMENT, "Fictif", "Identifiant"):
        assert value.encode() not in stored, value
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with job.file.open("rb") as handle, sealed.unsealed(handle) as plain:
        assert PHONE.encode() in plain.read()


def test_a_successful_import_removes_its_file_and_keeps_its_record(
    client, uploader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = services.start_records_import(
            actor=uploader,
            organisation=uploader.primary_organisation,
            kind="persons",
            upload=_upload(),
        )
    path = Path(job.file.path)
    assert path.exists()
    for callback in callbacks:
        callback()  # the task reads the sealed file and imports it
    job.refresh_from_db()
    assert job.status == "succeeded" and Person.objects.count() == 1
    assert not job.file and job.file_removed_at is not None and not path.exists()
    assert job.summary and job.original_name == NAME
    event = AuditEvent.objects.get(action="interop.import.file_removed")
    assert event.object_id == str(job.pk) and event.detail["reason"] == "imported"
    assert event.detail["system"] == "task run_import_job"
    assert "The uploaded file is no longer kept" in _page(client, uploader, job)


def test_a_refused_file_is_kept_its_days_then_purged(
    client, uploader, django_capture_on_commit_callbacks
):
    job = _start(uploader, django_capture_on_commit_callbacks, sex="?")
    assert job.status == "failed" and job.errors and job.file
    path = Path(job.file.path)
    assert path.exists() and job.file_removed_at is None
    kept_until = job.finished_at + timedelta(days=7)
    assert job.file_kept_until == kept_until
    assert "The uploaded file is kept until" in _page(client, uploader, job)

    almost = kept_until - timedelta(seconds=1)
    assert services.purge_import_files(actor=SYSTEM, now=almost) == []
    assert path.exists()
    (removed,) = services.purge_import_files(actor=SYSTEM, now=kept_until)
    assert removed == services.RemovedFile(str(job.pk), "failed", job.finished_at)
    assert not path.exists()
    job.refresh_from_db()
    assert job.status == "failed" and job.errors and job.error_count == len(job.errors)
    assert not job.file and job.file_removed_at == kept_until
    page = _page(client, uploader, job)
    assert 'data-testid="import-issues"' in page and "The uploaded file is no longer kept" in page
    assert AuditEvent.objects.get(action="interop.import.file_removed").detail["reason"] == (
        "retention"
    )
    assert services.purge_import_files(actor=SYSTEM, now=kept_until) == []  # nothing left


@override_settings(SUIVI_FAILED_IMPORT_RETENTION_DAYS=2)
def test_the_retention_is_a_setting(uploader, django_capture_on_commit_callbacks):
    job = _start(uploader, django_capture_on_commit_callbacks, sex="?")
    assert job.file_kept_until == job.finished_at + timedelta(days=2)
    assert len(services.purge_import_files(actor=SYSTEM, now=job.file_kept_until)) == 1


def test_an_import_that_raises_keeps_its_file(
    uploader, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tasks, "import_records", broken)
    job = _start(uploader, django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.file and Path(job.file.path).exists()


def test_a_changed_stored_file_fails_the_import_and_is_not_read(
    uploader, django_capture_on_commit_callbacks
):
    job = _start(uploader, django_capture_on_commit_callbacks, run=False)
    path = Path(job.file.path)
    path.write_bytes(path.read_bytes()[:-1])
    tasks.run_import_job.enqueue(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and not Person.objects.exists()


def test_each_import_queues_one_purge_that_removes_what_is_due(
    uploader, django_capture_on_commit_callbacks, monkeypatch
):
    old = _start(uploader, django_capture_on_commit_callbacks, sex="?")
    ImportJob.objects.filter(pk=old.pk).update(finished_at=old.finished_at - timedelta(days=8))
    recent = _start(uploader, django_capture_on_commit_callbacks, sex="?")
    waiting = _start(uploader, django_capture_on_commit_callbacks, run=False)
    # The failed import above queued a purge (the test backend ran it): the
    # file of the import that failed 8 days ago is gone, the others stay.
    assert not ImportJob.objects.get(pk=old.pk).file
    assert ImportJob.objects.get(pk=recent.pk).file and ImportJob.objects.get(pk=waiting.pk).file

    queued = []
    monkeypatch.setattr(uploads.jobs, "enqueue_once", queued.append)
    tasks.run_import_job.enqueue(str(waiting.pk))
    assert queued == [uploads.purge_import_files]


def test_a_file_not_removed_at_once_is_removed_by_the_purge(
    uploader, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    storage = ImportJob._meta.get_field("file").storage

    def refused(name):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(storage, "delete", refused)
    job = _start(uploader, django_capture_on_commit_callbacks)
    assert job.status == "succeeded" and job.file and Path(job.file.path).exists()
    assert "could not be removed" in caplog.text and NAME not in caplog.text
    monkeypatch.undo()
    (removed,) = services.purge_import_files(actor=SYSTEM)
    assert removed.job_id == str(job.pk) and removed.status == "succeeded"
    assert not Path(job.file.path).exists()


def test_an_import_never_finished_loses_its_file_after_the_same_days(
    uploader, django_capture_on_commit_callbacks
):
    job = _start(uploader, django_capture_on_commit_callbacks, run=False)
    assert services.purge_import_files(actor=SYSTEM, now=job.created_at + timedelta(days=6)) == []
    (removed,) = services.purge_import_files(actor=SYSTEM, now=job.created_at + timedelta(days=7))
    assert removed.status == "pending" and removed.finished_at is None


def test_only_the_platform_removes_files(uploader, django_capture_on_commit_callbacks):
    job = _start(uploader, django_capture_on_commit_callbacks, sex="?")
    administrator = member(Role.SYSTEM_ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        services.purge_import_files(actor=administrator)
    with pytest.raises(PermissionDenied):
        services.remove_import_file(actor=uploader, job=job, reason="imported")
    assert Path(job.file.path).exists()


def test_the_command_names_the_jobs_it_removed_the_files_of(
    uploader, django_capture_on_commit_callbacks
):
    kept = _start(uploader, django_capture_on_commit_callbacks, sex="?")
    failed = _start(uploader, django_capture_on_commit_callbacks, sex="?")
    ImportJob.objects.filter(pk=failed.pk).update(
        finished_at=failed.finished_at - timedelta(days=8)
    )
    out = io.StringIO()
    call_command("purge_import_files", stdout=out)
    text = out.getvalue()
    assert str(failed.pk) in text and str(kept.pk) not in text
    assert "1 uploaded file removed." in text
    assert NAME not in text and "Fictif" not in text
    out = io.StringIO()
    call_command("purge_import_files", stdout=out)
    assert out.getvalue().strip() == "0 uploaded files removed."
    assert ImportJob.objects.get(pk=kept.pk).file


def test_nothing_else_reads_an_import_file_raw():
    """The stored file is sealed: only `uploads.opened` (unsealing) and the
    services (saving, removing) touch `ImportJob.file`."""
    root = Path(services.__file__).parent.parent
    allowed = {"interop/services.py", "interop/uploads.py", "interop/models/job.py"}
    readers = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        if "ImportJob" in text and ".file." in text:
            readers.append(relative)
    assert readers == []
