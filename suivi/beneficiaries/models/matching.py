from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class MatchReason(models.TextChoices):
    DOCUMENT = "document", _("Same identity document")
    PHONE = "phone", _("Same phone")
    PROBABLE = "probable", _("Similar names, birth year, nationality and sex")


class MatchStatus(models.TextChoices):
    CANDIDATE = "candidate", _("To review")
    LINKED = "linked", _("Same person")
    REJECTED = "rejected", _("Different persons")


class MatchCandidate(BaseModel):
    """Two records, at two partners, that may be the same person. Linking never
    merges or deletes either record: they then share one identity key, so
    unique-person indicators count them once; unlinking undoes it."""

    person_a = models.ForeignKey(
        "beneficiaries.Person",
        verbose_name=_("first record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    person_b = models.ForeignKey(
        "beneficiaries.Person",
        verbose_name=_("second record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("why"), max_length=10, choices=MatchReason.choices)
    probability = models.FloatField(_("match probability"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.CANDIDATE
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["status", "-probability"]
        indexes = [
            # The review queue's order (selectors/duplicates.QUEUE_ORDER);
            # PostgreSQL puts nulls first in a descending index by default
            # (SQLite accepts no NULLS FIRST in an index).
            models.Index(
                F("status"),
                F("probability").desc(),
                F("created_at"),
                F("id"),
                name="match_queue_order",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="unique_match_pair")
        ]


class MatchModel(BaseModel):
    """The probabilistic model's parameters, as the last duplicate search
    trained them (Splink, on the persons themselves): what a registration is
    scored with at once, without training anything. The newest row is used."""

    persons = models.PositiveIntegerField(_("persons trained on"))
    parameters = models.JSONField(_("parameters"))

    class Meta:
        verbose_name = _("matching model")
        verbose_name_plural = _("matching models")
        ordering = ["-created_at"]


class UncheckedRegistration(BaseModel):
    """A registration the probabilistic model could not compare with the
    registry (no model trained yet, or it failed): a failure shown to the
    reviewers, never counted as "no candidate". The next duplicate search
    compares every person and clears the list."""

    person = models.OneToOneField(
        "beneficiaries.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    error = models.CharField(_("what failed"), max_length=200)

    class Meta:
        verbose_name = _("registration not compared")
        verbose_name_plural = _("registrations not compared")
        ordering = ["created_at"]
