"""Reads of programmes, interventions and results chains, scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from suivi.core.actors import Actor
from suivi.programmes import policies
from suivi.programmes.models import Activity, Intervention, ResultNode


def interventions_for(user: Actor) -> QuerySet[Intervention]:
    """Interventions `user` may see (None: the system, sees all)."""
    return (
        Intervention.objects.filter(policies.visible_interventions_q(user))
        .distinct()
        .select_related("programme", "partner_institution")
        .prefetch_related("operational_partners")
        .order_by("programme__code", "code")
    )


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
