"""How the capacity app computes an indicator: a small typed definition the
M&E officer reads and changes (which register, which records, which
measure), said in plain words on the indicator sheet."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.languages import shown
from suivi.core.models import BaseModel


class Measure(models.TextChoices):
    # Trainings
    KNOWLEDGE_POST_MEAN = "knowledge_post_mean", _("Mean post-test score (percent of the maximum)")
    KNOWLEDGE_IMPROVED = "knowledge_improved", _("Share of participants whose score improved")
    KNOWLEDGE_THRESHOLD = (
        "knowledge_threshold",
        _("Share of participants reaching a post-test threshold"),
    )
    SATISFACTION = "satisfaction", _("Share of satisfied respondents")
    STATE_INSTITUTIONS = "state_institutions", _("State institutions present")
    PARTICIPANTS = "participants", _("Participants")
    # Coordination meetings (governance's meetings)
    FOCAL_POINTS_MEAN = "focal_points_mean", _("Average number of state focal points present")
    # Company outreach
    REQUESTS_SHARE = (
        "requests_share",
        _("Share of sensitised companies that requested a contrat aidé"),
    )
    RECRUITMENT_SHARE = (
        "recruitment_share",
        _("Share of sensitised companies that recruited migrants"),
    )
    # Deliverables
    DELIVERABLES = "deliverables", _("Validated deliverables")


class Register(models.TextChoices):
    TRAINING = "training", _("Trainings")
    MEETING = "meeting", _("Coordination meetings")
    OUTREACH = "outreach", _("Companies sensitised")
    DELIVERABLE = "deliverable", _("Deliverables")


class CapacityDefinition(BaseModel):
    indicator = models.OneToOneField(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    measure = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    # The codes of the records counted: training audiences, meeting kinds or
    # deliverable types, by the measure's register; empty = all.
    scope = models.JSONField(_("records counted"), default=list, blank=True)
    migrants_only = models.BooleanField(_("only deliverables meant for migrants"), default=False)
    cumulative = models.BooleanField(_("cumulative since the start"), default=False)
    threshold = models.DecimalField(
        _("threshold (percent of the maximum score)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)
    # The note in Arabic and English; pages fall back to the French `note`.
    note_ar = models.TextField(_("note (Arabic)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    class Meta:
        verbose_name = _("capacity indicator definition")
        verbose_name_plural = _("capacity indicator definitions")
        ordering = ["indicator__code"]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.get_measure_display()}"

    @property
    def shown_note(self) -> str:
        """The note in the user's language (French when not translated)."""
        return shown(self.note, self.note_ar, self.note_en)
