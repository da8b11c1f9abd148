from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.languages import shown
from suivi.core.models import BaseModel
from suivi.programmes.models.revision import RevisionTracked


class ResultLevel(models.TextChoices):
    # The DTF's words in the labels: users meet them in both documents.
    IMPACT = "impact", _("Impact (general objective)")
    OUTCOME = "outcome", _("Outcome (specific objective)")
    OUTPUT = "output", _("Output (intermediate result)")


class ExecutionMode(models.TextChoices):
    REGIE = "regie", _("Direct management (régie)")
    COGESTION = "cogestion", _("Co-management (cogestion)")


class ChainElement(RevisionTracked, BaseModel):
    """What results and activities share: a code, a title, a budget code and
    a place in the order, besides the revisions that introduced and withdrew them."""

    code = models.CharField(_("code"), max_length=30)
    title = models.TextField(_("title"))
    # The wording in Arabic and English; pages fall back to the French `title`.
    title_ar = models.TextField(_("title (Arabic)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    budget_code = models.CharField(_("budget code"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    @property
    def shown_title(self) -> str:
        """The wording in the user's language (French when not translated)."""
        return shown(self.title, self.title_ar, self.title_en)


class ResultNode(ChainElement):
    """A result of the chain: impact → outcome → outputs."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=10, choices=ResultLevel.choices)
    assumptions = models.TextField(_("assumptions"), blank=True)
    assumptions_ar = models.TextField(_("assumptions (Arabic)"), blank=True)
    assumptions_en = models.TextField(_("assumptions (English)"), blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["intervention", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "code"], name="unique_result_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.shown_title[:60]}"

    @property
    def shown_assumptions(self) -> str:
        """The assumptions in the user's language (French when not translated)."""
        return shown(self.assumptions, self.assumptions_ar, self.assumptions_en)


class Activity(ChainElement):
    """An activity under an output (A0101 = budget line A 01 01). The DTF
    numbers these as "outputs 1.1…3.4"; the 2020 report calls them activities."""

    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    output = models.ForeignKey(
        ResultNode, verbose_name=_("output"), on_delete=models.PROTECT, related_name="activities"
    )
    execution_mode = models.CharField(
        _("mode of execution"), max_length=12, choices=ExecutionMode.choices, blank=True
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["intervention", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "code"], name="unique_activity_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.shown_title[:60]}"


class PlannedAction(BaseModel):
    """An action planned for a year under an activity — the DTF's "actions
    prévues" of the first year, then each year's operational planning. Plain
    planning rows: no value hangs on them, so a new plan replaces the year's."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="actions"
    )
    year = models.PositiveIntegerField(_("year"))
    title = models.TextField(_("action"))
    # The action in Arabic and English; pages fall back to the French `title`.
    title_ar = models.TextField(_("action (Arabic)"), blank=True)
    title_en = models.TextField(_("action (English)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")
        ordering = ["activity", "year", "order"]

    def __str__(self) -> str:
        return f"{self.activity.code} {self.year}: {self.shown_title[:60]}"

    @property
    def shown_title(self) -> str:
        """The action in the user's language (French when not translated)."""
        return shown(self.title, self.title_ar, self.title_en)
