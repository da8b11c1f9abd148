"""The steering registers of Amuddu's 2020 results report (seed 001),
transcribed as data (`data/amuddu_risques_2020.json`: §5, the detailed risk
matrix; `data/amuddu_pilotage_2020.json`: §3.1.2.2 and §9.2 meetings and
decisions, §9.1 modifications, §9.4 recommendations, §3.3.2/§3.4.2/§3.5.2
activity statuses, annex 10.1 quality self-assessment, §8 lessons, §10.6
change stories) and loaded through the governance services. Idempotent: a
register already holding the intervention's records is left alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.demo.actor import LOADER
from suivi.governance.models import (
    ActivityStatus,
    ChangeStory,
    Lesson,
    Meeting,
    Modification,
    QualityAssessment,
    Recommendation,
    Risk,
)
from suivi.governance.services import follow_up, meetings, records, risks
from suivi.programmes.models import Activity, Intervention, LogframeRevision, ResultNode

DATA = Path(__file__).resolve().parent / "data"
RISKS = "amuddu_risques_2020.json"
STEERING = "amuddu_pilotage_2020.json"


def _read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load(progress: Callable[[str], None]) -> None:
    data = _read(STEERING)
    intervention = Intervention.objects.get(code=data["intervention"])
    if not Risk.objects.filter(intervention=intervention).exists():
        _risks(intervention)
    if not Meeting.objects.filter(intervention=intervention).exists():
        _meetings(intervention, data)
    year = data["year"]
    if not Recommendation.objects.filter(intervention=intervention).exists():
        for entry in data["recommendations"]:
            records.save_recommendation(
                actor=LOADER,
                intervention=intervention,
                year=year,
                source=entry["source"],
                domain=entry["domain"],
                text=entry["text"],
                actor_name=entry["actor"],
                priority=entry["priority"],
            )
    if not Modification.objects.filter(intervention=intervention).exists():
        _modifications(intervention, data)
    if not ActivityStatus.objects.filter(intervention=intervention).exists():
        for entry in data["activity_statuses"]:
            records.save_activity_status(
                actor=LOADER,
                activity=Activity.objects.get(intervention=intervention, code=entry["activity"]),
                year=year,
                status=entry["status"],
            )
    if not QualityAssessment.objects.filter(intervention=intervention).exists():
        for entry in data["quality"]:
            assessment = records.save_assessment(
                actor=LOADER, intervention=intervention, year=year, criterion=entry["criterion"]
            )
            records.grade_questions(
                actor=LOADER,
                assessment=assessment,
                answers=[(a["question"], a["grade"], a["statement"]) for a in entry["answers"]],
            )
    if not Lesson.objects.filter(intervention=intervention).exists():
        for entry in data["lessons"]:
            records.save_lesson(actor=LOADER, intervention=intervention, year=year, **entry)
    if not ChangeStory.objects.filter(intervention=intervention).exists():
        collected = _date(data["stories_collected_on"])
        for entry in data["stories"]:
            records.save_story(
                actor=LOADER,
                intervention=intervention,
                collected_on=collected,  # type: ignore[arg-type]
                title=entry["title"],
                text=entry["story"],
                storyteller_initials=entry["initials"],
                consent_given_on=collected,
            )
    progress(_("steering registers (risks, decisions, recommendations, quality)"))


def _risks(intervention: Intervention) -> None:
    for entry in _read(RISKS):
        result = (
            ResultNode.objects.get(intervention=intervention, code=entry["result"])
            if entry["result"]
            else None
        )
        risk = risks.save_risk(
            actor=LOADER,
            intervention=intervention,
            kind=entry["kind"],
            description=entry["description"],
            identified_on=_date(entry["identified_on"]),  # type: ignore[arg-type]
            category=entry["category"],
            probability=entry["probability"],
            impact=entry["impact"],
            total=entry["total"],
            result=result,
        )
        for action in entry["actions"]:
            item = risks.save_risk_action(
                actor=LOADER,
                risk=risk,
                action=action["action"],
                responsible=action["responsible"],
                deadline=_date(action["deadline"]),
                progress=action["progress"],
            )
            follow_up.bring_to(
                actor=LOADER, item=item, status=action["status"], note=_("As in the 2020 report.")
            )


def _meetings(intervention: Intervention, data: dict[str, Any]) -> None:
    organisations = {o.code: o for o in Organisation.objects.all()}
    for entry in data["meetings"]:
        meeting = meetings.save_meeting(
            actor=LOADER,
            intervention=intervention,
            kind=entry["kind"],
            number=entry["number"],
            held_on=_date(entry["held_on"]),  # type: ignore[arg-type]
            remote=entry["remote"],
            agenda=entry.get("agenda", ""),
        )
        for participant in entry["participants"]:
            meetings.add_participation(
                actor=LOADER,
                meeting=meeting,
                organisation=organisations[participant["organisation"]],
                state_institution=participant["state"],
                attendees=None,
            )
        for number, decision_entry in enumerate(entry["decisions"], start=1):
            decision = meetings.save_decision(
                actor=LOADER, meeting=meeting, number=number, text=decision_entry["text"]
            )
            for action in decision_entry["actions"]:
                item = meetings.save_decision_action(
                    actor=LOADER,
                    decision=decision,
                    action=action["action"],
                    owner=action["owner"],
                    deadline=_date(action["deadline"]),
                    progress=action["progress"],
                )
                follow_up.bring_to(
                    actor=LOADER,
                    item=item,
                    status=action["status"],
                    note=_("As in the 2020 report."),
                )


def _modifications(intervention: Intervention, data: dict[str, Any]) -> None:
    copils = {m.number: m for m in Meeting.objects.filter(intervention=intervention, kind="copil")}
    for entry in data["modifications"]:
        decision = None
        if entry["decision"]:
            number, position = entry["decision"]
            decision = copils[number].decisions.get(number=position)
        revision = (
            LogframeRevision.objects.get(intervention=intervention, number=entry["revision"])
            if entry["revision"]
            else None
        )
        records.save_modification(
            actor=LOADER,
            intervention=intervention,
            year=entry["year"],
            kind=entry["kind"],
            description=entry["description"],
            reasons=entry["reasons"],
            expected_effects=entry["expected_effects"],
            decision=decision,
            revision=revision,
        )
