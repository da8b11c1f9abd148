"""The status of risk actions and decision actions, one workflow each (same
steps): start, complete, cancel (with a reason), reopen. "Late" is never a
step: it is derived from the deadline when a page shows an open action."""

from __future__ import annotations

from typing import TypeVar

from suivi.core.actors import Actor
from suivi.core.workflow import Step, Workflow, transition
from suivi.governance import policies
from suivi.governance.models import (
    ActionStatus,
    DecisionAction,
    DecisionActionTransition,
    RiskAction,
    RiskActionTransition,
)
from suivi.governance.models.follow_up import FollowUpAction

OPEN = {ActionStatus.PLANNED, ActionStatus.IN_PROGRESS}
CLOSED = {ActionStatus.DONE, ActionStatus.CANCELLED}
A = TypeVar("A", bound=FollowUpAction)


def _allowed(actor: Actor, item: object) -> bool:
    return policies.may_manage_steering(actor)


def _steps(prefix: str) -> list[Step]:
    return [
        Step(
            "start",
            sources={ActionStatus.PLANNED},
            target=ActionStatus.IN_PROGRESS,
            allowed=_allowed,
            action=f"{prefix}.started",
        ),
        Step(
            "complete",
            sources=OPEN,
            target=ActionStatus.DONE,
            allowed=_allowed,
            action=f"{prefix}.completed",
        ),
        Step(
            "cancel",
            sources=OPEN,
            target=ActionStatus.CANCELLED,
            allowed=_allowed,
            action=f"{prefix}.cancelled",
            requires_note=True,
        ),
        Step(
            "reopen",
            sources=CLOSED,
            target=ActionStatus.IN_PROGRESS,
            allowed=_allowed,
            action=f"{prefix}.reopened",
        ),
    ]


RISK_ACTIONS: Workflow[RiskAction] = Workflow(
    model=RiskAction,
    states=ActionStatus,
    history=RiskActionTransition,
    steps=_steps("governance.risk_action"),
)
DECISION_ACTIONS: Workflow[DecisionAction] = Workflow(
    model=DecisionAction,
    states=ActionStatus,
    history=DecisionActionTransition,
    steps=_steps("governance.decision_action"),
)
STEP_NAMES = ("start", "complete", "cancel", "reopen")


def workflow_of(item: FollowUpAction) -> Workflow:
    return RISK_ACTIONS if isinstance(item, RiskAction) else DECISION_ACTIONS


def take_step(*, actor: Actor, item: A, step: str, note: str = "") -> A:
    """Move an action's status (see the module docstring)."""
    return transition(workflow_of(item), item, step, actor=actor, note=note)


def bring_to(*, actor: Actor, item: A, status: str, note: str = "") -> A:
    """The steps that lead a new (planned) action to `status`: for a register
    being transcribed, so that its history shows how it got there."""
    path = {
        ActionStatus.PLANNED: [],
        ActionStatus.IN_PROGRESS: ["start"],
        ActionStatus.DONE: ["complete"],
        ActionStatus.CANCELLED: ["cancel"],
    }[ActionStatus(status)]
    for step in path:
        item = take_step(actor=actor, item=item, step=step, note=note)
    return item
