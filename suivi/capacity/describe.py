"""A capacity indicator definition said in plain words, in the user's
language: shown on the indicator sheet and on the definitions page."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from suivi.capacity.compute import REGISTER_OF
from suivi.capacity.models import Audience, CapacityDefinition, DeliverableKind, Measure, Register
from suivi.governance.models import MeetingKind

SCOPE_CHOICES = {
    Register.TRAINING: Audience,
    Register.MEETING: MeetingKind,
    Register.DELIVERABLE: DeliverableKind,
}


def scope_choices(register: str) -> list[tuple[str, str]]:
    choices = SCOPE_CHOICES.get(register)  # type: ignore[call-overload]
    return list(choices.choices) if choices else []


def _listed(labels: list[str]) -> str:
    return ", ".join(labels)


def scope_words(definition: CapacityDefinition) -> str:
    register = REGISTER_OF[definition.measure]
    choices = dict(scope_choices(register))
    labels = [str(choices.get(code, code)) for code in definition.scope or []]
    if not labels:
        return _("all of them")
    return _listed(labels)


def describe(definition: CapacityDefinition) -> str:
    """What the definition counts, which records, which year rule."""
    measure = definition.measure
    scope = scope_words(definition)
    if definition.cumulative:
        when = _("dated up to the end of the year (cumulative since the start)")
    else:
        when = _("dated in the year")
    texts: dict[str, str] = {
        Measure.KNOWLEDGE_POST_MEAN: _(
            "Mean post-test score as a share of the maximum score (sum of the post-test "
            "scores over the sum of the maximum scores), over the participants tested "
            "before and after the trainings."
        ),
        Measure.KNOWLEDGE_IMPROVED: _(
            "Share of the participants tested before and after the trainings whose "
            "post-test score is higher than their pre-test score."
        ),
        Measure.KNOWLEDGE_THRESHOLD: _(
            "Share of the participants tested before and after the trainings whose "
            "post-test score reaches %(threshold)s %% of the maximum score."
        )
        % {"threshold": number_format(definition.threshold or 0)},
        Measure.SATISFACTION: _(
            "Share of the participants who answered the satisfaction question who said "
            "they were satisfied or very satisfied (answers of all the trainings added up)."
        ),
        Measure.STATE_INSTITUTIONS: _(
            "Number of distinct state institutions with at least one participant in the trainings."
        ),
        Measure.PARTICIPANTS: _("Number of participants in the trainings."),
        Measure.FOCAL_POINTS_MEAN: _(
            "Average, over the meetings of the year whose attendance is recorded, of the "
            "number of focal points sent by state institutions; a meeting where a state "
            "institution's line has no count is left out."
        ),
        Measure.REQUESTS_SHARE: _(
            "Share of the companies sensitised that made at least one contrat aidé request "
            "after their sensitisation and by the end of the year."
        ),
        Measure.RECRUITMENT_SHARE: _(
            "Share of the companies sensitised that recruited at least one migrant after "
            "their sensitisation and by the end of the year, among the companies whose "
            "recruitment is known."
        ),
        Measure.DELIVERABLES: _("Number of deliverables validated."),
    }
    register = REGISTER_OF[measure]
    sentences: dict[str, str] = {
        Register.TRAINING: _(
            "Trainings counted (audience): %(scope)s; trainings %(when)s, by their last day."
        ),
        Register.MEETING: _("Meetings counted (kind): %(scope)s."),
        Register.OUTREACH: _("Companies sensitised %(when)s."),
        Register.DELIVERABLE: _("Deliverables counted (type): %(scope)s; validated %(when)s."),
    }
    records = sentences[register] % {"scope": scope, "when": when}
    parts: list[str] = [texts[measure], records]
    if register == Register.DELIVERABLE and definition.migrants_only:
        parts.append(_("Only deliverables meant for migrants."))
    if measure in (Measure.REQUESTS_SHARE, Measure.RECRUITMENT_SHARE, *_shares_with_people()):
        parts.append(_("A year without anyone in the base is not measured (blank)."))
    else:
        parts.append(
            _(
                "A year without any record in the register is not measured (blank); "
                "otherwise 0 is a measured zero."
            )
        )
    return " ".join(parts)


def _shares_with_people() -> tuple[str, ...]:
    return (
        Measure.KNOWLEDGE_POST_MEAN,
        Measure.KNOWLEDGE_IMPROVED,
        Measure.KNOWLEDGE_THRESHOLD,
        Measure.SATISFACTION,
    )
