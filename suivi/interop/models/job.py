from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import Job
from suivi.core.storage import private_storage


def import_path(instance: "ImportJob", filename: str) -> str:
    return f"imports/{instance.id}"


class ImportJob(Job):
    """An uploaded file being imported by the task worker, with its progress
    for the page to show (`suivi.core.jobs`). Its errors are the file's
    issues (sheet, row, column, message); its summary says what was written.
    The file stays in the private storage: nothing accepted is lost, and a
    refused file can be looked at again."""

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
    file = models.FileField(_("file"), upload_to=import_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")
