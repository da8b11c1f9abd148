"""Indicators, their sheets, the values to review and the periods, scoped."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from suivi.accounts.models import User
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.indicators import cells, disclosure, policies
from suivi.indicators.models import (
    Dimension,
    Evidence,
    Indicator,
    IndicatorVersion,
    Measurement,
    MeasurementSource,
    MeasurementStatus,
    MeasurementTransition,
    ReportingPeriod,
    UnitType,
)
from suivi.indicators.services import periods
from suivi.indicators.services.definitions import VERSIONED_FIELDS, dimension_specs
from suivi.indicators.services.sources import registered_sources
from suivi.programmes.models import Intervention
from suivi.programmes.selectors import interventions_for


def indicators_for(user: Actor) -> QuerySet[Indicator]:
    """Indicators `user` may see (the intervention's, or for partner staff
    those their organisation is responsible for)."""
    return (
        Indicator.objects.filter(policies.visible_indicators_q(user))
        .distinct()
        .select_related("intervention", "replaces", "introduced_in", "retired_in")
    )


def indicator_for(user: Actor, pk: UUID | str, *, current_only: bool = False) -> Indicator | None:
    """One indicator `user` may see (with `current_only`, not withdrawn)."""
    found = indicators_for(user).filter(pk=pk)
    if current_only:
        found = found.filter(retired_in__isnull=True)
    return found.first()


def measurement_for(user: Actor, pk: UUID | str) -> Measurement | None:
    """One measurement of an indicator `user` may see."""
    return (
        Measurement.objects.select_related("indicator", "period")
        .filter(pk=pk, indicator__in=indicators_for(user))
        .first()
    )


def evidence_to_download(user: Actor, pk: UUID | str) -> Evidence | None:
    """One evidence file of a measurement of an indicator `user` may see,
    its download recorded in the audit trail; None if it is not theirs."""
    evidence = (
        Evidence.objects.select_related("measurement")
        .filter(pk=pk, measurement__indicator__in=indicators_for(user))
        .first()
    )
    if evidence is not None:
        audit.record(actor=user, action="indicators.evidence.viewed", target=evidence)
    return evidence


def period_for(user: Actor, pk: UUID | str) -> ReportingPeriod | None:
    """One reporting period of an intervention `user` may see."""
    return (
        ReportingPeriod.objects.select_related("intervention")
        .filter(pk=pk, intervention__in=interventions_for(user))
        .first()
    )


def periods_with_counts(user: Actor, intervention: Intervention) -> QuerySet[ReportingPeriod]:
    """The intervention's periods with their counts of values and approved
    values, among the indicators `user` sees."""
    mine = Q(measurements__indicator__in=indicators_for(user).values("pk"))
    return periods_of(intervention).annotate(
        total=Count("measurements", filter=mine),
        approved=Count("measurements", filter=mine & Q(measurements__status="approved")),
    )


def last_return(measurement: Measurement | None) -> MeasurementTransition | None:
    """The last time `measurement` was returned for revision (its note)."""
    if measurement is None:
        return None
    return measurement.transitions.filter(to_status="returned").order_by("-created_at").first()


def dimensions_with_values() -> QuerySet[Dimension]:
    """Every disaggregation dimension with its values (reference data)."""
    return Dimension.objects.prefetch_related("values")


def indicators_by_result(user: Actor, intervention: Intervention) -> dict[object, list[object]]:
    """The current indicators `user` sees, by the result their current
    version measures: `{result id: [{"indicator", "version"}, …]}`."""
    indicators = (
        indicators_for(user)
        .filter(intervention=intervention, retired_in__isnull=True)
        .prefetch_related("versions")
    )
    by_result: dict[object, list[object]] = {}
    for indicator in indicators:
        version = max(indicator.versions.all(), key=lambda v: v.number)
        by_result.setdefault(version.result_id, []).append(
            {"indicator": indicator, "version": version}
        )
    return by_result


@dataclass(frozen=True)
class VersionChange:
    version: IndicatorVersion
    changed: list[str]  # what changed, named in the user's language
    rule: str = ""  # a computed indicator's rule in this version, in plain words


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
    # How a computed indicator follows from its source's records, in words.
    computation: str = ""


def _field_name(name: str) -> str:
    if name in ("targets", "dimensions"):
        return str(_("targets") if name == "targets" else _("disaggregation"))
    field = IndicatorVersion._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _version_changes(
    versions: list[IndicatorVersion], rules: dict[int, str]
) -> list[VersionChange]:
    changes = []
    previous = None
    for version in versions:
        rule = rules.get(version.number, "")
        if previous is None:
            changes.append(VersionChange(version, [], rule))
        else:
            changed = [f for f in VERSIONED_FIELDS if getattr(previous, f) != getattr(version, f)]
            old_targets = {(t.year, t.cell_key, t.value) for t in previous.targets.all()}
            if old_targets != {(t.year, t.cell_key, t.value) for t in version.targets.all()}:
                changed.append("targets")
            if {d.pk for d in previous.dimensions.all()} != {
                d.pk for d in version.dimensions.all()
            }:
                changed.append("dimensions")
            changes.append(VersionChange(version, [_field_name(f) for f in changed], rule))
        previous = version
    return list(reversed(changes))


def indicator_sheet(user: Actor, indicator: Indicator) -> IndicatorSheet:
    """Everything the indicator sheet shows, in a fixed number of queries.
    Outside the M&E staff, the small computed person counts (and those that
    would give them back) come with their numbers removed and `suppressed`
    set (disclosure.py)."""
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
    if current.unit == UnitType.COUNT and not disclosure.sees_exact_counts(user):
        _suppress_small_counts(measurements)
    dimensions = list(current.dimensions.all())
    keys = cells.all_cells(dimension_specs(dimensions))
    return IndicatorSheet(
        indicator=indicator,
        current=current,
        history=_version_changes(versions, _rules(indicator, versions)),
        measurements=measurements,
        cell_keys=keys,
        cell_labels={key: cell_label(key, dimensions) for key in keys},
        replaced_by=list(indicator.replaced_by.all()),
        predecessors=_predecessors(indicator),
        computation=_computation(indicator),
    )


def _rules(indicator: Indicator, versions: list[IndicatorVersion]) -> dict[int, str]:
    """Version number → its computation rule in words (older ones stay readable)."""
    source = registered_sources().get(indicator.computed_source)
    stated = [v for v in versions if v.definition]
    if source is None or not stated:
        return {}
    words = source.rules_in_words([v.definition for v in stated if v.definition])
    return {v.number: rule for v, rule in zip(stated, words, strict=True)}


def rule_links(indicator: Indicator) -> list[tuple[str, str]]:
    """(source label, URL name) of the pages where a source's computation
    rule for `indicator` is written: its own source's, or any source's while
    its values are typed."""
    return [
        (str(source.label), source.edit_url)
        for source in registered_sources().values()
        if source.edit_url and indicator.computed_source in ("", source.name)
    ]


def _computation(indicator: Indicator) -> str:
    if not indicator.is_declared_computed or not indicator.computed_source:
        return ""
    source = registered_sources().get(indicator.computed_source)
    return source.description(indicator) if source is not None else ""


def _suppress_small_counts(measurements: list[Measurement]) -> None:
    """Blank, on the instances read for this page only, the computed values
    the reader may not see; they are never saved (a read path)."""
    for measurement in measurements:
        if measurement.source != MeasurementSource.COMPUTED:
            continue
        values = list(measurement.values.all())  # the prefetched instances
        hidden = disclosure.suppressed_cells({v.cell_key: v.value for v in values})
        for value in values:
            value.suppressed = value.cell_key in hidden
            if value.suppressed:
                value.value = value.numerator = value.denominator = None


def _predecessors(indicator: Indicator, limit: int = 10) -> list[IndicatorVersion]:
    """The current version of each indicator `indicator` takes over from,
    newest first, in three queries however long the lineage: an indicator
    replaces one of its own intervention, so the links of the intervention
    are read at once and followed here."""
    if indicator.replaces_id is None:
        return []
    replaces = dict(
        Indicator.objects.filter(intervention_id=indicator.intervention_id).values_list(
            "pk", "replaces_id"
        )
    )
    chain: list[UUID] = []
    earlier: UUID | None = indicator.replaces_id
    while earlier is not None and earlier not in chain and len(chain) < limit:
        chain.append(earlier)
        earlier = replaces.get(earlier)
    versions = {
        version.indicator_id: version
        for version in IndicatorVersion.objects.current()
        .filter(indicator__in=chain)
        .select_related("revision", "indicator")
        .prefetch_related("targets")
    }
    return [versions[pk] for pk in chain if pk in versions]


def cell_label(key: str, dimensions: list[Dimension]) -> str:
    """``category=refugee|sex=women`` → ``Réfugié·e × Femmes`` in the user's language."""
    if key == cells.TOTAL:
        return str(_("Total"))
    names = {(d.code, v.code): v.label for d in dimensions for v in d.values.all()}
    return " × ".join(names.get(item, "=".join(item)) for item in cells.parse_key(key).items())


def review_queue(user: User) -> QuerySet[Measurement]:
    """Submitted values of the indicators `user` sees, each annotated with
    the actor of its last submission (`reviewable` keeps those `user` may
    review without a query per value)."""
    last_submitter = (
        MeasurementTransition.objects.filter(
            measurement=OuterRef("pk"), to_status=MeasurementStatus.SUBMITTED
        )
        .order_by("-created_at")
        .values("actor_id")[:1]
    )
    return (
        Measurement.objects.filter(
            status=MeasurementStatus.SUBMITTED, indicator__in=indicators_for(user)
        )
        .annotate(**{policies.LAST_SUBMITTER: Subquery(last_submitter)})
        .select_related("indicator", "indicator__intervention", "period", "created_by")
        .prefetch_related("values")
        .order_by("period__year", "indicator__code")
    )


def reviewable(user: User, measurements: QuerySet[Measurement]) -> list[Measurement]:
    """The values of `measurements` that `user` may review (not their own)."""
    return [m for m in measurements if policies.may_review(user, m)]


def periods_of(intervention: Intervention) -> QuerySet[ReportingPeriod]:
    return intervention.periods.select_related("locked_by").order_by("-year", "kind", "quarter")


def entry_of(
    indicator: Indicator, year: int, quarter: int = 0
) -> tuple[ReportingPeriod, Measurement | None] | None:
    """The period of `year` (quarter 0) or of one quarter whose values the
    entry page shows, and the measurement of `indicator` in it if any. Before
    the period's first values are saved it is not stored: an unsaved period
    comes back (without measurement), and saving creates it
    (`periods.ensure_period`). None when the intervention has no such period
    (a year outside its dates, a quarter not numbered 1 to 4)."""
    try:
        period = periods.unsaved_period(
            intervention=indicator.intervention, year=year, quarter=quarter
        )
    except ValidationError:
        return None
    stored = ReportingPeriod.objects.filter(
        intervention=indicator.intervention_id, kind=period.kind, year=year, quarter=quarter
    ).first()
    if stored is None:
        return period, None
    return stored, Measurement.objects.filter(indicator=indicator, period=stored).first()
