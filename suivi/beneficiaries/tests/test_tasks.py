import pytest
from django.test import override_settings

from suivi.beneficiaries.tasks import (
    rebuild_indicators,
    refresh_indicators,
    request_rebuild,
    request_refresh,
)

pytestmark = pytest.mark.django_db(transaction=False)


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_a_burst_of_records_queues_one_refresh_and_one_rebuild():
    from django_tasks_db.models import DBTaskResult

    for _ in range(3):
        request_refresh()
        request_rebuild()
    for job in (refresh_indicators, rebuild_indicators):
        waiting = DBTaskResult.objects.filter(task_path=job.module_path, status="READY")
        assert waiting.count() == 1


@pytest.fixture
def intervention():
    from suivi.programmes.tests.factories import InterventionFactory

    return InterventionFactory()


def test_a_run_asked_by_a_command_says_so_and_acts_for_it(
    intervention, monkeypatch, django_capture_on_commit_callbacks
):
    from suivi.beneficiaries.models import ComputationRun
    from suivi.beneficiaries.services import computation
    from suivi.core.actors import system

    actors = []
    monkeypatch.setattr(
        computation, "recompute", lambda *, actor, **kwargs: actors.append(actor) or 7
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = computation.request_run(actor=system("manage.py demo"), intervention=intervention)
    run = ComputationRun.objects.get(pk=run.pk)
    assert run.created_by is None and run.started_by_system == "manage.py demo"
    assert actors == [system("manage.py demo")]
    assert run.status == "succeeded" and run.written == 7 and run.started_at and run.finished_at


def test_a_run_that_crashes_is_marked_failed_for_the_page(intervention, monkeypatch):
    from suivi.accounts.roles import Role
    from suivi.accounts.tests.factories import member
    from suivi.beneficiaries.models import ComputationRun
    from suivi.beneficiaries.services import computation
    from suivi.beneficiaries.tasks import run_recomputation

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(computation, "recompute", broken)
    run = computation.request_run(actor=member(Role.ME_OFFICER), intervention=intervention)
    with pytest.raises(RuntimeError):
        run_recomputation.call(str(run.pk))  # the worker logs it
    run = ComputationRun.objects.get(pk=run.pk)
    assert run.status == "failed" and run.finished_at and run.is_finished
