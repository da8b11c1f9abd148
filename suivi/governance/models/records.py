"""The other steering registers: recommendations, DTF modifications, the
status of each activity per period, lessons learned and change stories."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suivi.core.models import BaseModel


class RecommendationSource(models.TextChoices):
    TEAM = "team", _("Intervention team")
    MID_TERM_REVIEW = "mtr", _("Mid-term review")
    COMMITTEE = "committee", _("Steering committee")
    OTHER = "other", _("Other")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    # A recommendation (« la recommandation », « التوصية ») takes the feminine.
    DONE = "done", pgettext_lazy("recommendation", "Done")
    DROPPED = "dropped", _("Not retained")


class Recommendation(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=10, choices=RecommendationSource.choices)
    domain = models.CharField(_("domain"), max_length=100, blank=True)
    text = models.TextField(_("recommendation"))
    actor = models.CharField(_("actor"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["intervention", "-year", "source", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class ModificationKind(models.TextChoices):
    RESULTS = "results", _("Results and activities")
    INDICATORS = "indicators", _("Indicators")
    BUDGET = "budget", _("Budget")
    PARTNERS = "partners", _("Partners and execution modalities")
    RULES = "rules", _("Steering committee rules")


class Modification(BaseModel):
    """A change to the DTF (§8.5): what changed, why, the effects expected and
    their follow-up, and the decision that approved it. The logframe revision
    it produced points back here (`revision`), so the revision page can name
    its approving decision without programmes knowing of governance."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=ModificationKind.choices)
    description = models.TextField(_("modification"))
    reasons = models.TextField(_("reasons"), blank=True)
    expected_effects = models.TextField(_("expected effects"), blank=True)
    follow_up = models.TextField(_("follow-up of the effects"), blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("approving decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="modifications",
    )
    revision = models.ForeignKey(
        "programmes.LogframeRevision",
        verbose_name=_("logframe revision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("modification")
        verbose_name_plural = _("modifications")
        ordering = ["intervention", "-year", "created_at"]

    def __str__(self) -> str:
        return self.description[:80]


class ActivityProgress(models.TextChoices):
    AHEAD = "ahead", _("Ahead of schedule")
    ON_TIME = "on_time", _("On schedule")
    DELAYED = "delayed", _("Delayed")
    SERIOUSLY_DELAYED = "seriously_delayed", _("Seriously delayed (over 6 months)")


class ActivityStatus(BaseModel):
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
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"))
    # 0: the whole year; 1–4: a quarter (MONOP).
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=ActivityProgress.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("activity status")
        verbose_name_plural = _("activity statuses")
        ordering = ["intervention", "-year", "-quarter", "activity__order", "activity__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year", "quarter"], name="unique_activity_status_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity.code} {self.year}"


class LessonKind(models.TextChoices):
    SUCCESS = "success", _("Success")
    CHALLENGE = "challenge", _("Challenge")
    LEARNING_QUESTION = "question", _("Strategic learning question")
    LESSON = "lesson", _("Lesson learned")


class Lesson(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=LessonKind.choices)
    text = models.TextField(_("text"))
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["intervention", "-year", "kind", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class ChangeStory(BaseModel):
    """A most-significant-change story. The storyteller's consent is recorded
    (date, and whether they agreed to be named); without consent to be named
    only their initials are kept and shown."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    collected_on = models.DateField(_("collected on"))
    title = models.CharField(_("title"), max_length=200)
    story = models.TextField(_("story"))
    storyteller_initials = models.CharField(_("storyteller's initials"), max_length=10)
    storyteller_role = models.CharField(_("storyteller's role"), max_length=200, blank=True)
    consent_given_on = models.DateField(_("consent given on"))
    consent_to_name = models.BooleanField(_("agreed to be named"), default=False)
    storyteller_name = models.CharField(_("storyteller's name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("change story")
        verbose_name_plural = _("change stories")
        ordering = ["intervention", "-collected_on", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_storyteller(self) -> str:
        if self.consent_to_name and self.storyteller_name:
            return self.storyteller_name
        return self.storyteller_initials
