"""Journey events: each service a person receives, recorded once, by the
partner that gave it. Event types are configuration, not code: each declares
the attributes its events carry (a small schema validated on every write)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries import schema
from suivi.beneficiaries.models.partner_ids import (
    PartnerRecordQuerySet,
    PublishedPartnerRecordManager,
    import_batch_field,
)
from suivi.core.models import BaseModel
from suivi.indicators.models.disaggregation import LabelledMixin


class EventType(LabelledMixin, BaseModel):
    """A kind of service of the catalogue: information session, training
    enrolment, scholarship, exam result, ANAPEC registration… `attributes`
    declares the details each service of the type carries (`schema`: codes,
    types, labels in three languages, allowed values). The organisations that
    may record it are listed (none listed: any partner); the outputs and
    activities it serves tie it to the logframe. A retired type keeps its
    services but takes no new one and no new definition."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    attributes = models.JSONField(_("details"), default=list, blank=True)
    needs_centre = models.BooleanField(_("given at a centre"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_retired = models.BooleanField(_("retired"), default=False)
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("recorded by"),
        blank=True,
        related_name="service_types",
    )
    outputs = models.ManyToManyField(
        "programmes.ResultNode", verbose_name=_("outputs served"), blank=True, related_name="+"
    )
    activities = models.ManyToManyField(
        "programmes.Activity", verbose_name=_("activities served"), blank=True, related_name="+"
    )

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("event type")
        verbose_name_plural = _("event types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @cached_property
    def details(self) -> tuple[schema.Detail, ...]:
        """The declared details, typed and labelled (see `schema`)."""
        return schema.read(self.attributes)

    @cached_property
    def recorder_ids(self) -> frozenset[Any]:
        """The organisations that may record it (empty: any partner); read
        once per instance, so a batch asks once per type."""
        return frozenset(self.organisations.values_list("pk", flat=True))

    def may_be_recorded_by(self, organisation: Any) -> bool:
        return not self.recorder_ids or organisation.pk in self.recorder_ids

    def detail(self, name: str) -> schema.Detail | None:
        return next((d for d in self.details if d.name == name), None)

    def described(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """A service's recorded details as (label, value) in the user's
        language, in the declared order."""
        return [(d.label, d.display(values[d.name])) for d in self.details if d.name in values]


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
        indexes = [
            models.Index(fields=["event_type", "occurred_on"]),
            # The services list: an organisation's services, newest first.
            models.Index(
                fields=["organisation", "-occurred_on", "-id"],
                include=["import_batch", "event_type", "centre"],
                name="service_newest_by_giver",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "partner_record_id"],
                condition=~models.Q(partner_record_id=""),
                name="unique_partner_event_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type.code} {self.occurred_on}"

    @property
    def described_details(self) -> list[tuple[str, str]]:
        """Its details as (label, value) in the user's language."""
        return self.event_type.described(self.attributes)


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
    # The indicator version whose definition this is: `spec` is the engine's
    # copy of `version.definition`, kept equal by `services.computation`
    # (the history of definitions is the indicator's versions).
    version = models.ForeignKey(
        "indicators.IndicatorVersion",
        verbose_name=_("indicator version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("indicator computation")
        verbose_name_plural = _("indicator computations")

    def __str__(self) -> str:
        return f"{self.indicator.code}"
