"""Possible duplicates of new registrations, found at once.

When a partner registers a person (form or import), the records of other
partners that may be the same person are looked up in the same request (the
import: in its job, once the file is published), and proposed to the
reviewers: the same document or phone (the keyed hashes: nothing is
decrypted), or names, year, sex and nationality the probabilistic model
scores at least `match_model.PROPOSE`. The registering partner is told
nothing: a message would let anyone probe whether a phone number is held by
another partner.

The candidates are found through indexed keys, the ones the duplicate search
blocks on (`probable_matches.BLOCKING_KEYS`): the document and phone hashes,
the names' phonetic codes in either order — every record of those names when
at most CANDIDATES["names"] hold them, else those of the same sex and
nationality born a year apart at most or of unknown year (all of them when
the registration has no year) — and either name's code with the year. Each
is scored with the model the last duplicate search trained and stored
(`MatchModel`). If there is none, or it cannot be read, the exact matches are
still proposed and the persons are listed as not compared
(`UncheckedRegistration`): the reviewers see a failure, never an empty queue
that means "no duplicate".
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from suivi.beneficiaries.models import (
    MatchCandidate,
    MatchModel,
    MatchReason,
    Person,
    UncheckedRegistration,
)
from suivi.beneficiaries.services import match_model
from suivi.core import audit
from suivi.core.actors import Actor

# Persons checked per query and transaction (an import's persons).
CHUNK = 200
# At most this many records read per person checked, by kind of key (a very
# common name has thousands of namesakes; a phone or a document, a handful).
CANDIDATES = {
    "document": 1000,
    "phone": 1000,
    "names": 300,
    "near": 300,
    "family": 100,
    "given": 100,
}
_FIELDS = (
    "id",
    "organisation_id",
    "identity_key",
    "given_name",
    "family_name",
    "birth_year",
    "sex",
    "nationality",
    "phone_hash",
    "document_type",
    "document_hash",
    "given_sound",
    "family_sound",
    "names_sound",
)


def features(person: Person) -> match_model.Features:
    return match_model.features_of(
        person.given_name,
        person.family_name,
        person.birth_year,
        person.sex,
        person.nationality,
        person.phone_hash,
        person.document_type,
        person.document_hash,
    )


# A year-less registration's "near" key, and a year-less record's (`_keys`).
ANY_YEAR, NO_YEAR = "any", "none"


def _keys(person: Person, holders: int | None) -> list[tuple[Any, ...]]:
    """The keys under which `person`'s possible duplicates are found;
    `holders`: how many records have its names (None: no probable match is
    looked for)."""
    keys: list[tuple[Any, ...]] = []
    if person.document_hash:
        keys.append(("document", person.document_hash))
    if person.phone_hash:
        keys.append(("phone", person.phone_hash))
    if holders is not None and person.names_sound:
        year = person.birth_year
        if holders <= CANDIDATES["names"]:
            keys.append(("names", person.names_sound))
        else:  # a common name: its namesakes of the same sex and nationality
            near = ("near", person.names_sound, person.sex, person.nationality)
            keys += [(*near, year), (*near, NO_YEAR)] if year else [(*near, ANY_YEAR)]
        if year:
            keys += [
                ("family", person.family_sound, year),
                ("given", person.given_sound, year, person.sex),
            ]
    return keys


def _condition(key: tuple[Any, ...]) -> Q:
    kind, value, *rest = key
    if kind == "document":
        return Q(document_hash=value)
    if kind == "phone":
        return Q(phone_hash=value)
    if kind == "names":
        return Q(names_sound=value)
    if kind == "near":
        sex, nationality, year = rest
        same = Q(names_sound=value, sex=sex, nationality=nationality)
        if year == NO_YEAR:
            return same & Q(birth_year__isnull=True)
        if year == ANY_YEAR:
            return same
        return same & Q(birth_year__in=[year - 1, year, year + 1])
    if kind == "family":
        return Q(family_sound=value, birth_year=rest[0])
    return Q(given_sound=value, birth_year=rest[0], sex=rest[1])


def _keys_of_candidate(person: Person) -> Iterable[tuple[Any, ...]]:
    """The keys a record is found under (the "near" key with each year it
    answers for)."""
    if person.document_hash:
        yield ("document", person.document_hash)
    if person.phone_hash:
        yield ("phone", person.phone_hash)
    if person.names_sound:
        yield ("names", person.names_sound)
        near = ("near", person.names_sound, person.sex, person.nationality)
        yield (*near, ANY_YEAR)
        year = person.birth_year
        if not year:
            yield (*near, NO_YEAR)
        else:
            for close in (year - 1, year, year + 1):
                yield (*near, close)
            yield ("family", person.family_sound, year)
            yield ("given", person.given_sound, year, person.sex)


# Why the model did not compare a registration: stored as a code, shown in the
# reader's language (`FAILURES`).
NO_MODEL, UNREADABLE, FAILED = "no_model", "unreadable", "failed"
FAILURES = {
    NO_MODEL: gettext_lazy("No model has been trained yet: the duplicate search trains it."),
    UNREADABLE: gettext_lazy(
        "The stored model cannot be read: the duplicate search trains it again."
    ),
    FAILED: gettext_lazy("The model failed on these records."),
}


def current_scorer() -> tuple[match_model.Scorer | None, str]:
    """The stored model as a scorer, or None and why not (a FAILURES code)."""
    stored = MatchModel.objects.order_by("-created_at").first()
    if stored is None:
        return None, NO_MODEL
    try:
        return match_model.Scorer(stored.parameters, registry=stored.persons), ""
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, UNREADABLE


def check_registered(*, actor: Actor, persons: Sequence[Person]) -> int:
    """Propose the possible duplicates of `persons` (just registered, all
    published) among the other partners' records; returns how many pairs were
    proposed. Persons the model could not compare are listed as such."""
    if not persons:
        return 0
    scorer, failure = current_scorer()
    created = 0
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start : start + CHUNK]
        try:
            with transaction.atomic():
                created += _check_chunk(chunk, scorer)
        except (ArithmeticError, KeyError, TypeError, ValueError):
            # The model failed on these records: the exact matches again, alone.
            failure = FAILED
            with transaction.atomic():
                created += _check_chunk(chunk, None)
    if failure:
        UncheckedRegistration.objects.bulk_create(
            [UncheckedRegistration(person=person, error=failure) for person in persons],
            ignore_conflicts=True,
        )
        audit.record(
            actor=actor,
            action="beneficiaries.duplicates.not_compared",
            detail={"persons": len(persons)},
        )
    if created:
        audit.record(
            actor=actor,
            action="beneficiaries.duplicates.proposed",
            detail={"candidates": created, "persons": [str(p.pk) for p in persons[:CHUNK]]},
        )
    return created


def _check_chunk(chunk: Sequence[Person], scorer: match_model.Scorer | None) -> int:
    holders = _holders(chunk, scorer)
    wanted = {
        person.pk: _keys(person, holders.get(person.names_sound, 0) if scorer else None)
        for person in chunk
    }
    # One query per kind of key, each with its own bound: the records sharing
    # a phone or a document are never crowded out by a common name's namesakes.
    found: dict[Any, Person] = {}
    for kind, bound in CANDIDATES.items():
        condition = Q()
        for key in itertools.chain.from_iterable(wanted.values()):
            if key[0] == kind:
                condition |= _condition(key)
        if not condition:
            continue
        # Every record, then the published ones kept: the "published" condition
        # in the query would lead SQLite to scan its index instead of the keys'.
        for other in (
            Person.all_objects.filter(condition)
            .exclude(pk__in=list(wanted))
            .order_by()
            .only(*_FIELDS, "import_batch")[: bound * len(chunk)]
        ):
            if other.import_batch is None:
                found[other.pk] = other
    by_key: dict[tuple[Any, ...], list[Person]] = defaultdict(list)
    for other in found.values():
        for key in _keys_of_candidate(other):
            by_key[key].append(other)
    known = _known_pairs([p.pk for p in chunk])
    registry = max(scorer.registry, 1) if scorer else 1
    frequencies = {key: min(n / registry, 1.0) for key, n in holders.items()}
    new: list[MatchCandidate] = []
    for person in chunk:
        mine = features(person)
        frequency = frequencies.get(person.names_sound)
        seen: set[Any] = set()
        for key in wanted[person.pk]:
            for other in by_key.get(key, ()):
                if other.pk in seen:
                    continue
                seen.add(other.pk)
                if other.organisation_id == person.organisation_id:
                    continue  # a partner's own records are its own business
                if other.identity_key == person.identity_key:
                    continue
                pair = tuple(sorted((person.pk, other.pk), key=str))
                if pair in known:
                    continue
                candidate = _candidate(person, mine, other, scorer, frequency)
                if candidate is not None:
                    known.add(pair)
                    new.append(candidate)
    MatchCandidate.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _candidate(
    person: Person,
    mine: match_model.Features,
    other: Person,
    scorer: match_model.Scorer | None,
    frequency: float | None,
) -> MatchCandidate | None:
    if person.document_hash and person.document_hash == other.document_hash:
        reason = MatchReason.DOCUMENT
    elif person.phone_hash and person.phone_hash == other.phone_hash:
        reason = MatchReason.PHONE
    else:
        reason = MatchReason.PROBABLE
    probability = scorer.probability(mine, features(other), frequency) if scorer else None
    if reason == MatchReason.PROBABLE and (probability or 0) < match_model.PROPOSE:
        return None
    first, second = sorted((person, other), key=lambda p: str(p.pk))
    return MatchCandidate(
        person_a_id=first.pk, person_b_id=second.pk, reason=reason, probability=probability
    )


def _holders(chunk: Sequence[Person], scorer: match_model.Scorer | None) -> dict[str, int]:
    """How many records have names that sound like each person's, counted
    through the index: how the names' candidates are looked up (`_keys`), and,
    as a share of the registry, the model's term-frequency adjustment."""
    if scorer is None:
        return {}
    keys = {person.names_sound for person in chunk if person.names_sound}
    counts = (
        Person.all_objects.filter(names_sound__in=keys)
        .order_by()
        .values_list("names_sound")
        .annotate(n=Count("pk"))
    )
    return dict(counts)


def _known_pairs(keys: list[Any]) -> set[tuple[Any, ...]]:
    pairs = MatchCandidate.objects.filter(Q(person_a__in=keys) | Q(person_b__in=keys)).values_list(
        "person_a_id", "person_b_id"
    )
    return {tuple(sorted(pair, key=str)) for pair in pairs}
