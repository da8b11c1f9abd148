"""Reads of the service catalogue and the scholarship grid (configuration,
not personal data: every signed-in partner user may read them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from suivi.accounts.models import Organisation
from suivi.beneficiaries.computation import check, describe
from suivi.beneficiaries.models import (
    Centre,
    EventType,
    IndicatorComputation,
    TargetingPeriod,
    Trade,
    VulnerabilityGrid,
)
from suivi.core.actors import Actor
from suivi.indicators.models import DimensionValue, Indicator
from suivi.indicators.policies import may_manage_definitions
from suivi.programmes.models import Activity, Intervention, ResultNode
from suivi.programmes.selectors import interventions_for


def service_types() -> list[EventType]:
    return list(EventType.objects.all())


def service_types_for(organisation: Organisation) -> list[EventType]:
    """The types `organisation` may record now: not retired, and either
    listing it or listing no organisation (open to any partner)."""
    return list(
        EventType.objects.filter(is_retired=False)
        .filter(Q(organisations=organisation) | Q(organisations=None))
        .distinct()
    )


def definition_catalogue() -> check.Catalogue:
    """What a computed-indicator definition may name: every service type
    with its details and the organisations recording it (two queries)."""
    types = EventType.objects.prefetch_related("organisations")
    return check.Catalogue(
        types={
            t.code: check.CatalogueEntry(
                details={d.name: d for d in t.details},
                recorders=frozenset(o.code for o in t.organisations.all()),
                retired=t.is_retired,
            )
            for t in types
        },
        organisations=frozenset(Organisation.objects.values_list("code", flat=True)),
    )


def check_definition(definition: dict[str, Any]) -> None:
    """The indicator source's check (`IndicatorSource.check`): a definition
    must name services, details, values and organisations of the catalogue."""
    check.check(definition, definition_catalogue())


def computation_described(indicator: Indicator) -> str:
    """How `indicator` follows from the records, in plain words in the
    user's language (`computation.describe`); "" when it has no definition.
    Configuration, not personal data: whoever sees the indicator may read it."""
    computation = IndicatorComputation.objects.filter(indicator=indicator).first()
    if computation is None:
        return ""
    return rule_in_words(computation.spec)


def rules_in_words(specs: list[dict[str, Any]]) -> list[str]:
    """Several definitions said in plain words (the catalogue read once):
    the indicator sheet's history of versions."""
    labels = _labels()
    return [describe.describe(spec, labels) for spec in specs]


def rule_in_words(spec: dict[str, Any]) -> str:
    """A definition (in force or a draft) in plain words, in the user's language."""
    return describe.describe(spec, _labels())


def _labels() -> describe.Labels:
    types = EventType.objects.all()
    return describe.Labels(
        services={t.code: (t.label, {d.name: d for d in t.details}) for t in types},
        organisations={o.code: o.short_name or o.name for o in Organisation.objects.all()},
    )


@dataclass(frozen=True)
class CataloguePage:
    service_types: list[EventType]
    trades: list[Trade]
    centres: list[Centre]
    # Where the catalogue workbook is exported from and imported into (its
    # « Sert » column names these interventions' outputs and activities).
    interventions: list[Intervention]


def centres_in_full() -> QuerySet[Centre]:
    """Centres with their organisation, trades and targeting periods in
    date order (configuration: the catalogue page and its workbook)."""
    return Centre.objects.select_related("organisation").prefetch_related(
        "trades", Prefetch("targeting_periods", TargetingPeriod.objects.order_by("starts_on"))
    )


def centre_to_edit(user: Actor, code: str) -> Centre | None:
    """A centre whose targeting periods `user` may change (the M&E staff's),
    with its periods in order; None for anyone else or an unknown code."""
    if not may_manage_definitions(user):
        return None
    return centres_in_full().filter(code=code).first()


def catalogue_page(user: Actor) -> CataloguePage | None:
    """The whole catalogue for the M&E staff's page (None for anyone else),
    in a fixed number of queries."""
    if not may_manage_definitions(user):
        return None
    types = list(EventType.objects.prefetch_related("organisations", "outputs", "activities"))
    centres = list(centres_in_full())
    return CataloguePage(
        types, list(Trade.objects.order_by("name")), centres, list(interventions_for(user))
    )


def service_type(code: str) -> EventType | None:
    return EventType.objects.filter(code=code).first() if code else None


def active_grid() -> VulnerabilityGrid | None:
    """The vulnerability grid scholarships are decided on, with its criteria."""
    return VulnerabilityGrid.objects.filter(is_active=True).prefetch_related("criteria").first()


def migrant_categories() -> list[DimensionValue]:
    """The active values of the migrant-category list, in their order."""
    return list(DimensionValue.objects.filter(dimension__code="category", is_active=True))


def centres_of(organisation: Organisation) -> QuerySet[Centre]:
    """The centres where `organisation` gives its services."""
    return Centre.objects.filter(organisation=organisation)


@dataclass(frozen=True)
class CatalogueChoices:
    """What the catalogue's forms offer (configuration, the M&E staff's):
    organisations, the current outputs and activities of the interventions
    the user sees, trades, and the codes already taken."""

    organisations: list[Organisation]
    outputs: list[ResultNode]
    activities: list[Activity]
    trades: list[Trade]
    service_codes: frozenset[str]
    centre_codes: frozenset[str]
    trade_codes: frozenset[str]
    next_order: int


def catalogue_choices(user: Actor) -> CatalogueChoices | None:
    """The choices of the service type, centre and trade forms, for who may
    manage the catalogue (None for anyone else), in a fixed number of queries."""
    if not may_manage_definitions(user):
        return None
    interventions = interventions_for(user)
    types = list(EventType.objects.values_list("code", "order"))
    return CatalogueChoices(
        organisations=list(Organisation.objects.order_by("short_name", "name")),
        outputs=list(
            ResultNode.objects.filter(
                intervention__in=interventions, level="output", retired_in__isnull=True
            ).select_related("intervention")
        ),
        activities=list(
            Activity.objects.filter(
                intervention__in=interventions, retired_in__isnull=True
            ).select_related("intervention")
        ),
        trades=list(Trade.objects.order_by("name")),
        service_codes=frozenset(code for code, _order in types),
        centre_codes=frozenset(Centre.objects.values_list("code", flat=True)),
        trade_codes=frozenset(Trade.objects.values_list("code", flat=True)),
        next_order=max((order for _code, order in types), default=0) + 1,
    )


def service_type_to_edit(user: Actor, code: str) -> EventType | None:
    """A service type `user` may change (the M&E staff's) with its links;
    None for anyone else or an unknown code."""
    if not may_manage_definitions(user):
        return None
    return (
        EventType.objects.prefetch_related("organisations", "outputs", "activities")
        .filter(code=code)
        .first()
    )


def trade_to_edit(user: Actor, code: str) -> Trade | None:
    """A trade `user` may change; None for anyone else or an unknown code."""
    if not may_manage_definitions(user):
        return None
    return Trade.objects.filter(code=code).first()
