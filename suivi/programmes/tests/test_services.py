"""Services of the results chain."""

import pytest

from suivi.accounts.tests.factories import SYSTEM
from suivi.core import audit
from suivi.core.models import AuditEvent
from suivi.programmes import services
from suivi.programmes.tests.factories import RevisionFactory

pytestmark = pytest.mark.django_db


def test_put_is_idempotent_and_every_action_is_labelled():
    revision = RevisionFactory()
    kwargs = {
        "actor": SYSTEM,
        "revision": revision,
        "code": "OS",
        "level": "outcome",
        "title": "OS",
    }
    node, changed = services.put_result(**kwargs)
    assert "code" in changed
    assert services.put_result(**kwargs) == (node, [])
    _, changed = services.put_result(**{**kwargs, "title": "Nouvel intitulé"})
    assert changed == ["title"]
    activity, _ = services.put_activity(
        actor=SYSTEM, revision=revision, code="A0101", output=node, title="A"
    )
    services.retire_chain_element(actor=SYSTEM, revision=revision, element=activity)
    services.retire_chain_element(actor=SYSTEM, revision=revision, element=node)
    actions = set(
        AuditEvent.objects.filter(action__startswith="programmes.").values_list("action", flat=True)
    )
    assert actions == {
        "programmes.resultnode.created",
        "programmes.resultnode.updated",
        "programmes.resultnode.retired",
        "programmes.activity.created",
        "programmes.activity.retired",
    }
    assert actions <= set(audit.action_labels())
