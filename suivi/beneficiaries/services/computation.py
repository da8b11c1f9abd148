"""Defining computed indicators and writing their values from the records."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from suivi.beneficiaries.computation import flat
from suivi.beneficiaries.computation.check import check
from suivi.beneficiaries.computation.source import SOURCE, definition_version
from suivi.beneficiaries.models import (
    ComputationRun,
    IndicatorComputation,
    StaleIdentity,
)
from suivi.beneficiaries.policies import may_recompute
from suivi.beneficiaries.selectors.catalogue import definition_catalogue
from suivi.beneficiaries.services import facts
from suivi.core import audit, jobs
from suivi.core.actors import Actor
from suivi.indicators.models import Indicator, IndicatorVersion
from suivi.indicators.policies import may_manage_definitions
from suivi.indicators.services import definitions, sources
from suivi.programmes import services as programme_services
from suivi.programmes.models import Intervention, LogframeRevision

logger = logging.getLogger(__name__)


@transaction.atomic
def define_computation(
    *,
    actor: Actor,
    indicator: Indicator,
    spec: dict[str, Any],
    explanation: str = "",
    computed_from_year: int | None = None,
    reason: str = "",
    decision_reference: str = "",
    revision: LogframeRevision | None = None,
) -> IndicatorComputation:
    """Say how `indicator` follows from the records; its values are then
    computed, never typed in. The first time, the indicator is declared
    computed by this app (`suivi.indicators.services.sources`) from
    `computed_from_year` (by default the intervention's first year) with
    `reason` (required): entered values of earlier years stay, and no entered
    value is ever overwritten. Giving a year or a reason later re-declares.

    A definition belongs to an indicator version: a new one is added in
    `revision` (or in a revision opened for it, citing `decision_reference`)
    with `reason` — required when a definition changes — and the older
    versions stay readable. Only that indicator is then recomputed, as a run
    with its progress. Stating the definition in force again writes nothing
    and rebuilds nothing (imports and the demo loader repeat themselves)."""
    if not may_manage_definitions(actor):
        raise PermissionDenied
    # Its shape, then what it names: a typo must not become a plausible 0.
    check(spec, definition_catalogue())
    spec = flat.canonical(spec, definition_catalogue())
    current = IndicatorComputation.objects.filter(indicator=indicator).first()
    if current is not None and current.spec != spec and not reason.strip():
        raise ValidationError({"reason": gettext("Say why the computation rule changes.")})
    _declare(actor, indicator, computed_from_year, reason)
    version = indicator.current_version()
    unchanged = current is not None and (current.spec, current.explanation) == (spec, explanation)
    if unchanged and current is not None and current.version_id is not None:
        return current
    if version is None or version.definition != spec:
        if revision is None:
            revision = programme_services.open_revision(
                actor=actor,
                intervention=indicator.intervention,
                label=gettext("Computation rule of %(code)s") % {"code": indicator.code},
                reason=reason or indicator.computed_reason,
                decision_reference=decision_reference,
            )
        version = definitions.put_definition(
            actor=actor,
            revision=revision,
            indicator=indicator,
            definition=spec,
            computed_by=SOURCE.name,
            reason=reason or indicator.computed_reason,
            decision_reference=decision_reference,
        )
    return _in_force(actor, indicator, version, explanation, current)


@transaction.atomic
def put_definition_in_force(
    *, actor: Actor, indicator: Indicator, revision: LogframeRevision
) -> IndicatorComputation | None:
    """After a logframe import stated `indicator`'s computation rule in its
    current version (`indicators.services.definitions.put_indicator`, which
    had this source check it), compute the indicator by that rule: declared
    computed the first time (from the intervention's first year, for the
    revision's reason), recomputed when the rule changed. Nothing is written
    when the rule in force is already that one."""
    if not may_manage_definitions(actor):
        raise PermissionDenied
    version = indicator.current_version()
    if version is None or not version.definition:
        return None
    current = IndicatorComputation.objects.filter(indicator=indicator).first()
    if current is not None and current.version_id == version.pk:
        return current
    declared = indicator.is_declared_computed and indicator.computed_source == SOURCE.name
    _declare(actor, indicator, None, "" if declared else revision.reason)
    return _in_force(actor, indicator, version, current.explanation if current else "", current)


def _in_force(
    actor: Actor,
    indicator: Indicator,
    version: IndicatorVersion,
    explanation: str,
    current: IndicatorComputation | None,
) -> IndicatorComputation:
    spec = version.definition or {}
    computation, _created = IndicatorComputation.objects.update_or_create(
        indicator=indicator,
        defaults={"spec": spec, "explanation": explanation, "version": version},
    )
    audit.record(
        actor=actor,
        action="beneficiaries.computation.defined",
        target=indicator,
        changed_fields=["computation"],
        detail={"definition": definition_version(spec), "version": version.number},
    )
    if current is None or current.spec != spec:
        # This indicator's facts follow the new definition (a run, with progress).
        _request_indicator_run(actor, indicator)
    return computation


def _declare(
    actor: Actor, indicator: Indicator, computed_from_year: int | None, reason: str
) -> None:
    declared = indicator.is_declared_computed and indicator.computed_source == SOURCE.name
    if declared and computed_from_year is None and not reason:
        return
    start = indicator.intervention.start_date
    year = computed_from_year or (
        indicator.computed_from_year if declared else (start.year if start else None)
    )
    if year is None:
        raise ValidationError(
            {"computed_from_year": gettext("Say from which year the values are computed.")}
        )
    sources.declare_computed(
        actor=actor,
        indicator=indicator,
        source=SOURCE.name,
        from_year=year,
        reason=reason or (indicator.computed_reason if declared else ""),
    )


def _request_indicator_run(actor: Actor, indicator: Indicator) -> ComputationRun:
    run = jobs.new(
        ComputationRun,
        actor=actor,
        intervention=indicator.intervention,
        rebuild=True,
        indicator=indicator,
    )
    run.save()
    from suivi.beneficiaries.tasks import run_recomputation

    transaction.on_commit(lambda: run_recomputation.enqueue(str(run.pk)))
    return run


def computed_interventions() -> QuerySet[Intervention]:
    """The interventions with at least one indicator computed from records."""
    return Intervention.objects.filter(indicators__computation__isnull=False).distinct()


def recompute(
    *,
    actor: Actor,
    intervention: Intervention,
    progress: Callable[[str, int, int], None] | None = None,
    rebuild: bool = True,
    indicator: Indicator | None = None,
) -> int:
    """Recompute every computed indicator of `intervention` for the covered
    years and write the values through the indicators app's service (as
    approved, computed measurements). With `rebuild`, every person's facts are
    first derived again from the services (after a definition or a centre
    changed); without, the stored facts are brought up to date (identities
    marked stale) and re-added. Locked periods, entered values and years
    before an indicator was declared computed keep their values; the entered
    values kept and the indicators not declared are reported (audit event,
    log). With `indicator`, that one only (after its definition changed).
    Returns the number of measurements holding computed values."""
    plan = facts.computed_indicators(intervention, only=indicator)
    started = timezone.now()
    if rebuild:
        label = gettext("Indicators")
        facts.rebuild(plan, progress and (lambda done, total: progress(label, done, total)))
        if indicator is None:
            # Everything marked before the rebuild started is now up to date.
            StaleIdentity.objects.filter(marked_at__lte=started).delete()
    else:
        refresh_stale(actor=actor)
    report = facts.write_values(plan, actor)
    if progress:
        progress(gettext("Indicators"), len(plan.computations), len(plan.computations))
    kept = report.conflicts()
    if kept:
        logger.warning(
            "Computed values not written: %d entered kept, %d not declared computed",
            len(kept.get("entered", [])),
            len(kept.get("not_declared", [])),
        )
    audit.record(
        actor=actor,
        action="beneficiaries.indicators.computed",
        target=intervention,
        detail={
            "indicators": len(plan.computations),
            "years": plan.years,
            "created": report.created,
            "changed": report.changed,
            "removed": report.removed,
            **({"kept": kept} if kept else {}),
        },
    )
    return report.measured


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
    plans = [facts.computed_indicators(intervention) for intervention in computed_interventions()]
    changed = 0
    while keys := list(StaleIdentity.objects.values_list("identity_key", flat=True)[:batch]):
        with transaction.atomic():
            StaleIdentity.objects.filter(identity_key__in=keys).delete()
            for plan in plans:
                changed += facts.refresh(plan, keys, actor=actor)
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
            indicator=run.indicator,
        )
        jobs.succeed(run, result={"written": written})
