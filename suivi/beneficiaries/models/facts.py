"""What each person contributes to each computed indicator, kept up to date
as services are recorded, so that indicators are re-aggregated in one grouped
pass and a new service only changes the few numbers it touches.

A fact says: this identity (a person, however many partners registered them)
counts in this indicator for this year, in this cell (sex and category of the
identity's earliest registration), with this many events and, for a rate,
whether it reached the numerator. Facts are derived data: `recompute --rebuild`
regenerates them from the services; they are never edited by hand.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class ComputedFact(models.Model):
    # A plain integer key: tens of millions of rows, written in bulk.
    id = models.BigAutoField(primary_key=True)
    computation = models.ForeignKey(
        "beneficiaries.IndicatorComputation",
        verbose_name=_("indicator computation"),
        on_delete=models.CASCADE,
        related_name="facts",
    )
    identity_key = models.UUIDField(_("identity key"))
    # The identity's earliest registration: the record listed behind a figure.
    person = models.ForeignKey(
        "beneficiaries.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=10)
    category = models.CharField(_("category"), max_length=40)
    events = models.PositiveIntegerField(_("events"), default=1)
    achieved = models.BooleanField(_("in the numerator"), default=False)

    class Meta:
        verbose_name = _("computed fact")
        verbose_name_plural = _("computed facts")
        constraints = [
            models.UniqueConstraint(
                fields=["computation", "identity_key", "year"], name="unique_fact_per_year"
            )
        ]
        indexes = [
            models.Index(fields=["computation", "year", "sex", "category"]),
            models.Index(fields=["identity_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.computation_id} {self.year}"


class StaleIdentity(models.Model):
    """An identity whose services changed since its facts were computed: the
    refresh task recomputes its facts and adjusts the numbers it moves."""

    identity_key = models.UUIDField(_("identity key"), primary_key=True)
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity to refresh")
        verbose_name_plural = _("identities to refresh")

    def __str__(self) -> str:
        return str(self.identity_key)[:8]


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class ComputationRun(BaseModel):
    """A recomputation asked for from the page, run by the task worker, with
    its progress for the page to show."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rebuild = models.BooleanField(_("from the services"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    step = models.CharField(_("step"), max_length=100, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    written = models.PositiveIntegerField(_("values written"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recomputation")
        verbose_name_plural = _("recomputations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
