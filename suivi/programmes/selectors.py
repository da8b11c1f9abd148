"""Reads of programmes, interventions and results chains, scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from suivi.core.actors import Actor
from suivi.programmes import policies
from suivi.programmes.models import Activity, Intervention, LogframeRevision, ResultNode


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
