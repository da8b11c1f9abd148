"""What the logframe workbook holds, read once for the exporter.

The exporter only formats: every read of an intervention's current
framework happens here, in a fixed number of queries whatever the number of
indicators, and exporting is recorded in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suivi.core import audit
from suivi.core.actors import Actor
from suivi.indicators.models import Indicator, IndicatorVersion, Target
from suivi.indicators.selectors.sheets import indicators_for
from suivi.programmes.models import (
    Activity,
    Intervention,
    LogframeRevision,
    PlannedAction,
    ResultNode,
)


@dataclass(frozen=True)
class Framework:
    """An intervention's current framework, as the workbook writes it."""

    intervention: Intervention
    years: list[int]
    revision: LogframeRevision | None = None
    results: list[ResultNode] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)
    # Current indicators with their current version, in code order.
    indicators: list[tuple[Indicator, IndicatorVersion]] = field(default_factory=list)


def current_versions(intervention: Intervention, codes: list[str]) -> dict[str, IndicatorVersion]:
    """The current version of each indicator `codes` names in `intervention`,
    by code (for the importer, system scope: the importer's policies apply)."""
    return {
        version.indicator.code: version
        for version in IndicatorVersion.objects.current()
        .filter(indicator__intervention=intervention, indicator__code__in=codes)
        .select_related("indicator")
    }


def template_years(intervention: Intervention) -> list[int]:
    """The years a target column is written for: the intervention's, else
    those its targets name."""
    if intervention.years:
        return intervention.years
    years = set(
        Target.objects.filter(version__indicator__intervention=intervention)
        .exclude(year=Target.FINAL)
        .values_list("year", flat=True)
    )
    return sorted(years)


def framework_for_export(
    actor: Actor, intervention: Intervention, *, empty: bool = False
) -> Framework:
    """The current framework of `intervention` (an intervention `actor` may
    see) with the indicators `actor` may see, or only its years for the blank
    template. A filled export is recorded in the audit trail."""
    years = template_years(intervention)
    if empty:
        return Framework(intervention, years)
    # The indicators `actor` may see (a partner: those its organisation is
    # responsible for), as on the logframe page and the indicator sheets.
    visible = list(
        indicators_for(actor)
        .filter(intervention=intervention, retired_in__isnull=True)
        .order_by("code")
    )
    versions = {
        version.indicator_id: version
        for version in IndicatorVersion.objects.current()
        .filter(indicator__in=visible)
        .select_related("result", "responsible_organisation")
        .prefetch_related("dimensions", "targets")
    }
    indicators = [
        (indicator, versions[indicator.pk]) for indicator in visible if indicator.pk in versions
    ]
    framework = Framework(
        intervention=intervention,
        years=years,
        revision=intervention.revisions.order_by("-number").first(),
        results=list(
            intervention.results.filter(retired_in__isnull=True)
            .select_related("parent")
            .order_by("order", "code")
        ),
        activities=list(
            intervention.activities.filter(retired_in__isnull=True)
            .select_related("output")
            .order_by("order", "code")
        ),
        actions=list(
            PlannedAction.objects.filter(
                activity__intervention=intervention, activity__retired_in__isnull=True
            )
            .select_related("activity")
            .order_by("activity__order", "activity__code", "year", "order")
        ),
        indicators=indicators,
    )
    audit.record(actor=actor, action="interop.logframe.exported", target=intervention)
    return framework
