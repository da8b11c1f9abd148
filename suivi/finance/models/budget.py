"""An intervention's budget: numbered versions (the DTF's original budget,
then each revision), each holding the DTF's rows — headings (A, A 01, X,
Z, Z 01…) and the lines that carry amounts — and the yearly planning of a
line, a separate layer that must add up to the line's amount."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suivi.core.models import BaseModel, TransitionBase
from suivi.programmes.models import ExecutionMode


class VersionKind(models.TextChoices):
    ORIGINAL = "original", _("Original budget (DTF)")
    REVISION = "revision", _("Budget revision")


class VersionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    # A version (« la version », « النسخة ») takes the feminine.
    WITHDRAWN = "withdrawn", pgettext_lazy("budget version", "Withdrawn")


class BudgetVersion(BaseModel):
    """One state of an intervention's budget. The original budget and every
        approved revision are approved; a proposed revision waits for the COPIL
    (or is withdrawn). Its steps go through a workflow, kept in `history`.
        A revision points to the COPIL decision that approved it (`decision`, a
        decision of the steering registers: finance sits above governance); the
        original budget is the DTF's and needs none."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="budget_versions",
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=VersionKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices)
    label = models.CharField(_("label"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("approving COPIL decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["intervention", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "number"], name="unique_budget_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention} — {self.label} (v{self.number})"


class BudgetVersionTransition(TransitionBase):
    """A step of a budget revision's workflow (approved, withdrawn): who took
    it, when, and the note given."""

    subject = models.ForeignKey(
        BudgetVersion,
        verbose_name=_("budget version"),
        on_delete=models.CASCADE,
        related_name="history",
    )

    class Meta:
        verbose_name = _("budget version status change")
        verbose_name_plural = _("budget version status changes")
        ordering = ["subject", "created_at"]


class BudgetLine(BaseModel):
    """A row of the budget: a heading (no mode of execution, no amount of its
    own: its total is the sum of the lines under it) or a line (a mode of
    execution and an amount in EUR). Codes are the DTF's, spaced:
    ``A``, ``A 01``, ``A 01 01``, ``X 01``, ``Z 03 02``."""

    version = models.ForeignKey(
        BudgetVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="lines"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    is_heading = models.BooleanField(_("heading"), default=False)
    execution_mode = models.CharField(
        _("mode of execution"), max_length=12, choices=ExecutionMode.choices, blank=True
    )
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # A closed line takes no new expense.
    closed = models.BooleanField(_("closed"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    # The link to the logframe, resolved from the budget code (never the other way).
    output = models.ForeignKey(
        "programmes.ResultNode",
        verbose_name=_("output"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
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
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_budget_line_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"

    @property
    def compact_code(self) -> str:
        """``A 01 01`` → ``A0101`` (the report's and the logframe's spelling)."""
        return self.code.replace(" ", "")

    @property
    def rubric(self) -> str:
        """The first two segments (``A 01``, ``Z 03``, ``X 01``)."""
        return " ".join(self.code.split()[:2])

    @property
    def group(self) -> str:
        """The first segment: ``A``, ``X`` or ``Z``."""
        return self.code.split()[0]


class LinePlan(BaseModel):
    """How much of a line is planned in a year (the yearly planning layer)."""

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveIntegerField(_("year"))
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("yearly planning")
        verbose_name_plural = _("yearly planning")
        ordering = ["line", "year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="unique_line_plan_year")
        ]
