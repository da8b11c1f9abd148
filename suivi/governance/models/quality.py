"""The quality self-assessment (report annex 10.1): four criteria, each with
its sub-questions graded A–D; the criterion's total follows one rule
(`governance.quality.criterion_total`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel
from suivi.governance.quality import criterion_total


class Criterion(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    EFFECTIVENESS = "effectiveness", _("Effectiveness")
    EFFICIENCY = "efficiency", _("Efficiency")
    SUSTAINABILITY = "sustainability", _("Potential sustainability")


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class QualityAssessment(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"))
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("quality self-assessment")
        verbose_name_plural = _("quality self-assessments")
        ordering = ["intervention", "-year", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "year", "criterion"], name="unique_quality_criterion"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(criterion)s, %(year)s") % {
            "criterion": self.get_criterion_display(),
            "year": self.year,
        }

    @property
    def total(self) -> str | None:
        """The criterion's total by the annex 10.1 rule."""
        return criterion_total(answer.grade for answer in self.answers.all())


class QualityAnswer(BaseModel):
    assessment = models.ForeignKey(
        QualityAssessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    question = models.TextField(_("sub-question"))
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    statement = models.TextField(_("statement chosen"), blank=True)

    class Meta:
        verbose_name = _("graded sub-question")
        verbose_name_plural = _("graded sub-questions")
        ordering = ["assessment", "order"]

    def __str__(self) -> str:
        return f"{self.question[:60]}: {self.grade}"
