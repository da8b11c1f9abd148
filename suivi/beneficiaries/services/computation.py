"""Defining computed indicators and writing their values from the records."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from suivi.beneficiaries.computation.spec import parse
from suivi.beneficiaries.models import (
    ComputationRun,
    IndicatorComputation,
    StaleIdentity,
)
from suivi.beneficiaries.policies import may_recompute
from suivi.beneficiaries.services import facts
from suivi.core import audit, jobs
from suivi.core.actors import Actor
from suivi.indicators.models import Indicator
from suivi.indicators.policies import may_manage_definitions
from suivi.programmes.models import Intervention


@transaction.atomic
def define_computation(
    *, actor: Actor, indicator: Indicator, spec: dict[str, Any], explanation: str = ""
) -> IndicatorComputation:
    """Say how `indicator` follows from the records; its values are then
    computed, never typed in."""
    if not may_manage_definitions(actor):
        raise PermissionDenied
    parse(spec)  # raises ValidationError on a bad definition
    computation, _created = IndicatorComputation.objects.update_or_create(
        indicator=indicator, defaults={"spec": spec, "explanation": explanation}
    )
    if not indicator.is_computed:
        indicator.is_computed = True
        indicator.save(update_fields=["is_computed", "updated_at"])
    audit.record(
        actor=actor,
        action="beneficiaries.computation.defined",
        target=indicator,
        changed_fields=["computation", "is_computed"],
    )
    # Every person's facts follow the new definition (background rebuild).
    from suivi.beneficiaries.tasks import request_rebuild

    transaction.on_commit(request_rebuild)
    return computation


def computed_interventions() -> QuerySet[Intervention]:
    """The interventions with at least one indicator computed from records."""
    return Intervention.objects.filter(indicators__computation__isnull=False).distinct()


def recompute(
    *,
    actor: Actor,
    intervention: Intervention,
    progress: Callable[[str, int, int], None] | None = None,
    rebuild: bool = True,
) -> int:
    """Recompute every computed indicator of `intervention` for the covered
    years and store the values as approved, computed measurements. With
    `rebuild`, every person's facts are first derived again from the services
    (after a definition or a centre changed); without, the stored facts are
    brought up to date (identities marked stale) and re-added. Locked periods
    keep their values. Returns the number of measurements written."""
    plan = facts.computed_indicators(actor, intervention)
    started = timezone.now()
    if rebuild:
        label = gettext("Persons")
        facts.rebuild(plan, progress and (lambda done, total: progress(label, done, total)))
        # Everything marked before the rebuild started is now up to date.
        StaleIdentity.objects.filter(marked_at__lte=started).delete()
    else:
        refresh_stale(actor=actor)
    written = facts.write_values(plan, actor)
    if progress:
        progress(gettext("Indicators"), len(plan.computations), len(plan.computations))
    audit.record(
        actor=actor,
        action="beneficiaries.indicators.computed",
        target=intervention,
        detail={"indicators": len(plan.computations), "years": sorted(plan.periods)},
    )
    return written


def mark_stale(identity_keys: Iterable[uuid.UUID], *, refresh: bool = True) -> None:
    """Services that change a person's services or identity call this in
    their transaction: nothing recorded is missed even if the task is lost.
    With `refresh`, the refresh task is queued once the records are
    committed (bulk loads recompute at the end instead)."""
    StaleIdentity.objects.bulk_create(
        [StaleIdentity(identity_key=key) for key in set(identity_keys)], ignore_conflicts=True
    )
    if refresh:
        from suivi.beneficiaries.tasks import request_refresh

        transaction.on_commit(request_refresh)


def refresh_stale(*, actor: Actor, batch: int = 1000) -> int:
    """Bring the facts of the identities marked stale up to date in every
    intervention and move the values they change. Returns the facts changed."""
    if not StaleIdentity.objects.exists():
        return 0
    plans = [
        facts.computed_indicators(actor, intervention) for intervention in computed_interventions()
    ]
    changed = 0
    while keys := list(StaleIdentity.objects.values_list("identity_key", flat=True)[:batch]):
        with transaction.atomic():
            StaleIdentity.objects.filter(identity_key__in=keys).delete()
            for plan in plans:
                changed += facts.refresh(plan, keys)
    return changed


def request_run(
    *, actor: Actor, intervention: Intervention, rebuild: bool = True
) -> ComputationRun:
    """Ask the task worker to recompute `intervention`'s computed indicators
    (the M&E officer, from the page); the run records its progress."""
    if not may_recompute(actor):
        raise PermissionDenied
    run = jobs.new(ComputationRun, actor=actor, intervention=intervention, rebuild=rebuild)
    run.save()
    audit.record(
        actor=actor,
        action="beneficiaries.recomputation.requested",
        target=intervention,
        detail={"rebuild": rebuild},
    )
    from suivi.beneficiaries.tasks import run_recomputation

    transaction.on_commit(lambda: run_recomputation.enqueue(str(run.pk)))
    return run


def perform_run(run: ComputationRun) -> None:
    """Carry out a requested run on behalf of who asked for it, writing its
    progress where the page reads it (`suivi.core.jobs`); a failure marks
    the run failed and is raised again for the worker's log."""
    with jobs.running(run):
        written = recompute(
            actor=run.actor,
            intervention=run.intervention,
            progress=jobs.reporter(run),
            rebuild=run.rebuild,
        )
        jobs.succeed(run, result={"written": written})
