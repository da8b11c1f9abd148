"""Background recomputation of the indicators computed from records."""

from __future__ import annotations

from django_tasks import task

from suivi.beneficiaries.services.computation import recompute
from suivi.programmes.models import Intervention


@task()
def recompute_indicators() -> int:
    """Recompute every intervention's computed indicators (after new records)."""
    written = 0
    for intervention in Intervention.objects.filter(
        indicators__computation__isnull=False
    ).distinct():
        written += recompute(actor=None, intervention=intervention)
    return written


def request_recompute() -> None:
    """Queue a recomputation unless one is already waiting: records saved in a
    burst (a busy morning at an agency) are covered by the same run."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=recompute_indicators.module_path
    ).exists()
    if not waiting:
        recompute_indicators.enqueue()
