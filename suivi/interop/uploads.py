"""The uploaded file of an import, from the task worker's side.

The file is kept sealed (`suivi.core.sealed`); the import task reads it
through `opened(job)`, which unseals it to an owner-only temporary file for
the time of the work, removes the stored file as soon as the import
succeeded, and queues `purge_import_files` once, so that a deployment
without a timer (cron, systemd) still removes the files of failed imports
when their days are over.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.utils import timezone
from django_tasks import task

from suivi.core import jobs, sealed
from suivi.core.actors import system
from suivi.core.models import JobStatus
from suivi.interop import services
from suivi.interop.models import ImportJob

logger = logging.getLogger(__name__)

IMPORT_ACTOR = system("task run_import_job")
PURGE_ACTOR = system("task purge_import_files")


@contextmanager
def opened(job: ImportJob) -> Iterator[IO[bytes]]:
    """The plain text of the job's upload, for the time of the work (inside
    `jobs.running(job)`). On leaving: the stored file is removed unless the
    work failed the job or raised (then it is kept its days, so the partner
    can see what was refused), and a purge is queued."""
    done = False
    try:
        with job.file.open("rb") as stored, sealed.unsealed(stored) as plain:
            yield plain
        done = job.status != JobStatus.FAILED
    finally:
        if done:
            _remove(job)
        _queue_purge()


@task()
def purge_import_files() -> int:
    """Remove the uploaded files no import needs any more (see
    `services.purge_import_files`); the number removed."""
    removed = services.purge_import_files(actor=PURGE_ACTOR, now=timezone.now())
    if removed:
        logger.info("Uploaded files of imports removed: %d.", len(removed))
    return len(removed)


def _remove(job: ImportJob) -> None:
    """The import is done: its file goes. A file that cannot be removed
    does not turn the import into a failure; the purge tries again."""
    try:
        services.remove_import_file(actor=IMPORT_ACTOR, job=job, reason="imported")
    except OSError:
        logger.exception("Import %s: its file could not be removed.", job.pk)


def _queue_purge() -> None:
    """Queue the purge; a queue that refuses must not hide how the import
    ended (this runs while an exception of the work may be on its way)."""
    try:
        jobs.enqueue_once(purge_import_files)
    except Exception:
        logger.exception("The purge of uploaded files could not be queued.")
