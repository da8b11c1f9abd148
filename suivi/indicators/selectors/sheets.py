"""Indicators, their sheets, the values to review and the periods, scoped."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from suivi.accounts.models import User
from suivi.indicators import cells, policies
from suivi.indicators.models import (
    Dimension,
    Indicator,
    IndicatorVersion,
    Measurement,
    MeasurementStatus,
    MeasurementTransition,
    ReportingPeriod,
)
from suivi.indicators.services.definitions import VERSIONED_FIELDS, dimension_specs
from suivi.programmes.models import Intervention


def indicators_for(user: User | None) -> QuerySet[Indicator]:
    """Indicators `user` may see (the intervention's, or for partner staff
    those their organisation is responsible for)."""
    return (
        Indicator.objects.filter(policies.visible_indicators_q(user))
        .distinct()
        .select_related("intervention", "replaces", "introduced_in", "retired_in")
    )


@dataclass(frozen=True)
class VersionChange:
    version: IndicatorVersion
    changed: list[str]


@dataclass(frozen=True)
class IndicatorSheet:
    indicator: Indicator
    current: IndicatorVersion
    history: list[VersionChange]
    measurements: list[Measurement]
    cell_keys: list[str]
    cell_labels: dict[str, str]
    replaced_by: list[Indicator]
    # The indicators of earlier frameworks this one takes over from, newest
    # first, each with its last definition.
    predecessors: list[IndicatorVersion]


def _version_changes(versions: list[IndicatorVersion]) -> list[VersionChange]:
    changes = []
    previous = None
    for version in versions:
        if previous is None:
            changes.append(VersionChange(version, []))
        else:
            changed = [f for f in VERSIONED_FIELDS if getattr(previous, f) != getattr(version, f)]
            old_targets = {(t.year, t.cell_key, t.value) for t in previous.targets.all()}
            if old_targets != {(t.year, t.cell_key, t.value) for t in version.targets.all()}:
                changed.append("targets")
            if {d.pk for d in previous.dimensions.all()} != {
                d.pk for d in version.dimensions.all()
            }:
                changed.append("dimensions")
            changes.append(VersionChange(version, changed))
        previous = version
    return list(reversed(changes))


def indicator_sheet(user: User | None, indicator: Indicator) -> IndicatorSheet:
    """Everything the indicator sheet shows, in a fixed number of queries."""
    versions = list(
        indicator.versions.select_related(
            "revision", "result", "responsible_organisation", "created_by"
        )
        .prefetch_related("targets", "dimensions__values")
        .order_by("number")
    )
    measurements = list(
        indicator.measurements.select_related("period", "created_by", "organisation")
        .prefetch_related(
            "values",
            "evidence",
            Prefetch(
                "transitions",
                queryset=MeasurementTransition.objects.select_related("actor").order_by(
                    "created_at"
                ),
            ),
        )
        .order_by("-period__year", "-period__quarter")
    )
    current = versions[-1]
    dimensions = list(current.dimensions.all())
    keys = cells.all_cells(dimension_specs(dimensions))
    return IndicatorSheet(
        indicator=indicator,
        current=current,
        history=_version_changes(versions),
        measurements=measurements,
        cell_keys=keys,
        cell_labels={key: cell_label(key, dimensions) for key in keys},
        replaced_by=list(indicator.replaced_by.all()),
        predecessors=_predecessors(indicator),
    )


def _predecessors(indicator: Indicator, limit: int = 10) -> list[IndicatorVersion]:
    found: list[IndicatorVersion] = []
    current = indicator.replaces
    while current is not None and len(found) < limit:
        version = (
            current.versions.select_related("revision", "indicator")
            .prefetch_related("targets")
            .order_by("-number")
            .first()
        )
        if version is not None:
            found.append(version)
        current = current.replaces
    return found


def cell_label(key: str, dimensions: list[Dimension]) -> str:
    """``category=refugee|sex=women`` → ``Réfugié·e × Femmes`` in the user's language."""
    if key == cells.TOTAL:
        return str(_("Total"))
    names = {(d.code, v.code): v.label for d in dimensions for v in d.values.all()}
    return " × ".join(names.get(item, "=".join(item)) for item in cells.parse_key(key).items())


def review_queue(user: User) -> QuerySet[Measurement]:
    """Submitted values `user` may review (not their own submissions)."""
    queryset = (
        Measurement.objects.filter(
            status=MeasurementStatus.SUBMITTED, indicator__in=indicators_for(user)
        )
        .select_related("indicator", "indicator__intervention", "period", "created_by")
        .prefetch_related("values", "transitions")
        .order_by("period__year", "indicator__code")
    )
    return queryset


def reviewable(user: User, measurements: QuerySet[Measurement]) -> list[Measurement]:
    return [m for m in measurements if policies.may_review(user, m)]


def periods_of(intervention: Intervention) -> QuerySet[ReportingPeriod]:
    return intervention.periods.select_related("locked_by").order_by("-year", "kind", "quarter")
