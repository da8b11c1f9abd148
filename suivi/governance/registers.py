"""The nine steering registers as the pages see them: URL segment, titles,
form fields, list and export columns, filters, and the service that saves a
record. One description each, so that every register gets the same list
(filters, pagination, counts), detail, HTMX form, xlsx export and history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suivi.core.actors import Actor
from suivi.governance.models import status_label
from suivi.governance.services import meetings, records, risks


@dataclass(frozen=True)
class Column:
    label: str | Promise
    value: Callable[[Any, date], object]


@dataclass(frozen=True)
class Register:
    kind: str
    slug: str
    title: str | Promise
    singular: str | Promise
    fields: tuple[str, ...]
    columns: tuple[Column, ...]
    filters: tuple[str, ...]
    save: Callable[[Actor, Any, dict[str, Any]], Any]
    # Filter on records with an open action past its deadline.
    late_filter: bool = False


def _display(name: str) -> Callable[[Any, date], object]:
    return lambda record, today: getattr(record, f"get_{name}_display")()


def _attr(path: str) -> Callable[[Any, date], object]:
    def read(record: Any, today: date) -> object:
        value: Any = record
        for part in path.split("."):
            value = getattr(value, part, None) if value is not None else None
        return "" if value is None else value

    return read


def _late_actions(record: Any, today: date) -> int:
    return sum(1 for item in record.actions.all() if item.shown_status(today) == "late")


def _decision_status(record: Any, today: date) -> str:
    shown = {item.shown_status(today) for item in record.actions.all()}
    for status in ("late", "in_progress", "planned", "done", "cancelled"):
        if status in shown:
            return status_label(status)
    return ""


INTERVENTION = Column(_("Intervention"), _attr("intervention.short_name"))
YEAR = Column(_("Year"), _attr("year"))

REGISTERS: tuple[Register, ...] = (
    Register(
        kind="risk",
        slug="risques",
        title=_("Risks and issues"),
        singular=_("Risk"),
        fields=(
            "intervention",
            "kind",
            "description",
            "identified_on",
            "category",
            "probability",
            "impact",
            "result",
            "closed",
        ),
        columns=(
            Column(_("Description"), _attr("description")),
            INTERVENTION,
            Column(_("Identified on"), _attr("identified_on")),
            Column(_("Category"), _attr("category")),
            Column(_("Probability"), _display("probability")),
            Column(_("Impact"), _display("impact")),
            Column(_("Total"), _display("total")),
            Column(_("Actions"), lambda r, t: len(r.actions.all())),
            Column(_("Late actions"), _late_actions),
        ),
        filters=("kind", "category", "total", "closed"),
        save=lambda actor, record, data: risks.save_risk(actor=actor, risk=record, **data),
        late_filter=True,
    ),
    Register(
        kind="meeting",
        slug="reunions",
        title=_("Meetings"),
        singular=_("Meeting"),
        fields=("intervention", "kind", "number", "held_on", "remote", "place", "agenda"),
        columns=(
            Column(_("Meeting"), lambda r, t: str(r)),
            INTERVENTION,
            Column(_("Held remotely"), _attr("remote")),
            Column(_("Institutions present"), lambda r, t: len(r.participations.all())),
            Column(
                _("People present"),
                lambda r, t: sum(p.attendees or 0 for p in r.participations.all()) or "",
            ),
            Column(_("Decisions"), lambda r, t: len(r.decisions.all())),
            Column(_("Minutes"), lambda r, t: r.minutes_name),
        ),
        filters=("kind",),
        save=lambda actor, record, data: meetings.save_meeting(actor=actor, meeting=record, **data),
    ),
    Register(
        kind="decision",
        slug="decisions",
        title=_("Decisions"),
        singular=_("Decision"),
        fields=("meeting", "number", "text"),
        columns=(
            Column(_("Decision"), _attr("text")),
            Column(_("Meeting"), lambda r, t: str(r.meeting)),
            Column(_("Actions"), lambda r, t: len(r.actions.all())),
            Column(_("Follow-up"), _decision_status),
        ),
        filters=("meeting__kind",),
        save=lambda actor, record, data: meetings.save_decision(
            actor=actor, decision=record, **data
        ),
        late_filter=True,
    ),
    Register(
        kind="recommendation",
        slug="recommandations",
        title=_("Recommendations"),
        singular=_("Recommendation"),
        fields=(
            "intervention",
            "year",
            "source",
            "domain",
            "text",
            "actor",
            "deadline",
            "priority",
            "status",
        ),
        columns=(
            Column(_("Recommendation"), _attr("text")),
            INTERVENTION,
            YEAR,
            Column(_("Source"), _display("source")),
            Column(_("Actor"), _attr("actor")),
            Column(_("Deadline"), _attr("deadline")),
            Column(_("Status"), _display("status")),
        ),
        filters=("year", "source", "status"),
        save=lambda actor, record, data: records.save_recommendation(
            actor=actor, recommendation=record, actor_name=data.pop("actor"), **data
        ),
    ),
    Register(
        kind="modification",
        slug="modifications",
        title=_("Modifications of the DTF"),
        singular=_("Modification"),
        fields=(
            "intervention",
            "year",
            "kind",
            "description",
            "reasons",
            "expected_effects",
            "follow_up",
            "decision",
            "revision",
        ),
        columns=(
            Column(_("Modification"), _attr("description")),
            INTERVENTION,
            YEAR,
            Column(_("Kind"), _display("kind")),
            Column(_("Approving decision"), lambda r, t: str(r.decision) if r.decision else ""),
            Column(_("Logframe revision"), lambda r, t: str(r.revision) if r.revision else ""),
        ),
        filters=("year", "kind"),
        save=lambda actor, record, data: records.save_modification(
            actor=actor, modification=record, **data
        ),
    ),
    Register(
        kind="activity_status",
        slug="activites",
        title=_("Activity status"),
        singular=_("Activity status"),
        fields=("activity", "year", "quarter", "status", "comment"),
        columns=(
            Column(_("Activity"), lambda r, t: str(r.activity)),
            INTERVENTION,
            YEAR,
            Column(_("Quarter"), lambda r, t: r.quarter or ""),
            Column(_("Status"), _display("status")),
            Column(_("Comment"), _attr("comment")),
        ),
        filters=("year", "status"),
        save=lambda actor, record, data: records.save_activity_status(
            actor=actor, record=record, **data
        ),
    ),
    Register(
        kind="quality",
        slug="qualite",
        title=_("Quality self-assessment"),
        singular=_("Quality criterion"),
        fields=("intervention", "year", "criterion", "comment"),
        columns=(
            Column(_("Criterion"), _display("criterion")),
            INTERVENTION,
            YEAR,
            Column(_("Sub-questions"), lambda r, t: len(r.answers.all())),
            Column(_("Grades"), lambda r, t: " ".join(a.grade for a in r.answers.all())),
            Column(_("Total"), lambda r, t: r.total or ""),
        ),
        filters=("year", "criterion"),
        save=lambda actor, record, data: records.save_assessment(
            actor=actor, assessment=record, **data
        ),
    ),
    Register(
        kind="lesson",
        slug="lecons",
        title=_("Lessons learned"),
        singular=_("Lesson"),
        fields=("intervention", "year", "kind", "text", "audience", "status"),
        columns=(
            Column(_("Text"), _attr("text")),
            INTERVENTION,
            YEAR,
            Column(_("Kind"), _display("kind")),
            Column(_("Audience"), _attr("audience")),
            Column(_("Status"), _attr("status")),
        ),
        filters=("year", "kind"),
        save=lambda actor, record, data: records.save_lesson(actor=actor, lesson=record, **data),
    ),
    Register(
        kind="story",
        slug="recits",
        title=_("Change stories"),
        singular=_("Change story"),
        fields=(
            "intervention",
            "collected_on",
            "title",
            "story",
            "storyteller_initials",
            "storyteller_role",
            "consent_given_on",
            "consent_to_name",
            "storyteller_name",
        ),
        columns=(
            Column(_("Title"), _attr("title")),
            INTERVENTION,
            Column(_("Collected on"), _attr("collected_on")),
            Column(_("Storyteller"), _attr("shown_storyteller")),
            Column(_("Consent given on"), _attr("consent_given_on")),
        ),
        filters=(),
        save=lambda actor, record, data: records.save_story(
            actor=actor, story=record, text=data.pop("story"), **data
        ),
    ),
)
BY_SLUG = {register.slug: register for register in REGISTERS}
BY_KIND = {register.kind: register for register in REGISTERS}


def by_slug(slug: str) -> Register:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404 from None
