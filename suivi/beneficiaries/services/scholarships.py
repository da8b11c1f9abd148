"""Scholarships granted after the vulnerability grid."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries.models import (
    EventType,
    JourneyEvent,
    Person,
    Sex,
    VulnerabilityCriterion,
    VulnerabilityGrid,
)
from suivi.beneficiaries.services.events import record_event
from suivi.core import audit, changes, text
from suivi.core.actors import Actor
from suivi.indicators.policies import may_manage_definitions


@transaction.atomic
def put_grid(
    *,
    actor: Actor,
    code: str,
    name: str,
    threshold: int,
    criteria: Sequence[tuple[str, int, bool, str, str, str]],
    records_as: EventType,
    granted_for: EventType,
) -> VulnerabilityGrid:
    """Create a grid with its criteria: (code, weight, women only, French,
    Arabic, English names). An existing grid is returned unchanged."""
    if not may_manage_definitions(actor):
        raise PermissionDenied
    grid = VulnerabilityGrid.objects.filter(code=code).first()
    if grid is not None:
        return grid
    grid = VulnerabilityGrid(
        code=code,
        name=text.clean_fields({"name": (text.clean_line, name)})["name"],
        threshold=threshold,
        records_as=records_as,
        granted_for=granted_for,
    )
    grid.full_clean()
    grid.save()
    for position, (criterion, weight, women_only, fr, ar, en) in enumerate(criteria):
        VulnerabilityCriterion.objects.create(
            grid=grid,
            code=criterion,
            weight=weight,
            women_only=women_only,
            order=position,
            **text.clean_labels(fr, ar, en),
        )
    audit.record(
        actor=actor,
        action="beneficiaries.grid.created",
        target=grid,
        changed_fields=[*changes.created_fields(grid), "criteria"],
    )
    return grid


def assess(grid: VulnerabilityGrid, person: Person, criteria: Sequence[str]) -> tuple[int, bool]:
    """The person's score on the grid and whether it makes them eligible.
    Criteria specific to women's situations do not apply to men."""
    known = {c.code: c for c in grid.criteria.all()}
    unknown = [code for code in criteria if code not in known]
    if unknown:
        raise ValidationError(
            {"criteria": _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if person.sex == Sex.MEN and any(known[code].women_only for code in criteria):
        raise ValidationError(
            {"criteria": _("A criterion specific to women was ticked for a man.")}
        )
    score = sum(known[code].weight for code in set(criteria))
    return score, score >= grid.threshold


@transaction.atomic
def grant(
    *,
    actor: Actor,
    person: Person,
    organisation: Organisation,
    grid: VulnerabilityGrid,
    criteria: Sequence[str],
    enrolment: JourneyEvent,
    occurred_on: date,
    recompute: bool = True,
) -> JourneyEvent:
    """Record the scholarship decision with its grid score and eligibility."""
    if enrolment.event_type_id != grid.granted_for_id or (
        enrolment.person.identity_key != person.identity_key
    ):
        raise ValidationError({"related_event": _("Choose this person's training enrolment.")})
    score, eligible = assess(grid, person, criteria)
    attributes: dict[str, Any] = {
        "school_year": enrolment.attributes.get("school_year", ""),
        "grid_score": score,
        "eligible": eligible,
        "criteria": ", ".join(sorted(set(criteria))),
    }
    event, _created = record_event(
        actor=actor,
        person=person,
        event_type=grid.records_as,
        organisation=organisation,
        occurred_on=occurred_on,
        related_event=enrolment,
        attributes=attributes,
        recompute=recompute,
    )
    return event


@transaction.atomic
def update_grid(
    *, actor: Actor, grid: VulnerabilityGrid, threshold: int, weights: dict[str, int]
) -> VulnerabilityGrid:
    """Change the threshold and the weights. Decisions already recorded keep
    the score they were taken with."""
    if not may_manage_definitions(actor):
        raise PermissionDenied
    if threshold < 1 or any(w < 0 for w in weights.values()):
        raise ValidationError(_("The threshold and the weights are positive numbers."))
    before = changes.snapshot(grid)
    grid.threshold = threshold
    changed = changes.save_changes(grid, before)
    for criterion in grid.criteria.all():
        before = changes.snapshot(criterion)
        criterion.weight = weights.get(criterion.code, criterion.weight)
        if changes.save_changes(criterion, before):
            changed.append(criterion.code)  # the grid's criteria are named by code
    if changed:
        audit.record(
            actor=actor, action="beneficiaries.grid.changed", target=grid, changed_fields=changed
        )
    return grid


@transaction.atomic
def add_criterion(
    *,
    actor: Actor,
    grid: VulnerabilityGrid,
    code: str,
    weight: int,
    women_only: bool,
    name: str,
    name_ar: str = "",
    name_en: str = "",
) -> VulnerabilityCriterion:
    if not may_manage_definitions(actor):
        raise PermissionDenied
    if grid.criteria.filter(code=code).exists():
        raise ValidationError({"code": _("The grid already has a criterion with this code.")})
    criterion = VulnerabilityCriterion(
        grid=grid,
        code=code,
        weight=weight,
        women_only=women_only,
        order=grid.criteria.count(),
        **text.clean_labels(name, name_ar, name_en),
    )
    criterion.full_clean()
    criterion.save()
    audit.record(
        actor=actor, action="beneficiaries.grid.changed", target=grid, changed_fields=[code]
    )
    return criterion
