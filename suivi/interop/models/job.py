from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import Job, JobStatus
from suivi.core.storage import private_storage


def import_path(instance: "ImportJob", filename: str) -> str:
    return f"imports/{instance.id}"


class ImportJob(Job):
    """An uploaded file being imported by the task worker, with its progress
    for the page to show (`suivi.core.jobs`). Its errors are the file's
    issues (sheet, row, column, message); its summary says what was written.

    The file is kept in the private storage sealed with the field key
    (`suivi.core.sealed`: it holds phones and document numbers) only while
    it is of use: removed as soon as the import succeeds, kept
    SUIVI_FAILED_IMPORT_RETENTION_DAYS after a failure so it can be looked
    at, then purged (`services.purge_import_files`). The job itself stays,
    with `file` empty and `file_removed_at` set."""

    # logframe (into an intervention), persons or events (of an organisation).
    kind = models.CharField(_("kind"), max_length=20, default="logframe")
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=import_path, storage=private_storage, blank=True)
    file_removed_at = models.DateTimeField(_("file removed at"), null=True, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    @property
    def file_kept_until(self) -> datetime | None:
        """When the file of a failed import becomes due for the purge (None
        for any other job, and once the file is gone)."""
        if self.status != JobStatus.FAILED or not self.file or self.finished_at is None:
            return None
        return self.finished_at + timedelta(days=settings.SUIVI_FAILED_IMPORT_RETENTION_DAYS)
