"""Trainings and workshops for partner staff and committee members, and who
took part: institution, function, sex, test scores and satisfaction. No
names: a participant is a row of the attendance list, not a person record."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class Audience(models.TextChoices):
    CP3 = "cp3", _("Programme committee 3 members (capacity-building plan)")
    EN_STAFF = "en_staff", _("Entraide Nationale staff")
    ANAPEC_STAFF = "anapec_staff", _("ANAPEC staff")
    COMMUNITY = "community", _("Community leaders and agents")
    PARTNERS = "partners", _("Other partner staff")


class Sex(models.TextChoices):
    # The codes of the `sex` dimension of the indicators.
    WOMEN = "women", _("Woman")
    MEN = "men", _("Man")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Neither satisfied nor dissatisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")


SATISFIED = frozenset({Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED})


class Training(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "programmes.Activity",
        verbose_name=_("organising activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=300)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    place = models.CharField(_("place or region"), max_length=200, blank=True)
    remote = models.BooleanField(_("held remotely"), default=False)
    # The tests' maximum score (e.g. 20 or 100); blank when nobody was tested.
    max_score = models.DecimalField(
        _("maximum test score"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["intervention", "-ends_on", "topic"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="training_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic[:80]} — {formats.date_format(self.ends_on, 'SHORT_DATE_FORMAT')}"

    @property
    def year(self) -> int:
        """A training counts in the year it ends."""
        return self.ends_on.year


class Participant(BaseModel):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    institution = models.CharField(_("institution (not in Suivi)"), max_length=200, blank=True)
    state_institution = models.BooleanField(_("state institution"), default=False)
    function = models.CharField(_("function"), max_length=200, blank=True)
    # Blank when the attendance list does not say.
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    pre_score = models.DecimalField(
        _("pre-test score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    post_score = models.DecimalField(
        _("post-test score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["training", "created_at"]

    def __str__(self) -> str:
        return self.institution_name

    @property
    def institution_name(self) -> str:
        return self.organisation.short_name if self.organisation else self.institution

    @property
    def tested(self) -> bool:
        return self.pre_score is not None and self.post_score is not None
