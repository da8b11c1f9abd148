"""Tools, guides, studies and communication products the intervention
created or adapted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel
from suivi.core.storage import private_storage


class DeliverableKind(models.TextChoices):
    TOOL = "tool", _("Support tool")
    GUIDE = "guide", _("Guide or manual")
    STUDY = "study", _("Study")
    COMMUNICATION = "communication", _("Communication product")
    TRAINING_MATERIAL = "training_material", _("Training material")


class Language(models.TextChoices):
    FR = "fr", _("French")
    AR = "ar", _("Arabic")
    FR_AR = "fr_ar", _("French and Arabic")
    EN = "en", _("English")
    OTHER = "other", _("Other or several")


def deliverable_path(instance: Deliverable, filename: str) -> str:
    return f"capacity/deliverables/{instance.id}"


class Deliverable(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "programmes.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=DeliverableKind.choices)
    for_migrants = models.BooleanField(_("meant for migrants"), default=False)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    produced_on = models.DateField(_("date"))
    # Blank while the deliverable waits for validation.
    validated_on = models.DateField(_("validated on"), null=True, blank=True)
    file = models.FileField(
        _("file"), upload_to=deliverable_path, storage=private_storage, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(_("file type"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["intervention", "-produced_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def validated(self) -> bool:
        return self.validated_on is not None
