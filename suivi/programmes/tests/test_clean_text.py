"""Clean text at the programmes services: codes, titles and labels are one
line, reasons and assumptions free text; control characters are refused."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from suivi.accounts.tests.factories import SYSTEM
from suivi.programmes import services
from suivi.programmes.models import LogframeRevision, PlannedAction, ResultNode
from suivi.programmes.tests.factories import InterventionFactory, RevisionFactory

pytestmark = pytest.mark.django_db

RLO = "Remove the invisible control character U+202E (right-to-left override)."


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_chain_texts_are_cleaned_and_refused_by_field():
    revision = RevisionFactory()
    node, _ = services.put_result(
        actor=SYSTEM,
        revision=revision,
        code=" OS ",
        level="outcome",
        title="Insertion  des migrant·e·s ",
        assumptions="Stabilité\r\npolitique",
    )
    assert (node.code, node.title, node.assumptions) == (
        "OS",
        "Insertion  des migrant·e·s",
        "Stabilité\npolitique",
    )
    errors = _errors(
        lambda: services.put_result(
            actor=SYSTEM,
            revision=revision,
            code="OI1",
            level="output",
            parent=node,
            title="Titre\u202e",
            assumptions="a\x07",
        )
    )
    assert errors == {
        "title": [RLO],
        "assumptions": ["Remove the invisible control character U+0007."],
    }
    assert not ResultNode.objects.filter(code="OI1").exists()
    activity, _ = services.put_activity(
        actor=SYSTEM, revision=revision, code="A0101", output=node, title="Former"
    )
    errors = _errors(
        lambda: services.plan_actions(
            actor=SYSTEM, activity=activity, year=2019, titles=["Atelier", "Guide\u200b"]
        )
    )
    assert "U+200B" in errors["titles"][0]
    assert not PlannedAction.objects.exists()


def test_a_revision_refuses_a_control_character_in_its_reason():
    intervention = InterventionFactory()
    errors = _errors(
        lambda: services.open_revision(
            actor=SYSTEM, intervention=intervention, label="DTF", reason="COPIL\u2067"
        )
    )
    assert "U+2067" in errors["reason"][0]
    assert not LogframeRevision.objects.exists()
