"""Measure indicator recomputation, partner import and duplicate search (see README)."""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from suivi.core.actors import system  # noqa: E402 — plain Python, no Django setup needed

# Who the benchmark acts as in services and in the audit trail.
BENCH = system("bench/run.py")


def _setup_django(database_url: str | None) -> str | None:
    """Point Django at `database_url`, or at a new SQLite file in a temporary
    folder (returned, to be removed after the run: a 10 M-service database
    takes gigabytes)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    folder = None
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        folder = tempfile.mkdtemp(prefix="suivi-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    return folder


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _seconds(elapsed: float) -> str:
    return f"{elapsed:.1f}" if elapsed >= 1 else f"{elapsed:.3f}"


def _timed(label: str, results: list[tuple[str, float, float]], action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = action()
    elapsed = time.perf_counter() - start
    results.append((label, elapsed, _peak_mib()))
    print(f"{label}: {elapsed:.1f} s, peak {_peak_mib():.0f} MiB", flush=True)
    return value


def _new_services(count: int, seed: int = 2) -> list[float]:
    """Record `count` services one at a time, each followed by the refresh
    the task worker runs: seconds from the record to the moved figures."""
    from django.db import transaction

    from suivi.beneficiaries.models import Centre, EventType, Person
    from suivi.beneficiaries.services import computation, events

    rng = random.Random(seed)  # noqa: S311 — synthetic data
    session = EventType.objects.get(code="job_search_support")
    centre = Centre.objects.first()
    # Persons of an organisation the catalogue lets record the service.
    recorders = session.organisations.all()
    persons = Person.objects.filter(organisation__in=recorders) if recorders else Person.objects
    chosen = list(persons.order_by("?").select_related("organisation")[:count])
    times = []
    for person in chosen:
        start = time.perf_counter()
        with transaction.atomic():
            events.record_event(
                actor=BENCH,
                person=person,
                event_type=session,
                organisation=person.organisation,
                occurred_on=max(
                    person.registered_on, date(2020, 1, 1) + timedelta(days=rng.randrange(365))
                ),
                centre=centre,
                recompute=False,
            )
        computation.refresh_stale(actor=BENCH)
        times.append(time.perf_counter() - start)
    return sorted(times)


def load_framework() -> None:
    """An empty database with the demo's organisations and Amuddu's framework
    (through the loaders users' demo runs), what every bench starts from."""
    from django.core.management import call_command

    from suivi.accounts.models import User
    from suivi.demo import organisations, programme

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    organisations.load(lambda _step: None)
    programme.load(
        lambda _step: None,
        entered_by=User.objects.get(username="suivi"),
        approved_by=User.objects.get(username="responsable"),
    )


def prepare():  # type: ignore[no-untyped-def]
    """An empty database with the organisations, Amuddu's framework, the
    service catalogue, the centres and the computed-indicator definitions
    loaded through the services (what every run starts from). Returns the
    organisations by code and the Amuddu intervention."""
    from suivi.accounts.models import Organisation
    from suivi.beneficiaries.services import computation
    from suivi.demo import catalogue
    from suivi.indicators.models import Indicator
    from suivi.programmes.models import Intervention

    load_framework()
    amuddu_intervention = Intervention.objects.get(code="MOR1605211")
    # The catalogue workbook: service types, trades, centres and their targeting periods.
    catalogue.install(BENCH, amuddu_intervention, places=True)
    orgs = {o.code: o for o in Organisation.objects.all()}
    for code, (spec, _explanation) in catalogue.computations().items():
        computation.define_computation(
            actor=BENCH,
            indicator=Indicator.objects.get(intervention=amuddu_intervention, code=code),
            spec=spec,
            reason="Benchmark: computed from the synthetic records.",
        )
    return orgs, amuddu_intervention


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--events-per-person", type=int, default=10)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument(
        "--new-services", type=int, default=100, help="services recorded one by one (latency)"
    )
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--import-services", type=int, default=10_000, help="rows of the imported services file"
    )
    parser.add_argument(
        "--import-rows",
        type=int,
        default=None,
        help="rows of the imported file (default: --persons)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="print where recomputing spends time"
    )
    args = parser.parse_args()
    folder = _setup_django(args.database_url)

    from django.db import connection
    from generate import generate  # bench/generate.py, next to this script

    from suivi.beneficiaries.services import computation, duplicates
    from suivi.interop.records.importer import import_records
    from suivi.interop.records.template import EVENT_COLUMNS, PERSON_COLUMNS

    orgs, amuddu_intervention = prepare()

    results: list[tuple[str, float, float]] = []
    events = args.persons * args.events_per_person
    _timed(
        f"generate {args.persons:,} persons / {events:,} services",
        results,
        lambda: generate(args.persons, args.events_per_person),
    )
    # What autovacuum does to a real database after a large load: without
    # statistics, PostgreSQL plans the lookups by partner id as scans.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        computation.recompute(actor=BENCH, intervention=amuddu_intervention, rebuild=True)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    _timed(
        "rebuild: every person's facts from the services, then the values",
        results,
        lambda: computation.recompute(actor=BENCH, intervention=amuddu_intervention, rebuild=True),
    )
    _timed(
        "recompute the 14 Amuddu indicators (re-added from the stored facts)",
        results,
        lambda: computation.recompute(actor=BENCH, intervention=amuddu_intervention, rebuild=False),
    )
    if args.new_services:
        times = _timed(
            f"record {args.new_services} services one by one, each refreshed",
            results,
            lambda: _new_services(args.new_services),
        )
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95) - 1]
        for name, seconds in (("p50", p50), ("p95", p95)):
            results.append((f"one new service → its figures moved ({name})", seconds, _peak_mib()))
        print(f"new service: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms", flush=True)

    if not args.skip_import:
        header = ";".join(c.header for c in PERSON_COLUMNS)
        import_rows = args.import_rows or args.persons
        lines = [header] + [
            f"I{n};Prénom{n % 500};Nom{n % 3000};femme;1990;SN;refugee;Rabat;;;;"
            "2020-01-10;2020-01-10"
            for n in range(import_rows)
        ]
        data = io.BytesIO("\n".join(lines).encode())
        _timed(
            f"import {import_rows:,} persons (csv)",
            results,
            lambda: import_records(
                actor=BENCH,
                organisation=orgs["care"],
                kind="persons",
                source=data,
                filename="bench.csv",
            ),
        )
        services = min(args.import_services, import_rows)
        lines = [";".join(c.header for c in EVENT_COLUMNS)] + [
            f"E{n};I{n};job_search_support;2020-02-01;;" for n in range(services)
        ]
        services_file = io.BytesIO("\n".join(lines).encode())
        _timed(
            f"import {services:,} services (csv)",
            results,
            lambda: import_records(
                actor=BENCH,
                organisation=orgs["care"],
                kind="events",
                source=services_file,
                filename="bench-services.csv",
            ),
        )
    _timed("find exact duplicates", results, lambda: duplicates.find_exact())
    if not args.skip_splink:
        _timed("find probable duplicates (Splink)", results, lambda: duplicates.find_probable())

    vendor = connection.vendor
    report = ROOT / "docs" / "benchmarks.md"
    block = [
        f"\n## {date.today().isoformat()} — {vendor}, "
        f"{args.persons:,} persons, {events:,} services\n",
        "| step | time (s) | peak memory (MiB) |",
        "|---|---:|---:|",
    ]
    block += [f"| {label} | {_seconds(elapsed)} | {peak:.0f} |" for label, elapsed, peak in results]
    with report.open("a") as handle:
        handle.write("\n".join(block) + "\n")
    print(f"appended to {report}")
    if folder:
        connection.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
