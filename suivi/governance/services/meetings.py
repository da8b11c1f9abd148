"""Writes of meetings, who attended, their minutes, decisions and the actions
that follow each decision."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.core import changes
from suivi.core.actors import Actor
from suivi.governance.models import Decision, DecisionAction, Meeting, Participation
from suivi.governance.services.common import (
    LINE,
    TEXT,
    clean,
    require,
    require_manager,
    save,
)
from suivi.indicators.services.measurements import ALLOWED_EVIDENCE_TYPES, MAX_EVIDENCE_BYTES
from suivi.programmes.models import Intervention

MINUTES_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@transaction.atomic
def save_meeting(
    *,
    actor: Actor,
    meeting: Meeting | None = None,
    intervention: Intervention,
    kind: str,
    held_on: date,
    number: int | None = None,
    remote: bool = False,
    place: str = "",
    agenda: str = "",
) -> Meeting:
    require_manager(actor)
    texts = clean({"place": (LINE, place), "agenda": (TEXT, agenda)})
    values = {
        "intervention": intervention,
        "kind": kind,
        "held_on": held_on,
        "number": number,
        "remote": remote,
        **texts,
    }
    return save(
        meeting or Meeting(),
        values,
        actor=actor,
        prefix="governance.meeting",
        created=meeting is None,
    )


@transaction.atomic
def attach_minutes(*, actor: Actor, meeting: Meeting, upload: UploadedFile) -> Meeting:
    """The minutes (PV) of a meeting, a PDF or Word file, kept in the private
    storage; a new file replaces the previous one."""
    require_manager(actor)
    content_type = upload.content_type or ""
    head = upload.read(8)
    upload.seek(0)
    signatures = ALLOWED_EVIDENCE_TYPES.get(content_type, ())
    if content_type not in MINUTES_TYPES or not head.startswith(signatures):
        raise ValidationError({"minutes": _("Accepted files: PDF, Word.")})
    if upload.size is None or upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"minutes": _("The file is larger than 20 MB.")})
    before = changes.snapshot(meeting)
    meeting.minutes.save(str(meeting.id), upload, save=False)
    meeting.minutes_name = (upload.name or "pv")[:255]
    meeting.minutes_type = content_type
    changes.update(meeting, before, actor=actor, action="governance.meeting.minutes_attached")
    return meeting


@transaction.atomic
def add_participation(
    *,
    actor: Actor,
    meeting: Meeting,
    organisation: Organisation | None = None,
    institution: str = "",
    state_institution: bool = False,
    attendees: int | None,
    focal_points: int | None = None,
) -> Participation:
    """One institution's attendance at a meeting: an organisation of Suivi or
    the name of another institution, people present and focal points among
    them (either may be left blank when the minutes do not say)."""
    require_manager(actor)
    texts = clean({"institution": (LINE, institution)})
    if (organisation is None) == (not texts["institution"]):
        raise ValidationError(
            {"institution": _("Choose an organisation or name the institution, not both.")}
        )
    if attendees is not None and focal_points is not None and focal_points > attendees:
        raise ValidationError(
            {"focal_points": _("There cannot be more focal points than people present.")}
        )
    values = {
        "meeting": meeting,
        "organisation": organisation,
        "state_institution": state_institution,
        "attendees": attendees,
        "focal_points": focal_points,
        **texts,
    }
    return save(
        Participation(), values, actor=actor, prefix="governance.participation", created=True
    )


@transaction.atomic
def save_decision(
    *,
    actor: Actor,
    decision: Decision | None = None,
    meeting: Meeting,
    number: int,
    text: str,
) -> Decision:
    require_manager(actor)
    texts = clean({"text": (TEXT, text)})
    require({"text": texts["text"], "number": number})
    values = {"meeting": meeting, "number": number, **texts}
    return save(
        decision or Decision(),
        values,
        actor=actor,
        prefix="governance.decision",
        created=decision is None,
    )


@transaction.atomic
def save_decision_action(
    *,
    actor: Actor,
    item: DecisionAction | None = None,
    decision: Decision,
    action: str,
    owner: str,
    deadline: date | None = None,
    progress: str = "",
) -> DecisionAction:
    """Add a follow-up action to a decision (planned) or change it. Every
    action has an owner: who is accountable for it."""
    require_manager(actor)
    texts = clean({"action": (TEXT, action), "owner": (LINE, owner), "progress": (TEXT, progress)})
    if not texts["owner"]:
        raise ValidationError({"owner": _("Name who carries the action.")})
    require({"action": texts["action"]})
    values: dict[str, object] = {"decision": decision, "deadline": deadline, **texts}
    if item is None:
        values["order"] = decision.actions.count()
    return save(
        item or DecisionAction(),
        values,
        actor=actor,
        prefix="governance.decision_action",
        created=item is None,
    )
