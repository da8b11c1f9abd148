"""Probable duplicates: a Splink model (DuckDB, offline) trained on the persons.

Built to hold at a million persons (issue 5: ≤ 3 min) in bounded memory:

- the persons are read as plain values (no model instances), a chunk at a time,
  into a DuckDB database in a temporary directory, which spills to disk beyond
  DUCKDB_MEMORY;
- only the records sharing a blocking key are compared, and a key shared by more
  than BLOCK_CAP records is refined, then dropped: the pairs scored grow about
  linearly with the persons, whatever the names;
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

from suivi.beneficiaries.models import MatchCandidate, MatchReason, Person
from suivi.beneficiaries.normalise import plain

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
# where true matches are a fair share of the pairs (in the groups of common names,
# namesakes would teach it that agreeing means little), on at most EM_MAX_PAIRS
# pairs (Splink samples the records beyond).
EM_GROUP_CAP = 10
EM_MAX_PAIRS = 250_000
# The share of the true matches assumed to agree on both names and the birth
# year: the prior (probability two random records match) follows from it.
EXACT_RECALL = 0.7
# Each prediction rule compares the records sharing its base columns; in a group
# of more than BLOCK_CAP records, those also sharing the refining columns; in a
# group still larger, none. So many records with the same names, year and sex
# cannot be told apart by this model (every pair would be proposed), and their
# pairs grow as the square of the group. Between them, the rules find a typo in
# either name (when the other name and the year agree) and a wrong birth year.
BLOCK_CAP = 50
BLOCKING_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "surname_year": (("surname", "birth_year"), ("sex", "left(first_name, 1)")),
    "first_year": (("first_name", "birth_year", "sex"), ("left(surname, 1)",)),
    "names": (("first_name", "surname", "sex"), ("nationality",)),
}
_STAGED_COLUMNS = {
    "unique_id": "BIGINT",
    "pk": "VARCHAR",
    "identity": "VARCHAR",
    "organisation": "VARCHAR",
    "first_name": "VARCHAR",
    "surname": "VARCHAR",
    "birth_year": "INTEGER",
    "nationality": "VARCHAR",
    "sex": "VARCHAR",
}


def find(progress: Progress | None, threshold: float) -> int:
    """Propose the pairs of records the model scores at least `threshold`;
    returns the number of new candidates."""
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
            if _load_persons(database, progress) < MIN_PERSONS:
                return 0
            predictions = _score_pairs(database, threshold, progress)
            if predictions is None:
                return 0
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
            "birth_year",
            "nationality",
            "sex",
        )
        .iterator(chunk_size=READ_CHUNK)
    )
    count = 0
    for chunk in iter(lambda: list(itertools.islice(rows, READ_CHUNK)), []):
        values: list[list[Any]] = [[] for _ in _STAGED_COLUMNS]
        ids, pks, identities, organisations, firsts, surnames, years, nations, sexes = values
        for text, organisation, given, family, year, nationality, sex in chunk:
            key = text.replace("-", "")  # as SQLite stores it; PostgreSQL's has dashes
            ids.append(count)
            pks.append(key)
            identities.append(linked.get(key))
            organisations.append(organisation)
            firsts.append(normalised(given))
            surnames.append(normalised(family))
            years.append(year)
            nations.append(nationality or None)
            sexes.append(sex or None)
            count += 1
        frame = pa.table(dict(zip(_STAGED_COLUMNS, values, strict=True)))
        database.from_arrow(frame).insert_into("staged")
        if progress:
            progress(_("Persons"), count, total)
    keys = []
    for name, (base, refining) in BLOCKING_KEYS.items():
        size = f"count(*) OVER (PARTITION BY {', '.join(base)})"
        refined = f"count(*) OVER (PARTITION BY {', '.join(base + refining)})"
        keys += [
            f"{size} AS size_{name}",
            f"CASE WHEN {size} <= {BLOCK_CAP} THEN {_joined(base)} "
            f"WHEN {refined} <= {BLOCK_CAP} THEN {_joined(base + refining)} END AS key_{name}",
        ]
    database.execute(
        # The keys are made of this module's constants only.
        "CREATE TABLE persons AS SELECT unique_id, organisation, first_name, surname, "  # noqa: S608
        f"birth_year, nationality, sex, {', '.join(keys)} FROM staged"
    )
    database.execute("CREATE TABLE person_keys AS SELECT unique_id, pk, identity FROM staged")
    database.execute("DROP TABLE staged")
    return count


def _joined(columns: tuple[str, ...]) -> str:
    """SQL for the columns as one text, NULL when one of them is."""
    return " || '|' || ".join(f"CAST({column} AS VARCHAR)" for column in columns)


def _prior(database: Any) -> float:
    """Probability two random records of two partners match (only those are
    compared): their pairs agreeing on both names and the birth year, scaled up
    by EXACT_RECALL (at least one pair), among all their pairs. Pairs within one
    partner are left out — a partner's own repeated entries say nothing of
    duplicates across partners, and would inflate the prior until any shared
    surname looks like a match — and so are groups larger than BLOCK_CAP
    (namesakes)."""
    ((count, same_partner),) = database.execute(
        "SELECT coalesce(sum(n), 0), coalesce(sum(n * n), 0) "
        "FROM (SELECT count(*) AS n FROM persons GROUP BY organisation)"
    ).fetchall()
    ((same,),) = database.execute(
        "SELECT coalesce(sum((n * n - n2) // 2), 0) FROM ("
        " SELECT sum(k) AS n, sum(k * k) AS n2 FROM ("
        "  SELECT first_name, surname, birth_year, organisation, count(*) AS k FROM persons"
        "  WHERE first_name IS NOT NULL AND surname IS NOT NULL AND birth_year IS NOT NULL"
        "  GROUP BY first_name, surname, birth_year, organisation)"
        " GROUP BY first_name, surname, birth_year HAVING sum(k) <= ?)",
        [BLOCK_CAP],
    ).fetchall()
    across = (count * count - same_partner) / 2
    if across <= 0:
        return 0.5  # a single partner: nothing is compared anyway
    return min(max(same / EXACT_RECALL, 1) / across, 0.5)


def _score_pairs(database: Any, threshold: float, progress: Progress | None) -> str | None:
    """Train the model and score the blocked pairs: the name of the DuckDB table of
    the pairs at or above `threshold` (`unique_id_l`, `unique_id_r`,
    `match_probability`), or None when the model could not be trained."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator
    from splink.blocking_rule_library import CustomRule
    from splink.internals.exceptions import EMTrainingException

    frame = DuckDBAPI(connection=database).register("persons", dataset_display_name="persons")
    settings = SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=_prior(database),
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("sex"),
        ],
        # Records of one partner are its own business: never compared.
        blocking_rules_to_generate_predictions=[
            CustomRule(f"l.key_{name} = r.key_{name} AND l.organisation <> r.organisation")
            for name in BLOCKING_KEYS
        ],
        retain_matching_columns=False,
    )
    linker = Linker(frame, settings)
    if progress:
        progress(_("Training the model"), 1, 3)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=1)
    # Each pass estimates the m probabilities of the fields it does not block on
    # (Splink reads them from the rule: the base columns are spelt out).
    for name, (base, _refining) in BLOCKING_KEYS.items():
        rule = " AND ".join(f"l.{column} = r.{column}" for column in base)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                f"{rule} AND l.size_{name} <= {EM_GROUP_CAP} "
                "AND l.organisation <> r.organisation",  # learn from what is scored
                max_pairs=EM_MAX_PAIRS,
            )
        except (EMTrainingException, ValueError):
            continue  # too few pairs, or nothing to learn: keep the other estimates
    if progress:
        progress(_("Scoring pairs"), 2, 3)
    try:
        predictions = linker.inference.predict(threshold_match_probability=threshold)
    except ValueError:
        return None  # the model could not be trained on these records
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
