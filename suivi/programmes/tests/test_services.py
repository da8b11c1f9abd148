"""Services of the results chain."""

import pytest
from django.core.exceptions import ValidationError

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


def test_titles_in_three_languages_and_the_users_language_shown():
    from django.utils import translation

    revision = RevisionFactory()
    kwargs = {"actor": SYSTEM, "revision": revision, "code": "OS", "level": "outcome"}
    node, _ = services.put_result(
        **kwargs, title="Emploi amélioré", title_ar=" تحسين الشغل ", title_en="Jobs improved"
    )
    assert (node.title_ar, node.title_en) == ("تحسين الشغل", "Jobs improved")
    with translation.override("ar"):
        assert node.shown_title == "تحسين الشغل"
    with translation.override("en"):
        assert node.shown_title == "Jobs improved"
    with translation.override("fr"):
        assert node.shown_title == "Emploi amélioré"
    # Not given (a workbook without the columns): the stored versions stay.
    assert services.put_result(**kwargs, title="Emploi amélioré") == (node, [])
    _, changed = services.put_result(**kwargs, title="Emploi amélioré", title_en="")
    assert changed == ["title_en"]
    node.refresh_from_db()
    with translation.override("en"):
        assert node.shown_title == "Emploi amélioré"  # French when not translated
    with pytest.raises(ValidationError) as refused:
        services.put_result(**kwargs, title="x", title_ar="\u202eبديل")
    assert "title_ar" in refused.value.error_dict


def test_assumptions_in_three_languages():
    from django.utils import translation

    revision = RevisionFactory()
    kwargs = {"actor": SYSTEM, "revision": revision, "code": "OG", "level": "impact", "title": "x"}
    node, _ = services.put_result(
        **kwargs, assumptions="Le Maroc croît", assumptions_ar="ينمو المغرب\r\nبثبات"
    )
    assert node.assumptions_ar == "ينمو المغرب\nبثبات"  # free text: line breaks kept
    with translation.override("ar"):
        assert node.shown_assumptions == "ينمو المغرب\nبثبات"
    with translation.override("en"):
        assert node.shown_assumptions == "Le Maroc croît"
    assert services.put_result(**kwargs, assumptions="Le Maroc croît") == (node, [])
