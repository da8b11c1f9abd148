from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class LogframeRevision(BaseModel):
    """A numbered state of an intervention's results framework.

    The first revision is the DTF's logframe; each later change (an import, an
    edited indicator or target) opens a new one with its reason. DTF §8.5 asks
    that changes to results, indicators or budget be approved by the COPIL:
    `decision_reference` names that decision until the governance app brings a
    Decision model, when it becomes a foreign key.
    """

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200)
    reason = models.TextField(_("reason"))
    decision_reference = models.CharField(_("approving COPIL decision"), max_length=200, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("logframe revision")
        verbose_name_plural = _("logframe revisions")
        ordering = ["intervention", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "number"], name="unique_revision_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention} v{self.number} — {self.label}"


class RevisionTracked(models.Model):
    """The revisions that introduced and (maybe) withdrew an element of the
    framework — a result, an activity, an indicator. Withdrawn elements stay,
    with their values, for the history and past reports."""

    introduced_in = models.ForeignKey(
        LogframeRevision,
        verbose_name=_("introduced in"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    retired_in = models.ForeignKey(
        LogframeRevision,
        verbose_name=_("withdrawn in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.retired_in_id is None
