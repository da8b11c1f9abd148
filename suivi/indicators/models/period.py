from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")


class ReportingPeriod(BaseModel):
    """A year or a quarter of an intervention. Once its values are approved
    the M&E officer locks it, and no value of the period changes any more."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="periods",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveIntegerField(_("year"))
    # 0 for a whole year: a real value keeps the uniqueness constraint simple
    # on every database (NULLs would be distinct).
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_locked = models.BooleanField(_("locked"), default=False)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["intervention", "year", "kind", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "kind", "year", "quarter"],
                name="unique_reporting_period",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="year", quarter=0))
                | (models.Q(kind="quarter", quarter__gte=1, quarter__lte=4)),
                name="quarter_only_for_quarters",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year} T{self.quarter}"
        return str(self.year)
