"""The keys that decide which records are compared at all: a pair never
compared is never proposed, whatever the model would say (issue 12, item 7)."""

import uuid

import pytest

from suivi.beneficiaries.models import MatchCandidate
from suivi.beneficiaries.services import (
    duplicates,
    match_model,
    probable_matches,
    registration_matches,
)
from suivi.beneficiaries.tests.factories import person
from suivi.beneficiaries.tests.test_duplicates import _population

pytestmark = pytest.mark.django_db

COMMON = {"given_name": "Mohamed", "family_name": "Traoré", "sex": "men", "nationality": "ML"}


def _blocked_pairs() -> set[frozenset[uuid.UUID]]:
    """The pairs the duplicate search's blocking rules let Splink score."""
    import duckdb

    database = duckdb.connect()
    try:
        probable_matches._load_persons(database, None)
        pairs = set()
        for rule in probable_matches.blocking_rules():
            rows = database.execute(
                "SELECT kl.pk, kr.pk FROM persons AS l JOIN persons AS r "  # noqa: S608
                f"ON l.unique_id < r.unique_id AND {rule} "
                "JOIN person_keys AS kl ON kl.unique_id = l.unique_id "
                "JOIN person_keys AS kr ON kr.unique_id = r.unique_id"
            ).fetchall()
            pairs |= {frozenset((uuid.UUID(a), uuid.UUID(b))) for a, b in rows}
        return pairs
    finally:
        database.close()


def test_a_common_names_pairs_a_year_apart_or_without_a_year_are_still_compared(two_partners):
    en, anapec = two_partners
    # More than BLOCK_CAP namesakes of one sex and nationality: the names' key
    # is refined down to the birth year.
    namesakes = {
        year: [person(en, birth_year=year, **COMMON) for _ in range(4)]
        for year in range(1980, 1994)
    }
    assert sum(map(len, namesakes.values())) > probable_matches.BLOCK_CAP
    spelt = {"given_name": "Muhammad", "family_name": "TRAORE", "sex": "men", "nationality": "ML"}
    year_later = person(anapec, birth_year=1994, **spelt)
    without_year = person(anapec, birth_year=None, **spelt)
    other_country = person(anapec, birth_year=1994, **(spelt | {"nationality": "GN"}))
    pairs = _blocked_pairs()
    # A year apart: the two-year buckets; no year: compared with every namesake.
    for record in namesakes[1993]:
        assert frozenset((record.pk, year_later.pk)) in pairs
    for records in namesakes.values():
        for record in records:
            assert frozenset((record.pk, without_year.pk)) in pairs
    # Refined means fewer pairs: two years apart, or another nationality, not
    # under the names' keys (nor any other here).
    for record in namesakes[1991] + namesakes[1985]:
        assert frozenset((record.pk, year_later.pk)) not in pairs
        assert frozenset((record.pk, other_country.pk)) not in pairs
    # A partner's own records are never compared.
    assert frozenset((namesakes[1980][0].pk, namesakes[1980][1].pk)) not in pairs


def test_a_rare_names_records_are_all_compared_whatever_their_year(two_partners):
    en, anapec = two_partners
    rare = {"given_name": "Kwabena", "family_name": "Asante", "sex": "men", "nationality": "GH"}
    original = person(en, birth_year=1979, **rare)
    years_apart = person(anapec, birth_year=1983, **(rare | {"nationality": "CI"}))
    assert frozenset((original.pk, years_apart.pk)) in _blocked_pairs()


def test_a_registration_of_common_names_reads_its_own_sex_and_nationality(
    two_partners, monkeypatch
):
    """More namesakes than the candidates read per person: those of another
    nationality (or born years apart) no longer crowd the same person out."""
    en, anapec = two_partners
    _population(en, anapec)
    duplicates.find_probable()  # trains and stores the model
    monkeypatch.setitem(registration_matches.CANDIDATES, "names", 5)
    monkeypatch.setitem(registration_matches.CANDIDATES, "near", 10)
    monkeypatch.setattr(match_model, "PROPOSE", 0.0)  # every pair read is proposed
    others = [person(en, birth_year=1990, **(COMMON | {"nationality": "GN"})) for _ in range(8)]
    others += [person(en, birth_year=1960 + n, **COMMON) for n in range(4)]
    original = person(en, birth_year=1990, **COMMON)
    apart = person(anapec, birth_year=1991, **COMMON)
    unknown = person(anapec, birth_year=None, **COMMON)

    def proposed(a, b):
        return MatchCandidate.objects.filter(person_a__in=[a, b], person_b__in=[a, b]).exists()

    assert proposed(original, apart) and proposed(original, unknown)
    for other in others:
        assert not proposed(other, apart)
    # The year-less registration reads every namesake of its sex and
    # nationality, whatever their year.
    assert all(proposed(other, unknown) for other in others[8:])
    assert not any(proposed(other, unknown) for other in others[:8])


def test_registration_keys_meet_the_keys_of_the_records_they_should_find(two_partners):
    en, _anapec = two_partners
    record = person(en, birth_year=1990, **COMMON)
    year_less = person(en, birth_year=None, **COMMON)
    offered = set(registration_matches._keys_of_candidate(record))
    offered_year_less = set(registration_matches._keys_of_candidate(year_less))
    for year, found in ((1989, True), (1991, True), (1990, True), (1992, False)):
        wanted = registration_matches._keys(person(en, birth_year=year, **COMMON), holders=10_000)
        assert bool(offered & set(wanted)) is found
        assert offered_year_less & set(wanted)  # a record of unknown year: always
    # A registration without a year finds the namesakes of any year.
    wanted = registration_matches._keys(person(en, birth_year=None, **COMMON), holders=10_000)
    assert offered & set(wanted) and offered_year_less & set(wanted)
    # A rare name: every holder, whatever the year.
    wanted = registration_matches._keys(person(en, birth_year=1970, **COMMON), holders=3)
    assert offered & set(wanted)
