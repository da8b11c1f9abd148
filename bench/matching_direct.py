"""The duplicate search's model on `matching.py`'s labelled registry, straight
into DuckDB: recall and precision at a million persons without writing them
through the services first (an hour on a shared 2-core machine).

    .venv/bin/python bench/matching_direct.py --persons 1000000 --names varied

Each record's compared values are made as the registry makes them (plain
names and their phonetic codes, `persons` normalising the phone and the
document, `crypto.keyed_hash` of them), then `probable_matches` blocks, trains
and scores as the duplicate search does (`_key_columns`, `_score_pairs`: same
code, same DuckDB memory limit). The queue is what `find_duplicates` would
propose: the pairs sharing a document or a phone across partners (exact), and
the pairs scored at least the threshold. Not measured here: reading the
persons from the database, writing the candidates, registrations one by one
(`matching.py`, `matching_registrations.py`).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matching import NAMES, registry  # noqa: E402 — bench/matching.py
from run import _setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--names", choices=sorted(NAMES), default="varied")
    parser.add_argument("--thresholds", type=float, nargs="*", default=[0.005, 0.01, 0.02, 0.05])
    args = parser.parse_args()
    folder = _setup_django(None)  # a temporary SQLite file: the trained model is stored there
    try:
        _measure(args)
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _measure(args: argparse.Namespace) -> None:

    from django.core.management import call_command

    from suivi.beneficiaries import normalise
    from suivi.beneficiaries.services import match_model, probable_matches
    from suivi.core import crypto

    call_command("migrate", verbosity=0)
    logging.getLogger("splink").setLevel(logging.WARNING)
    started = time.perf_counter()
    # The registry `matching.py` searches (without the registrations it holds back).
    records, _held = registry(args.persons, names=args.names)
    columns: dict[str, list] = {c: [] for c in probable_matches._STAGED_COLUMNS}
    for number, record in enumerate(records):
        features = match_model.features_of(
            record.given,
            record.family,
            record.birth_year,
            record.sex,
            record.nationality,
            crypto.keyed_hash(normalise.phone_e164(record.phone)) if record.phone else "",
            record.document_type,
            crypto.keyed_hash(
                f"{record.document_type}:{normalise.document_number(record.document)}"
            )
            if record.document
            else "",
        )
        values = {
            "unique_id": number,
            "pk": str(number),
            "identity": None,
            "organisation": record.organisation,
            **{name: getattr(features, name) for name in match_model.COLUMNS},
        }
        for name, column in columns.items():
            column.append(values[name])
    print(
        f"{len(records):,} records ({args.names} names), values made in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    workdir = tempfile.mkdtemp(prefix="suivi-direct-")
    try:
        _search(args, records, columns, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _search(
    args: argparse.Namespace, records: list, columns: dict[str, list], workdir: str
) -> None:
    import duckdb
    import pyarrow as pa

    from suivi.beneficiaries.services import match_model, probable_matches

    database = duckdb.connect(
        os.path.join(workdir, "persons.duckdb"),
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": probable_matches.DUCKDB_MEMORY,
            "temp_directory": os.path.join(workdir, "spill"),
            "preserve_insertion_order": False,
        },
    )
    database.from_arrow(pa.table(columns)).create("staged")
    compared = ", ".join(c for c in probable_matches._STAGED_COLUMNS if c not in ("pk", "identity"))
    started = time.perf_counter()
    database.execute(
        "CREATE TABLE persons AS SELECT * EXCLUDE (year_even, year_odd), "  # noqa: S608
        f"{', '.join(probable_matches._key_columns())} FROM (SELECT {compared}, "
        "birth_year // 2 AS year_even, (birth_year + 1) // 2 AS year_odd FROM staged)"
    )
    keys = time.perf_counter() - started
    lowest = min([match_model.PROPOSE, *args.thresholds])
    predictions = probable_matches._score_pairs(database, len(records), lowest, None)
    search = time.perf_counter() - started
    scored = {
        (a, b): p
        for a, b, p in database.execute(
            f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions}"  # noqa: S608
        ).fetchall()
    }
    truth, organisation = [r.truth for r in records], [r.organisation for r in records]
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_truth: dict[int, list[int]] = defaultdict(list)
    for number in range(len(records)):
        by_truth[truth[number]].append(number)
        for name in ("phone", "document"):
            if columns[name][number]:
                groups[(name, columns[name][number])].append(number)
    true_pairs = {
        (a, b)
        for members in by_truth.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if organisation[a] != organisation[b]
    }
    exact = {
        (a, b)
        for members in groups.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if organisation[a] != organisation[b]
    }
    likely = {pair for pair, p in scored.items() if p >= match_model.LIKELY}
    print(
        f"keys {keys:.0f} s, training and scoring {search - keys:.0f} s; peak "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; "
        f"true cross-partner pairs {len(true_pairs):,}; exact {len(exact):,}; "
        f"precision of likely {len(likely & true_pairs) / max(len(likely), 1):.2%} "
        f"({len(likely):,}); recall of likely {len(likely & true_pairs) / len(true_pairs):.2%}",
        flush=True,
    )
    for threshold in sorted({match_model.PROPOSE, *args.thresholds}):
        queue = exact | {pair for pair, p in scored.items() if p >= threshold}
        found = len(queue & true_pairs)
        print(
            f"proposed from {threshold}: recall {found / len(true_pairs):.2%}, "
            f"precision {found / max(len(queue), 1):.2%} ({len(queue):,})",
            flush=True,
        )


if __name__ == "__main__":
    main()
