"""Possible duplicates across partners: find, link, reject, unlink.

Exact matches on the keyed hashes of identity documents and phones; probable
matches from a Splink model (DuckDB, trained on the data itself, offline) over
names, birth year, nationality and sex. A reviewer with the confirm-matches
capability decides; linking gives every record of the group the same identity
key (the smallest record id), so unique-person indicators count the person
once; nothing is merged or deleted, and unlinking restores the records' own keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.beneficiaries.models import (
    MatchCandidate,
    MatchReason,
    MatchStatus,
    Person,
    UncheckedRegistration,
)
from suivi.beneficiaries.services import match_model, probable_matches, registration_matches
from suivi.beneficiaries.services.computation import mark_stale
from suivi.core import changes, text
from suivi.core.actors import Actor, as_user

Progress = Callable[[str, int, int], None]
# Candidates scored per query when the model is trained.
SCORE_CHUNK = 2000


def _pair(a: Person, b: Person) -> tuple[Person, Person]:
    return (a, b) if str(a.pk) < str(b.pk) else (b, a)


def _propose(a: Person, b: Person, reason: str, probability: float | None = None) -> bool:
    if a.organisation_id == b.organisation_id or a.identity_key == b.identity_key:
        return False  # same partner (their own business) or already one person
    first, second = _pair(a, b)
    _candidate, created = MatchCandidate.objects.get_or_create(
        person_a=first,
        person_b=second,
        defaults={"reason": reason, "probability": probability},
    )
    return created


def find_exact(progress: Progress | None = None) -> int:
    """Candidates for records sharing a document or a phone across partners."""
    found = 0
    for reason, field in (
        (MatchReason.DOCUMENT, "document_hash"),
        (MatchReason.PHONE, "phone_hash"),
    ):
        groups: dict[str, list[Person]] = defaultdict(list)
        for person in Person.objects.exclude(**{field: ""}).only(
            "id", "organisation_id", "identity_key", field
        ):
            groups[getattr(person, field)].append(person)
        shared = [g for g in groups.values() if len(g) > 1]
        for position, group in enumerate(shared, start=1):
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    found += _propose(a, b, reason)
            if progress:
                progress(str(MatchReason(reason).label), position, len(shared))
    return found


def find_probable(progress: Progress | None = None, threshold: float = match_model.PROPOSE) -> int:
    """Candidates from a Splink model trained on the persons themselves (blocking,
    training, storing the model and bulk writing in `probable_matches`). Every
    person is compared: the registrations the model could not compare when
    they came are cleared. Raises MatchModelError, which no caller may take for
    "no candidate"."""
    started = timezone.now()
    found = probable_matches.find(progress, threshold)
    UncheckedRegistration.objects.filter(created_at__lt=started).delete()
    _score_exact()
    return found


def _score_exact() -> None:
    """The model's score for the candidates proposed without one (exact ones
    found before any model was trained): the queue is ordered by it."""
    scorer, _why = registration_matches.current_scorer()
    if scorer is None:
        return
    pending = MatchCandidate.objects.filter(
        probability__isnull=True, status=MatchStatus.CANDIDATE
    ).select_related("person_a", "person_b")
    while batch := list(pending[:SCORE_CHUNK]):
        for candidate in batch:
            candidate.probability = scorer.probability(
                registration_matches.features(candidate.person_a),
                registration_matches.features(candidate.person_b),
            )
        MatchCandidate.objects.bulk_update(batch, ["probability"])


def find_duplicates(progress: Progress | None = None) -> int:
    """Both searches; returns the number of new candidates. The exact ones are
    kept when the model fails (MatchModelError, raised after them)."""
    return find_exact(progress) + find_probable(progress)


def _require(actor: Actor) -> None:
    if not has_capability(actor, Capability.CONFIRM_MATCHES):
        raise PermissionDenied


def _rebuild_identities(persons: Iterable[Person]) -> None:
    """Give each group of linked records the smallest id among them."""
    seeds = {p.pk for p in persons}
    links = MatchCandidate.objects.filter(status=MatchStatus.LINKED)
    neighbours: dict[Any, set[Any]] = defaultdict(set)
    for a, b in links.values_list("person_a_id", "person_b_id"):
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[Any] = set()
    for seed in seeds:
        if seed in seen:
            continue
        group, stack = set(), [seed]
        while stack:
            current = stack.pop()
            if current in group:
                continue
            group.add(current)
            stack.extend(neighbours[current] - group)
        seen |= group
        key = min(group, key=str)
        moved = Person.objects.filter(pk__in=group).exclude(identity_key=key)
        # The identities that lose or gain records count differently now.
        stale = {key, *moved.values_list("identity_key", flat=True)}
        moved.update(identity_key=key)
        mark_stale(stale)


def _decide(
    actor: Actor, candidate: MatchCandidate, status: str, reason: str, action: str
) -> MatchCandidate:
    _require(actor)
    reason = text.clean_fields({"reason": (text.clean_text, reason)})["reason"]
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    candidate = (
        MatchCandidate.objects.select_for_update()
        .select_related("person_a", "person_b")
        .get(pk=candidate.pk)
    )
    before = changes.snapshot(candidate)
    candidate.status = status
    candidate.decided_by = as_user(actor)
    candidate.decision_reason = reason
    changes.update(candidate, before, actor=actor, action=action)
    _rebuild_identities([candidate.person_a, candidate.person_b])
    return candidate


@transaction.atomic
def link(*, actor: Actor, candidate: MatchCandidate, reason: str) -> MatchCandidate:
    """The two records are the same person: they now count once."""
    return _decide(actor, candidate, MatchStatus.LINKED, reason, "beneficiaries.duplicate.linked")


@transaction.atomic
def reject(*, actor: Actor, candidate: MatchCandidate, reason: str) -> MatchCandidate:
    """Two different persons (or undo a link): each record counts on its own."""
    return _decide(
        actor, candidate, MatchStatus.REJECTED, reason, "beneficiaries.duplicate.rejected"
    )


@transaction.atomic
def unlink(*, actor: Actor, candidate: MatchCandidate, reason: str) -> MatchCandidate:
    """Undo a link (from a record's page): the two records count apart again,
    kept as different persons, with the reason in the audit trail."""
    if candidate.status != MatchStatus.LINKED:
        _require(actor)
        raise ValidationError(_("These two records are not linked."))
    return _decide(
        actor, candidate, MatchStatus.REJECTED, reason, "beneficiaries.duplicate.unlinked"
    )
