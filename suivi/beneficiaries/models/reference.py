"""Reference lists the indicators filter on: centres (targeted by the
project, with dates) and vocational trades (technical or not)."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class Centre(BaseModel):
    """A place where services are given: an Entraide Nationale centre, an
    OFPPT or Artisanat training centre, an ANAPEC agency, an NGO office.
    "Targeted by the project" has dates: the 2020 report adds four centres."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="centres",
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    targeted_from = models.DateField(_("targeted by the project from"), null=True, blank=True)
    targeted_until = models.DateField(_("targeted until"), null=True, blank=True)

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name

    def is_targeted_on(self, day: date) -> bool:
        if self.targeted_from is None or day < self.targeted_from:
            return False
        return self.targeted_until is None or day <= self.targeted_until


class Trade(BaseModel):
    """A vocational trade (filière). "Technical" drives Ind1.3 (women
    oriented to technical trades)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_technical = models.BooleanField(_("technical trade"), default=False)

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
