"""Server time of the list pages at scale (issue 12, item 5; see bench/README.md).

    # once: an empty database, the reference data, the synthetic records and
    # the pending referrals (PostgreSQL: use a dedicated database, it is flushed)
    .venv/bin/python bench/lists.py --database-url postgres://… --generate --persons 1000000
    # then, as often as needed, on the same records:
    .venv/bin/python bench/lists.py --database-url postgres://…

The measuring run requests each list page (persons, services, referral inbox,
duplicates queue, audit trail; first page, a filtered one, a search, a deep
page) through Django's test client as a demo user, in one process: median and
p95 wall time over `--repeat` requests, SQL queries and the size of the
answer. The baseline, measured in the same run on the same records, is the
query the persons list made before this change (names OR referred persons,
newest first, first 200 rows), run through the ORM the way the old selector
did.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import _setup_django  # noqa: E402

PENDING = 10_000  # referrals waiting for an answer at the receiving partner
ANSWERED = 5_000  # referrals already answered (declined, served…)


def _referrals(pending: int, answered: int, seed: int = 3) -> None:
    """`pending` referrals sent by EN to ANAPEC and waiting, `answered` ones
    declined, each with the person's consent to share with ANAPEC (so that
    ANAPEC may open the pending ones). Bulk-inserted: the services would
    check each one, which is not what is measured."""
    from suivi.accounts.models import Organisation
    from suivi.beneficiaries.models import Consent, ConsentKind, Person, Referral, ReferralStatus

    rng = random.Random(seed)  # noqa: S311 — synthetic data
    en = Organisation.objects.get(code="en")
    anapec = Organisation.objects.get(code="anapec")
    people = list(
        Person.objects.filter(organisation=en)
        .order_by("pk")
        .values_list("pk", flat=True)[: pending + answered]
    )
    day = date(2020, 1, 1)
    referrals, consents = [], []
    for n, person in enumerate(people):
        sent_on = day + timedelta(days=rng.randrange(365))
        referrals.append(
            Referral(
                person_id=person,
                from_organisation=en,
                to_organisation=anapec,
                purpose="employment",
                status=ReferralStatus.SENT if n < pending else ReferralStatus.DECLINED,
                sent_on=sent_on,
                decline_reason="" if n < pending else "Bench: no place left.",
            )
        )
        consents.append(
            Consent(person_id=person, kind=ConsentKind.SHARE, organisation=anapec, given_on=sent_on)
        )
    Referral.objects.bulk_create(referrals, batch_size=2000)
    Consent.objects.bulk_create(consents, batch_size=2000)


def _generate(persons: int, events_per_person: int) -> None:
    from django.db import connection
    from generate import generate
    from run import prepare

    start = time.perf_counter()
    prepare()
    generate(persons, events_per_person)
    _referrals(PENDING, ANSWERED)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated in {time.perf_counter() - start:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--generate", action="store_true", help="start over: load and generate")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--events-per-person", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20, help="requests timed per page")
    parser.add_argument("--no-report", action="store_true", help="print, do not append")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (a dedicated database: it is flushed with --generate)")
    _setup_django(args.database_url)
    if args.generate:
        _generate(args.persons, args.events_per_person)
        return
    measure(args)


def measure(args: argparse.Namespace) -> Any:
    raise NotImplementedError


if __name__ == "__main__":
    main()
