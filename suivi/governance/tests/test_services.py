from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.core.models import AuditEvent
from suivi.governance.models import ActionStatus, DecisionAction, Risk, RiskActionTransition
from suivi.governance.services import follow_up, meetings, records, risks
from suivi.governance.tests import factories
from suivi.programmes.tests.factories import InterventionFactory, ResultFactory

pytestmark = pytest.mark.django_db


def test_the_total_comes_from_the_matrix_and_a_contradicting_one_is_refused():
    risk = factories.risk(probability="medium", impact="high")
    assert risk.total == "high"
    with pytest.raises(ValidationError) as refused:
        factories.risk(probability="low", impact="low", total="high")
    assert "total" in refused.value.message_dict
    assert "contredit" in str(refused.value) or "contradicts" in str(refused.value)
    assert Risk.objects.count() == 1


def test_a_risk_needs_a_probability_an_issue_does_not():
    with pytest.raises(ValidationError) as refused:
        factories.risk(probability="")
    assert "probability" in refused.value.message_dict
    issue = factories.risk(kind="issue", probability="", impact="high")
    assert issue.total == "high"


def test_a_change_of_probability_recomputes_the_total_and_audits_the_fields():
    risk = factories.risk(probability="medium", impact="medium")
    risks.save_risk(
        actor=SYSTEM,
        risk=risk,
        intervention=risk.intervention,
        kind="risk",
        description=risk.description,
        identified_on=risk.identified_on,
        category="OPS",
        probability="high",
        impact="high",
    )
    risk.refresh_from_db()
    assert risk.total == "very_high"
    event = AuditEvent.objects.filter(action="governance.risk.updated").get()
    assert set(event.changed_fields) == {"probability", "impact", "total"}


def test_a_result_of_another_intervention_is_refused():
    other = ResultFactory()
    with pytest.raises(ValidationError) as refused:
        factories.risk(result=other)
    assert "result" in refused.value.message_dict


def test_readers_and_partners_cannot_write():
    intervention = InterventionFactory()
    for role in (Role.STEERING_READER, Role.PARTNER_FOCAL_POINT, Role.FINANCE_OFFICER):
        with pytest.raises(PermissionDenied):
            risks.save_risk(
                actor=member(role),
                intervention=intervention,
                kind="risk",
                description="x",
                identified_on=date(2020, 1, 1),
                category="OPS",
                probability="low",
                impact="low",
            )
    for role in (Role.ME_OFFICER, Role.INTERVENTION_MANAGER):
        factories.risk(intervention=intervention)  # the system actor
        risks.save_risk(
            actor=member(role),
            intervention=intervention,
            kind="risk",
            description="écrit",
            identified_on=date(2020, 1, 1),
            category="OPS",
            probability="low",
            impact="low",
        )


def test_an_open_action_past_its_deadline_shows_late_and_a_done_one_does_not():
    risk = factories.risk()
    today = timezone.localdate()
    late = factories.risk_action(risk, deadline=today - timedelta(days=1))
    due = factories.risk_action(risk, deadline=today)
    assert late.shown_status(today) == "late"
    assert str(late.shown_status_label(today))
    assert due.shown_status(today) == "planned"
    done = follow_up.take_step(actor=SYSTEM, item=late, step="complete")
    assert done.shown_status(today) == ActionStatus.DONE
    row = RiskActionTransition.objects.get(subject=late)
    assert (row.from_status, row.to_status) == ("planned", "done")


def test_cancelling_needs_a_reason_and_the_steps_follow_the_workflow():
    action = factories.risk_action(factories.risk())
    with pytest.raises(ValidationError):
        follow_up.take_step(actor=SYSTEM, item=action, step="cancel")
    follow_up.take_step(actor=SYSTEM, item=action, step="cancel", note="Plus nécessaire")
    with pytest.raises(ValidationError):
        follow_up.take_step(actor=SYSTEM, item=action, step="complete")
    reopened = follow_up.take_step(actor=SYSTEM, item=action, step="reopen")
    assert reopened.status == ActionStatus.IN_PROGRESS
    reader = member(Role.STEERING_READER)
    with pytest.raises(PermissionDenied):
        follow_up.take_step(actor=reader, item=reopened, step="complete")


def test_a_decision_action_needs_an_owner():
    decision = factories.decision()
    with pytest.raises(ValidationError) as refused:
        meetings.save_decision_action(
            actor=SYSTEM, decision=decision, action="Inviter le MI", owner="  "
        )
    assert "owner" in refused.value.message_dict
    assert DecisionAction.objects.count() == 0
    item = meetings.save_decision_action(
        actor=SYSTEM, decision=decision, action="Inviter le MI", owner="Direction"
    )
    assert follow_up.bring_to(actor=SYSTEM, item=item, status="done").status == "done"


def test_attendance_counts_institutions_and_focal_points():
    meeting = factories.meeting()
    with pytest.raises(ValidationError) as refused:
        meetings.add_participation(
            actor=SYSTEM, meeting=meeting, institution="OFPPT", attendees=2, focal_points=3
        )
    assert "focal_points" in refused.value.message_dict
    with pytest.raises(ValidationError):
        meetings.add_participation(actor=SYSTEM, meeting=meeting, attendees=2)  # who?
    row = meetings.add_participation(
        actor=SYSTEM,
        meeting=meeting,
        institution="OFPPT",
        state_institution=True,
        attendees=3,
        focal_points=1,
    )
    assert str(row) == "OFPPT"


def test_minutes_must_be_a_pdf_or_a_word_file():
    meeting = factories.meeting()
    fake = SimpleUploadedFile("pv.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        meetings.attach_minutes(actor=SYSTEM, meeting=meeting, upload=fake)
    pdf = SimpleUploadedFile("pv.pdf", b"%PDF-1.4\n%", content_type="application/pdf")
    meetings.attach_minutes(actor=SYSTEM, meeting=meeting, upload=pdf)
    meeting.refresh_from_db()
    assert meeting.minutes_name == "pv.pdf"
    assert meeting.minutes.name.startswith("governance/minutes/")


def test_a_modification_points_to_a_decision_of_its_own_intervention():
    decision = factories.decision()
    with pytest.raises(ValidationError) as refused:
        records.save_modification(
            actor=SYSTEM,
            intervention=InterventionFactory(),
            year=2020,
            kind="budget",
            description="Réallocation",
            decision=decision,
        )
    assert "decision" in refused.value.message_dict


def test_a_story_keeps_initials_unless_the_storyteller_agreed_to_be_named():
    intervention = InterventionFactory()
    base = {
        "actor": SYSTEM,
        "intervention": intervention,
        "collected_on": date(2020, 12, 1),
        "title": "Les agents communautaires",
        "text": "« Ils facilitent la prise de contact »",
        "storyteller_initials": "M.L",
        "consent_given_on": date(2020, 12, 1),
    }
    with pytest.raises(ValidationError) as refused:
        records.save_story(**{**base, "consent_given_on": None})
    assert "consent_given_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        records.save_story(**base, storyteller_name="Mariam L.")
    assert "storyteller_name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        records.save_story(**{**base, "storyteller_initials": "Mariam Lahlou"})
    assert "storyteller_initials" in refused.value.message_dict
    story = records.save_story(**base)
    assert story.shown_storyteller == "M.L"
    named = records.save_story(**base, consent_to_name=True, storyteller_name="Mariam L.")
    assert named.shown_storyteller == "Mariam L."


def test_grading_sub_questions_gives_the_criterion_total():
    assessment = records.save_assessment(
        actor=SYSTEM, intervention=InterventionFactory(), year=2020, criterion="sustainability"
    )
    with pytest.raises(ValidationError) as refused:
        records.grade_questions(actor=SYSTEM, assessment=assessment, answers=[("Q1", "E", "")])
    assert "grade_1" in refused.value.message_dict
    with pytest.raises(ValidationError):
        records.grade_questions(actor=SYSTEM, assessment=assessment, answers=[])
    records.grade_questions(
        actor=SYSTEM,
        assessment=assessment,
        answers=[("Q1", "A", ""), ("Q2", "C", ""), ("Q3", "C", ""), ("Q4", "C", "")],
    )
    assert assessment.total == "C"


def test_an_activity_status_is_one_per_activity_and_period():
    from suivi.programmes.models import Activity

    result = ResultFactory()
    activity = Activity.objects.create(
        intervention=result.intervention,
        output=result,
        introduced_in=result.introduced_in,
        code="A0101",
        title="Informer",
    )
    records.save_activity_status(actor=SYSTEM, activity=activity, year=2020, status="delayed")
    with pytest.raises(ValidationError):
        records.save_activity_status(actor=SYSTEM, activity=activity, year=2020, status="ahead")
    with pytest.raises(ValidationError) as refused:
        records.save_activity_status(
            actor=SYSTEM, activity=activity, year=2021, status="ahead", quarter=5
        )
    assert "quarter" in refused.value.message_dict
