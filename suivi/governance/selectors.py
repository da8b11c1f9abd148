"""Reads of the steering registers, scoped to the acting user: the team and
the steering committee read every intervention's registers; anyone else gets
nothing (an empty list, None for one record)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from suivi.accounts.models import Organisation
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.core.models import AuditEvent
from suivi.governance import matrix, policies
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
from suivi.governance.models.follow_up import OPEN_STATUSES
from suivi.programmes.models import Activity, Intervention, LogframeRevision, ResultNode
from suivi.programmes.selectors import interventions_for

MODELS: dict[str, type[models.Model]] = {
    "risk": Risk,
    "meeting": Meeting,
    "decision": Decision,
    "recommendation": Recommendation,
    "modification": Modification,
    "activity_status": ActivityStatus,
    "quality": QualityAssessment,
    "lesson": Lesson,
    "story": ChangeStory,
}
# Where each register finds its intervention, and what it reads along.
_INTERVENTION = {"decision": "meeting__intervention"}
_RELATED: dict[str, tuple[str, ...]] = {
    "risk": ("intervention", "result"),
    "meeting": ("intervention",),
    "decision": ("meeting", "meeting__intervention"),
    "modification": ("intervention", "decision", "decision__meeting", "revision"),
    "activity_status": ("intervention", "activity"),
}
_PREFETCH: dict[str, tuple[Any, ...]] = {
    "risk": ("actions",),
    "decision": ("actions",),
    "meeting": ("participations__organisation", "decisions__actions"),
    "quality": ("answers",),
}


def interventions(user: Actor) -> QuerySet[Intervention]:
    if not policies.may_view_steering(user):
        return Intervention.objects.none()
    return interventions_for(user)


def records(user: Actor, kind: str, lookups: Mapping[str, object] | None = None) -> QuerySet:
    """The records of register `kind` that `user` may read, narrowed by
    `lookups` (field lookups the register's filter form produced)."""
    model = MODELS[kind]
    if not policies.may_view_steering(user):
        return model._default_manager.none()
    key = _INTERVENTION.get(kind, "intervention")
    found = (
        model._default_manager.filter(**{f"{key}__in": interventions(user)})
        .select_related(*_RELATED.get(kind, ("intervention",)))
        .prefetch_related(*_PREFETCH.get(kind, ()))
    )
    lookups = dict(lookups or {})
    late = lookups.pop("late", None)
    if late is not None:
        found = found.filter(_late_q(kind, late)).distinct()
    return found.filter(**{k: v for k, v in lookups.items() if v not in ("", None)})


def _late_q(kind: str, today: Any) -> Q:
    return Q(actions__status__in=OPEN_STATUSES, actions__deadline__lt=today)


def record(user: Actor, kind: str, pk: object) -> Any:
    """One record `user` may read, or None."""
    return records(user, kind).filter(pk=pk).first()


def counts(user: Actor) -> dict[str, int]:
    return {kind: records(user, kind).count() for kind in MODELS}


def action_for(user: Actor, kind: str, pk: str) -> RiskAction | DecisionAction | None:
    """A risk's or a decision's action, when its record is readable."""
    model: type[RiskAction] | type[DecisionAction] = (
        RiskAction if kind == "risk" else DecisionAction
    )
    parent = "risk" if kind == "risk" else "decision"
    return (
        model._default_manager.filter(**{f"{parent}__in": records(user, kind)})
        .filter(pk=pk)
        .first()
    )


def risk_matrix(user: Actor, lookups: Mapping[str, object] | None = None) -> list[dict[str, Any]]:
    """The matrix rows (highest probability first), each cell with its total
    and the open risks that fall in it."""
    found = records(user, "risk", {**(lookups or {}), "closed": False}).exclude(probability="")
    by_cell: dict[tuple[str, str], list[Risk]] = {}
    for risk in found:
        by_cell.setdefault((risk.probability, risk.impact), []).append(risk)
    return [
        {
            "probability": probability,
            "cells": [
                {"impact": impact, "total": total, "risks": by_cell.get((probability, impact), [])}
                for impact, total in cells
            ],
        }
        for probability, cells in matrix.grid()
    ]


def totals(user: Actor, lookups: Mapping[str, object] | None = None) -> Counter[str]:
    found = records(user, "risk", {**(lookups or {}), "closed": False})
    return Counter(found.values_list("total", flat=True))


def history(user: Actor, records_: Iterable[models.Model]) -> QuerySet[AuditEvent]:
    """The audit events of these records (a record and its child rows), for
    readers of the audit trail."""
    if not policies.may_see_history(user):
        return AuditEvent.objects.none()
    ids = [str(item.pk) for item in records_]
    events = (
        AuditEvent.objects.filter(object_id__in=ids)
        .select_related("actor")
        .order_by("-occurred_at")[:100]
    )
    # Reading the trail is itself recorded, as on the audit-trail page.
    audit.record(
        actor=user, action="core.audit_trail.viewed", detail={"filters": {"object_id": ids[0]}}
    )
    return events


def minutes_for(user: Actor, pk: object) -> Meeting | None:
    """A meeting's minutes to download; the download is recorded."""
    meeting = record(user, "meeting", pk)
    if meeting is None or not meeting.minutes:
        return None
    audit.record(actor=user, action="governance.meeting.minutes_viewed", target=meeting)
    return meeting


def record_export(user: Actor, kind: str, count: int) -> None:
    audit.record(
        actor=user, action="governance.register.exported", detail={"register": kind, "rows": count}
    )


# -- Choices for the forms ---------------------------------------------------------------


def results(user: Actor) -> QuerySet[ResultNode]:
    return ResultNode.objects.filter(
        intervention__in=interventions(user), retired_in__isnull=True
    ).select_related("intervention")


def activities(user: Actor) -> QuerySet[Activity]:
    return Activity.objects.filter(
        intervention__in=interventions(user), retired_in__isnull=True
    ).select_related("intervention")


def meetings(user: Actor) -> QuerySet[Meeting]:
    return records(user, "meeting").prefetch_related(None)


def decisions(user: Actor) -> QuerySet[Decision]:
    return records(user, "decision").prefetch_related(None)


def revisions(user: Actor) -> QuerySet[LogframeRevision]:
    return LogframeRevision.objects.filter(intervention__in=interventions(user)).select_related(
        "intervention"
    )


def organisations(user: Actor) -> QuerySet[Organisation]:
    if not policies.may_view_steering(user):
        return Organisation.objects.none()
    return Organisation.objects.order_by("short_name")


def revision_approvals(
    user: Actor, revision_ids: Iterable[object]
) -> dict[object, list[Modification]]:
    """Revision id → the modifications (with their decision) that produced it."""
    found: dict[object, list[Modification]] = {}
    for modification in records(user, "modification", {"revision__in": list(revision_ids)}):
        found.setdefault(modification.revision_id, []).append(modification)
    return found


def attendance(
    user: Actor, intervention: Intervention, year: int, kinds: Iterable[str]
) -> list[dict[str, Any]]:
    """For the indicators a capacity app will compute from meetings (Ind3.1
    average number of state focal points present, Ind3.3 state institutions
    present): each meeting of these kinds held that year, with the state
    institutions present, the focal points they sent (None when a line does
    not say), and the lines without a count."""
    found = (
        records(user, "meeting")
        .filter(intervention=intervention, held_on__year=year, kind__in=list(kinds))
        .order_by("held_on")
    )
    rows = []
    for meeting in found:
        state = [p for p in meeting.participations.all() if p.state_institution]
        counted = [p.focal_points for p in state if p.focal_points is not None]
        rows.append(
            {
                "meeting": meeting,
                "state_institutions": len(state),
                "state_focal_points": sum(counted) if counted else None,
                "uncounted": len(state) - len(counted),
            }
        )
    return rows
