"""Grants (conventions de subsides) with their tranches, amendments and
reports due."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suivi.core.models import BaseModel, TransitionBase

POSITIVE = [MinValueValidator(Decimal("0.01"))]


class Grant(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    reference = models.CharField(_("reference"), max_length=60)
    grantee = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("grantee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    purpose = models.TextField(_("purpose"))
    outputs = models.ManyToManyField(
        "programmes.ResultNode", verbose_name=_("outputs"), blank=True, related_name="+"
    )
    activities = models.ManyToManyField(
        "programmes.Activity", verbose_name=_("activities"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["intervention", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "reference"], name="unique_grant_reference"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class TrancheStatus(models.TextChoices):
    # A tranche (« la tranche ») takes the feminine in French.
    PLANNED = "planned", pgettext_lazy("tranche", "Planned")
    REQUESTED = "requested", pgettext_lazy("tranche", "Requested")
    PAID = "paid", pgettext_lazy("tranche", "Paid")
    CANCELLED = "cancelled", pgettext_lazy("tranche", "Cancelled")


class Tranche(BaseModel):
    """A payment of the grant. Its status moves by the workflow of
    `services/tranches.py` (planned → requested → paid, or cancelled), each
    step kept with who took it and when (`TrancheTransition`)."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="tranches"
    )
    number = models.PositiveIntegerField(_("number"))
    planned_date = models.DateField(_("planned date"))
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    conditions = models.TextField(_("conditions"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TrancheStatus.choices, default=TrancheStatus.PLANNED
    )
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["grant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="unique_tranche_number")
        ]


class TrancheTransition(TransitionBase):
    subject = models.ForeignKey(
        Tranche, verbose_name=_("tranche"), on_delete=models.CASCADE, related_name="history"
    )

    class Meta:
        verbose_name = _("tranche status change")
        verbose_name_plural = _("tranche status changes")
        ordering = ["subject", "created_at"]


class Amendment(BaseModel):
    """An amendment (avenant): a change of amount and/or end date."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveIntegerField(_("number"))
    signed_on = models.DateField(_("signed on"))
    amount_change = models.DecimalField(
        _("change of amount (EUR)"), max_digits=14, decimal_places=2, default=0
    )
    new_end_date = models.DateField(_("new end date"), null=True, blank=True)
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["grant", "number"]


class GrantReport(BaseModel):
    """A report the grantee owes (narrative, financial) and when it came."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="reports"
    )
    title = models.CharField(_("report"), max_length=200)
    due_on = models.DateField(_("due on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        verbose_name = _("report due")
        verbose_name_plural = _("reports due")
        ordering = ["grant", "due_on"]
