"""Possible duplicates across partners: find, link, reject, unlink.

Exact matches on the keyed hashes of identity documents and phones; probable
matches from a Splink model (DuckDB, trained on the data itself, offline) over
names, birth year, nationality and sex. A reviewer with the confirm-matches
capability decides; linking gives every record of the group the same identity
key (the smallest record id), so unique-person indicators count the person
once; nothing is merged or deleted, and unlinking restores the records' own keys.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.beneficiaries.models import MatchCandidate, MatchReason, MatchStatus, Person
from suivi.beneficiaries.services.computation import mark_stale
from suivi.core import audit

Progress = Callable[[str, int, int], None]


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


def find_probable(progress: Progress | None = None, threshold: float = 0.95) -> int:
    """Candidates from a Splink model trained on the persons themselves."""
    people = list(
        Person.objects.only(
            "id",
            "organisation_id",
            "identity_key",
            "given_name",
            "family_name",
            "birth_year",
            "nationality",
            "sex",
        )
    )
    if len(people) < 50:
        return 0  # too few records to train a model honestly
    pairs = _splink_pairs(people, threshold, progress)
    by_id = {str(p.pk): p for p in people}
    found = 0
    for left, right, probability in pairs:
        found += _propose(by_id[left], by_id[right], MatchReason.PROBABLE, probability)
    return found


def _plain(name: str) -> str:
    """Lower case without accents or separators: "Aïssatou" and "AISSATOU" block together."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if c.isalpha())
    return letters.lower()


def _splink_pairs(
    people: list[Person], threshold: float, progress: Progress | None
) -> list[tuple[str, str, float]]:
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.internals.exceptions import EMTrainingException

    records: list[dict[str, Any]] = [
        {
            "unique_id": str(p.pk),
            "first_name": _plain(p.given_name),
            "surname": _plain(p.family_name),
            "birth_year": p.birth_year,
            "nationality": p.nationality or None,
            "sex": p.sex,
        }
        for p in people
    ]
    connection = duckdb.connect()
    # No network: never let DuckDB fetch an extension.
    connection.execute(
        "SET autoinstall_known_extensions=false; SET autoload_known_extensions=false"
    )
    database = DuckDBAPI(connection=connection)
    frame = database.register(records, dataset_display_name="persons")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname"),
            block_on("first_name", "birth_year"),
        ],
    )
    linker = Linker(frame, settings)
    if progress:
        progress(_("Training the model"), 1, 3)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "birth_year")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    # Two passes, each blocked on a field the other estimates (names are too
    # varied to block on): birth year, then first name.
    for rule in (block_on("birth_year"), block_on("first_name")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except (EMTrainingException, ValueError):
            continue  # too few pairs, or nothing to learn: keep the other estimates
    if progress:
        progress(_("Scoring pairs"), 2, 3)
    try:
        predictions = linker.inference.predict(threshold_match_probability=threshold)
    except ValueError:
        return []  # the model could not be trained on these records: exact matches only
    rows = predictions.as_record_list()
    if progress:
        progress(_("Scoring pairs"), 3, 3)
    return [(r["unique_id_l"], r["unique_id_r"], float(r["match_probability"])) for r in rows]


def find_duplicates(progress: Progress | None = None) -> int:
    """Both searches; returns the number of new candidates."""
    return find_exact(progress) + find_probable(progress)


def _require(actor: User | None) -> None:
    if actor is not None and not has_capability(actor, Capability.CONFIRM_MATCHES):
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
    actor: User | None, candidate: MatchCandidate, status: str, reason: str, action: str
) -> MatchCandidate:
    _require(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    candidate = (
        MatchCandidate.objects.select_for_update()
        .select_related("person_a", "person_b")
        .get(pk=candidate.pk)
    )
    candidate.status = status
    candidate.decided_by = actor
    candidate.decision_reason = reason.strip()
    candidate.save(update_fields=["status", "decided_by", "decision_reason", "updated_at"])
    _rebuild_identities([candidate.person_a, candidate.person_b])
    audit.record(actor=actor, action=action, target=candidate, changed_fields=["status"])
    return candidate


@transaction.atomic
def link(*, actor: User | None, candidate: MatchCandidate, reason: str) -> MatchCandidate:
    """The two records are the same person: they now count once."""
    return _decide(actor, candidate, MatchStatus.LINKED, reason, "beneficiaries.duplicate.linked")


@transaction.atomic
def reject(*, actor: User | None, candidate: MatchCandidate, reason: str) -> MatchCandidate:
    """Two different persons (or undo a link): each record counts on its own."""
    return _decide(
        actor, candidate, MatchStatus.REJECTED, reason, "beneficiaries.duplicate.rejected"
    )


def has_possible_duplicate(person: Person) -> bool:
    """What a partner may know: that another partner may hold the same person."""
    return MatchCandidate.objects.filter(
        Q(person_a=person) | Q(person_b=person),
        status__in=[MatchStatus.CANDIDATE, MatchStatus.LINKED],
    ).exists()
