"""Reads of programmes, interventions and results chains, scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from suivi.accounts.models import Organisation
from suivi.core.actors import Actor
from suivi.programmes import policies
from suivi.programmes.models import (
    Activity,
    Intervention,
    LogframeRevision,
    Programme,
    ResultNode,
)


def interventions_for(user: Actor) -> QuerySet[Intervention]:
    """Interventions `user` may see (the system actor: all)."""
    return (
        Intervention.objects.filter(policies.visible_interventions_q(user))
        .distinct()
        .select_related("programme", "partner_institution")
        .order_by("programme__code", "code")
    )


def intervention_for(user: Actor, code: str) -> Intervention | None:
    """One intervention `user` may see, by its code, or None."""
    return interventions_for(user).filter(code=code).first()


def portfolio(user: Actor) -> list[Intervention]:
    """The interventions `user` sees, each with its counts of current
    indicators and of framework revisions."""
    return list(
        interventions_for(user)
        .prefetch_related("operational_partners")
        .annotate(
            current_indicators=Count(
                "indicators", filter=Q(indicators__retired_in__isnull=True), distinct=True
            ),
            revision_count=Count("revisions", distinct=True),
        )
    )


def revisions_of(intervention: Intervention) -> list[LogframeRevision]:
    """The framework's revisions, newest first (the intervention is already
    one the reader may see)."""
    return list(intervention.revisions.order_by("-number"))


@dataclass
class ChainNode:
    """A result of the current chain with its children and activities."""

    result: ResultNode
    children: list[ChainNode] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


def current_chain(intervention: Intervention) -> list[ChainNode]:
    """The current (not withdrawn) results chain as a tree of roots: two queries."""
    results = list(
        intervention.results.filter(retired_in__isnull=True)
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.filter(retired_in__isnull=True)
                .prefetch_related("actions")
                .order_by("order", "code"),
            )
        )
        .order_by("order", "code")
    )
    nodes = {r.pk: ChainNode(r, activities=list(r.activities.all())) for r in results}
    roots = []
    for result in results:
        node = nodes[result.pk]
        if result.parent_id in nodes:
            nodes[result.parent_id].children.append(node)
        else:
            roots.append(node)
    return roots


def measurable_results(intervention: Intervention) -> QuerySet[ResultNode]:
    """The current results (impact, outcome, outputs) an indicator may measure."""
    return intervention.results.filter(retired_in__isnull=True).exclude(level="activity")


@dataclass(frozen=True)
class NewInterventionChoices:
    programmes: list[tuple[str, str]]
    organisations: list[tuple[str, str]]


def new_intervention_choices(user: Actor) -> NewInterventionChoices | None:
    """The programmes and organisations a new intervention may name; None
    for who may not manage the results framework."""
    if not policies.may_manage_results_framework(user):
        return None
    return NewInterventionChoices(
        programmes=[(str(p.pk), p.title) for p in Programme.objects.order_by("code")],
        organisations=[
            (str(o.pk), o.short_name or o.name)
            for o in Organisation.objects.filter(is_active=True).order_by("short_name")
        ],
    )


def programme_by_pk(user: Actor, pk: str) -> Programme | None:
    if not policies.may_manage_results_framework(user) or not pk:
        return None
    return Programme.objects.filter(pk=pk).first()


def organisations_by_pk(pks: list[str]) -> list[Organisation]:
    """Active organisations among `pks` (reference data: every member sees them)."""
    return list(Organisation.objects.filter(pk__in=[p for p in pks if p], is_active=True))
