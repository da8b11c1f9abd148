"""Reference lists the indicators filter on: centres (with the periods the
intervention targets them) and vocational trades (technical or not)."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel
from suivi.indicators.models.disaggregation import LabelledMixin


class Trade(LabelledMixin, BaseModel):
    """A vocational trade (filière). "Technical" drives Ind1.3 (women
    oriented to technical trades)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    # Trades' names run longer than other lists' (« Commerce et gestion des entreprises »).
    name = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_technical = models.BooleanField(_("technical trade"), default=False)

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label


class Centre(BaseModel):
    """A place where services are given: an Entraide Nationale centre, an
    OFPPT or Artisanat training centre, an ANAPEC agency, an NGO office.
    Whether the intervention targets it depends on the date: the 2020 report
    adds four centres (`TargetingPeriod`)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="centres",
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    trades = models.ManyToManyField(
        Trade, verbose_name=_("trades offered"), blank=True, related_name="centres"
    )

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name

    def is_targeted_on(self, day: date) -> bool:
        """Reads the periods prefetched with the centre when there are."""
        return any(period.covers(day) for period in self.targeting_periods.all())


class TargetingPeriod(BaseModel):
    """A period during which the intervention targets a centre (inclusive;
    open-ended when `ends_on` is empty). Periods of a centre do not overlap."""

    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="targeting_periods",
    )
    starts_on = models.DateField(_("targeted from"))
    ends_on = models.DateField(_("targeted until"), null=True, blank=True)

    class Meta:
        verbose_name = _("targeting period")
        verbose_name_plural = _("targeting periods")
        ordering = ["centre", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "starts_on"], name="unique_targeting_start"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="targeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.starts_on}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
