"""Procurement items (marchés publics, each with its CSC — the cahier
spécial des charges)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suivi.core.models import BaseModel


class Procedure(models.TextChoices):
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATED = "negotiated", _("Negotiated procedure")
    LOW_VALUE = "low_value", _("Low-value contract")
    FRAMEWORK = "framework", _("Framework agreement")


class ProcurementStatus(models.TextChoices):
    # A procurement is « un marché » in French and « صفقة » (feminine) in Arabic.
    PLANNED = "planned", pgettext_lazy("procurement item", "Planned")
    LAUNCHED = "launched", pgettext_lazy("procurement item", "Launched")
    AWARDED = "awarded", pgettext_lazy("procurement item", "Awarded")
    COMPLETED = "completed", pgettext_lazy("procurement item", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("procurement item", "Cancelled")


class ProcurementItem(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="procurement_items",
    )
    reference = models.CharField(_("CSC reference"), max_length=60)
    subject = models.TextField(_("object"))
    procedure = models.CharField(_("procedure"), max_length=12, choices=Procedure.choices)
    estimated_amount = models.DecimalField(
        _("estimated amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    awarded_amount = models.DecimalField(
        _("awarded amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    planned_date = models.DateField(_("planned award date"))
    actual_date = models.DateField(_("actual award date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProcurementStatus.choices,
        default=ProcurementStatus.PLANNED,
    )
    activity = models.ForeignKey(
        "programmes.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("procurement item")
        verbose_name_plural = _("procurement items")
        ordering = ["intervention", "planned_date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "reference"], name="unique_procurement_reference"
            )
        ]

    def __str__(self) -> str:
        return self.reference
