"""Background work on the indicators computed from records.

Two tasks, each queued at most once at a time (records saved in a burst — a
busy morning at an agency — are covered by the same run):

- `refresh_indicators` after services are recorded or identities linked: the
  facts of the identities marked stale are recomputed and only the numbers
  they move are adjusted;
- `rebuild_indicators` after a definition or a centre changes: every person's
  facts are derived again from the services.
"""

from __future__ import annotations

from django_tasks import task

from suivi.beneficiaries.models import ComputationRun
from suivi.beneficiaries.services.computation import (
    computed_interventions,
    perform_run,
    recompute,
    refresh_stale,
)
from suivi.core import jobs
from suivi.core.actors import system


@task()
def refresh_indicators() -> int:
    """Move the computed values the recently recorded services change."""
    return refresh_stale(actor=system("task refresh_indicators"))


@task()
def rebuild_indicators() -> int:
    """Recompute every intervention's computed indicators from the services."""
    return sum(
        recompute(actor=system("task rebuild_indicators"), intervention=item)
        for item in computed_interventions()
    )


@task()
def run_recomputation(run_id: str) -> str:
    """A recomputation asked for from the page, in the requester's language."""
    run = jobs.fetch(ComputationRun, run_id, "intervention", "indicator")
    perform_run(run)
    return str(run.pk)


def request_refresh() -> None:
    """Queue a refresh unless one is already waiting."""
    jobs.enqueue_once(refresh_indicators)


def request_rebuild() -> None:
    """Queue a rebuild unless one is already waiting."""
    jobs.enqueue_once(rebuild_indicators)
