"""Reads of the capacity registers, scoped to the acting user: the team and
the steering committee read every intervention's registers; anyone else gets
nothing (an empty list, None for one record)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from suivi.accounts.models import Organisation
from suivi.beneficiaries.selectors.placements import placements_by_employer
from suivi.capacity import compute, policies
from suivi.capacity.indicators import SOURCE
from suivi.capacity.models import (
    CapacityDefinition,
    CompanyOutreach,
    Deliverable,
    Participant,
    Training,
)
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.core.models import AuditEvent
from suivi.governance import selectors as governance
from suivi.indicators.models import Indicator, IndicatorVersion
from suivi.programmes.models import Activity, Intervention
from suivi.programmes.selectors import interventions_for

MODELS: dict[str, type[models.Model]] = {
    "training": Training,
    "outreach": CompanyOutreach,
    "deliverable": Deliverable,
}
_RELATED: dict[str, tuple[str, ...]] = {
    "training": ("intervention", "activity"),
    "outreach": ("intervention", "activity", "sensitised_by"),
    "deliverable": ("intervention", "activity"),
}
_PARTICIPANTS = Prefetch(
    "participants", queryset=Participant.objects.select_related("organisation")
)


def interventions(user: Actor) -> QuerySet[Intervention]:
    if not policies.may_view_capacity(user):
        return Intervention.objects.none()
    return interventions_for(user)


def records(user: Actor, kind: str, lookups: Mapping[str, object] | None = None) -> QuerySet:
    """The records of register `kind` that `user` may read, narrowed by
    `lookups` (field lookups the register's filter form produced)."""
    model = MODELS[kind]
    if not policies.may_view_capacity(user):
        return model._default_manager.none()
    found = model._default_manager.filter(intervention__in=interventions(user)).select_related(
        *_RELATED[kind]
    )
    if kind == "training":
        found = found.prefetch_related(_PARTICIPANTS)
    return found.filter(**{k: v for k, v in (lookups or {}).items() if v not in ("", None)})


def record(user: Actor, kind: str, pk: object) -> Any:
    return records(user, kind).filter(pk=pk).first()


def counts(user: Actor) -> dict[str, int]:
    return {kind: records(user, kind).count() for kind in MODELS}


def participant_for(user: Actor, pk: str) -> Participant | None:
    return (
        Participant.objects.filter(training__in=records(user, "training"))
        .select_related("training")
        .filter(pk=pk)
        .first()
    )


def trainings_of_year(user: Actor, intervention: Intervention | None, year: int) -> list[Training]:
    """The trainings that ended in `year` (the report's table), oldest first."""
    found = records(user, "training").filter(ends_on__year=year)
    if intervention is not None:
        found = found.filter(intervention=intervention)
    return list(found.order_by("starts_on", "topic"))


def history(user: Actor, records_: Iterable[models.Model]) -> QuerySet[AuditEvent]:
    """The audit events of these records, for readers of the audit trail; the
    read is itself recorded, as on the audit-trail page."""
    if not policies.may_see_history(user):
        return AuditEvent.objects.none()
    ids = [str(item.pk) for item in records_]
    events = (
        AuditEvent.objects.filter(object_id__in=ids)
        .select_related("actor")
        .order_by("-occurred_at")[:100]
    )
    audit.record(
        actor=user, action="core.audit_trail.viewed", detail={"filters": {"object_id": ids[0]}}
    )
    return events


def record_export(user: Actor, kind: str, count: int) -> None:
    audit.record(
        actor=user, action="capacity.register.exported", detail={"register": kind, "rows": count}
    )


def file_for(user: Actor, pk: object) -> Deliverable | None:
    """A deliverable's file to download; the download is recorded."""
    found = record(user, "deliverable", pk)
    if found is None or not found.file:
        return None
    audit.record(actor=user, action="capacity.deliverable.file_viewed", target=found)
    return found


# -- Choices for the forms ---------------------------------------------------------------


def activities(user: Actor) -> QuerySet[Activity]:
    return Activity.objects.filter(
        intervention__in=interventions(user), retired_in__isnull=True
    ).select_related("intervention")


def organisations(user: Actor) -> QuerySet[Organisation]:
    if not policies.may_view_capacity(user):
        return Organisation.objects.none()
    return Organisation.objects.order_by("short_name")


# -- Indicator definitions ----------------------------------------------------------------


def definitions(user: Actor, intervention: Intervention | None = None) -> list[CapacityDefinition]:
    if not policies.may_view_capacity(user):
        return []
    found = CapacityDefinition.objects.filter(
        indicator__intervention__in=interventions(user)
    ).select_related("indicator", "indicator__intervention")
    if intervention is not None:
        found = found.filter(indicator__intervention=intervention)
    return list(found)


def definition_for(user: Actor, pk: object) -> CapacityDefinition | None:
    if not policies.may_view_capacity(user):
        return None
    return (
        CapacityDefinition.objects.filter(indicator__intervention__in=interventions(user), pk=pk)
        .select_related("indicator", "indicator__intervention")
        .first()
    )


def definable_indicators(user: Actor) -> QuerySet[Indicator]:
    """Indicators a definition may be given to: the user's interventions'
    indicators, not computed by another source."""
    return (
        Indicator.objects.filter(intervention__in=interventions(user), retired_in__isnull=True)
        .filter(Q(is_computed=False) | Q(computed_source__in=["", SOURCE.name]))
        .select_related("intervention")
        .order_by("intervention__code", "code")
    )


def described(indicator: Indicator) -> str:
    """The IndicatorSource hook: how the capacity app computes `indicator`."""
    from suivi.capacity.describe import describe

    found = CapacityDefinition.objects.filter(indicator=indicator).first()
    if found is None:
        return ""
    return f"{describe(found)} {found.shown_note}".strip()


def why_empty(indicator: Indicator, year: int) -> str:
    """The IndicatorSource hook: why `indicator` has no value for `year`
    (the definition's note, or the rule that left it blank)."""
    from django.utils.translation import gettext as _

    found = CapacityDefinition.objects.filter(indicator=indicator).first()
    if found is None or indicator.computed_from_year is None or year < indicator.computed_from_year:
        return ""
    if found.note:
        return _("Not measured. %(note)s") % {"note": found.shown_note}
    return _("Not measured: no record counts in this year.")


def by_sex(indicators: Iterable[Indicator]) -> set[object]:
    """The indicators (ids) whose current version is split by sex."""
    through = IndicatorVersion.dimensions.through
    versions = IndicatorVersion.objects.current().filter(indicator__in=list(indicators))
    return set(
        through.objects.filter(indicatorversion__in=versions, dimension__code="sex").values_list(
            "indicatorversion__indicator_id", flat=True
        )
    )


def computation_records(actor: Actor, intervention: Intervention) -> compute.Records:
    """Everything the intervention's definitions read, loaded once."""
    trainings = list(records(actor, "training").filter(intervention=intervention))
    meetings = [
        {**row, "recorded": bool(row["meeting"].participations.all())}
        for year in intervention.years
        for row in governance.attendance(
            actor, intervention, year, [kind for kind, _label in governance_kinds()]
        )
    ]
    return compute.Records(
        trainings=trainings,
        meetings=meetings,
        outreach=list(records(actor, "outreach").filter(intervention=intervention)),
        deliverables=list(records(actor, "deliverable").filter(intervention=intervention)),
        placements=placements_by_employer(actor, intervention),
    )


def recruitment(user: Actor, company: CompanyOutreach) -> compute.Recruitment:
    """A company's recruitments as the indicators count them: the placements
    naming its code (a count of persons, never who), else the typed figure."""
    placements = (
        placements_by_employer(user, company.intervention)
        if company.code and policies.may_view_capacity(user)
        else {}
    )
    return compute.recruitment(company, placements)


def placed_count_hidden(user: Actor, found: compute.Recruitment) -> bool:
    """Whether the page hides a linked count of 1 to 4 persons behind « fewer
    than 5 »: a handful of people placed with a named company could be
    recognised (`indicators.disclosure`); the M&E staff see it exact."""
    from suivi.indicators import disclosure

    return (
        found.linked
        and found.recruited is not None
        and 0 < found.recruited < disclosure.THRESHOLD
        and not disclosure.sees_exact_counts(user)
    )


def governance_kinds() -> list[tuple[str, object]]:
    from suivi.governance.models import MeetingKind

    return list(MeetingKind.choices)


# -- Pages computed from the records -------------------------------------------------------


def definitions_overview(
    user: Actor, intervention: Intervention | None, year: int
) -> list[dict[str, Any]]:
    """Each definition with its value for `year` as computed now, and, for a
    knowledge measure, the other readings of the same tests (the report does
    not say which one its figure is)."""
    from suivi.capacity.describe import describe
    from suivi.capacity.models import Measure

    found = definitions(user, intervention)
    loaded: dict[object, compute.Records] = {}
    split = by_sex(d.indicator for d in found) if found else set()
    rows = []
    for definition in found:
        target = definition.indicator.intervention
        if target.pk not in loaded:
            loaded[target.pk] = computation_records(user, target)
        records_ = loaded[target.pk]
        value = compute.figure(definition, records_, year, by_sex=definition.indicator.pk in split)
        readings = []
        if definition.measure in compute.KNOWLEDGE:
            for measure in sorted(compute.KNOWLEDGE):
                other = CapacityDefinition(
                    measure=measure,
                    scope=definition.scope,
                    cumulative=definition.cumulative,
                    threshold=definition.threshold
                    if definition.threshold is not None
                    else Decimal(70),
                )
                result = compute.figure(other, records_, year, by_sex=False)
                readings.append(
                    {
                        "label": Measure(measure).label,
                        "threshold": other.threshold
                        if measure == Measure.KNOWLEDGE_THRESHOLD
                        else None,
                        "chosen": measure == definition.measure,
                        "cell": result[""] if result else None,
                    }
                )
        rows.append(
            {
                "definition": definition,
                "words": describe(definition),
                "cell": value[""] if value else None,
                "readings": readings,
            }
        )
    return rows


def trainings_table(
    user: Actor, intervention: Intervention | None, year: int
) -> list[dict[str, Any]]:
    """The report's table of trainings delivered in the year, from the records."""
    rows = []
    for training in trainings_of_year(user, intervention, year):
        people = list(training.participants.all())
        tested = [(training, p) for p in people]
        post_n, post_d = compute.knowledge_share(compute.Measure.KNOWLEDGE_POST_MEAN, tested, None)
        answered = [p for p in people if p.satisfaction]
        satisfied = [p for p in answered if p.satisfaction in compute.SATISFIED]
        rows.append(
            {
                "training": training,
                "participants": len(people),
                "women": sum(1 for p in people if p.sex == "women"),
                "men": sum(1 for p in people if p.sex == "men"),
                "institutions": len({compute.institution_key(p) for p in people}),
                "state_institutions": len(
                    {compute.institution_key(p) for p in people if p.state_institution}
                ),
                "post_mean": compute.Cell(numerator=post_n, denominator=post_d).shown
                if post_d
                else None,
                "satisfaction": compute.Cell(
                    numerator=Decimal(len(satisfied)), denominator=Decimal(len(answered))
                ).shown
                if answered
                else None,
            }
        )
    return rows


@dataclass(frozen=True)
class YearOfWork:
    """One year of the capacity registers: what a home panel shows."""

    year: int
    trainings: int
    women: int
    men: int
    unstated: int  # participants whose attendance list does not say their sex
    companies: int
    deliverables: int


def years_of_work(user: Actor) -> list[YearOfWork]:
    """Per year with any record, oldest first: trainings ended, their
    participants by sex, companies sensitised and deliverables produced, in
    the interventions `user` may read (nothing for who may not). A handful
    of grouped queries, whatever the number of records."""
    if not policies.may_view_capacity(user):
        return []
    scope = {"intervention__in": interventions(user)}

    def per_year(model: type[models.Model], field: str, **lookups: object) -> dict[int, int]:
        rows = (
            model._default_manager.filter(**scope, **lookups)
            .annotate(year=ExtractYear(field))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["year"]: row["n"] for row in rows}

    trainings = per_year(Training, "ends_on")
    companies = per_year(CompanyOutreach, "sensitised_on")
    deliverables = per_year(Deliverable, "produced_on")
    people: dict[tuple[int, str], int] = {}
    attendance = (
        Participant.objects.filter(training__intervention__in=interventions(user))
        .annotate(year=ExtractYear("training__ends_on"))
        .values("year", "sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in attendance:
        people[(row["year"], row["sex"])] = row["n"]
    years = sorted({*trainings, *companies, *deliverables})
    return [
        YearOfWork(
            year=year,
            trainings=trainings.get(year, 0),
            women=people.get((year, "women"), 0),
            men=people.get((year, "men"), 0),
            unstated=people.get((year, ""), 0),
            companies=companies.get(year, 0),
            deliverables=deliverables.get(year, 0),
        )
        for year in years
    ]
