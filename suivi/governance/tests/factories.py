"""Builders for governance test data, through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from suivi.accounts.tests.factories import SYSTEM
from suivi.governance.models import Decision, Meeting, Risk, RiskAction
from suivi.governance.services import meetings, risks
from suivi.programmes.models import Intervention
from suivi.programmes.tests.factories import InterventionFactory


def risk(intervention: Intervention | None = None, **fields: Any) -> Risk:
    values: dict[str, Any] = {
        "kind": "risk",
        "description": "Lenteurs des procédures",
        "identified_on": date(2018, 3, 19),
        "category": "OPS",
        "probability": "medium",
        "impact": "medium",
    }
    values.update(fields)
    return risks.save_risk(
        actor=SYSTEM, intervention=intervention or InterventionFactory(), **values
    )


def risk_action(parent: Risk, **fields: Any) -> RiskAction:
    values: dict[str, Any] = {"action": "Former l'équipe", "responsible": "Équipe"}
    values.update(fields)
    return risks.save_risk_action(actor=SYSTEM, risk=parent, **values)


def meeting(intervention: Intervention | None = None, **fields: Any) -> Meeting:
    values: dict[str, Any] = {"kind": "copil", "held_on": date(2020, 12, 23), "number": 3}
    values.update(fields)
    return meetings.save_meeting(
        actor=SYSTEM, intervention=intervention or InterventionFactory(), **values
    )


def decision(parent: Meeting | None = None, **fields: Any) -> Decision:
    values: dict[str, Any] = {"number": 1, "text": "Valider la planification 2021"}
    values.update(fields)
    return meetings.save_decision(actor=SYSTEM, meeting=parent or meeting(), **values)
