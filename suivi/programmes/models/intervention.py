from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.languages import shown
from suivi.core.models import BaseModel


class Programme(BaseModel):
    """A bilateral programme grouping interventions (e.g. the Belgian–Moroccan
    migration programme: Amuddu and MBI)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    # The title in Arabic and English; pages fall back to the French `title`.
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the user's language (French when not translated)."""
        return shown(self.title, self.title_ar, self.title_en)


class InterventionStatus(models.TextChoices):
    FORMULATION = "formulation", _("Formulation")
    EXECUTION = "execution", _("Execution")
    CLOSED = "closed", _("Closed")


class Intervention(BaseModel):
    """One intervention of a programme, as its DTF describes it."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    # Enabel's intervention code, used in indicator codes (MOR1605211 → MAR1605211_Ind1.2).
    code = models.CharField(_("code"), max_length=20, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    title = models.CharField(_("title"), max_length=400)
    # The title in Arabic and English; pages fall back to the French `title`.
    title_ar = models.CharField(_("title (Arabic)"), max_length=400, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    dgd_code = models.CharField(_("DGD code"), max_length=20, blank=True)
    navision_code = models.CharField(_("Navision code"), max_length=30, blank=True)
    partner_institution = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    operational_partners = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("operational partners"),
        blank=True,
        related_name="interventions",
    )
    zone = models.CharField(_("zone"), max_length=300, blank=True)
    zone_ar = models.CharField(_("zone (Arabic)"), max_length=300, blank=True)
    zone_en = models.CharField(_("zone (English)"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.EXECUTION,
    )

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def shown_title(self) -> str:
        """The title in the user's language (French when not translated)."""
        return shown(self.title, self.title_ar, self.title_en)

    @property
    def shown_zone(self) -> str:
        """The zone in the user's language (French when not translated)."""
        return shown(self.zone, self.zone_ar, self.zone_en)

    @property
    def years(self) -> list[int]:
        """The calendar years of the intervention; empty while a date is missing."""
        if self.start_date and self.end_date:
            return list(range(self.start_date.year, self.end_date.year + 1))
        return []

    def covers_year(self, year: int) -> bool:
        """Whether `year` falls within the intervention's dates (open ends allowed)."""
        if self.start_date and year < self.start_date.year:
            return False
        return not (self.end_date and year > self.end_date.year)
