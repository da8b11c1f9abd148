"""What an indicator measures, and how that definition changes over time.

`Indicator` is the stable identity (its code); everything users may revise —
title, unit, baseline, targets, disaggregation — lives in `IndicatorVersion`.
Revising never touches measurements, which hang on the identity.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.languages import shown
from suivi.core.models import BaseModel
from suivi.programmes.models.revision import RevisionTracked


class UnitType(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENTAGE = "percentage", _("Percentage")
    YES_NO = "yes_no", _("Yes/no")
    SCALE = "scale", _("Degree / scale")
    TEXT = "text", _("Text (qualitative)")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Yearly")
    SEMIANNUAL = "semiannual", _("Twice a year")
    QUARTERLY = "quarterly", _("Quarterly")
    ONCE = "once", _("Once")


class Aggregation(models.TextChoices):
    PERIODIC = "periodic", _("Per period (this period only)")
    CUMULATIVE = "cumulative", _("Cumulative since the start")
    UNIQUE_PERSONS = "unique_persons", _("Unique persons over the life of the intervention")


class Indicator(RevisionTracked, BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=60)
    # The indicator of an earlier framework this one takes over from (e.g. a
    # DTF indicator reformulated after the baseline study), for the history.
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    # Values follow from records (set by the logframe workbook or by a
    # declaration); such values are never typed in.
    is_computed = models.BooleanField(_("computed from records"), default=False)
    # The declaration that lets a registered source (an app, see
    # services/computed.py) write the values, from a year on, and why. Values
    # of earlier years, and any entered value, are never overwritten.
    computed_from_year = models.PositiveSmallIntegerField(
        _("computed from (year)"), null=True, blank=True
    )
    computed_source = models.CharField(_("computed by"), max_length=40, blank=True)
    computed_reason = models.TextField(_("why it is computed"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["intervention", "code"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_declared_computed(self) -> bool:
        """Whether a source may write its values (from `computed_from_year`)."""
        return self.is_computed and self.computed_from_year is not None

    def current_version(self) -> IndicatorVersion | None:
        """The definition in force: the newest version (None before the
        first). Reads the versions prefetched with the indicator when there
        are (`prefetch_related("versions")`), else asks for the newest one.
        Many indicators at once: `IndicatorVersion.objects.current()`."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:
            return max(prefetched, key=lambda version: version.number, default=None)
        return self.versions.order_by("-number").first()


class IndicatorVersionQuerySet(models.QuerySet["IndicatorVersion"]):
    def current(self) -> IndicatorVersionQuerySet:
        """Only the newest version of each indicator (one query, whatever the
        number of versions): what `Indicator.current_version` gives for one."""
        newest = (
            IndicatorVersion.objects.filter(indicator=models.OuterRef("indicator"))
            .order_by("-number")
            .values("number")[:1]
        )
        return self.filter(number=models.Subquery(newest))


class IndicatorVersion(BaseModel):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    revision = models.ForeignKey(
        "programmes.LogframeRevision",
        verbose_name=_("logframe revision"),
        on_delete=models.PROTECT,
        related_name="indicator_versions",
    )
    result = models.ForeignKey(
        "programmes.ResultNode",
        verbose_name=_("result"),
        on_delete=models.PROTECT,
        related_name="indicator_versions",
    )
    title = models.TextField(_("title"))
    # The wording in Arabic and English. A translation does not change what
    # is measured: it is set or corrected on the version, without a new one
    # (services.definitions.translate_version); blank shows the French title.
    title_ar = models.TextField(_("title (Arabic)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=UnitType.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    source_of_verification = models.TextField(_("source of verification"), blank=True)
    responsible_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    frequency = models.CharField(
        _("collection frequency"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.ANNUAL,
    )
    aggregation = models.CharField(
        _("aggregation rule"), max_length=16, choices=Aggregation.choices
    )
    dimensions = models.ManyToManyField(
        "indicators.Dimension", verbose_name=_("disaggregation"), blank=True, related_name="+"
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveIntegerField(_("baseline year"), null=True, blank=True)
    baseline_comment = models.TextField(_("baseline comment"), blank=True)
    # How a computed indicator's values follow from the records in this
    # version, as its source states it (`Indicator.computed_source` reads and
    # checks it; this app only keeps it): changing it makes a new version,
    # inside a logframe revision, like any other change of the definition.
    definition = models.JSONField(_("computation rule"), null=True, blank=True)
    reason = models.TextField(_("reason for the change"), blank=True)
    decision_reference = models.CharField(_("approving COPIL decision"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = IndicatorVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator version")
        verbose_name_plural = _("indicator versions")
        ordering = ["indicator", "number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="unique_indicator_version")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.number}"

    @property
    def shown_title(self) -> str:
        """The wording in the user's language (French when not translated)."""
        return shown(self.title, self.title_ar, self.title_en)


class Target(BaseModel):
    """A target of an indicator version: for a year, or final (year empty);
    for the total (empty cell key) or one disaggregation cell."""

    version = models.ForeignKey(
        IndicatorVersion,
        verbose_name=_("indicator version"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    # 0 stands for the final target (a real value keeps uniqueness simple).
    year = models.PositiveIntegerField(_("year (0 = final)"))
    cell_key = models.CharField(_("disaggregation cell"), max_length=200, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    FINAL = 0

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["version", "year", "cell_key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "year", "cell_key"], name="unique_target")
        ]

    @property
    def is_final(self) -> bool:
        return self.year == self.FINAL
