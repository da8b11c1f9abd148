"""Measure indicator recomputation, partner import and duplicate search (see README)."""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup_django(database_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django

    django.setup()


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label: str, results: list[tuple[str, float, float]], action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = action()
    elapsed = time.perf_counter() - start
    results.append((label, elapsed, _peak_mib()))
    print(f"{label}: {elapsed:.1f} s, peak {_peak_mib():.0f} MiB", flush=True)
    return value


def _generate(persons: int, events_per_person: int, seed: int = 1) -> None:
    """Bulk-insert synthetic persons and services over 2018–2020."""
    from suivi.accounts.models import Organisation
    from suivi.beneficiaries.models import Centre, EventType, JourneyEvent, Person
    from suivi.indicators.models import DimensionValue

    rng = random.Random(seed)  # noqa: S311 — synthetic data
    organisations = list(
        Organisation.objects.filter(code__in=["en", "anapec", "amappe", "care", "remess"])
    )
    categories = list(DimensionValue.objects.filter(dimension__code="category"))
    types = {t.code: t for t in EventType.objects.all()}
    centres = list(Centre.objects.all())
    batch_people, batch_events = [], []
    codes = [
        "information_session",
        "training_enrolment",
        "anapec_registration",
        "job_search_support",
        "self_employment_support",
        "referral",
        "scholarship",
        "exam_result",
        "job_placement",
    ]
    for n in range(persons):
        pk = uuid.uuid4()
        registered = date(2018, 1, 1) + timedelta(days=rng.randrange(1000))
        batch_people.append(
            Person(
                id=pk,
                identity_key=pk,
                organisation=rng.choice(organisations),
                registered_on=registered,
                given_name=f"G{n % 997}",
                family_name=f"F{n % 7919}",
                sex=rng.choice(["women", "men"]),
                category=rng.choice(categories),
                birth_year=rng.randint(1970, 2003),
                nationality="SN",
                partner_record_id=f"B{n}",
            )
        )
        for _ in range(events_per_person):
            code = rng.choice(codes)
            on = registered + timedelta(days=rng.randrange(400))
            attributes = {
                "training_enrolment": {"school_year": f"{on.year}-{on.year + 1}"},
                "scholarship": {
                    "school_year": f"{on.year}-{on.year + 1}",
                    "grid_score": 9,
                    "eligible": True,
                },
                "exam_result": {"passed": rng.random() < 0.5},
                "referral": {"to": "anapec", "purpose": "employment"},
                "self_employment_support": {
                    "phase": "post_creation",
                    "outcome": "auto_entrepreneur_card",
                },
                "job_placement": {"contrat_aide": rng.random() < 0.3},
            }.get(code, {})
            batch_events.append(
                JourneyEvent(
                    person_id=pk,
                    event_type=types[code],
                    organisation=batch_people[-1].organisation,
                    occurred_on=min(on, date(2020, 12, 31)),
                    centre=rng.choice(centres),
                    attributes=attributes,
                )
            )
        if len(batch_events) >= 50_000:
            Person.objects.bulk_create(batch_people, batch_size=5000)
            JourneyEvent.objects.bulk_create(batch_events, batch_size=5000)
            batch_people, batch_events = [], []
    Person.objects.bulk_create(batch_people, batch_size=5000)
    JourneyEvent.objects.bulk_create(batch_events, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--events-per-person", type=int, default=10)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--skip-splink", action="store_true")
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
    _setup_django(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    from suivi.accounts.models import Organisation, User
    from suivi.beneficiaries import amuddu, catalogue
    from suivi.beneficiaries.services import computation, duplicates, reference
    from suivi.demo import journey_data, organisations, programme
    from suivi.indicators.models import Indicator
    from suivi.interop.records.importer import import_records
    from suivi.interop.records.template import EVENT_COLUMNS, PERSON_COLUMNS
    from suivi.programmes.models import Intervention

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    organisations.load(lambda _step: None)
    programme.load(
        lambda _step: None,
        entered_by=User.objects.get(username="suivi"),
        approved_by=User.objects.get(username="responsable"),
    )
    catalogue.install()
    orgs = {o.code: o for o in Organisation.objects.all()}
    for code, org, name, city, targeted in journey_data.CENTRES:
        reference.put_centre(
            actor=None,
            organisation=orgs[org],
            code=code,
            name=name,
            city=city,
            targeted_from=targeted,
        )
    amuddu_intervention = Intervention.objects.get(code="MOR1605211")
    for code, (spec, _explanation) in amuddu.COMPUTATIONS.items():
        computation.define_computation(
            actor=None,
            indicator=Indicator.objects.get(intervention=amuddu_intervention, code=code),
            spec=spec,
        )

    results: list[tuple[str, float, float]] = []
    events = args.persons * args.events_per_person
    _timed(
        f"generate {args.persons:,} persons / {events:,} services",
        results,
        lambda: _generate(args.persons, args.events_per_person),
    )
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        computation.recompute(actor=None, intervention=amuddu_intervention)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    _timed(
        "recompute the 14 Amuddu indicators",
        results,
        lambda: computation.recompute(actor=None, intervention=amuddu_intervention),
    )

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
                actor=None,
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
                actor=None,
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
    block += [f"| {label} | {elapsed:.1f} | {peak:.0f} |" for label, elapsed, peak in results]
    with report.open("a") as handle:
        handle.write("\n".join(block) + "\n")
    print(f"appended to {report}")


if __name__ == "__main__":
    main()
