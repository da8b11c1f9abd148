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
