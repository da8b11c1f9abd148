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
import statistics
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


CANDIDATES = 5_000  # pairs waiting in the duplicates queue
AUDIT_EVENTS = 1_000_000  # rows of the audit trail


def _extras(candidates: int, audit_events: int, seed: int = 4) -> None:
    """Pairs for the duplicates queue and a long audit trail (raw SQL on
    PostgreSQL for the trail: a million rows through the ORM would take
    minutes, and the rows only need to exist)."""
    from django.db import connection

    from suivi.accounts.models import Organisation, User
    from suivi.beneficiaries.models import MatchCandidate, MatchReason, Person

    rng = random.Random(seed)  # noqa: S311 — synthetic data
    keys = list(Person.objects.order_by("-pk").values_list("pk", flat=True)[: 2 * candidates])
    MatchCandidate.objects.bulk_create(
        [
            MatchCandidate(
                person_a_id=keys[2 * n],
                person_b_id=keys[2 * n + 1],
                reason=MatchReason.PROBABLE,
                probability=rng.random(),
            )
            for n in range(len(keys) // 2)
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    actor = User.objects.get(username="pf.en").pk
    organisations = [o.pk for o in Organisation.objects.filter(code__in=["en", "anapec"])]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Spread over two years, half EN's, half ANAPEC's.
        cursor.execute(
            "INSERT INTO core_auditevent (occurred_at, actor_id, organisation_id, action, "
            "object_type, object_id, changed_fields, detail) "
            "SELECT now() - (n * interval '63 seconds'), %s, "
            "CASE WHEN n %% 2 = 0 THEN %s::uuid ELSE %s::uuid END, "
            "'beneficiaries.person.viewed', 'beneficiaries.person', '', '[]', '{}' "
            "FROM generate_series(1, %s) AS n",
            [actor, organisations[0], organisations[1], audit_events],
        )


def _generate(persons: int, events_per_person: int) -> None:
    from django.db import connection
    from generate import generate
    from run import prepare

    start = time.perf_counter()
    prepare()
    generate(persons, events_per_person)
    _referrals(PENDING, ANSWERED)
    _extras(CANDIDATES, AUDIT_EVENTS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated in {time.perf_counter() - start:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--generate", action="store_true", help="start over: load and generate")
    parser.add_argument("--extras", action="store_true", help="add the pairs and the audit trail")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--events-per-person", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20, help="requests timed per page")
    parser.add_argument("--no-report", action="store_true", help="print, do not append")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (a dedicated database: it is flushed with --generate)")
    # As in production: DEBUG off, connections kept between requests.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_CONN_MAX_AGE", "60")
    _setup_django(args.database_url)
    if args.generate:
        _generate(args.persons, args.events_per_person)
        return
    if args.extras:
        _extras(CANDIDATES, AUDIT_EVENTS)
        return
    measure(args)


def _client(username: str) -> Any:
    from django.conf import settings
    from django.test import Client

    from suivi.accounts.models import User

    client = Client()
    user = User.objects.get(username=username)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.get("/")  # the first request after signing in saves the session
    return client


# (label, user, method, url, data): the pages measured.
PAGES: list[tuple[str, str, str, str, dict[str, str]]] = [
    ("reference: the account page (the layout, no list)", "pf.anapec", "get", "/compte/", {}),
    ("persons, first page (ANAPEC: own + 10 k referred)", "pf.anapec", "get", "/personnes/", {}),
    ("persons, first page (EN)", "pf.en", "get", "/personnes/", {}),
    ("persons, last page (40)", "pf.anapec", "get", "/personnes/", {"page": "40"}),
    (
        "persons, women refugees registered in 2019",
        "pf.anapec",
        "get",
        "/personnes/",
        {"sex": "women", "category": "refugee", "date_from": "2019-01-01", "date_to": "2019-12-31"},
    ),
    ("persons, search by name (a few match)", "pf.anapec", "get", "/personnes/", {"q": "F12345"}),
    ("persons, search by name (none match)", "pf.anapec", "get", "/personnes/", {"q": "Zzzq"}),
    (
        "persons, exact search by phone (POST)",
        "pf.anapec",
        "post",
        "/personnes/",
        {"contact": "0661234567"},
    ),
    ("services, first page (EN)", "pf.en", "get", "/prestations/", {}),
    (
        "services, one type in 2020",
        "pf.en",
        "get",
        "/prestations/",
        {"service": "job_search_support", "date_from": "2020-01-01", "date_to": "2020-12-31"},
    ),
    ("referrals waiting (ANAPEC, 10 k)", "pf.anapec", "get", "/orientations/", {}),
    ("referrals waiting, page 40", "pf.anapec", "get", "/orientations/", {"page": "40"}),
    ("referrals answered", "pf.anapec", "get", "/orientations/", {"box": "answered"}),
    ("referrals sent (EN, 15 k)", "pf.en", "get", "/orientations/", {"box": "sent"}),
    ("duplicates queue (5 k pairs)", "suivi", "get", "/doublons/", {}),
    ("audit trail (1 M events), all", "suivi", "get", "/journal/", {}),
    ("audit trail, EN's focal point", "pf.en", "get", "/journal/", {}),
]


def _old_persons_query(username: str) -> Any:
    """The persons list's query before this change (selectors.search_persons):
    the persons the user may open, newest first, 200 rows."""
    from suivi.accounts.models import User
    from suivi.beneficiaries import policies
    from suivi.beneficiaries.models import Person

    user = User.objects.get(username=username)
    return lambda: list(
        Person.objects.filter(policies.visible_persons_q(user))
        .select_related("organisation", "category")
        .order_by("-registered_on")[:200]
    )


def _key_queries() -> list[tuple[str, Any]]:
    """The query that reads a page's keys (and its capped count), per list:
    the one whose cost could grow with the table."""
    from datetime import date as day

    from django.db.models import F

    from suivi.accounts.models import User
    from suivi.beneficiaries.models import MatchCandidate
    from suivi.beneficiaries.selectors.lists import ListFilters, persons_listed, services_listed
    from suivi.beneficiaries.selectors.referrals import Box, referrals_listed
    from suivi.core.selectors import AuditFilters, _events

    anapec, en = User.objects.get(username="pf.anapec"), User.objects.get(username="pf.en")
    year = {"date_from": day(2019, 1, 1), "date_to": day(2019, 12, 31)}
    return [
        ("persons (ANAPEC: own + 10 k referred)", persons_listed(anapec, ListFilters())),
        ("persons (EN)", persons_listed(en, ListFilters())),
        (
            "persons, women refugees registered in 2019",
            persons_listed(anapec, ListFilters(sex="women", category="refugee", **year)),
        ),
        ("persons, search by name", persons_listed(anapec, ListFilters(q="F12345"))),
        ("services (EN)", services_listed(en, ListFilters())),
        (
            "services, one type in 2019",
            services_listed(en, ListFilters(service="job_search_support", **year)),
        ),
        ("referrals waiting (ANAPEC)", referrals_listed(anapec, Box.WAITING, ListFilters())),
        ("referrals sent (EN)", referrals_listed(en, Box.SENT, ListFilters())),
        (
            "duplicates queue",
            MatchCandidate.objects.filter(status="candidate").order_by(
                F("probability").desc(nulls_first=True), "created_at", "pk"
            ),
        ),
        ("audit trail (focal point of EN)", _events(en, AuditFilters())),
    ]


def _explain(queryset: Any) -> float:
    """PostgreSQL's execution time of the keys query, ms (best of 5)."""
    from django.db import connection

    sql, params = queryset.values_list("pk", flat=True)[:1001].query.sql_with_params()
    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(5):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            best = min(best, cursor.fetchone()[0][0]["Execution Time"])
    return best


def _time(action: Any, repeat: int) -> tuple[float, float, float]:
    """Median and p95 wall time, and median CPU time of this process (the
    part that does not wait for the database nor for other processes), ms."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        cpu.append((time.process_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    return statistics.median(times), p95, statistics.median(cpu)


def measure(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.db import connection, transaction

    from suivi.beneficiaries.models import Person, Referral
    from suivi.core.models import AuditEvent

    settings.ALLOWED_HOSTS = ["*"]
    persons, pending = Person.objects.count(), Referral.objects.filter(status="sent").count()
    events = AuditEvent.objects.count()
    results: list[tuple[str, float, float, float, int, int]] = []
    # Baseline, same run: the old query, with the index this change adds and
    # without it (dropped inside a transaction rolled back).
    old = _old_persons_query("pf.anapec")
    old()
    median, p95, cpu = _time(old, args.repeat)
    results.append(
        ("baseline: the old persons query (200 rows), new index", median, p95, cpu, 1, 0)
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX person_newest")
        old()
        median, p95, cpu = _time(old, max(args.repeat // 4, 3))
        results.append(
            ("baseline: the old persons query, before this change", median, p95, cpu, 1, 0)
        )
        transaction.set_rollback(True)
    clients: dict[str, Any] = {}
    for label, username, method, url, data in PAGES:
        client = clients.get(username) or clients.setdefault(username, _client(username))
        request = getattr(client, method)
        statements: list[str] = []

        def counted(execute, sql, params, many, context, statements=statements):  # type: ignore[no-untyped-def]
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = request(url, data)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {response.status_code}")
        median, p95, cpu = _time(lambda r=request, u=url, d=data: r(u, d), args.repeat)
        results.append((label, median, p95, cpu, len(statements), len(response.content)))
        print(f"{label}: {median:.1f} ms (p95 {p95:.1f}), {len(statements)} queries", flush=True)
    block = [
        f"\n## {date.today().isoformat()} — list pages (issue 12, item 5), {connection.vendor}, "
        f"{persons:,} persons, {pending:,} referrals waiting, {events:,} audit events\n",
        "Server time of one request through Django's test client (middleware, queries, "
        f"template), median and p95 of {args.repeat}; the baseline is the persons list's "
        "query before this change, on the same records in the same run.\n",
        "| page | median (ms) | p95 (ms) | CPU, median (ms) | queries | size (KiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    block += [
        f"| {label} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} | {size / 1024:.0f} |"
        for label, median, p95, cpu, queries, size in results
    ]
    if connection.vendor == "postgresql":
        block += [
            "\nThe query that reads a page's keys and its capped count (the one that could "
            "grow with the table), PostgreSQL's execution time (EXPLAIN ANALYZE, best of 5):\n",
            "| list | keys query (ms) |",
            "|---|---:|",
        ]
        block += [f"| {label} | {_explain(query):.1f} |" for label, query in _key_queries()]
    load = os.getloadavg()
    block.append(
        f"\nLoad average during the run: {load[0]:.1f} (1 min), {load[2]:.1f} (15 min) on "
        f"{os.cpu_count()} cores."
    )
    if not args.no_report:
        with (ROOT / "docs" / "benchmarks.md").open("a") as handle:
            handle.write("\n".join(block) + "\n")
    print("\n".join(block))


if __name__ == "__main__":
    main()
