"""The 2020 report's steering registers, as the demo loads them (seed 001)."""

from collections import Counter
from datetime import date

import pytest

from suivi.governance.models import (
    ActivityStatus,
    ChangeStory,
    Decision,
    DecisionAction,
    Lesson,
    Meeting,
    Modification,
    QualityAssessment,
    Recommendation,
    Risk,
    RiskAction,
)

pytestmark = pytest.mark.django_db
TODAY = date(2020, 12, 31)  # the report's date: "late" as the report would show it


def test_the_risk_register_of_section_5(demo_data):
    assert Risk.objects.filter(kind="risk").count() == 23
    assert Risk.objects.filter(kind="issue").count() == 1
    assert RiskAction.objects.count() == 87
    assert Counter(Risk.objects.values_list("category", flat=True)) == {
        "OPS": 9,  # the issue included
        "DEV": 10,
        "FIN": 3,
        "JUR": 1,
        "REP": 1,
    }
    covid = Risk.objects.get(description__startswith="Impact de la pandémie COVID19")
    assert (covid.identified_on, covid.probability, covid.impact, covid.total) == (
        date(2020, 4, 1),
        "high",
        "high",
        "very_high",
    )
    assert covid.actions.count() == 5
    plan = covid.actions.get(action__startswith="Analyser et élaborer un plan de gestion")
    assert (plan.responsible, plan.deadline, plan.status) == (
        "POLANCO PORRAS Ana",
        date(2021, 12, 31),
        "in_progress",
    )
    discrimination = Risk.objects.get(description="Existence de discriminations à l'emploi")
    assert (discrimination.category, discrimination.total) == ("DEV", "high")
    assert Counter(RiskAction.objects.values_list("status", flat=True)) == {
        "in_progress": 57,
        "done": 23,
        "planned": 5,
        "cancelled": 2,
    }
    # Linked to the logframe assumption it threatens.
    permits = Risk.objects.get(description__contains="Renouvellement des cartes de séjours")
    assert permits.result.code == "OS"
    assert "renouvellement" in permits.result.assumptions


def test_committees_decisions_and_their_follow_up(demo_data):
    assert Meeting.objects.filter(kind="copil").count() == 3
    assert Meeting.objects.filter(kind="ctos", held_on__year=2020).count() == 3
    copil = Meeting.objects.get(kind="copil", held_on=date(2020, 12, 23))
    assert copil.remote
    assert {p.organisation.code for p in copil.participations.all()} == {
        "mdcmre",
        "enabel",
        "en",
        "anapec",
    }
    assert Decision.objects.count() == 11
    assert DecisionAction.objects.count() == 14
    representation = Decision.objects.get(text__startswith="Élargir la représentativité")
    assert representation.meeting.held_on == date(2018, 6, 18)
    invite = representation.actions.get(action="Inviter les représentants du MI + MAECI")
    assert invite.owner == "DEQUIUEC Jaoud M."
    # "En retard" in the report's PILOT extract: open, past its deadline.
    assert invite.shown_status(TODAY) == "late"
    assert all(action.owner for action in DecisionAction.objects.all())


def test_recommendations_modifications_statuses_quality_and_learning(demo_data):
    assert Recommendation.objects.filter(source="team").count() == 6
    assert Recommendation.objects.filter(source="mtr").count() == 17
    assert Recommendation.objects.filter(source="mtr", priority=1).count() == 7
    assert Modification.objects.count() == 5
    baseline = Modification.objects.get(revision__isnull=False)
    assert baseline.revision.number == 2
    assert baseline.decision.text.startswith("Définir la situation de référence")
    statuses = dict(ActivityStatus.objects.values_list("activity__code", "status"))
    assert len(statuses) == 15
    assert statuses["A0204"] == "seriously_delayed"
    assert statuses["A0301"] == "ahead"
    assert Counter(statuses.values()) == {
        "delayed": 5,
        "on_time": 7,
        "ahead": 2,
        "seriously_delayed": 1,
    }
    totals = {a.criterion: a.total for a in QualityAssessment.objects.all()}
    assert totals == {
        "relevance": "A",
        "efficiency": "B",
        "effectiveness": "B",
        "sustainability": "C",
    }
    assert Counter(Lesson.objects.values_list("kind", flat=True)) == {
        "success": 5,
        "challenge": 9,
        "question": 4,
        "lesson": 8,
    }
    stories = ChangeStory.objects.all()
    assert {s.shown_storyteller for s in stories} == {"FK", "M.L", "S.E", "R.D"}
    assert not any(s.storyteller_name for s in stories)
