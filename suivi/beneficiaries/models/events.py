"""Journey events: each service a person receives, recorded once, by the
partner that gave it. Event types are configuration, not code: each declares
the attributes its events carry (a small schema validated on every write)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.models.partner_ids import (
    PartnerRecordQuerySet,
    PublishedPartnerRecordManager,
    import_batch_field,
)
from suivi.core.models import BaseModel
from suivi.indicators.models.disaggregation import LabelledMixin


class EventType(LabelledMixin, BaseModel):
    """E.g. information session, training enrolment, scholarship, exam result,
    ANAPEC registration, job-search support, self-employment support, financing,
    placement, follow-up. `attributes` is a list of
    ``{"name", "type": text|choice|bool|number|date|centre|trade|event, "required",
    "choices"}``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    attributes = models.JSONField(_("attributes"), default=list, blank=True)
    needs_centre = models.BooleanField(_("given at a centre"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("event type")
        verbose_name_plural = _("event types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label


class JourneyEvent(BaseModel):
    person = models.ForeignKey(
        "beneficiaries.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    event_type = models.ForeignKey(
        EventType, verbose_name=_("service"), on_delete=models.PROTECT, related_name="events"
    )
    # The organisation that gave the service owns the record.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        related_name="journey_events",
    )
    occurred_on = models.DateField(_("date"), db_index=True)
    centre = models.ForeignKey(
        "beneficiaries.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    trade = models.ForeignKey(
        "beneficiaries.Trade",
        verbose_name=_("trade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    # An exam result points to its enrolment, a follow-up to its placement…
    related_event = models.ForeignKey(
        "self",
        verbose_name=_("related to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followers",
    )
    attributes = models.JSONField(_("details"), default=dict, blank=True)
    partner_record_id = models.CharField(_("partner's record id"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    import_batch = import_batch_field()

    objects = PublishedPartnerRecordManager["JourneyEvent"]()
    all_objects = PartnerRecordQuerySet["JourneyEvent"].as_manager()

    class Meta:
        verbose_name = _("service given")
        verbose_name_plural = _("services given")
        ordering = ["occurred_on", "created_at"]
        indexes = [models.Index(fields=["event_type", "occurred_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "partner_record_id"],
                condition=~models.Q(partner_record_id=""),
                name="unique_partner_event_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type.code} {self.occurred_on}"


class IndicatorComputation(BaseModel):
    """How an indicator of the results framework follows from journey events.
    `spec` is declarative (see `suivi.beneficiaries.computation.spec` and the
    app README, which states each Amuddu indicator's definition)."""

    indicator = models.OneToOneField(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="computation",
    )
    spec = models.JSONField(_("definition"))
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("indicator computation")
        verbose_name_plural = _("indicator computations")

    def __str__(self) -> str:
        return f"{self.indicator.code}"
