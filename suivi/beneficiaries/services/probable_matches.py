"""Probable duplicates: a Splink model (DuckDB, offline) trained on the persons.

Built to hold at a million persons (issue 5: ≤ 3 min) in bounded memory:

- the persons are read as plain values (no model instances), a chunk at a time,
  into a DuckDB database in a temporary directory, which spills to disk beyond
  DUCKDB_MEMORY;
- only the records sharing a blocking key are compared, and a key shared by more
  than BLOCK_CAP records is refined (names → with sex and nationality → with the
  birth year), and dropped only when its finest level is still larger: the pairs
  scored grow about linearly with the persons, whatever the names; the pairs a
  refinement would separate (a year apart, a year missing) have keys of their own;
- the model learns its u probabilities from a random sample of pairs and its m
  probabilities by EM on small groups (sampled beyond EM_MAX_PAIRS);
- the new candidates are written in bulk, by the rules of `duplicates._propose`.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, F
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from suivi.beneficiaries.models import MatchCandidate, MatchModel, MatchReason, Person
from suivi.beneficiaries.normalise import plain
from suivi.beneficiaries.services import match_model

if TYPE_CHECKING:
    from suivi.beneficiaries.services.duplicates import Progress

# Persons read, then appended to DuckDB, at a time; candidates created at a time;
# what DuckDB may hold in memory before it spills to the temporary directory.
READ_CHUNK = 50_000
WRITE_CHUNK = 10_000
DUCKDB_MEMORY = "256MB"
# Fewer records than this: no model (too little to learn from).
MIN_PERSONS = 50
# The pairs the u probabilities are estimated from (random sample).
U_PAIRS = 1_000_000
# EM learns from groups of at most EM_GROUP_CAP records sharing a rule's columns,
# where true matches are a fair share of the pairs, on at most EM_MAX_PAIRS pairs
# (Splink samples the records beyond).
EM_GROUP_CAP = 10
EM_MAX_PAIRS = 250_000
# An EM pass with fewer pairs is skipped.
MIN_EM_PAIRS = 100
# Each blocking key has levels, from the coarsest: a record is compared with
# the records sharing the first level whose group has at most BLOCK_CAP
# records, and under this key with none if even the finest level is larger:
# the pairs scored grow about linearly with the persons, whatever the names.
# The same keys find a registration's candidates (`registration_matches`).
# Between them: the same document or phone; names that sound alike in either
# order (transliterations, swapped names), refined for a common name by sex
# and nationality, then by the birth year — and for those, the years a year
# apart through two two-year buckets shifted by one (two years a year apart
# always share one of them); a typo in either name when the other name and the
# year agree.
BLOCK_CAP = 50
_NAMES = ("names_sound", "sex", "nationality")
BLOCKING_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "document": (("document",),),
    "phone": (("phone",),),
    "names": (("names_sound",), _NAMES, (*_NAMES, "birth_year")),
    "names_even": ((*_NAMES, "year_even"),),
    "names_odd": ((*_NAMES, "year_odd"),),
    "family_year": (("surname_sound", "birth_year", "sex", "nationality"),),
    "given_year": (("first_sound", "birth_year", "sex", "nationality"),),
}
# A record without a birth year is compared with every record of its names,
# sex and nationality (the "names" key refined by the year leaves it alone), in
# groups of at most NO_YEAR_CAP: few records lack a year, so the pairs stay few.
NO_YEAR_CAP = 2000
# Columns a key reads as a value even when missing (a record without a
# nationality still shares its names' key with the others without one).
_MISSING_AS_VALUE = ("sex", "nationality")
# EM passes: the columns each blocks on (Splink estimates the m probabilities of
# the other comparisons from each pass).
EM_RULES: dict[str, tuple[str, ...]] = {
    "document": ("document",),
    "phone": ("phone",),
    "names": ("first_sound", "surname_sound", "birth_year"),
}
_STAGED_COLUMNS = {
    "unique_id": "BIGINT",
    "pk": "VARCHAR",
    "identity": "VARCHAR",
    "organisation": "VARCHAR",
    "first_name": "VARCHAR",
    "surname": "VARCHAR",
    "first_sound": "VARCHAR",
    "surname_sound": "VARCHAR",
    "names_sound": "VARCHAR",
    "birth_year": "INTEGER",
    "nationality": "VARCHAR",
    "sex": "VARCHAR",
    "phone": "VARCHAR",
    "document_type": "VARCHAR",
    "document": "VARCHAR",
}


class MatchModelError(Exception):
    """The probabilistic model could not be trained or run: a failure to
    report, never "no candidate"."""


def find(progress: Progress | None, threshold: float) -> int:
    """Train the model on every person, store it (`MatchModel`: what a new
    registration is scored with), and propose the pairs it scores at least
    `threshold`; returns the number of new candidates. Raises MatchModelError."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="suivi-splink-") as workdir:
        database = duckdb.connect(
            os.path.join(workdir, "persons.duckdb"),
            config={
                # No network: never let DuckDB fetch an extension.
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
                "memory_limit": DUCKDB_MEMORY,
                "temp_directory": os.path.join(workdir, "spill"),
                "preserve_insertion_order": False,
            },
        )
        try:
            count = _load_persons(database, progress)
            if count < MIN_PERSONS:
                raise MatchModelError(
                    _("Too few persons to train the model (%(count)d, at least %(least)d).")
                    % {"count": count, "least": MIN_PERSONS}
                )
            predictions = _score_pairs(database, count, threshold, progress)
            return _create_candidates(database, predictions, progress)
        finally:
            database.close()


def _load_persons(database: Any, progress: Progress | None) -> int:
    """Every person into DuckDB: `persons` (what Splink compares, with the
    blocking keys and the sizes of their groups) and `person_keys` (record and
    identity keys, by Splink's `unique_id`). Returns the number of persons."""
    import pyarrow as pa

    total = Person.objects.count()
    # Records already linked to others: their identity key is not their own.
    linked = {
        pk.hex: identity.hex
        for pk, identity in Person.objects.exclude(identity_key=F("pk")).values_list(
            "pk", "identity_key"
        )
    }
    columns = ", ".join(f"{name} {kind}" for name, kind in _STAGED_COLUMNS.items())
    database.execute(f"CREATE TABLE staged ({columns})")
    spellings: dict[str, str | None] = {}  # names repeat: normalise each spelling once

    def normalised(name: str) -> str | None:
        found = spellings.get(name, "")
        if found == "":
            found = spellings[name] = plain(name) or None
        return found

    rows = (
        Person.objects.order_by()
        # The key as text: a UUID object per record would cost more than the rest.
        .annotate(key=Cast("pk", output_field=CharField()))
        .values_list(
            "key",
            "organisation__code",
            "given_name",
            "family_name",
            "given_sound",
            "family_sound",
            "names_sound",
            "birth_year",
            "nationality",
            "sex",
            "phone_hash",
            "document_type",
            "document_hash",
        )
        .iterator(chunk_size=READ_CHUNK)
    )
    count = 0
    for chunk in iter(lambda: list(itertools.islice(rows, READ_CHUNK)), []):
        values: list[list[Any]] = [[] for _ in _STAGED_COLUMNS]
        for row in chunk:
            (text, organisation, given, family, g_sound, f_sound, n_sound) = row[:7]
            (year, nationality, sex, phone, document_type, document) = row[7:]
            key = text.replace("-", "")  # as SQLite stores it; PostgreSQL's has dashes
            for column, value in zip(
                values,
                (
                    count,
                    key,
                    linked.get(key),
                    organisation,
                    normalised(given),
                    normalised(family),
                    g_sound or None,
                    f_sound or None,
                    n_sound or None,
                    year,
                    nationality or None,
                    sex or None,
                    phone or None,
                    (document_type or None) if document else None,
                    document or None,
                ),
                strict=True,
            ):
                column.append(value)
            count += 1
        frame = pa.table(dict(zip(_STAGED_COLUMNS, values, strict=True)))
        database.from_arrow(frame).insert_into("staged")
        if progress:
            progress(_("Persons"), count, total)
    compared = ", ".join(c for c in _STAGED_COLUMNS if c not in ("pk", "identity"))
    database.execute(
        # The keys are made of this module's constants only.
        "CREATE TABLE persons AS SELECT * EXCLUDE (year_even, year_odd), "  # noqa: S608
        f"{', '.join(_key_columns())} FROM (SELECT {compared}, birth_year // 2 AS year_even, "
        "(birth_year + 1) // 2 AS year_odd FROM staged)"
    )
    database.execute("CREATE TABLE person_keys AS SELECT unique_id, pk, identity FROM staged")
    database.execute("DROP TABLE staged")
    return count


def _key_columns() -> list[str]:
    """SQL for each blocking key's column (`key_<name>`: the first level of at
    most BLOCK_CAP records, else NULL), the size of its first level's group
    (`size_<name>`, for the keys EM picks small groups by), and the two
    columns of the records without a birth year (`blocking_rules`). A key is a
    64-bit hash of its values (NULL when one is missing): Splink's join of the
    blocking rules holds every key of both records of a pair, and texts (the
    hashes of documents and phones are 64 characters) did not fit in
    DUCKDB_MEMORY at 100 k persons (two hashes colliding would only compare
    one more pair)."""
    columns = []
    for name, levels in BLOCKING_KEYS.items():
        sizes = [f"count(*) OVER (PARTITION BY {', '.join(level)})" for level in levels]
        chosen = " ".join(
            f"WHEN {size} <= {BLOCK_CAP} THEN {_hashed(level)}"
            for size, level in zip(sizes, levels, strict=True)
        )
        if name in EM_RULES:
            columns.append(f"{sizes[0]} AS size_{name}")
        columns.append(f"CASE {chosen} END AS key_{name}")
    size = f"count(*) OVER (PARTITION BY {', '.join(_NAMES)})"
    columns += [
        f"CASE WHEN {size} <= {NO_YEAR_CAP} THEN {_hashed(_NAMES)} END AS key_names_any_year",
        f"CASE WHEN birth_year IS NULL AND {size} <= {NO_YEAR_CAP} "
        f"THEN {_hashed(_NAMES)} END AS key_names_no_year",
    ]
    return columns


def _hashed(columns: tuple[str, ...]) -> str:
    """SQL for a 64-bit hash of the columns' values, NULL when `_joined` is
    (DuckDB's hash of NULL is a number)."""
    joined = _joined(columns)
    return f"CASE WHEN {joined} IS NOT NULL THEN hash({joined}) END"


def _joined(columns: tuple[str, ...]) -> str:
    """SQL for the columns as one text, NULL when one of them is (but for the
    columns read as a value even when missing)."""
    return " || '|' || ".join(
        f"coalesce(CAST({column} AS VARCHAR), '')"
        if column in _MISSING_AS_VALUE
        else f"CAST({column} AS VARCHAR)"
        for column in columns
    )


def blocking_rules() -> list[str]:
    """Splink's blocking rules: a pair is scored when its two records share
    one of the keys (a record without a birth year: its names, sex and
    nationality with any record), and only across partners — a partner's own
    records are its own business."""
    across = "l.organisation <> r.organisation"
    return [f"l.key_{name} = r.key_{name} AND {across}" for name in BLOCKING_KEYS] + [
        f"l.key_names_no_year = r.key_names_any_year AND {across}",
        f"l.key_names_any_year = r.key_names_no_year AND {across}",
    ]


def _score_pairs(database: Any, count: int, threshold: float, progress: Progress | None) -> str:
    """Train the model, store it, and score the blocked pairs: the name of the
    DuckDB table of the pairs at or above `threshold` (`unique_id_l`,
    `unique_id_r`, `match_probability`). Raises MatchModelError."""
    from splink import DuckDBAPI, Linker, SettingsCreator
    from splink.blocking_rule_library import CustomRule
    from splink.internals.exceptions import EMTrainingException

    frame = DuckDBAPI(connection=database).register("persons", dataset_display_name="persons")
    rules: list[Any] = [CustomRule(rule) for rule in blocking_rules()]
    settings = SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=match_model.prior(count),
        comparisons=match_model.splink_comparisons(),
        blocking_rules_to_generate_predictions=rules,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    if progress:
        progress(_("Training the model"), 1, 3)
    try:
        linker = Linker(frame, settings)
        linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=1)
        for name, columns in EM_RULES.items():
            rule = (
                " AND ".join(f"l.{column} = r.{column}" for column in columns)
                + f" AND l.size_{name} <= {EM_GROUP_CAP} AND l.organisation <> r.organisation"
            )
            # A pass without pairs would fail, and Splink would then leave its
            # comparisons out of the model: count them first.
            ((pairs,),) = database.execute(
                # The rule is made of this module's constants only.
                f"SELECT count(*) FROM (SELECT 1 FROM persons AS l JOIN persons AS r "  # noqa: S608
                f"ON l.unique_id < r.unique_id AND {rule} LIMIT {MIN_EM_PAIRS})"
            ).fetchall()
            if pairs < MIN_EM_PAIRS:
                continue  # too few to learn from: DEFAULT_M, or another pass's estimates
            # A pass that fails leaves the comparisons it blocked on out of the
            # model (Splink 5): start again from the model as it was before it.
            before = linker.misc.save_model_to_json()
            try:
                # Learn from what is scored: pairs of two partners.
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, max_pairs=EM_MAX_PAIRS
                )
            except (EMTrainingException, ValueError, ZeroDivisionError):
                linker = Linker(frame, before)  # nothing learnt: the other estimates stay
        parameters = match_model.parameters_from_splink(linker.misc.save_model_to_json(), count)
        match_model.Scorer(parameters)  # fails here if a comparison came out unusable
    except MatchModelError:
        raise
    except Exception as error:  # Splink's and DuckDB's errors have no common base
        raise MatchModelError(_("The model could not be trained.")) from error
    MatchModel.objects.create(persons=count, parameters=parameters)
    if progress:
        progress(_("Scoring pairs"), 2, 3)
    try:
        scoring = Linker(frame, parameters)
        predictions = scoring.inference.predict(threshold_match_probability=threshold)
    except Exception as error:
        raise MatchModelError(_("The model could not score the pairs.")) from error
    if progress:
        progress(_("Scoring pairs"), 3, 3)
    return str(predictions.physical_name)


def _create_candidates(database: Any, predictions: str, progress: Progress | None) -> int:
    """A candidate for each scored pair, as `duplicates._propose` makes one: two
    partners' records (the blocking rules compare no others) of two identities,
    the smaller key first, unless the pair is known already, in either order and
    whatever its status. Returns the number of candidates created."""
    import pyarrow as pa

    known = MatchCandidate.objects.values_list("person_a_id", "person_b_id").iterator(
        chunk_size=READ_CHUNK
    )
    database.execute("CREATE TABLE known (a VARCHAR, b VARCHAR)")
    for chunk in iter(lambda: list(itertools.islice(known, READ_CHUNK)), []):
        pairs = [sorted((a.hex, b.hex)) for a, b in chunk]
        frame = pa.table({"a": [a for a, _b in pairs], "b": [b for _a, b in pairs]})
        database.from_arrow(frame).insert_into("known")
    database.execute(
        # `predictions` names the table Splink has just created.
        "CREATE TABLE proposed AS SELECT least(l.pk, r.pk) AS a, greatest(l.pk, r.pk) AS b, "  # noqa: S608
        f"p.match_probability AS probability FROM {predictions} AS p "
        "JOIN person_keys AS l ON l.unique_id = p.unique_id_l "
        "JOIN person_keys AS r ON r.unique_id = p.unique_id_r "
        "WHERE coalesce(l.identity, l.pk) <> coalesce(r.identity, r.pk) "
        "AND NOT EXISTS (SELECT 1 FROM known AS k "
        "WHERE k.a = least(l.pk, r.pk) AND k.b = greatest(l.pk, r.pk))"
    )
    ((total,),) = database.execute("SELECT count(*) FROM proposed").fetchall()
    cursor = database.execute("SELECT a, b, probability FROM proposed")
    created = 0
    while rows := cursor.fetchmany(WRITE_CHUNK):
        MatchCandidate.objects.bulk_create(
            [
                MatchCandidate(
                    person_a_id=uuid.UUID(a),
                    person_b_id=uuid.UUID(b),
                    reason=MatchReason.PROBABLE,
                    probability=probability,
                )
                for a, b, probability in rows
            ],
            # A pair another search proposed meanwhile is kept as it is.
            ignore_conflicts=True,
        )
        created += len(rows)
        if progress:
            progress(_("Possible duplicates"), created, total)
    return created
