"""Measure the SQL engine of computed indicators against a plain grouped pass
(issue 11, item 4; see bench/README.md).

    # once: an empty database, Amuddu's definitions and the synthetic records
    .venv/bin/python bench/sqlengine.py --database-url postgres://… --generate --persons 1000000
    # then, as often as needed, on the same records:
    .venv/bin/python bench/sqlengine.py --database-url postgres://…

The measuring run times, in one process: (a) the baseline, one grouped SQL pass
over every service joined to its person (distinct identities by service type
and year); (b) the rebuild of every Amuddu indicator's facts with the SQL
engine, then their values; (c) the preview of the slowest definition;
(d) the refresh after one new service, ~50 times (p50, p95); (e) the
process's peak memory. Results are appended to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import BENCH, _new_services, _peak_mib, _seconds, _setup_django  # noqa: E402


def _baseline() -> int:
    """One plain grouped pass: distinct identities by service type and year."""
    from django.db import connection

    from suivi.beneficiaries.models import EventType, JourneyEvent, Person

    events = connection.ops.quote_name(JourneyEvent._meta.db_table)
    persons = connection.ops.quote_name(Person._meta.db_table)
    types = connection.ops.quote_name(EventType._meta.db_table)
    year = (
        "extract(year from e.occurred_on)"
        if connection.vendor == "postgresql"
        else "strftime('%%Y', e.occurred_on)"
    )
    # Table names come from the models; there is no value in the statement.
    sql = (
        f"SELECT t.code, {year}, count(distinct p.identity_key) "  # noqa: S608
        f"FROM {events} e JOIN {persons} p ON p.id = e.person_id "
        f"JOIN {types} t ON t.id = e.event_type_id "
        "WHERE e.import_batch IS NULL AND p.import_batch IS NULL GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return len(cursor.fetchall())


def _backend_cpu() -> float | None:
    """CPU seconds used so far by this process's PostgreSQL backend (its own
    process: parallel workers are not counted), when the server runs on this
    machine: a reading aid on a shared machine, where wall times move with
    the others' load and CPU times much less."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--generate", action="store_true", help="start over: load and generate")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--events-per-person", type=int, default=10)
    parser.add_argument("--new-services", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1, help="times each step is measured")
    parser.add_argument("--no-report", action="store_true", help="print, do not append")
    parser.add_argument(
        "--rebuild-only",
        action="store_true",
        help="(a), (b), (b') and (a') only: no preview, no refresh",
    )
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (a dedicated database: it is flushed with --generate)")
    _setup_django(args.database_url)

    from django.db import connection

    from suivi.beneficiaries.models import JourneyEvent, Person

    if args.generate:
        from generate import generate
        from run import prepare

        start = time.perf_counter()
        prepare()
        generate(args.persons, args.events_per_person)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"generated in {time.perf_counter() - start:.0f} s", flush=True)
        return
    measure(args, Person.objects.count(), JourneyEvent.objects.count())


def measure(args: argparse.Namespace, persons: int, services: int) -> None:

    from suivi.beneficiaries.models import ComputedFact
    from suivi.beneficiaries.selectors.preview import preview
    from suivi.beneficiaries.services import computation, facts
    from suivi.programmes.models import Intervention

    intervention = Intervention.objects.get(code="MOR1605211")
    results: list[tuple[str, float, float]] = []
    args.load_before = os.getloadavg()  # the machine is shared: said with the results

    args.cpu = {}  # label → the backend's CPU seconds in the best run

    def timed(label: str, action):  # type: ignore[no-untyped-def]
        best = None
        for _ in range(args.repeat):
            cpu = _backend_cpu()
            start = time.perf_counter()
            value = action()
            elapsed = time.perf_counter() - start
            after = _backend_cpu()
            if best is None or elapsed < best:
                best = elapsed
                args.cpu[label] = None if cpu is None or after is None else after - cpu
            print(f"{label}: {elapsed:.2f} s, peak {_peak_mib():.0f} MiB", flush=True)
        results.append((label, best or 0.0, _peak_mib()))
        return value

    timed("(a) baseline: one grouped pass (distinct identities by type × year)", _baseline)
    baseline = results[-1][1]
    # The first rebuild writes every fact; a later one (after a definition or a
    # centre changed) rewrites only the facts that differ.
    ComputedFact.objects.all().delete()
    timed(
        "(b) rebuild from no stored fact: every Amuddu indicator's facts (SQL engine), "
        "then the values",
        lambda: computation.recompute(actor=BENCH, intervention=intervention, rebuild=True),
    )
    rebuild = results[-1][1]
    timed(
        "(b') rebuild again, the facts in place (only differences written), then the values",
        lambda: computation.recompute(actor=BENCH, intervention=intervention, rebuild=True),
    )
    in_place = results[-1][1]
    # The machine's load moves while the rebuilds run: the baseline again.
    timed("(a') baseline again, after the rebuilds", _baseline)
    again = results[-1][1]
    if args.rebuild_only:
        _report(args, persons, services, results, baseline, rebuild, in_place, again)
        return
    # (c) the preview of each definition, the slowest reported.
    plan = facts.computed_indicators(intervention)
    slowest = ("", 0.0)
    for item in plan.computations:
        start = time.perf_counter()
        preview(plan.specs[item.pk], plan.dimensions[item.pk], actor=BENCH)
        elapsed = time.perf_counter() - start
        print(f"preview {item.indicator.code}: {elapsed:.2f} s", flush=True)
        if elapsed > slowest[1]:
            slowest = (item.indicator.code, elapsed)
    label = f"(c) preview of the slowest definition ({slowest[0]})"
    results.append((label, slowest[1], _peak_mib()))
    times = _new_services(args.new_services) if args.new_services else []
    if times:
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95) - 1]
        for name, seconds in (("p50", p50), ("p95", p95)):
            results.append(
                (f"(d) one new service → its figures moved ({name})", seconds, _peak_mib())
            )
    _report(args, persons, services, results, baseline, rebuild, in_place, again)


def _report(  # type: ignore[no-untyped-def]
    args, persons, services, results, baseline, rebuild, in_place, again
) -> None:
    from django.db import connection

    block = [
        f"\n## {date.today().isoformat()} — SQL engine (issue 11), {connection.vendor}, "
        f"{persons:,} persons, {services:,} services\n",
        "| step | time (s) | × baseline | peak memory (MiB) | backend CPU (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    cpu = args.cpu
    block += [
        f"| {label} | {_seconds(elapsed)} | {elapsed / baseline:.2f} | {peak:.0f} |"
        f" {'–' if cpu.get(label) is None else f'{cpu[label]:.1f}'} |"
        for label, elapsed, peak in results
    ]
    mean = (baseline + again) / 2
    block.append(
        f"\n(e) peak memory of the process: {_peak_mib():.0f} MiB; against the mean of the two "
        f"baselines ({mean:.1f} s): rebuild from no fact {rebuild / mean:.2f}×, "
        f"in place {in_place / mean:.2f}×."
    )
    spent = [cpu.get(label) for label, _elapsed, _peak in results[:4]]
    if len(spent) == 4 and all(value is not None for value in spent):
        base_cpu = (spent[0] + spent[3]) / 2
        block.append(
            f"Backend CPU against the mean of the baselines' ({base_cpu:.1f} s): rebuild from "
            f"no fact {spent[1] / base_cpu:.2f}×, in place {spent[2] / base_cpu:.2f}× (the "
            "parallel workers of an index build not counted)."
        )
    before, after = args.load_before, os.getloadavg()
    block.append(
        f"Load average (1 min / 15 min) on {os.cpu_count()} cores: {before[0]:.1f} / "
        f"{before[2]:.1f} before the run, {after[0]:.1f} / {after[2]:.1f} after."
    )
    if not args.no_report:
        with (ROOT / "docs" / "benchmarks.md").open("a") as handle:
            handle.write("\n".join(block) + "\n")
    print("\n".join(block))


if __name__ == "__main__":
    main()
