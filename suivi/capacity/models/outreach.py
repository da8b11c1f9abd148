"""Companies sensitised to hiring migrants (by ANAPEC or an NGO), their
requests for a *contrat aidé* and the migrants they recruited."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class CompanyOutreach(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
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
    company = models.CharField(_("company"), max_length=200)
    # The company's code, which a placement names as its employer (blank: no
    # placement can name it). Unique in the intervention.
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_(
            "The code a job placement gives as its employer: the placements naming it "
            "count as this company's recruitments."
        ),
    )
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    sensitised_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("sensitised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sensitised_on = models.DateField(_("sensitised on"))
    # Contrat aidé requests the company made after the sensitisation.
    requests = models.PositiveIntegerField(_("contrat aidé requests"), default=0)
    first_request_on = models.DateField(_("first request on"), null=True, blank=True)
    # Typed: recruitments known outside Suivi. Blank when nobody knows yet
    # whether the company recruited migrants. Placements naming the company's
    # code replace these two figures (`compute.recruitment`).
    recruited = models.PositiveIntegerField(
        _("migrants recruited"),
        null=True,
        blank=True,
        help_text=_(
            "Recruitments known outside Suivi; blank when not known. Placements naming "
            "the company's code replace this figure."
        ),
    )
    first_recruited_on = models.DateField(_("first recruitment on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("company sensitised")
        verbose_name_plural = _("companies sensitised")
        ordering = ["intervention", "-sensitised_on", "company"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "company", "sensitised_by"],
                name="unique_company_outreach",
                violation_error_message=_(
                    "This company is already recorded as sensitised by this organisation."
                ),
            ),
            models.UniqueConstraint(
                fields=["intervention", "code"],
                condition=~models.Q(code=""),
                name="unique_company_code",
                violation_error_message=_(
                    "Another company of this intervention already has this code."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.company
