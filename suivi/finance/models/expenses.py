"""Expenses and commitments, by budget line code and date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class ExpenseKind(models.TextChoices):
    EXPENSE = "expense", _("Expense")
    COMMITMENT = "commitment", _("Commitment")


class ExpenseSource(models.TextChoices):
    IMPORT = "import", _("Accounting extract")
    MANUAL = "manual", _("Entered by hand")


class Expense(BaseModel):
    """An expense (money spent) or a commitment (money promised: an order, a
    contract, a tranche to pay), on a budget line of the intervention. The
    accounting document number identifies it: importing the same extract
    again changes nothing. The line is named by its code, which stays the
    same across budget versions."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    document_number = models.CharField(_("accounting document number"), max_length=40)
    line_code = models.CharField(_("budget line"), max_length=20)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ExpenseKind.choices, default=ExpenseKind.EXPENSE
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    supplier = models.CharField(_("supplier or beneficiary"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ExpenseSource.choices, default=ExpenseSource.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["intervention", "-date", "document_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "document_number"], name="unique_expense_document"
            )
        ]
        indexes = [models.Index(fields=["intervention", "line_code", "date"])]

    def __str__(self) -> str:
        return f"{self.document_number} {self.line_code} {self.amount}"
