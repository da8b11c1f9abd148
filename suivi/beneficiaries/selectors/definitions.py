"""Reads of the computation-rule form: the catalogue it offers, the rule in
force, and a draft's preview next to the figures the indicator holds.
Only who may manage the results framework reaches them (None otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from suivi.accounts.models import Organisation
from suivi.beneficiaries.computation import check
from suivi.beneficiaries.computation.engine import CellResult
from suivi.beneficiaries.computation.spec import parse
from suivi.beneficiaries.models import ComputationRun, EventType, IndicatorComputation
from suivi.beneficiaries.selectors.catalogue import definition_catalogue
from suivi.beneficiaries.selectors.preview import preview
from suivi.core.actors import Actor
from suivi.indicators import cells
from suivi.indicators.models import Indicator, IndicatorVersion
from suivi.indicators.policies import may_manage_definitions
from suivi.indicators.selectors.sheets import cell_label, indicator_sheet
from suivi.indicators.services.definitions import dimension_specs


@dataclass(frozen=True)
class DefinitionPage:
    indicator: Indicator
    version: IndicatorVersion
    catalogue: check.Catalogue
    service_choices: list[tuple[str, str]]
    organisation_choices: list[tuple[str, str]]
    # The rule in force (None before the indicator is computed from records).
    spec: dict[str, Any] | None


@dataclass(frozen=True)
class PreviewCell:
    label: str
    draft: CellResult | None
    current: Decimal | None


@dataclass(frozen=True)
class PreviewYear:
    year: int
    cells: list[PreviewCell]


def definition_page(user: Actor, indicator: Indicator) -> DefinitionPage | None:
    """What the form needs: live service types and organisations with their
    labels in the user's language, the rule in force."""
    if not may_manage_definitions(user):
        return None
    version = indicator.current_version()
    if version is None:
        return None
    computation = IndicatorComputation.objects.filter(indicator=indicator).first()
    types = EventType.objects.filter(is_retired=False).order_by("code")
    return DefinitionPage(
        indicator=indicator,
        version=version,
        catalogue=definition_catalogue(),
        service_choices=[(t.code, t.label) for t in types],
        organisation_choices=[
            (o.code, o.short_name or o.name)
            for o in Organisation.objects.filter(is_active=True).order_by("code")
        ],
        spec=computation.spec if computation is not None else None,
    )


def definition_preview(
    user: Actor, page: DefinitionPage, draft: dict[str, Any]
) -> list[PreviewYear]:
    """For each of the intervention's years, the draft rule's figures over
    the current records (nothing written) beside the values the indicator
    holds, cell by cell (total, each sex, each category…)."""
    dimensions = list(page.version.dimensions.all())
    specs = dimension_specs(dimensions)
    years = page.indicator.intervention.years
    drafted = preview(parse(draft), specs, actor=user, years=years)
    held: dict[int, dict[str, Decimal | None]] = {}
    for measurement in indicator_sheet(user, page.indicator).measurements:
        if not measurement.period.quarter:
            held[measurement.period.year] = {
                value.cell_key: None if getattr(value, "suppressed", False) else value.value
                for value in measurement.values.all()
            }
    keys = cells.all_cells(specs)
    return [
        PreviewYear(
            year,
            [
                PreviewCell(
                    cell_label(key, dimensions),
                    drafted.get(year, {}).get(key),
                    held.get(year, {}).get(key),
                )
                for key in keys
            ],
        )
        for year in years
    ]


def latest_indicator_run(user: Actor, indicator: Indicator) -> ComputationRun | None:
    """The newest run recomputing `indicator` alone (after its rule changed)."""
    if not may_manage_definitions(user):
        return None
    return ComputationRun.objects.filter(indicator=indicator).order_by("-created_at").first()
