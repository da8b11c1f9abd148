"""Every read of the import pages, scoped to the acting user."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from suivi.core.actors import Actor, require_actor
from suivi.core.models import JobStatus
from suivi.interop import policies
from suivi.interop.models import ImportJob
from suivi.programmes.models import Intervention
from suivi.programmes.selectors import interventions_for

if TYPE_CHECKING:
    from suivi.accounts.models import Organisation


def import_jobs_for(user: Actor) -> QuerySet[ImportJob]:
    """The imports `user` may follow (`policies.visible_import_jobs_q`)."""
    require_actor(user)
    return ImportJob.objects.filter(policies.visible_import_jobs_q(user)).select_related(
        "intervention", "organisation", "created_by"
    )


def interventions_to_import_into(user: Actor) -> QuerySet[Intervention]:
    """The interventions `user` may import a logframe workbook into."""
    if not policies.may_import_logframe(user):
        return Intervention.objects.none()
    return interventions_for(user)


def organisation_to_import_for(user: Actor) -> Organisation | None:
    """The organisation whose spreadsheets `user` imports (their own), or
    None when they may import none."""
    require_actor(user)
    organisation = user.primary_organisation
    if organisation is None or not policies.may_import_records(user, organisation):
        return None
    return organisation


def import_job_for(user: Actor, pk: object) -> ImportJob | None:
    """One import `user` may follow, or None."""
    return import_jobs_for(user).filter(pk=str(pk)).first()


def intervention_to_import_into(user: Actor, code: str) -> Intervention | None:
    """One intervention whose framework `user` may import, by code, or None."""
    return interventions_to_import_into(user).filter(code=code).first()


def intervention_for_finance_import(user: Actor, code: str) -> Intervention | None:
    """One intervention `user` may import a budget or an extract into, or None."""
    if not policies.may_import_finance(user):
        return None
    return interventions_for(user).filter(code=code).first()


FAILED_LISTED = 10


def failed_imports(user: Actor, *, days: int = 30) -> tuple[int, list[ImportJob]]:
    """Imports `user` may follow that failed in the last `days` days: their
    count and the latest FAILED_LISTED."""
    since = timezone.now() - timedelta(days=days)
    failed = import_jobs_for(user).filter(status=JobStatus.FAILED, created_at__gte=since)
    listed = list(failed.order_by("-created_at")[:FAILED_LISTED])
    count = len(listed) if len(listed) < FAILED_LISTED else failed.count()
    return count, listed
