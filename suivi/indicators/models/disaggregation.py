from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel


class LabelledMixin(models.Model):
    """A reference-list label in the three languages (French required)."""

    name = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        language = (get_language() or "fr")[:2]
        return {"ar": self.name_ar, "en": self.name_en}.get(language) or self.name


class Dimension(LabelledMixin, BaseModel):
    """A way of splitting a value: sex, migrant category, or one a user adds.

    An exhaustive dimension's values cover every person, so its cells must add
    up to the total (checked on entry and in reports)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    is_exhaustive = models.BooleanField(_("values cover the whole population"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("disaggregation dimension")
        verbose_name_plural = _("disaggregation dimensions")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label


class DimensionValue(LabelledMixin, BaseModel):
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="values"
    )
    code = models.SlugField(_("code"), max_length=30)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("disaggregation value")
        verbose_name_plural = _("disaggregation values")
        ordering = ["dimension", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="unique_dimension_value")
        ]

    def __str__(self) -> str:
        return self.label
