"""The nine steering registers as the pages see them: URL segment, titles,
form fields, list and export columns, filters, and the service that saves a
record. One description each, so that every register gets the same list
(filters, pagination, counts), detail, HTMX form, xlsx export and history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from suivi.core.registers import Catalogue, CellContext, Column, Register, attr, display
from suivi.governance.models import status_label
from suivi.governance.services import meetings, records, risks


def _late_actions(record: Any, context: CellContext) -> int:
    return sum(1 for item in record.actions.all() if item.shown_status(context.today) == "late")


def _decision_status(record: Any, context: CellContext) -> str:
    shown = {item.shown_status(context.today) for item in record.actions.all()}
    for status in ("late", "in_progress", "planned", "done", "cancelled"):
        if status in shown:
            return status_label(status)
    return ""


INTERVENTION = Column(_("Intervention"), attr("intervention.short_name"))
YEAR = Column(_("Year"), attr("year"))

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
            Column(_("Description"), attr("description")),
            INTERVENTION,
            Column(_("Identified on"), attr("identified_on")),
            Column(_("Category"), attr("category")),
            Column(_("Probability"), display("probability")),
            Column(_("Impact"), display("impact")),
            Column(_("Total"), display("total")),
            Column(_("Actions"), lambda r, c: len(r.actions.all())),
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
            Column(_("Meeting"), lambda r, c: str(r)),
            INTERVENTION,
            Column(_("Held remotely"), attr("remote")),
            Column(_("Institutions present"), lambda r, c: len(r.participations.all())),
            Column(
                _("People present"),
                lambda r, c: sum(p.attendees or 0 for p in r.participations.all()) or "",
            ),
            Column(_("Decisions"), lambda r, c: len(r.decisions.all())),
            Column(_("Minutes"), lambda r, c: r.minutes_name),
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
            Column(_("Decision"), attr("text")),
            Column(_("Meeting"), lambda r, c: str(r.meeting)),
            Column(_("Actions"), lambda r, c: len(r.actions.all())),
            Column(_("Follow-up"), _decision_status),
        ),
        filters=("meeting__kind",),
        intervention_path="meeting__intervention",
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
            Column(_("Recommendation"), attr("text")),
            INTERVENTION,
            YEAR,
            Column(_("Source"), display("source")),
            Column(_("Actor"), attr("actor")),
            Column(_("Deadline"), attr("deadline")),
            Column(_("Status"), display("status")),
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
            Column(_("Modification"), attr("description")),
            INTERVENTION,
            YEAR,
            Column(_("Kind"), display("kind")),
            Column(_("Approving decision"), lambda r, c: str(r.decision) if r.decision else ""),
            Column(_("Logframe revision"), lambda r, c: str(r.revision) if r.revision else ""),
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
            Column(_("Activity"), lambda r, c: str(r.activity)),
            INTERVENTION,
            YEAR,
            Column(_("Quarter"), lambda r, c: r.quarter or ""),
            Column(_("Status"), display("status")),
            Column(_("Comment"), attr("comment")),
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
            Column(_("Criterion"), display("criterion")),
            INTERVENTION,
            YEAR,
            Column(_("Sub-questions"), lambda r, c: len(r.answers.all())),
            Column(_("Grades"), lambda r, c: " ".join(a.grade for a in r.answers.all())),
            Column(_("Total"), lambda r, c: r.total or ""),
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
            Column(_("Text"), attr("text")),
            INTERVENTION,
            YEAR,
            Column(_("Kind"), display("kind")),
            Column(_("Audience"), attr("audience")),
            Column(_("Status"), attr("status")),
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
            Column(_("Title"), attr("title")),
            INTERVENTION,
            Column(_("Collected on"), attr("collected_on")),
            Column(_("Storyteller"), attr("shown_storyteller")),
            Column(_("Consent given on"), attr("consent_given_on")),
        ),
        filters=(),
        save=lambda actor, record, data: records.save_story(
            actor=actor, story=record, text=data.pop("story"), **data
        ),
    ),
)
CATALOGUE = Catalogue(REGISTERS)
BY_SLUG = CATALOGUE.slugs
BY_KIND = CATALOGUE.kinds
