"""Risks and issues of an intervention, with the actions that treat them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel, TransitionBase
from suivi.governance.models.follow_up import FollowUpAction


class RiskKind(models.TextChoices):
    RISK = "risk", _("Risk")
    ISSUE = "issue", _("Issue")


class RiskCategory(models.TextChoices):
    # The DTF's categories; the codes are what the registers print.
    OPERATIONAL = "OPS", _("Operational (OPS)")
    DEVELOPMENT = "DEV", _("Development (DEV)")
    FINANCIAL = "FIN", _("Financial (FIN)")
    LEGAL = "JUR", _("Legal (JUR)")
    REPUTATION = "REP", _("Reputation (REP)")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class Risk(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RiskKind.choices)
    description = models.TextField(_("description"))
    identified_on = models.DateField(_("identified on"))
    category = models.CharField(_("category"), max_length=3, choices=RiskCategory.choices)
    probability = models.CharField(
        _("probability"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    impact = models.CharField(_("potential impact"), max_length=10, choices=RiskLevel.choices)
    # Computed by the service from the matrix (governance/matrix.py), never typed.
    total = models.CharField(_("total"), max_length=10, choices=RiskLevel.choices)
    # The result of the chain whose assumptions this risk threatens.
    result = models.ForeignKey(
        "programmes.ResultNode",
        verbose_name=_("logframe assumption of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["intervention", "identified_on", "created_at"]

    def __str__(self) -> str:
        return self.description[:80]


class RiskAction(FollowUpAction):
    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="actions"
    )
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("risk action")
        verbose_name_plural = _("risk actions")
        ordering = ["risk", "order", "created_at"]

    def __str__(self) -> str:
        return self.action[:80]


class RiskActionTransition(TransitionBase):
    subject = models.ForeignKey(
        RiskAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="history"
    )

    class Meta:
        verbose_name = _("risk action status change")
        verbose_name_plural = _("risk action status changes")
        ordering = ["subject", "created_at"]
