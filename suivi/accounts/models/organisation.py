from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class OrganisationKind(models.TextChoices):
    ENABEL = "enabel", _("Enabel")
    MINISTRY = "ministry", _("Ministry")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    NGO = "ngo", _("NGO")
    DONOR = "donor", _("Donor")


class Organisation(BaseModel):
    """An institution taking part in a programme: Enabel, a ministry, a public
    agency (Entraide Nationale, ANAPEC), an NGO or a donor. Records belong to
    the organisation that created them."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name
