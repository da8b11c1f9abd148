"""Registrations one by one against a registry `matching.py` left in a database
(PostgreSQL): the held-back second registrations of the same seed are removed,
then registered again through `persons.register_person` with the code of this
checkout — to measure a change of the registration path without writing the
registry again (at a million persons, 20 minutes).

    .venv/bin/python bench/matching_registrations.py --persons 1000000 --database-url postgres://…
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matching import NAMES, ORGANISATIONS, _data, registry  # noqa: E402
from run import BENCH, _setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, required=True)
    parser.add_argument("--names", choices=sorted(NAMES), default="varied")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    _setup_django(args.database_url)

    from django.db.models import Q

    from suivi.accounts.models import Organisation
    from suivi.beneficiaries.models import MatchCandidate, Person
    from suivi.beneficiaries.services import persons

    orgs = {o.code: o for o in Organisation.objects.filter(code__in=ORGANISATIONS)}
    records, held = registry(args.persons, names=args.names)
    originals = {}
    for record in records:
        originals.setdefault(record.truth, record)
    # The held-back records registered by an earlier run: the latest ones.
    latest = Person.objects.order_by("-created_at").values_list("pk", flat=True)[: len(held)]
    Person.objects.filter(pk__in=list(latest)).delete()
    times, caught, extra = [], 0, 0
    for record in held:
        original = originals[record.truth]
        tick = time.perf_counter()
        person, _created = persons.register_person(
            actor=BENCH, organisation=orgs[record.organisation], data=_data(record, persons)
        )
        times.append(time.perf_counter() - tick)
        pairs = MatchCandidate.objects.filter(Q(person_a=person) | Q(person_b=person))
        hit = False
        for candidate in pairs.select_related("person_a", "person_b"):
            other = candidate.person_b if candidate.person_a_id == person.pk else candidate.person_a
            same = (
                other.organisation.code == original.organisation
                and other.birth_year == original.birth_year
                and other.sex == original.sex
                and other.nationality == original.nationality
            )
            hit |= same
            extra += not same
        caught += hit
    times.sort()
    print(
        f"registrations: {len(held)}; their pair proposed at once {caught / len(held):.2%}; "
        f"other pairs proposed {extra}; p50 {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms",
        flush=True,
    )


if __name__ == "__main__":
    main()
