"""Recomputations asked for from the page, and what waits to be counted:
read only by who may recompute (`policies.may_recompute`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from suivi.beneficiaries.models import ComputationRun, StaleIdentity
from suivi.beneficiaries.policies import may_recompute
from suivi.core.actors import Actor
from suivi.programmes.models import Intervention
from suivi.programmes.selectors import interventions_for


def runs_for(user: Actor) -> QuerySet[ComputationRun]:
    """The runs `user` may follow: none unless they may recompute, then
    those of the interventions they see."""
    if not may_recompute(user):
        return ComputationRun.objects.none()
    return ComputationRun.objects.filter(intervention__in=interventions_for(user)).select_related(
        "intervention", "created_by"
    )


def recent_runs(user: Actor, intervention: Intervention, limit: int = 10) -> list[ComputationRun]:
    """The latest runs of `intervention`, newest first."""
    return list(runs_for(user).filter(intervention=intervention).order_by("-created_at")[:limit])


def waiting_count(user: Actor) -> int:
    """How many persons' services wait to be counted (every intervention)."""
    if not may_recompute(user):
        raise PermissionDenied
    return StaleIdentity.objects.count()


def run_for(user: Actor, pk: object) -> ComputationRun | None:
    """One recomputation `user` may follow, or None."""
    return runs_for(user).filter(pk=str(pk)).first()


def computed_interventions_for(user: Actor, code: str = "") -> list[Intervention]:
    """The interventions with indicators computed from records that `user`
    may recompute (all of them, or the one of `code`)."""
    if not may_recompute(user):
        return []
    found = interventions_for(user).filter(indicators__computation__isnull=False).distinct()
    return list(found.filter(code=code) if code else found)
