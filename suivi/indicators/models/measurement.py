"""Values of an indicator for a reporting period, and their review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel, TransitionBase
from suivi.core.storage import private_storage


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class MeasurementSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    COMPUTED = "computed", _("Computed from records")


class Measurement(BaseModel):
    """The values of one indicator for one period: the total and every
    disaggregation cell, reviewed together."""

    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    period = models.ForeignKey(
        "indicators.ReportingPeriod",
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.DRAFT,
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=MeasurementSource.choices,
        default=MeasurementSource.ENTERED,
    )
    comment = models.TextField(_("comment"), blank=True)
    # For a computed value: the source and the version of its definition that
    # computed it ("beneficiaries:3f2a9c1b0d4e"); a new version adds a step.
    computed_definition = models.CharField(_("computing definition"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("reported by (organisation)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_measurement")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED)


class MeasurementValue(BaseModel):
    """One cell: the total (empty key) or e.g. ``sex=women`` or
    ``category=refugee|sex=women``. Percentages keep numerator and denominator."""

    # Not stored: set by a selector on the instances it read for a reader who
    # may not see this small count (its numbers are then blanked).
    suppressed = False

    measurement = models.ForeignKey(
        Measurement, verbose_name=_("measurement"), on_delete=models.CASCADE, related_name="values"
    )
    cell_key = models.CharField(_("disaggregation cell"), max_length=200, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    # The records behind a computed value are the beneficiaries app's stored
    # facts (ComputedFact), not a list kept here: they can be millions.

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["measurement", "cell_key"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "cell_key"], name="unique_cell_value")
        ]


class MeasurementTransition(TransitionBase):
    """One step of the review workflow, with its note (kept for the sheet)."""

    measurement = models.ForeignKey(
        Measurement,
        verbose_name=_("measurement"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=10, choices=MeasurementStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=MeasurementStatus.choices)
    # A note the platform wrote (a value computed or recomputed by a source),
    # as its message and arguments, so that each reader gets it in their own
    # language (`services.computed.step_note`); `note` keeps the words of the
    # moment for the records. Empty for a note a person wrote.
    message = models.JSONField(_("message"), default=dict, blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["measurement", "created_at"]


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The original name stays in the row; the stored name reveals nothing.
    return f"evidence/{instance.measurement_id}/{instance.id}"


class Evidence(BaseModel):
    """A file supporting a measurement (attendance list, report, PV…). Stored
    in the private storage (outside MEDIA_URL), served by an authorised view."""

    measurement = models.ForeignKey(
        Measurement,
        verbose_name=_("measurement"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["measurement", "created_at"]
