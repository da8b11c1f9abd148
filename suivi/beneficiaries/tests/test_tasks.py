import pytest
from django.test import override_settings

from suivi.beneficiaries.tasks import recompute_indicators, request_recompute

pytestmark = pytest.mark.django_db(transaction=False)


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_a_burst_of_records_queues_one_recomputation():
    from django_tasks_db.models import DBTaskResult

    request_recompute()
    request_recompute()
    request_recompute()
    waiting = DBTaskResult.objects.filter(
        task_path=recompute_indicators.module_path, status="READY"
    )
    assert waiting.count() == 1
