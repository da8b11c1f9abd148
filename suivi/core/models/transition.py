"""The history of a status workflow: one row per step taken.

Each app that declares a workflow (`suivi.core.workflow`) concretises
`TransitionBase` with a foreign key to its own record (and, for readable
history, the status choices on `from_status` and `to_status`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models.base import BaseModel


class TransitionBase(BaseModel):
    """One step of a workflow: from which status to which, by whom, when
    (`created_at`), with the note or reason the person gave. The note is free
    text and may name people: it stays here, where the record's own access
    rules apply, and never goes into the audit trail (whose event points to
    this row instead)."""

    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
