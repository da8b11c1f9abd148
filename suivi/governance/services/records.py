"""Writes of recommendations, DTF modifications, activity statuses, the
quality self-assessment, lessons learned and change stories."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.core import audit
from suivi.core.actors import Actor
from suivi.governance.models import (
    ActivityStatus,
    ChangeStory,
    Decision,
    Grade,
    Lesson,
    Modification,
    QualityAnswer,
    QualityAssessment,
    Recommendation,
)
from suivi.governance.services.common import (
    LINE,
    TEXT,
    clean,
    require,
    require_manager,
    same_intervention,
    save,
)
from suivi.programmes.models import Activity, Intervention, LogframeRevision


@transaction.atomic
def save_recommendation(
    *,
    actor: Actor,
    recommendation: Recommendation | None = None,
    intervention: Intervention,
    year: int,
    source: str,
    text: str,
    domain: str = "",
    actor_name: str = "",
    deadline: date | None = None,
    priority: int | None = None,
    status: str = "open",
) -> Recommendation:
    """`actor_name` is the recommendation's addressee (its « acteur »)."""
    require_manager(actor)
    texts = clean({"text": (TEXT, text), "domain": (LINE, domain), "actor": (LINE, actor_name)})
    require({"text": texts["text"]})
    values = {
        "intervention": intervention,
        "year": year,
        "source": source,
        "deadline": deadline,
        "priority": priority,
        "status": status,
        **texts,
    }
    return save(
        recommendation or Recommendation(),
        values,
        actor=actor,
        prefix="governance.recommendation",
        created=recommendation is None,
    )


@transaction.atomic
def save_modification(
    *,
    actor: Actor,
    modification: Modification | None = None,
    intervention: Intervention,
    year: int,
    kind: str,
    description: str,
    reasons: str = "",
    expected_effects: str = "",
    follow_up: str = "",
    decision: Decision | None = None,
    revision: LogframeRevision | None = None,
) -> Modification:
    """A change to the DTF, with the decision that approved it and the
    logframe revision it produced (both of the same intervention)."""
    require_manager(actor)
    texts = clean(
        {
            "description": (TEXT, description),
            "reasons": (TEXT, reasons),
            "expected_effects": (TEXT, expected_effects),
            "follow_up": (TEXT, follow_up),
        }
    )
    require({"description": texts["description"]})
    same_intervention(intervention, decision=decision, revision=revision)
    values = {
        "intervention": intervention,
        "year": year,
        "kind": kind,
        "decision": decision,
        "revision": revision,
        **texts,
    }
    return save(
        modification or Modification(),
        values,
        actor=actor,
        prefix="governance.modification",
        created=modification is None,
    )


@transaction.atomic
def save_activity_status(
    *,
    actor: Actor,
    record: ActivityStatus | None = None,
    activity: Activity,
    year: int,
    status: str,
    quarter: int = 0,
    comment: str = "",
) -> ActivityStatus:
    """The status of an activity for a year (quarter 0) or a quarter."""
    require_manager(actor)
    if quarter not in range(5):
        raise ValidationError({"quarter": _("A quarter is 1 to 4, or 0 for the whole year.")})
    texts = clean({"comment": (TEXT, comment)})
    values = {
        "intervention": activity.intervention,
        "activity": activity,
        "year": year,
        "quarter": quarter,
        "status": status,
        **texts,
    }
    return save(
        record or ActivityStatus(),
        values,
        actor=actor,
        prefix="governance.activity_status",
        created=record is None,
    )


@transaction.atomic
def save_assessment(
    *,
    actor: Actor,
    assessment: QualityAssessment | None = None,
    intervention: Intervention,
    year: int,
    criterion: str,
    comment: str = "",
) -> QualityAssessment:
    require_manager(actor)
    texts = clean({"comment": (TEXT, comment)})
    values = {"intervention": intervention, "year": year, "criterion": criterion, **texts}
    return save(
        assessment or QualityAssessment(),
        values,
        actor=actor,
        prefix="governance.quality",
        created=assessment is None,
    )


@transaction.atomic
def grade_questions(
    *,
    actor: Actor,
    assessment: QualityAssessment,
    answers: Sequence[tuple[str, str, str]],
) -> list[QualityAnswer]:
    """Replace the graded sub-questions of a criterion: (question, grade A–D,
    the statement chosen). The criterion's total follows (`quality`)."""
    require_manager(actor)
    rows = []
    errors: dict[str, list[str]] = {}
    for position, (question, grade, statement) in enumerate(answers, start=1):
        if grade not in Grade.values:
            errors[f"grade_{position}"] = [
                _("Sub-question %(n)d: the grade is A, B, C or D.") % {"n": position}
            ]
            continue
        texts = clean({"question": (TEXT, question), "statement": (TEXT, statement)})
        if not texts["question"]:
            errors[f"question_{position}"] = [
                _("Sub-question %(n)d: write the question.") % {"n": position}
            ]
            continue
        rows.append(QualityAnswer(assessment=assessment, order=position, grade=grade, **texts))
    if not rows and not errors:
        errors["question_1"] = [_("Grade at least one sub-question.")]
    if errors:
        raise ValidationError(errors)
    assessment.answers.all().delete()
    for row in rows:
        row.full_clean()
        row.save()
    audit.record(
        actor=actor,
        action="governance.quality.graded",
        target=assessment,
        changed_fields=["answers"],
        detail={"questions": len(rows)},
    )
    return rows


@transaction.atomic
def save_lesson(
    *,
    actor: Actor,
    lesson: Lesson | None = None,
    intervention: Intervention,
    year: int,
    kind: str,
    text: str,
    audience: str = "",
    status: str = "",
) -> Lesson:
    require_manager(actor)
    texts = clean({"text": (TEXT, text), "audience": (LINE, audience), "status": (LINE, status)})
    require({"text": texts["text"]})
    values = {"intervention": intervention, "year": year, "kind": kind, **texts}
    return save(
        lesson or Lesson(), values, actor=actor, prefix="governance.lesson", created=lesson is None
    )


INITIALS = re.compile(r"^[^\W\d_]{1,3}(?:[.\- ]?[^\W\d_]{1,3}){0,3}\.?$")


@transaction.atomic
def save_story(
    *,
    actor: Actor,
    story: ChangeStory | None = None,
    intervention: Intervention,
    collected_on: date,
    title: str,
    text: str,
    storyteller_initials: str,
    consent_given_on: date | None,
    storyteller_role: str = "",
    consent_to_name: bool = False,
    storyteller_name: str = "",
) -> ChangeStory:
    """A change story is kept only with the storyteller's consent (its date).
    By default only their initials are kept; a name only when they agreed to
    be named."""
    require_manager(actor)
    texts = clean(
        {
            "title": (LINE, title),
            "story": (TEXT, text),
            "storyteller_initials": (LINE, storyteller_initials),
            "storyteller_role": (LINE, storyteller_role),
            "storyteller_name": (LINE, storyteller_name),
        }
    )
    errors: dict[str, list[str]] = {}
    if consent_given_on is None:
        errors["consent_given_on"] = [_("A story is kept only with the storyteller's consent.")]
    if not INITIALS.match(texts["storyteller_initials"]):
        errors["storyteller_initials"] = [_("Initials only, such as « M.L » or « FK ».")]
    if texts["storyteller_name"] and not consent_to_name:
        errors["storyteller_name"] = [
            _("The name is kept only when the storyteller agreed to be named.")
        ]
    if errors:
        raise ValidationError(errors)
    require({"title": texts["title"], "story": texts["story"]})
    values = {
        "intervention": intervention,
        "collected_on": collected_on,
        "consent_given_on": consent_given_on,
        "consent_to_name": consent_to_name,
        **texts,
    }
    return save(
        story or ChangeStory(),
        values,
        actor=actor,
        prefix="governance.story",
        created=story is None,
    )
