"""Queries and CPU per request of each logged-in page, per demo role (see README).

    .venv/bin/python bench/pages.py                      # this checkout
    .venv/bin/python bench/pages.py --ref 64dfb1e        # and another commit, same run

Each tree is measured in its own Python process (a worker), on a new SQLite file with
the demo loaded (`manage.py migrate`, `manage.py load_demo`, settings
`config.settings.test`: tasks run immediately). A commit given with `--ref` is checked
out with `git worktree add` into a temporary folder, measured there, then removed.

For every role of the demo and every page, the worker's client signs in
(`force_login`, with the language cookie the sign-in page would set, and the system
administrator's session marked as verified by a second factor), requests the page a
few times to warm up, counts its SQL queries once, then times `--repeat` requests:
CPU time of the process (`time.process_time`) and wall time, medians reported. The
timed requests are split into `--rounds` that alternate the trees (one worker runs
while the others wait), so that a change in the machine's load falls on every tree
alike. Baselines in the same workers: the project's `healthz` view, a bare view
(anonymous and signed in) and the bare layout (`base.html`, signed in), mounted by a
URLconf of this script that includes the project's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pages_list import Skip, objects_to_visit, pages_of
from pages_report import BARE, BARE_ANONYMOUS, HEALTHZ, LAYOUT, describe_conditions, tables
from trees import checked_out

ROOT = Path(__file__).resolve().parent.parent
DEMO_ROLES = [
    "responsable",
    "suivi",
    "finances",
    "marches",
    "pf.en",
    "as.en",
    "pf.anapec",
    "agent.amappe",
    "copil",
    "admin",
]


def _setup(root: Path, folder: str) -> None:
    os.chdir(root)
    sys.path.insert(0, str(root))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/pages.sqlite3"
    import django

    django.setup()
    import suivi

    where = Path(suivi.__file__).resolve()
    if root.resolve() not in where.parents:
        raise SystemExit(f"suivi imported from {where}, not from {root}")

    import logging

    # 404s and the demo's task log lines would flood the output; they cost the
    # same on every tree.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    logging.getLogger("django_tasks").setLevel(logging.WARNING)


def _load_demo() -> float:
    import io

    from django.core.management import call_command
    from django.db import connection

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    elapsed = time.perf_counter() - start
    # As config.settings.local sets it for the demo: without it, each request's
    # session write waits for the disk's fsync (the wall time then measures the
    # disk, up to 24 ms a request on this machine while others write).
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    return elapsed


def _bench_urlconf() -> None:
    """Mount the baselines next to the project's URLs."""
    import types

    from django.conf import settings
    from django.contrib.auth.decorators import login_not_required
    from django.http import HttpRequest, HttpResponse
    from django.shortcuts import render
    from django.urls import clear_url_caches, include, path

    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok", content_type="text/plain")

    def layout(request: HttpRequest) -> HttpResponse:
        return render(request, "base.html", {})

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("__bench__/bare/", bare),
        path("__bench__/public/", login_not_required(bare)),
        path("__bench__/layout/", layout),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def _client(username: str | None) -> Any:
    from django.conf import settings
    from django.test import Client

    from suivi.accounts.models import User

    client = Client()
    if username is None:
        return client, None
    user = User.objects.get(username=username)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = user.preferred_language
    from suivi.accounts import policies

    if policies.requires_mfa(user):  # the system administrator
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    # A fresh instance: nothing cached on the object force_login used.
    return client, User.objects.get(pk=user.pk)


def _first(client: Any, url: str, warmup: int) -> dict[str, Any]:
    """Warm the page up, then request it once more counting its queries."""
    import gc

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    gc.collect()  # the garbage of the previous pages is not this page's
    return {"status": response.status_code, "queries": len(captured)}


def _timed(client: Any, url: str, repeat: int) -> dict[str, list[float]]:
    """CPU and wall seconds of `repeat` requests (queries not captured)."""
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        client.get(url)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return {"cpu": cpu, "wall": wall}


def _profile(client: Any, url: str, repeat: int, top: int) -> None:
    import cProfile
    import pstats

    for _ in range(3):
        client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    # Suivi's own functions, by cumulative time.
    stats.sort_stats("cumulative").print_stats(r"/suivi/", top)


def _print_sql(client: Any, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    print(f"{url}: {status}, {len(captured)} queries", file=sys.stderr)
    for query in captured.captured_queries:
        print(f"  [{query['time']} s] {query['sql']}", file=sys.stderr)


def _jobs(labels: list[str]) -> list[tuple[str, str]]:
    """(role, page) in the order measured: anonymous baselines, then each role."""
    jobs = [("anonymous", HEALTHZ), ("anonymous", BARE_ANONYMOUS)]
    for role in DEMO_ROLES:
        jobs += [(role, BARE), (role, LAYOUT)] + [(role, label) for label in labels]
    return jobs


def worker(args: argparse.Namespace) -> None:
    """Load the demo, then answer the driver's requests, one JSON line each:
    {"role", "page", "first": warm-up count} → status and queries, or
    {"role", "page", "repeat": n} → the CPU and wall seconds of n requests."""
    # The protocol's channel: nothing else may write to it.
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    root = Path(args.root).resolve()
    folder = tempfile.mkdtemp(prefix="suivi-pages-")
    try:
        _setup(root, folder)
        load_seconds = _load_demo()
        _bench_urlconf()
        objects = objects_to_visit()
        pages = dict(pages_of(objects))
        urls = {
            HEALTHZ: lambda user: "/healthz",
            BARE_ANONYMOUS: lambda user: "/__bench__/public/",
            BARE: lambda user: "/__bench__/bare/",
            LAYOUT: lambda user: "/__bench__/layout/",
            **pages,
        }
        if args.profile or args.sql:
            role, label = (args.profile or args.sql).split(":", 1)
            client, user = _client(role)
            url = urls[label](user) if label in urls else label
            if args.profile:
                _profile(client, url, args.repeat, args.top)
            else:
                _print_sql(client, url)
            return
        clients: dict[str, Any] = {}
        channel.write(json.dumps({"labels": list(pages), "load_seconds": load_seconds}) + "\n")
        for line in sys.stdin:
            asked = json.loads(line)
            role, page = asked["role"], asked["page"]
            if role not in clients:
                clients[role] = _client(None if role == "anonymous" else role)
            client, user = clients[role]
            try:
                url = urls[page](user)
            except Skip as skipped:
                answer: dict[str, Any] = {"skipped": str(skipped)}
            else:
                if "first" in asked:
                    answer = {"url": url, **_first(client, url, asked["first"])}
                else:
                    answer = _timed(client, url, asked["repeat"])
            channel.write(json.dumps(answer) + "\n")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        try:
            from django.conf import settings

            private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
            if private.name.startswith("suivi-private-"):
                shutil.rmtree(private, ignore_errors=True)
        except Exception:  # noqa: S110 — best effort: a temporary folder
            pass


# --- Driver: one worker per tree, requests interleaved, then the tables ------------


class Worker:
    """A measuring process for one tree."""

    def __init__(self, label: str, root: Path) -> None:
        self.label = label
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(Path(__file__).resolve()), "--worker", "--root", str(root)],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.hello = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the worker for {self.label} stopped (see its output above)")
        return json.loads(line)

    def ask(self, **question: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(question) + "\n")
        return self._read()

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def _measure_all(workers: list[Worker], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Each (role, page) on every tree in turn, the timed requests split into
    rounds that alternate the trees, so that a change in the machine's load
    falls on all of them alike."""
    labels = list(dict.fromkeys(x for w in workers for x in w.hello["labels"]))
    results: list[dict[str, Any]] = [
        {"label": w.label, "load_seconds": w.hello["load_seconds"], "results": []} for w in workers
    ]
    per_round = max(1, args.repeat // args.rounds)
    for role, page in _jobs(labels):
        firsts = [w.ask(role=role, page=page, first=args.warmup) for w in workers]
        samples: list[dict[str, list[float]]] = [{"cpu": [], "wall": []} for _ in workers]
        for number in range(args.rounds):
            order = list(range(len(workers)))
            for index in order if number % 2 == 0 else reversed(order):
                if "skipped" in firsts[index]:
                    continue
                timed = workers[index].ask(role=role, page=page, repeat=per_round)
                samples[index]["cpu"] += timed["cpu"]
                samples[index]["wall"] += timed["wall"]
        line = []
        for index, first in enumerate(firsts):
            entry: dict[str, Any] = {"role": role, "page": page, **first}
            if "skipped" not in first:
                entry["cpu_ms"] = statistics.median(samples[index]["cpu"]) * 1000
                entry["wall_ms"] = statistics.median(samples[index]["wall"]) * 1000
                line.append(f"{first['status']} {first['queries']:>3} q {entry['cpu_ms']:6.1f} ms")
            else:
                line.append("skipped")
            results[index]["results"].append(entry)
        print(f"  {role:<13} {page:<28} " + " | ".join(line), file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--ref", action="append", default=[], help="also measure this commit (repeatable)"
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of the trees")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--all", action="store_true", help="also list pages answering 404")
    parser.add_argument("--json", help="save the measurements there")
    parser.add_argument("--tables", metavar="JSON", help="print the tables of a saved run")
    parser.add_argument(
        "--profile",
        metavar="ROLE:PAGE",
        help="cProfile --repeat requests of one page (its label or a path) for one role",
    )
    parser.add_argument("--top", type=int, default=40, help="--profile: lines printed")
    parser.add_argument(
        "--sql", metavar="ROLE:PAGE", help="print the SQL of one request of one page for one role"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker or args.profile or args.sql:
        worker(args)
        return
    if args.tables:
        saved = json.loads(Path(args.tables).read_text())
        print(describe_conditions(saved["conditions"]))
        print(tables([(r["label"], r) for r in saved["runs"]], args.all))
        return

    workers: list[Worker] = []
    folder = Path(tempfile.mkdtemp(prefix="suivi-pages-ref-"))
    try:
        with checked_out(args.ref, folder) as sources:
            workers = [Worker(label, path) for label, path in sources]
            try:
                load = os.getloadavg()
                runs = _measure_all(workers, args)
                load_after = os.getloadavg()
            finally:
                for w in workers:
                    w.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    conditions = {
        "timed": args.rounds * max(1, args.repeat // args.rounds),
        "rounds": args.rounds,
        "warmup": args.warmup,
        "load": [load[0], load_after[0]],
    }
    if args.json:
        Path(args.json).write_text(json.dumps({"conditions": conditions, "runs": runs}))
    print(describe_conditions(conditions))
    print(tables([(r["label"], r) for r in runs], args.all))


if __name__ == "__main__":
    main()
