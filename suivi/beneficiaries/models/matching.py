from django.conf import settings
from django.db import models
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
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="unique_match_pair")
        ]
