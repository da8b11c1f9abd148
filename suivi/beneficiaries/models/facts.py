"""What each person contributes to each computed indicator, kept up to date
as services are recorded, so that indicators are re-aggregated in one grouped
pass and a new service only changes the few numbers it touches.

A fact says: this identity (a person, however many partners registered them)
counts in this indicator for this year, in this cell (sex and category of the
identity's earliest registration), with this many events and, for a rate,
whether it reached the numerator. Facts are derived data: `recompute --rebuild`
regenerates them from the services; they are never edited by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import Job


class ComputedFact(models.Model):
    # A plain integer key: tens of millions of rows, written in bulk.
    id = models.BigAutoField(primary_key=True)
    # Read through the indexes that begin with it (the unique key, the cells'):
    # no index of its own to build again after a first rebuild.
    computation = models.ForeignKey(
        "beneficiaries.IndicatorComputation",
        verbose_name=_("indicator computation"),
        on_delete=models.CASCADE,
        related_name="facts",
        db_index=False,
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
        # The records behind a figure and the values' counts read by cell; a
        # refresh reads by (computation, identity, year): the unique key's index.
        indexes = [models.Index(fields=["computation", "year", "sex", "category"])]

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


class ComputationRun(Job):
    """A recomputation asked for from the page, run by the task worker, with
    its progress for the page to show (`suivi.core.jobs`); its result holds
    the number of values written."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rebuild = models.BooleanField(_("from the services"), default=True)
    # A run after one indicator's definition changed recomputes that one only.
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(Job.Meta):
        verbose_name = _("recomputation")
        verbose_name_plural = _("recomputations")

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.status}"

    @property
    def written(self) -> int:
        """How many values the run wrote."""
        return int(self.result.get("written", 0))
