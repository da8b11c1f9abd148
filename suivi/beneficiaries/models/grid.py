from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel
from suivi.indicators.models.disaggregation import LabelledMixin


class VulnerabilityGrid(BaseModel):
    """The grid that decides who receives a scholarship: weighted criteria,
    some specific to women's situations, and the score that makes one eligible
    (2020 report: grid built with AMAPPE, "tenant compte des situations
    spécifiques des femmes")."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    threshold = models.PositiveIntegerField(_("score needed to be eligible"))
    # Which service of the catalogue a decision is recorded as, and which
    # service it is granted for (Amuddu: a scholarship, for a training
    # enrolment): programme content, set by whoever loads the grid.
    records_as = models.ForeignKey(
        "beneficiaries.EventType",
        verbose_name=_("decision recorded as"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_for = models.ForeignKey(
        "beneficiaries.EventType",
        verbose_name=_("granted for"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("vulnerability grid")
        verbose_name_plural = _("vulnerability grids")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class VulnerabilityCriterion(LabelledMixin, BaseModel):
    grid = models.ForeignKey(
        VulnerabilityGrid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("code"), max_length=40)
    weight = models.PositiveSmallIntegerField(_("weight"))
    women_only = models.BooleanField(_("specific to women's situations"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("vulnerability criterion")
        verbose_name_plural = _("vulnerability criteria")
        ordering = ["grid", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "code"], name="unique_grid_criterion")
        ]

    def __str__(self) -> str:
        return self.label
