"""The probabilistic model of duplicates (Fellegi–Sunter), written once for
both ways it runs:

- the duplicate search (`probable_matches`) has Splink train it on the whole
  registry in DuckDB — u probabilities from random pairs, m probabilities by
  EM — and score every blocked pair there, with the SQL conditions below;
- a registration (`registration_matches`) is scored at once, in Python, with
  the parameters the last search stored (`MatchModel`) and the same conditions
  written in Python: no training, no DuckDB, a few milliseconds.

Each comparison has a null level (a value missing on either record: no
evidence either way), levels from the most to the least alike, and an "else"
level. A different document of the same type, or a different phone, is an
"else" level whose weight EM learns: evidence against a match. Names are
compared as a pair, in either order (given and family names written swapped),
by their plain form, their phonetic codes (transliterations: Mohamed /
Muhammad) and Jaro–Winkler similarity (typos), the same function in DuckDB
and in jellyfish.

The prior is the share of registrations that have a record at another partner
(DUPLICATES), a constant that does not shrink as the registry grows. Splink
needs it per pair of records (DUPLICATES / N), so the names' agreement is
weighed by the frequency of their phonetic key (n / N, Splink's term-frequency
adjustment): a pair agreeing on names that n persons hold starts from odds of
about DUPLICATES / n, whatever N — two records of a rare name are likely one
person, two "Mohamed Traoré" of the same year need a shared phone or document.
The benchmark (`bench/matching.py`) checks recall and precision from 5 k to
1 M persons.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jellyfish

from suivi.beneficiaries.normalise import plain, sound

# The share of registrations that have a record of the same person at another
# partner, before any field is compared: the prior, which does not shrink as the
# registry grows. Splink's prior for one pair follows from it (DUPLICATES / N),
# and the names' agreement is weighed by their frequency (n / N), so that a pair
# agreeing on names held by n persons starts from DUPLICATES / n whatever N.
DUPLICATES = 0.1
# Proposed to the reviewers at or above this probability; labelled likely at
# or above LIKELY. A person registered twice with no phone or document in
# common and a common name scores low: at a million persons, such a name has
# namesakes of the same year, sex and nationality, who weigh as much. Proposed
# from 0.05, 6 % of the true pairs of the synthetic registry of a million
# persons stayed out of the queue; from 0.005, 1.6 %, for a queue twice as long
# (docs/benchmarks.md): the queue is ordered by score, "likely" pairs first.
PROPOSE = 0.005
LIKELY = 0.99
# Names at least this similar (Jaro–Winkler) count as a typo of each other.
CLOSE = 0.88
# No level is taken as impossible among different persons (u), nor for one
# person (m): a probability learnt as zero is floored here.
U_FLOOR = 1e-6
M_FLOOR = 1e-3
# How often one person's two records fall in each level (most alike first,
# "else" last), taken when EM had nothing to learn a comparison from (no two
# records sharing a document or a phone): what the field shows, not learnt.
DEFAULT_M: dict[str, tuple[float, ...]] = {
    "names": (0.75, 0.12, 0.06, 0.05, 0.02),
    "birth_year": (0.85, 0.1, 0.05),
    "sex": (0.98, 0.02),
    "nationality": (0.95, 0.05),
    "document": (0.6, 0.39, 0.01),
    "phone": (0.75, 0.25),
}
# How often two different persons do, when the registry had no pair to learn it
# from (no documents yet): a different number of the same kind of document is
# what different persons hold.
DEFAULT_U: dict[str, tuple[float, ...]] = {
    "names": (0.003, 0.0001, 0.0005, 0.08, 0.9164),
    "birth_year": (0.03, 0.055, 0.915),
    "sex": (0.5, 0.5),
    "nationality": (0.3, 0.7),
    "document": (1e-5, 0.5, 0.5),
    "phone": (1e-5, 1.0),
}


@dataclass(frozen=True)
class Features:
    """What the model compares of a record: names in plain form and their
    phonetic codes, and the keyed hashes of the document and the phone."""

    first_name: str | None
    surname: str | None
    first_sound: str | None
    surname_sound: str | None
    names_sound: str | None
    birth_year: int | None
    sex: str | None
    nationality: str | None
    phone: str | None
    document_type: str | None
    document: str | None


COLUMNS = tuple(Features.__dataclass_fields__)
# The column whose frequency adjusts the names' agreement.
FREQUENCY_KEY = "names_sound"


def features_of(
    given_name: str,
    family_name: str,
    birth_year: int | None,
    sex: str,
    nationality: str,
    phone_hash: str,
    document_type: str,
    document_hash: str,
) -> Features:
    first, surname = plain(given_name) or None, plain(family_name) or None
    first_sound = sound(first) if first else None
    surname_sound = sound(surname) if surname else None
    return Features(
        first_name=first,
        surname=surname,
        first_sound=first_sound,
        surname_sound=surname_sound,
        names_sound="|".join(sorted((first_sound or "", surname_sound or ""))) or None,
        birth_year=birth_year,
        sex=sex or None,
        nationality=nationality or None,
        phone=phone_hash or None,
        document_type=document_type or None if document_hash else None,
        document=document_hash or None,
    )


Predicate = Callable[[Features, Features], bool]


@dataclass(frozen=True)
class Level:
    label: str
    sql: str
    test: Predicate
    # Agreeing on a common name says less than on a rare one: the level's u
    # probability is replaced by the frequency of the names' phonetic key
    # (Splink's term-frequency adjustment), a share of the registry, which
    # does not shrink as it grows.
    by_frequency: bool = False


@dataclass(frozen=True)
class Comparison:
    name: str
    columns: tuple[str, ...]  # a missing one on either side: the null level
    levels: tuple[Level, ...]  # most alike first; "else" follows


def _jw(x: str | None, y: str | None) -> float:
    return jellyfish.jaro_winkler_similarity(x or "", y or "")


def _names_same(a: Features, b: Features) -> bool:
    return (a.first_name, a.surname) in ((b.first_name, b.surname), (b.surname, b.first_name))


def _names_sound(a: Features, b: Features) -> bool:
    return (a.first_sound, a.surname_sound) in (
        (b.first_sound, b.surname_sound),
        (b.surname_sound, b.first_sound),
    )


def _names_close(a: Features, b: Features) -> bool:
    return (_jw(a.first_name, b.first_name) >= CLOSE and _jw(a.surname, b.surname) >= CLOSE) or (
        _jw(a.first_name, b.surname) >= CLOSE and _jw(a.surname, b.first_name) >= CLOSE
    )


def _one_name(a: Features, b: Features) -> bool:
    mine = {a.first_name, a.surname, a.first_sound, a.surname_sound}
    return bool(mine & {b.first_name, b.surname, b.first_sound, b.surname_sound})


def _jw_sql(x: str, y: str) -> str:
    return f"jaro_winkler_similarity({x}, {y}) >= {CLOSE}"


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "names",
        ("first_name", "surname"),
        (
            Level(
                "same names, in either order",
                "(first_name_l = first_name_r AND surname_l = surname_r) OR "
                "(first_name_l = surname_r AND surname_l = first_name_r)",
                _names_same,
                by_frequency=True,
            ),
            Level(
                "names that sound the same",
                "(first_sound_l = first_sound_r AND surname_sound_l = surname_sound_r) OR "
                "(first_sound_l = surname_sound_r AND surname_sound_l = first_sound_r)",
                _names_sound,
                by_frequency=True,
            ),
            Level(
                "names a typo apart",
                f"({_jw_sql('first_name_l', 'first_name_r')} AND "
                f"{_jw_sql('surname_l', 'surname_r')}) OR "
                f"({_jw_sql('first_name_l', 'surname_r')} AND "
                f"{_jw_sql('surname_l', 'first_name_r')})",
                _names_close,
            ),
            Level(
                "one name in common",
                "first_name_l IN (first_name_r, surname_r) OR surname_l IN (first_name_r, "
                "surname_r) OR first_sound_l IN (first_sound_r, surname_sound_r) OR "
                "surname_sound_l IN (first_sound_r, surname_sound_r)",
                _one_name,
            ),
        ),
    ),
    Comparison(
        "birth_year",
        ("birth_year",),
        (
            Level(
                "same year",
                "birth_year_l = birth_year_r",
                lambda a, b: a.birth_year == b.birth_year,
            ),
            Level(
                "a year apart",
                "abs(birth_year_l - birth_year_r) = 1",
                lambda a, b: abs((a.birth_year or 0) - (b.birth_year or 0)) == 1,
            ),
        ),
    ),
    Comparison("sex", ("sex",), (Level("same", "sex_l = sex_r", lambda a, b: a.sex == b.sex),)),
    Comparison(
        "nationality",
        ("nationality",),
        (
            Level(
                "same", "nationality_l = nationality_r", lambda a, b: a.nationality == b.nationality
            ),
        ),
    ),
    Comparison(
        "document",
        ("document",),
        (
            Level(
                "same document", "document_l = document_r", lambda a, b: a.document == b.document
            ),
            Level(
                "documents of two types",
                "document_type_l <> document_type_r",
                lambda a, b: a.document_type != b.document_type,
            ),
            # else: another number of the same type of document.
        ),
    ),
    Comparison(
        "phone",
        ("phone",),
        (Level("same phone", "phone_l = phone_r", lambda a, b: a.phone == b.phone),),
    ),
)


def splink_comparisons() -> list[Any]:
    """The comparisons for Splink's settings."""
    import splink.comparison_library as cl

    return [
        cl.CustomComparison(
            output_column_name=comparison.name,
            comparison_levels=[
                {
                    "sql_condition": " OR ".join(
                        f"{c}_l IS NULL OR {c}_r IS NULL" for c in comparison.columns
                    ),
                    "label_for_charts": "missing",
                    "is_null_level": True,
                },
                *(
                    {
                        "sql_condition": level.sql,
                        "label_for_charts": level.label,
                        **(
                            {
                                "tf_adjustment_column": FREQUENCY_KEY,
                                "tf_adjustment_weight": 1.0,
                                "disable_tf_exact_match_detection": True,
                            }
                            if level.by_frequency
                            else {}
                        ),
                    }
                    for level in comparison.levels
                ),
                {"sql_condition": "ELSE", "label_for_charts": "else"},
            ],
        )
        for comparison in COMPARISONS
    ]


def prior(persons: int) -> float:
    """The probability that two records of a registry of `persons` are one
    person, before any field is compared."""
    return min(DUPLICATES / max(persons, 1), 0.5)


def parameters_from_splink(model: dict[str, Any], persons: int) -> dict[str, Any]:
    """The trained model Splink saved (`save_model_to_json`), with the prior set
    to `prior(persons)`, DEFAULT_M and DEFAULT_U for a comparison with nothing to learn
    from, and every
    probability floored: what `MatchModel.parameters` holds, loaded back by
    Splink to score the registry and read by `Scorer`."""
    model = dict(model)
    model["probability_two_random_records_match"] = prior(persons)
    comparisons = []
    for comparison in model["comparisons"]:
        levels = [dict(level) for level in comparison["comparison_levels"]]
        compared = [level for level in levels if not level.get("is_null_level")]
        name = comparison["output_column_name"]
        m_learnt = any(level.get("m_probability") is not None for level in compared)
        # Only the level of different values observed: nothing else was.
        u_learnt = sum(level.get("u_probability") is not None for level in compared) > 1
        for level, m_default, u_default in zip(
            compared, DEFAULT_M[name], DEFAULT_U[name], strict=True
        ):
            m = level.get("m_probability") if m_learnt else m_default
            u = level.get("u_probability") if u_learnt else u_default
            level["m_probability"] = max(m or 0.0, M_FLOOR)
            level["u_probability"] = max(u or 0.0, U_FLOOR)
        comparisons.append({**comparison, "comparison_levels": levels})
    model["comparisons"] = comparisons
    return model


class Scorer:
    """Scores pairs with stored parameters, as Splink does: the prior odds times
    the m/u ratio of each comparison's level."""

    def __init__(self, parameters: dict[str, Any], registry: int = 0) -> None:
        self.registry = registry  # persons the model was trained on
        by_name = {c["output_column_name"]: c for c in parameters["comparisons"]}
        self.prior = float(parameters["probability_two_random_records_match"])
        self.weights: list[tuple[Comparison, list[float], list[float]]] = []
        for comparison in COMPARISONS:
            stored = [
                level
                for level in by_name[comparison.name]["comparison_levels"]
                if not level.get("is_null_level")
            ]
            if len(stored) != len(comparison.levels) + 1:
                raise ValueError(f"the stored model's {comparison.name} does not fit")
            self.weights.append(
                (
                    comparison,
                    [math.log2(lv["m_probability"] / lv["u_probability"]) for lv in stored],
                    [math.log2(lv["u_probability"]) for lv in stored],
                )
            )

    def levels(self, a: Features, b: Features) -> dict[str, int | None]:
        """Each comparison's level: its index (0 the most alike, the last one
        "else"), or None when a value is missing."""
        return {comparison.name: _level(comparison, a, b) for comparison, *_ in self.weights}

    def probability(self, a: Features, b: Features, frequency: float | None = None) -> float:
        """`frequency`: the share of the registry whose names have the pair's
        phonetic key (`FREQUENCY_KEY`), None when unknown (no adjustment)."""
        weight = math.log2(self.prior / (1 - self.prior))
        for comparison, weights, log_u in self.weights:
            index = _level(comparison, a, b)
            if index is None:
                continue
            weight += weights[index]
            if (
                frequency
                and index < len(comparison.levels)
                and comparison.levels[index].by_frequency
            ):
                weight += log_u[index] - math.log2(frequency)
        return 1 / (1 + 2 ** (-weight)) if weight > -1000 else 0.0


def _level(comparison: Comparison, a: Features, b: Features) -> int | None:
    for column in comparison.columns:
        if getattr(a, column) is None or getattr(b, column) is None:
            return None
    for index, level in enumerate(comparison.levels):
        if level.test(a, b):
            return index
    return len(comparison.levels)
