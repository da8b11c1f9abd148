"""The measures of the capacity registers, as plain functions of the records
(no query): what each indicator definition computes for a year.

A figure is a dict of cells (`""` the total, `"sex=women"`…) holding a value,
or n/N for a share, or None when the year is not measured. The rule for
blank or 0 (`suivi/indicators/README.md`): a share without a population is
not measured; a count is a measured 0 when the register holds a record dated
in the year, and not measured otherwise; a cumulative share of companies is
not measured in a year the register holds nothing dated in (no sensitisation,
request or recruitment): a register left unkept is not "no progress".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from suivi.beneficiaries.selectors.placements import EmployerPlacements, employer_key
from suivi.capacity.models import (
    SATISFIED,
    CapacityDefinition,
    CompanyOutreach,
    Deliverable,
    Measure,
    Participant,
    Register,
    Sex,
    Training,
)

HUNDRED = Decimal(100)

REGISTER_OF: dict[str, str] = {
    Measure.KNOWLEDGE_POST_MEAN: Register.TRAINING,
    Measure.KNOWLEDGE_IMPROVED: Register.TRAINING,
    Measure.KNOWLEDGE_THRESHOLD: Register.TRAINING,
    Measure.SATISFACTION: Register.TRAINING,
    Measure.STATE_INSTITUTIONS: Register.TRAINING,
    Measure.PARTICIPANTS: Register.TRAINING,
    Measure.FOCAL_POINTS_MEAN: Register.MEETING,
    Measure.REQUESTS_SHARE: Register.OUTREACH,
    Measure.RECRUITMENT_SHARE: Register.OUTREACH,
    Measure.DELIVERABLES: Register.DELIVERABLE,
}
SHARES = frozenset(
    {
        Measure.KNOWLEDGE_POST_MEAN,
        Measure.KNOWLEDGE_IMPROVED,
        Measure.KNOWLEDGE_THRESHOLD,
        Measure.SATISFACTION,
        Measure.REQUESTS_SHARE,
        Measure.RECRUITMENT_SHARE,
    }
)
# Measures whose people can be split by sex (the others count institutions,
# meetings, companies or documents).
BY_SEX = frozenset(
    {
        Measure.KNOWLEDGE_POST_MEAN,
        Measure.KNOWLEDGE_IMPROVED,
        Measure.KNOWLEDGE_THRESHOLD,
        Measure.SATISFACTION,
        Measure.PARTICIPANTS,
    }
)
KNOWLEDGE = frozenset(
    {Measure.KNOWLEDGE_POST_MEAN, Measure.KNOWLEDGE_IMPROVED, Measure.KNOWLEDGE_THRESHOLD}
)


@dataclass(frozen=True)
class Cell:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def shown(self) -> Decimal | None:
        """The value a page shows: the count, or the share in percent."""
        if self.denominator is not None and self.numerator is not None:
            if not self.denominator:
                return None
            return (self.numerator / self.denominator * HUNDRED).quantize(Decimal("0.01"))
        return self.value


Figure = dict[str, Cell] | None


@dataclass(frozen=True)
class Records:
    """What a computation reads, already scoped and loaded by a selector."""

    trainings: Sequence[Training] = ()
    # governance.selectors.attendance rows: meeting, state_institutions,
    # state_focal_points, uncounted.
    meetings: Sequence[dict[str, Any]] = ()
    outreach: Sequence[CompanyOutreach] = ()
    deliverables: Sequence[Deliverable] = ()
    # beneficiaries.selectors.placements_by_employer: the placements naming
    # each employer code.
    placements: Mapping[str, EmployerPlacements] = field(default_factory=dict)


@dataclass(frozen=True)
class Recruitment:
    """A company's recruitments of migrants: from the placements that name
    its code when there are any (`linked`), else the typed figure."""

    recruited: int | None
    first_on: date | None
    dates: tuple[date, ...]
    linked: bool


def recruitment(
    company: CompanyOutreach, placements: Mapping[str, EmployerPlacements]
) -> Recruitment:
    found = placements.get(employer_key(company.code)) if company.code else None
    if found is not None and found.persons:
        return Recruitment(found.persons, found.first_on, found.dates, linked=True)
    typed = (company.first_recruited_on,) if company.first_recruited_on else ()
    return Recruitment(company.recruited, company.first_recruited_on, typed, linked=False)


def _counts_in(year: int, cumulative: bool, day: date | None) -> bool:
    if day is None:
        return False
    return day.year == year or (cumulative and day.year < year)


def _count(value: int) -> Cell:
    return Cell(value=Decimal(value))


def _share(numerator: int | Decimal, denominator: int | Decimal) -> Cell:
    return Cell(numerator=Decimal(numerator), denominator=Decimal(denominator))


def institution_key(participant: Participant) -> str:
    if participant.organisation_id:
        return f"org:{participant.organisation_id}"
    return "name:" + " ".join(participant.institution.casefold().split())


def knowledge_share(
    measure: str, rows: Iterable[tuple[Training, Participant]], threshold: Decimal | None
) -> tuple[Decimal, Decimal]:
    """n and N of a knowledge measure over (training, participant) rows: only
    participants tested before and after, in trainings with a maximum score."""
    scores: list[tuple[Decimal, Decimal, Decimal]] = [
        (p.pre_score, p.post_score, t.max_score)
        for t, p in rows
        if p.pre_score is not None and p.post_score is not None and t.max_score
    ]
    if measure == Measure.KNOWLEDGE_POST_MEAN:
        return (
            sum((post for _pre, post, _max in scores), Decimal(0)),
            sum((top for _pre, _post, top in scores), Decimal(0)),
        )
    if measure == Measure.KNOWLEDGE_IMPROVED:
        improved = [1 for pre, post, _max in scores if post > pre]
        return Decimal(len(improved)), Decimal(len(scores))
    level = threshold if threshold is not None else Decimal(0)
    reached = [1 for _pre, post, top in scores if post / top * HUNDRED >= level]
    return Decimal(len(reached)), Decimal(len(scores))


def _training_share(
    measure: str, rows: list[tuple[Training, Participant]], threshold: Decimal | None
) -> tuple[Decimal, Decimal]:
    if measure in KNOWLEDGE:
        return knowledge_share(measure, rows, threshold)
    answered = [p for _t, p in rows if p.satisfaction]
    satisfied = sum(1 for p in answered if p.satisfaction in SATISFIED)
    return Decimal(satisfied), Decimal(len(answered))


def trainings_figure(
    definition: CapacityDefinition, trainings: Sequence[Training], year: int, *, by_sex: bool
) -> Figure:
    measure = definition.measure
    kept = [
        t
        for t in trainings
        if _counts_in(year, definition.cumulative, t.ends_on)
        and (not definition.scope or t.audience in definition.scope)
    ]
    rows = [(t, p) for t in kept for p in t.participants.all()]
    if measure == Measure.STATE_INSTITUTIONS:
        if not any(t.ends_on.year == year for t in trainings):
            return None
        found = {institution_key(p) for _t, p in rows if p.state_institution}
        return {"": _count(len(found))}
    groups: dict[str, list[tuple[Training, Participant]]] = {"": rows}
    if by_sex and measure in BY_SEX:
        for sex in Sex:
            groups[f"sex={sex.value}"] = [(t, p) for t, p in rows if p.sex == sex]
    if measure == Measure.PARTICIPANTS:
        if not any(t.ends_on.year == year for t in trainings):
            return None
        return {key: _count(len(group)) for key, group in groups.items()}
    cells: dict[str, Cell] = {}
    for key, group in groups.items():
        numerator, denominator = _training_share(measure, group, definition.threshold)
        if denominator:
            cells[key] = _share(numerator, denominator)
    return cells if "" in cells else None


def meetings_figure(
    definition: CapacityDefinition, meetings: Sequence[dict[str, Any]], year: int
) -> Figure:
    """The average number of state focal points present, over the year's
    meetings of the kinds counted whose attendance is recorded and fully
    counted (a meeting where a state institution's line has no count is left
    out: its total would be understated)."""
    counted = [
        row["state_focal_points"] or 0
        for row in meetings
        if row["meeting"].held_on.year == year
        and (not definition.scope or row["meeting"].kind in definition.scope)
        and row["recorded"]
        and not row["uncounted"]
    ]
    if not counted:
        return None
    mean = (Decimal(sum(counted)) / Decimal(len(counted))).quantize(Decimal("0.01"))
    return {"": Cell(value=mean)}


def _dated_in(year: int, company: CompanyOutreach, recruited: Recruitment) -> bool:
    """Whether the register says something of `company` in `year`."""
    days = [company.sensitised_on, company.first_request_on, company.first_recruited_on]
    days += recruited.dates
    return any(day is not None and day.year == year for day in days)


def outreach_figure(
    definition: CapacityDefinition,
    companies: Sequence[CompanyOutreach],
    year: int,
    placements: Mapping[str, EmployerPlacements] | None = None,
) -> Figure:
    """Shares over the companies sensitised in the year (or by its end, when
    cumulative): those whose first contrat aidé request, or a recruitment of
    a migrant, came after their sensitisation and by the year's end. For
    recruitment, only companies whose recruitment is known form the base: a
    company named by placements is known (`recruitment`), otherwise its typed
    figure decides."""
    end = date(year, 12, 31)
    placements = placements or {}
    recruitments = {c.pk: recruitment(c, placements) for c in companies}
    if not any(_dated_in(year, c, recruitments[c.pk]) for c in companies):
        return None
    cohort = [c for c in companies if _counts_in(year, definition.cumulative, c.sensitised_on)]
    if definition.measure == Measure.REQUESTS_SHARE:
        reached = [
            c
            for c in cohort
            if c.requests
            and c.first_request_on is not None
            and c.sensitised_on <= c.first_request_on <= end
        ]
        base = cohort
    else:
        known = [(c, recruitments[c.pk]) for c in cohort]
        base = [c for c, r in known if r.recruited is not None]
        reached = [
            c
            for c, r in known
            if r.recruited and any(c.sensitised_on <= day <= end for day in r.dates)
        ]
    if not base:
        return None
    return {"": _share(len(reached), len(base))}


def deliverables_figure(
    definition: CapacityDefinition, deliverables: Sequence[Deliverable], year: int
) -> Figure:
    """Validated deliverables of the types counted (and meant for migrants,
    when the definition says so), by their validation date."""
    if not any(
        d.produced_on.year == year or (d.validated_on and d.validated_on.year == year)
        for d in deliverables
    ):
        return None
    found = [
        d
        for d in deliverables
        if _counts_in(year, definition.cumulative, d.validated_on)
        and (not definition.scope or d.kind in definition.scope)
        and (d.for_migrants or not definition.migrants_only)
    ]
    return {"": _count(len(found))}


def figure(definition: CapacityDefinition, records: Records, year: int, *, by_sex: bool) -> Figure:
    register = REGISTER_OF[definition.measure]
    if register == Register.TRAINING:
        return trainings_figure(definition, records.trainings, year, by_sex=by_sex)
    if register == Register.MEETING:
        return meetings_figure(definition, records.meetings, year)
    if register == Register.OUTREACH:
        return outreach_figure(definition, records.outreach, year, records.placements)
    return deliverables_figure(definition, records.deliverables, year)
