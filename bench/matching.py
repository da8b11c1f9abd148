"""How well duplicates are caught: a labelled synthetic registry (issue 12).

    .venv/bin/python bench/matching.py --persons 5000
    DATABASE_URL=postgres://… .venv/bin/python bench/matching.py --persons 1000000

Persons are drawn from name lists with a few very common names (Zipf) and,
with `--names varied` (the default), a long tail of rarer names beyond them —
a real registry's names grow more varied as it grows; `--names fixed` draws
from the lists alone (the registry of the first runs, kept for comparison).
Each is registered by one of five partners; a share of them registered again at
another partner with the variants seen in the field — transliterations
(Mohamed / Mohammed / Muhammad, Traoré / Traore), given and family names
swapped, birth year off by one or missing, the phone re-typed (+212 6…, 06…,
6…), missing or changed, the document re-typed, of another type or missing —
and pairs of namesakes (same names, year, sex and nationality) holding
documents of the same type with different numbers; some households share a
phone. Every record carries the id of the person it is (the label).

The registry is written in bulk (speed only), then:

1. the duplicate search (`find_exact`, then Splink: training and scoring the
   whole registry) — recall of the true cross-partner pairs among the
   candidates, precision of the candidates, and of those labelled likely;
2. REGISTRATIONS second registrations held back, registered one by one
   through `persons.register_person` (the form's service): whether their pair
   reaches the queue in that request, how many other pairs it proposes, and
   the time per registration (p50, p95).
"""

from __future__ import annotations

import argparse
import itertools
import os
import pickle
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matching_names import (  # noqa: E402 — bench/matching_names.py
    DOCUMENT_TYPES,
    FAMILY,
    GIVEN,
    NATIONALITIES,
    ORGANISATIONS,
    VARIANTS,
    tail_name,
)
from run import BENCH, _setup_django, load_framework  # noqa: E402 — bench/run.py, next to this script

# Share of persons registered again at another partner; of namesake pairs; of
# persons sharing a household phone with another person.
DUPLICATES = 0.10
NAMESAKES = 0.02
HOUSEHOLDS = 0.03
REGISTRATIONS = 300
CHUNK = 5000


# The share of names drawn from the lists (the rest from the long tail beyond
# them), by `--names`. "varied": about six family names in ten and three given
# names in four are the lists' common names, the others spread over TAIL ranks
# in proportion to 1/rank (Zipf's law of surnames): at 5 k persons most full
# names are held by one person, at a million the common ones by hundreds.
NAMES = {"fixed": {"given": 1.0, "family": 1.0}, "varied": {"given": 0.75, "family": 0.6}}
TAIL = 50_000
_WEIGHTS: dict[int, list[float]] = {}
_TAIL_WEIGHTS: dict[int, list[float]] = {}


def _zipf(rng: random.Random, items: list[str]) -> str:
    """A few common names, a long tail: the name of rank r drawn in proportion
    to r^-0.7 (the first of 40 given names about 11 %, of the family names 6 %)."""
    weights = _WEIGHTS.setdefault(
        len(items), list(itertools.accumulate((r + 1) ** -0.7 for r in range(len(items))))
    )
    return rng.choices(items, cum_weights=weights)[0]


def _name(rng: random.Random, items: list[str], kind: str, head: float) -> str:
    """A name from `items` (Zipf), or with probability 1 - head one of the long
    tail beyond them (rank len(items) + r, drawn in proportion to its 1/rank)."""
    if head >= 1.0 or rng.random() < head:
        return _zipf(rng, items)
    weights = _TAIL_WEIGHTS.get(len(items))
    if weights is None:  # once per list (setdefault would build it at every call)
        weights = _TAIL_WEIGHTS[len(items)] = list(
            itertools.accumulate(1 / (len(items) + r) for r in range(1, TAIL + 1))
        )
    rank = rng.choices(range(1, TAIL + 1), cum_weights=weights)[0]
    return tail_name(kind, len(items) + rank)


@dataclass(frozen=True)
class Record:
    truth: int  # the person it is: the label
    organisation: str
    given: str
    family: str
    sex: str
    birth_year: int | None
    nationality: str
    phone: str  # as typed
    document_type: str
    document: str  # as typed


def _phone(rng: random.Random) -> str:
    return "06" + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _number(rng: random.Random, letters: str) -> str:
    return f"{rng.choice(letters)}{rng.randint(100000, 9999999)}"


def _retyped(phone: str, rng: random.Random) -> str:
    national = phone[1:]
    return rng.choice(
        [
            phone,
            f"+212 {national[0]} {national[1:5]} {national[5:]}",
            f"00212{national}",
            f"{phone[:2]} {phone[2:4]} {phone[4:6]} {phone[6:8]} {phone[8:]}",
            national,
        ]
    )


def _spelling(name: str, rng: random.Random) -> str:
    if name in VARIANTS and rng.random() < 0.6:
        return rng.choice(VARIANTS[name])
    return rng.choice([name, name.upper(), name.lower()])


def _person(truth: int, rng: random.Random, names: str) -> Record:
    sex = rng.choice(["women", "men"])
    has_document = rng.random() < 0.6
    return Record(
        truth=truth,
        organisation=rng.choice(ORGANISATIONS),
        given=_name(rng, GIVEN[sex], sex, NAMES[names]["given"]),
        family=_name(rng, FAMILY, "family", NAMES[names]["family"]),
        sex=sex,
        birth_year=rng.randint(1965, 2006) if rng.random() < 0.97 else None,
        nationality=rng.choice(NATIONALITIES),
        phone=_phone(rng) if rng.random() < 0.8 else "",
        document_type=rng.choice(DOCUMENT_TYPES) if has_document else "",
        document=f"{rng.choice('ABCDEFGHJK')}{rng.randint(100000, 9999999)}"
        if has_document
        else "",
    )


def _second(original: Record, rng: random.Random) -> Record:
    """The same person at another partner, as another clerk typed them."""
    given, family = _spelling(original.given, rng), _spelling(original.family, rng)
    if rng.random() < 0.10:
        given, family = family, given
    year = original.birth_year
    draw = rng.random()
    if year and draw < 0.10:
        year += rng.choice([-1, 1])
    elif draw < 0.15:
        year = None
    phone, draw = original.phone, rng.random()
    if phone and draw < 0.5:
        phone = _retyped(phone, rng)
    elif draw < 0.75:
        phone = ""
    elif draw < 0.9:
        phone = _phone(rng)  # a new number
    document_type, document, draw = original.document_type, original.document, rng.random()
    if document and draw < 0.45:
        document = rng.choice([document.lower(), f"{document[:3]} {document[3:]}", document])
    elif draw < 0.65:
        document_type = rng.choice([t for t in DOCUMENT_TYPES if t != original.document_type])
        document = f"{rng.choice('LMNPR')}{rng.randint(100000, 9999999)}"
    else:
        document_type = document = ""
    return replace(
        original,
        organisation=rng.choice([o for o in ORGANISATIONS if o != original.organisation]),
        given=given,
        family=family,
        birth_year=year,
        phone=phone,
        document_type=document_type,
        document=document,
    )


def registry(size: int, seed: int = 12, names: str = "varied") -> tuple[list[Record], list[Record]]:
    """About `size` records: the registry, and the second registrations held
    back to be registered one by one; `names`: a key of NAMES."""
    rng = random.Random(seed)  # noqa: S311 — synthetic data
    records: list[Record] = []
    truth = 0
    while len(records) < size:
        original = _person(truth, rng, names)
        truth += 1
        records.append(original)
        draw = rng.random()
        if draw < DUPLICATES:
            records.append(_second(original, rng))
        elif draw < DUPLICATES + NAMESAKES:
            document_type = original.document_type or "passport"
            namesake = replace(
                original,
                truth=truth,
                organisation=rng.choice([o for o in ORGANISATIONS if o != original.organisation]),
                phone=_phone(rng),
                document_type=document_type,
                document=f"{rng.choice('STUVW')}{rng.randint(100000, 9999999)}",
            )
            truth += 1
            if not original.document:
                records[-1] = replace(
                    original,
                    document_type=document_type,
                    document=f"{rng.choice('XYZ')}{rng.randint(100000, 9999999)}",
                )
            records.append(namesake)
        elif draw < DUPLICATES + NAMESAKES + HOUSEHOLDS and original.phone:
            relative = replace(_person(truth, rng, names), phone=original.phone)
            truth += 1
            records.append(relative)
    seconds = [i for i in range(1, len(records)) if records[i].truth == records[i - 1].truth]
    held = set(rng.sample(seconds, min(REGISTRATIONS, len(seconds))))
    return [r for i, r in enumerate(records) if i not in held], [records[i] for i in sorted(held)]


def _data(record: Record, persons):  # type: ignore[no-untyped-def]
    return persons.PersonData(
        given_name=record.given,
        family_name=record.family,
        sex=record.sex,
        category="regularised",
        registered_on=date(2020, 3, 1),
        consent_given_on=date(2020, 3, 1),
        birth_year=record.birth_year,
        nationality=record.nationality,
        phone=record.phone,
        document_type=record.document_type,
        document_number=record.document,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--explain", action="store_true", help="the pairs missed, by level")
    parser.add_argument("--names", choices=sorted(NAMES), default="varied")
    parser.add_argument(
        "--lower",
        type=float,
        nargs="*",
        default=[0.005, 0.01, 0.02],
        help="also report the queue as if proposed from these scores (the search "
        "then writes the pairs scored at least the lowest: its time includes them)",
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument(
        "--labels",
        help="a file for the records' labels: written with the registry, read by --reuse",
    )
    parser.add_argument("--write-only", action="store_true", help="write the registry, then stop")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the registry an earlier run left (same --persons, --names, --labels) "
        "with the code of this checkout: the candidates, models and registrations it made "
        "are removed first (at a million persons, writing takes half an hour)",
    )
    args = parser.parse_args()
    if (args.reuse or args.write_only) and not args.labels:
        parser.error("--reuse and --write-only need --labels")
    _setup_django(args.database_url)

    from django.db import connection

    from suivi.accounts.models import Organisation
    from suivi.beneficiaries.models import MatchCandidate, Person
    from suivi.beneficiaries.services import duplicates, match_model, persons
    from suivi.beneficiaries.services.registration_matches import current_scorer, features

    if not args.reuse:
        load_framework()
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=ORGANISATIONS)}
    started = time.perf_counter()
    records, held = registry(args.persons, names=args.names)
    truth_of: dict[str, int] = {}
    categories = persons._categories()
    if args.reuse:
        with open(args.labels, "rb") as labels:
            truth_of = pickle.load(labels)  # noqa: S301 — this script's own file
        _clear(truth_of)
        records = []
    for start in range(0, len(records), CHUNK):
        built = []
        for record in records[start : start + CHUNK]:
            # No earliest day: the synthetic registry spans years before any intervention.
            person = persons._new_person(
                BENCH, orgs[record.organisation], _data(record, persons), categories, None
            )
            truth_of[str(person.pk)] = record.truth
            built.append(person)
        Person.objects.bulk_create(built)
    if args.labels and not args.reuse:
        with open(args.labels, "wb") as labels:
            pickle.dump(truth_of, labels)
    print(
        f"{connection.vendor}: {len(truth_of):,} records ({args.names} names), "
        f"{len(held)} held back, "
        f"written in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    if args.write_only:
        return
    by_truth: dict[int, list[tuple[str, str]]] = {}
    for pk, code in Person.objects.values_list("pk", "organisation__code"):
        by_truth.setdefault(truth_of[str(pk)], []).append((str(pk), code))
    true_pairs = {
        tuple(sorted((a, b)))
        for group in by_truth.values()
        for i, (a, org_a) in enumerate(group)
        for b, org_b in group[i + 1 :]
        if org_a != org_b
    }

    started = time.perf_counter()
    exact = duplicates.find_exact()
    lowest = min([match_model.PROPOSE, *args.lower])
    probable = duplicates.find_probable(threshold=lowest)
    search = time.perf_counter() - started
    scorer, _why = current_scorer()
    assert scorer is not None
    people = {str(p.pk): p for p in Person.objects.all().only(*_only())}
    counts = Counter(p.names_sound for p in people.values())

    def score(a, b):  # type: ignore[no-untyped-def]
        frequency = counts[a.names_sound] / len(people)
        return scorer.probability(features(a), features(b), frequency)

    candidates = Counter()
    found_true, likely, likely_true, proposed = set(), 0, 0, 0
    # Each threshold: [true pairs proposed, pairs proposed].
    lower = {t: [0, 0] for t in sorted({match_model.PROPOSE, *args.lower})}
    for a, b, reason, stored in MatchCandidate.objects.values_list(
        "person_a_id", "person_b_id", "reason", "probability"
    ):
        pair = tuple(sorted((str(a), str(b))))
        for threshold, counted in lower.items():
            if reason != "probable" or (stored or 0) >= threshold:
                counted[0] += pair in true_pairs
                counted[1] += 1
        if reason == "probable" and (stored or 0) < match_model.PROPOSE:
            continue  # proposed only for the lower thresholds
        proposed += 1
        true = pair in true_pairs
        if true:
            found_true.add(pair)
        probability = score(people[pair[0]], people[pair[1]])
        if probability >= match_model.LIKELY:
            likely += 1
            likely_true += true
        candidates[true] += 1
    print(
        f"search: {search:.0f} s ({exact:,} exact, {probable:,} probable); "
        f"true cross-partner pairs {len(true_pairs):,}; "
        f"recall {len(found_true) / max(len(true_pairs), 1):.2%}; "
        f"precision of candidates {candidates[True] / max(proposed, 1):.2%} ({proposed:,}); "
        f"precision of likely {likely_true / max(likely, 1):.2%} ({likely:,}); "
        f"recall of likely {likely_true / max(len(true_pairs), 1):.2%}",
        flush=True,
    )
    for threshold, (true, queue) in lower.items():
        print(
            f"proposed from {threshold}: recall {true / max(len(true_pairs), 1):.2%}, "
            f"precision {true / max(queue, 1):.2%} ({queue:,})",
            flush=True,
        )

    if args.explain:
        missed, scores = Counter(), Counter()
        for a, b in true_pairs - found_true:
            x, y = features(people[a]), features(people[b])
            p = score(people[a], people[b])
            scores[f"{p:.0e}" if p >= 1e-6 else "< 1e-06"] += 1
            missed[
                (
                    "scored below" if p < match_model.PROPOSE else "not blocked",
                    tuple(scorer.levels(x, y).values()),
                )
            ] += 1
        for key, n in missed.most_common(15):
            print("missed", n, key)
        print("missed, by score:", sorted(scores.items(), key=lambda kv: -float(kv[0][-5:])))
        wrong = Counter()
        for a, b in MatchCandidate.objects.values_list("person_a_id", "person_b_id"):
            pair = tuple(sorted((str(a), str(b))))
            x, y = features(people[pair[0]]), features(people[pair[1]])
            if pair not in true_pairs and score(*(people[k] for k in pair)) >= match_model.LIKELY:
                wrong[tuple(scorer.levels(x, y).values())] += 1
        for key, n in wrong.most_common(10):
            print("wrongly likely", n, key)
    times, caught, extra, extra_likely = [], 0, 0, 0
    for record in held:
        before = MatchCandidate.objects.count()
        tick = time.perf_counter()
        person, _created = persons.register_person(
            actor=BENCH, organisation=orgs[record.organisation], data=_data(record, persons)
        )
        times.append(time.perf_counter() - tick)
        for candidate in MatchCandidate.objects.filter(
            person_a=person
        ) | MatchCandidate.objects.filter(person_b=person):
            other = candidate.person_b if candidate.person_a_id == person.pk else candidate.person_a
            if truth_of.get(str(other.pk)) == record.truth:
                caught += 1
            else:
                extra += 1
                extra_likely += (candidate.probability or 0) >= match_model.LIKELY
        assert MatchCandidate.objects.count() >= before
    times.sort()
    print(
        f"registrations: {len(held)}; "
        f"their pair proposed at once {caught / max(len(held), 1):.2%}; "
        f"other pairs proposed {extra} ({extra_likely} likely); "
        f"p50 {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms",
        flush=True,
    )


def _clear(truth_of: dict[str, int]) -> None:
    """What an earlier run of the search made on the registry it wrote: its
    candidates, models, unchecked registrations and held-back registrations."""
    from suivi.beneficiaries.models import (
        MatchCandidate,
        MatchModel,
        Person,
        UncheckedRegistration,
    )

    MatchCandidate.objects.all().delete()
    UncheckedRegistration.objects.all().delete()
    MatchModel.objects.all().delete()
    registered = [
        pk for pk in Person.objects.values_list("pk", flat=True) if str(pk) not in truth_of
    ]
    Person.objects.filter(pk__in=registered).delete()


def _only() -> list[str]:
    from suivi.beneficiaries.services.registration_matches import _FIELDS

    return list(_FIELDS)


if __name__ == "__main__":
    main()
