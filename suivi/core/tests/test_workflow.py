"""The workflow helper, on a workflow declared here over measurements (the
indicators app's own review workflow is tested with its services)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.core.models import AuditEvent
from suivi.core.workflow import Step, Workflow, transition
from suivi.indicators.models import Measurement, MeasurementStatus, MeasurementTransition
from suivi.indicators.services import measurements, periods
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db

NOTE = "Fatima B. says 12 of them left in March"  # free text that names someone


def _only(user_box):
    """A policy allowing exactly the user in `user_box` (filled by the test)."""
    return lambda actor, measurement: actor in user_box


def _flow(allowed, effects=(), check=None, guard=None):
    return Workflow(
        model=Measurement,
        states=MeasurementStatus,
        history=MeasurementTransition,
        guard=guard,
        steps=[
            Step(
                "submit",
                sources={MeasurementStatus.DRAFT, MeasurementStatus.RETURNED},
                target=MeasurementStatus.SUBMITTED,
                allowed=allowed,
                action="indicators.measurement.submitted",
                check=check,
                effects=effects,
            ),
            Step(
                "return",
                sources={MeasurementStatus.SUBMITTED},
                target=MeasurementStatus.RETURNED,
                allowed=allowed,
                action="indicators.measurement.returned",
                requires_note=True,
                note_key="reason",
            ),
        ],
    )


@pytest.fixture
def draft():
    item = indicator()
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    measurement, _gaps = measurements.save_values(
        actor=SYSTEM, indicator=item, period=period, values=[CellValue(value=Decimal(3))]
    )
    return measurement


@pytest.fixture
def officer():
    return member(Role.ME_OFFICER, OrganisationFactory(kind=OrganisationKind.ENABEL))


def _nothing_written(measurement, status=MeasurementStatus.DRAFT):
    measurement.refresh_from_db()
    assert measurement.status == status
    assert not measurement.transitions.exists()
    assert not AuditEvent.objects.filter(
        action__in=["indicators.measurement.submitted", "indicators.measurement.returned"]
    ).exists()


def test_a_step_moves_the_status_writes_history_and_audits_without_the_note(draft, officer):
    flow = _flow(_only([officer]))
    moved = transition(flow, draft, "submit", actor=officer, note=f"  {NOTE} ", comment="ok")
    assert moved.status == MeasurementStatus.SUBMITTED
    draft.refresh_from_db()
    assert (draft.status, draft.comment) == (MeasurementStatus.SUBMITTED, "ok")
    row = draft.transitions.get()
    assert (row.from_status, row.to_status, row.actor, row.note) == (
        "draft",
        "submitted",
        officer,
        NOTE,
    )
    event = AuditEvent.objects.get(action="indicators.measurement.submitted")
    assert event.actor == officer and event.object_id == str(draft.pk)
    assert event.changed_fields == ["comment", "status"]  # from the diff, not a list
    assert event.detail == {"from": "draft", "to": "submitted", "transition": str(row.pk)}
    assert "Fatima" not in str(event.detail) and "Fatima" not in str(event.changed_fields)


def test_a_step_not_allowed_from_the_current_status_is_refused_in_the_users_language(
    draft, officer
):
    flow = _flow(_only([officer]))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        transition(flow, draft, "return", actor=officer, note="why")
    assert refused.value.messages == ["This step is not possible while the status is « Draft »."]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        transition(flow, draft, "return", actor=officer, note="why")
    assert "Brouillon" in refused.value.messages[0]
    assert "status" not in refused.value.messages[0]
    _nothing_written(draft)


def test_the_policy_decides_first_and_a_refusal_writes_nothing(draft, officer):
    someone_else = member(Role.ME_OFFICER, OrganisationFactory(kind=OrganisationKind.ENABEL))
    flow = _flow(_only([officer]))
    with pytest.raises(PermissionDenied):
        transition(flow, draft, "submit", actor=someone_else)
    with pytest.raises(PermissionDenied):  # not "wrong status": the refused learn nothing
        transition(flow, draft, "return", actor=someone_else, note="why")
    _nothing_written(draft)


def test_a_required_note_is_refused_blank_against_its_form_field(draft, officer):
    flow = _flow(_only([officer]))
    transition(flow, draft, "submit", actor=officer)
    with pytest.raises(ValidationError) as refused:
        transition(flow, draft, "return", actor=officer, note="  ")
    assert list(refused.value.message_dict) == ["reason"]
    transition(flow, draft, "return", actor=officer, note="the total")
    assert draft.transitions.get(to_status="returned").note == "the total"


def test_the_check_sees_the_record_as_it_would_become_and_a_refusal_rolls_back(draft, officer):
    seen = []

    def check(measurement):
        seen.append((measurement.status, measurement.comment))
        raise ValidationError("no")

    flow = _flow(_only([officer]), check=check)
    with pytest.raises(ValidationError, match="no"):
        transition(flow, draft, "submit", actor=officer, comment="changed")
    assert seen == [("submitted", "changed")]
    _nothing_written(draft)
    assert Measurement.objects.get(pk=draft.pk).comment == ""


def test_the_guard_runs_before_anything_else(draft, officer):
    def frozen(measurement):
        raise ValidationError("frozen")

    flow = _flow(lambda actor, m: pytest.fail("the policy ran before the guard"), guard=frozen)
    with pytest.raises(ValidationError, match="frozen"):
        transition(flow, draft, "submit", actor=officer)


def test_effects_run_only_once_the_transaction_commits(
    draft, officer, django_capture_on_commit_callbacks
):
    done = []
    flow = _flow(_only([officer]), effects=[lambda m, row: done.append((m.status, row.note))])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition(flow, draft, "submit", actor=officer, note="n")
    assert done == []  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert done == [("submitted", "n")]


def test_no_effect_is_queued_when_the_step_is_refused(
    draft, officer, django_capture_on_commit_callbacks
):
    flow = _flow(_only([]), effects=[lambda m, row: pytest.fail("ran")])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        transition(flow, draft, "submit", actor=officer)
    assert callbacks == []


def test_the_system_actor_is_named_in_the_trail_and_leaves_the_history_actor_empty(draft):
    transition(_flow(lambda actor, m: True), draft, "submit", actor=SYSTEM)
    assert draft.transitions.get().actor is None
    event = AuditEvent.objects.get(action="indicators.measurement.submitted")
    assert event.actor is None and event.detail["system"] == SYSTEM.name


def test_available_lists_the_steps_the_actor_may_take_now(draft, officer):
    flow = _flow(_only([officer]))
    assert flow.available(officer, draft) == ["submit"]
    assert flow.available(member(Role.ME_OFFICER), draft) == []
    with pytest.raises(TypeError):
        flow.available(None, draft)


def test_mistakes_in_a_declaration_or_a_call_are_caught(draft, officer):
    allowed = _only([officer])
    with pytest.raises(ValueError, match="unknown statuses"):
        Workflow(
            model=Measurement,
            states=MeasurementStatus,
            history=MeasurementTransition,
            steps=[Step("x", sources={"nowhere"}, target="draft", allowed=allowed, action="a.b")],
        )
    with pytest.raises(ValueError, match="share a name"):
        Workflow(
            model=Measurement,
            states=MeasurementStatus,
            history=MeasurementTransition,
            steps=[
                Step("x", sources={"draft"}, target="submitted", allowed=allowed, action="a.b"),
                Step("x", sources={"draft"}, target="approved", allowed=allowed, action="a.b"),
            ],
        )
    flow = _flow(allowed)
    with pytest.raises(ValueError, match="No step"):
        transition(flow, draft, "publish", actor=officer)
    with pytest.raises(TypeError):  # the status moves only through a step
        transition(flow, draft, "submit", actor=officer, status="approved")
    with pytest.raises(TypeError):
        transition(flow, draft, "submit", actor=officer, colour="red")
    with pytest.raises(TypeError):
        transition(flow, draft, "submit", actor=None)
    _nothing_written(draft)
