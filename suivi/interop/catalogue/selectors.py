"""What the catalogue workbook is checked against and what it exports,
read once (a fixed number of queries whatever the size of the catalogue).
The catalogue is configuration, not personal data; exporting it is still
recorded in the audit trail like every download."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from suivi.accounts.models import Organisation
from suivi.beneficiaries.models import Centre, EventType, Trade
from suivi.beneficiaries.selectors.catalogue import centres_in_full
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.programmes.models import Activity, Intervention, ResultNode


@dataclass(frozen=True)
class Known:
    """Codes a catalogue file may refer to, and the types it may change."""

    organisations: dict[str, Organisation]
    chain: dict[str, ResultNode | Activity] | None
    trade_objects: dict[str, Trade]
    centres: set[str]
    service_types: dict[str, EventType] = field(default_factory=dict)

    @property
    def trades(self) -> set[str]:
        return set(self.trade_objects)


def current_chain(intervention: Intervention) -> dict[str, ResultNode | Activity]:
    """The outputs and activities a service may serve, by code."""
    chain: dict[str, ResultNode | Activity] = {
        node.code: node
        for node in ResultNode.objects.filter(
            intervention=intervention, level="output", retired_in__isnull=True
        )
    }
    chain.update(
        (activity.code, activity)
        for activity in Activity.objects.filter(intervention=intervention, retired_in__isnull=True)
    )
    return chain


def known_codes(intervention: Intervention | None) -> Known:
    return Known(
        organisations={o.code: o for o in Organisation.objects.all()},
        chain=current_chain(intervention) if intervention is not None else None,
        trade_objects={trade.code: trade for trade in Trade.objects.all()},
        centres=set(Centre.objects.values_list("code", flat=True)),
        service_types={t.code: t for t in EventType.objects.all()},
    )


@dataclass(frozen=True)
class Catalogue:
    intervention: Intervention
    service_types: list[EventType]
    trades: list[Trade]
    centres: list[Centre]


def catalogue_for_export(actor: Actor, intervention: Intervention) -> Catalogue:
    """The whole catalogue with its links (the outputs and activities of
    `intervention` only), recorded in the audit trail as a download."""
    types = list(
        EventType.objects.prefetch_related(
            "organisations",
            Prefetch("outputs", ResultNode.objects.filter(intervention=intervention)),
            Prefetch("activities", Activity.objects.filter(intervention=intervention)),
        )
    )
    centres = list(centres_in_full())
    audit.record(actor=actor, action="interop.catalogue.exported", target=intervention)
    return Catalogue(intervention, types, list(Trade.objects.order_by("code")), centres)
