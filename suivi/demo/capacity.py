"""Amuddu's 2020 capacity building and outreach (seed 001), transcribed as
data (`data/amuddu_capacite_2020.json`) and loaded through the capacity and
governance services: the year's trainings and their attendance lists, the
CP3 meetings with their attendance (governance's meetings), the companies
sensitised, the deliverables, and the definitions of the eight indicators
computed from them. Idempotent: a register already holding the
intervention's records is left alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation, OrganisationKind
from suivi.capacity.models import CapacityDefinition, CompanyOutreach, Deliverable, Training
from suivi.capacity.services import definitions, registers
from suivi.demo.actor import LOADER
from suivi.governance.models import Meeting, MeetingKind
from suivi.governance.services import meetings
from suivi.indicators.models import Indicator
from suivi.programmes.models import Activity, Intervention

DATA = Path(__file__).resolve().parent / "data" / "amuddu_capacite_2020.json"
STATE_KINDS = {OrganisationKind.MINISTRY, OrganisationKind.PUBLIC_AGENCY}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load(progress: Callable[[str], None]) -> None:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    intervention = Intervention.objects.get(code=data["intervention"])
    activities = {a.code: a for a in Activity.objects.filter(intervention=intervention)}
    organisations = {o.code: o for o in Organisation.objects.all()}
    if not Training.objects.filter(intervention=intervention).exists():
        _trainings(intervention, data["trainings"], activities, organisations)
    if not CompanyOutreach.objects.filter(intervention=intervention).exists():
        _companies(intervention, data["companies"], activities, organisations)
    if not Deliverable.objects.filter(intervention=intervention).exists():
        for entry in data["deliverables"]:
            registers.save_deliverable(
                actor=LOADER,
                intervention=intervention,
                activity=activities.get(entry["activity"]),
                title=entry["title"],
                kind=entry["kind"],
                for_migrants=entry["for_migrants"],
                language=entry["language"],
                produced_on=_date(entry["produced_on"]),  # type: ignore[arg-type]
                validated_on=_date(entry["validated_on"]),
                notes=entry["notes"],
                recompute=False,
            )
    cp3 = [MeetingKind.CP3_NATIONAL, MeetingKind.CP3_REGIONAL]
    if not Meeting.objects.filter(intervention=intervention, kind__in=cp3).exists():
        _meetings(intervention, data["cp3_meetings"], organisations)
    for entry in data["definitions"]:
        indicator = Indicator.objects.get(intervention=intervention, code=entry["indicator"])
        if CapacityDefinition.objects.filter(indicator=indicator).exists():
            continue
        definitions.define(
            actor=LOADER,
            indicator=indicator,
            measure=entry["measure"],
            scope=entry["scope"],
            migrants_only=entry.get("migrants_only", False),
            cumulative=entry["cumulative"],
            note=entry["note"],
            note_ar=entry.get("note_ar", ""),
            note_en=entry.get("note_en", ""),
            from_year=2020,
            reason=entry["reason"],
        )
    definitions.refresh(actor=LOADER, intervention=intervention)
    progress(_("capacity building and outreach registers"))


def _trainings(
    intervention: Intervention,
    entries: list[dict[str, Any]],
    activities: dict[str, Activity],
    organisations: dict[str, Organisation],
) -> None:
    for entry in entries:
        training = registers.save_training(
            actor=LOADER,
            intervention=intervention,
            activity=activities.get(entry["activity"]),
            topic=entry["topic"],
            audience=entry["audience"],
            starts_on=_date(entry["starts_on"]),  # type: ignore[arg-type]
            ends_on=_date(entry["ends_on"]),  # type: ignore[arg-type]
            trainer=entry["trainer"],
            place=entry["place"],
            remote=entry["remote"],
            max_score=Decimal(entry["max_score"]) if entry["max_score"] else None,
            notes=entry["notes"],
            recompute=False,
        )
        for line in entry["participants"]:
            for _n in range(line.get("count", 1)):
                registers.save_participant(
                    actor=LOADER,
                    training=training,
                    organisation=organisations.get(line.get("organisation", "")),
                    institution=line.get("institution", ""),
                    state_institution=line["state_institution"],
                    function=line.get("function", ""),
                    sex=line.get("sex", ""),
                    pre_score=_score(line.get("pre")),
                    post_score=_score(line.get("post")),
                    satisfaction=line.get("satisfaction", ""),
                    recompute=False,
                )


def _score(value: int | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _companies(
    intervention: Intervention,
    entries: list[dict[str, Any]],
    activities: dict[str, Activity],
    organisations: dict[str, Organisation],
) -> None:
    for entry in entries:
        for number in range(1, entry["count"] + 1):
            registers.save_outreach(
                actor=LOADER,
                intervention=intervention,
                activity=activities.get(entry["activity"]),
                company=entry["company"].format(n=number),
                sensitised_by=organisations[entry["sensitised_by"]],
                sensitised_on=_date(entry["sensitised_on"]),  # type: ignore[arg-type]
                notes=entry["notes"],
                recompute=False,
            )


def _meetings(
    intervention: Intervention,
    entries: list[dict[str, Any]],
    organisations: dict[str, Organisation],
) -> None:
    """The CP3 meetings, recorded in governance's meeting register; a
    line names an organisation of Suivi (state when it is a ministry or a
    public agency) or another institution (all state ones here)."""
    for entry in entries:
        agenda = entry["agenda"]
        if entry.get("notes"):
            agenda = f"{agenda}\n{entry['notes']}"
        meeting = meetings.save_meeting(
            actor=LOADER,
            intervention=intervention,
            kind=entry["kind"],
            held_on=_date(entry["held_on"]),  # type: ignore[arg-type]
            remote=entry["remote"],
            place=entry["place"],
            agenda=agenda,
        )
        for code, institution, attendees, focal_points in entry["attendance"]:
            organisation = organisations.get(code) if code else None
            meetings.add_participation(
                actor=LOADER,
                meeting=meeting,
                organisation=organisation,
                institution=institution or "",
                state_institution=organisation is None or organisation.kind in STATE_KINDS,
                attendees=attendees,
                focal_points=focal_points,
            )
