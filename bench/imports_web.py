"""The web process of `imports.py`, run inside the tree measured (`--root`).

    imports_web.py --root TREE post --file F --kind persons   # upload, as pf.en
    imports_web.py --root TREE job --job ID                   # the job's page, as pf.en
    imports_web.py --root TREE load --stop-file P             # other users' pages, in a loop

Django's test client, no server: what is measured is the view, its queries and
the database's locks, in a process of its own (peak memory: `ru_maxrss`, and
`VmHWM` before the request, so the page's own share shows). The settings and
the database come from the environment `imports.py` sets. The answer is
written as JSON to `--answer FILE`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

UPLOADER = "pf.en"  # the partner focal point of Entraide Nationale
# Users of other organisations and roles, signed in while an import runs.
OTHERS = ["responsable", "suivi", "pf.anapec", "copil", "as.en"]


def _setup(root: Path) -> None:
    os.chdir(root)
    sys.path.insert(0, str(root))
    import django

    django.setup()
    import suivi

    where = Path(suivi.__file__).resolve()
    if root.resolve() not in where.parents:
        raise SystemExit(f"suivi imported from {where}, not from {root}")
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)


def _hwm_mib() -> float:
    """Peak resident memory so far (`VmHWM`)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _client(username: str) -> Any:
    from django.conf import settings
    from django.test import Client

    from suivi.accounts.models import User

    user = User.objects.get(username=username)
    client = Client(raise_request_exception=True)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = user.preferred_language
    return client


def post(args: argparse.Namespace) -> dict[str, Any]:
    from django.urls import reverse

    client = _client(UPLOADER)
    client.get(reverse("interop:records_import"))  # warm: imports, templates
    before = _hwm_mib()
    start = time.perf_counter()
    with open(args.file, "rb") as upload:
        response = client.post(
            reverse("interop:records_import"), {"kind": args.kind, "file": upload}
        )
    seconds = time.perf_counter() - start
    location = response.get("Location", "")
    job = location.rstrip("/").rsplit("/", 1)[-1] if response.status_code == 302 else ""
    return {
        "status": response.status_code,
        "location": location,
        "job": job,
        "seconds": seconds,
        "hwm_before_mib": before,
        "peak_mib": _hwm_mib(),
    }


def _job_fields(pk: str) -> dict[str, Any]:
    from suivi.interop.models import ImportJob

    job = ImportJob.objects.get(pk=pk)
    fields = ("status", "step", "done", "total", "summary", "error_count")
    return {name: getattr(job, name, None) for name in fields}


def job(args: argparse.Namespace) -> dict[str, Any]:
    from django.urls import reverse

    client = _client(UPLOADER)
    client.get(reverse("home"))  # warm: imports, templates, the layout
    before = _hwm_mib()
    start = time.perf_counter()
    response = client.get(reverse("interop:job", args=[args.job]))
    seconds = time.perf_counter() - start
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "seconds": seconds,
        "hwm_before_mib": before,
        "peak_mib": _hwm_mib(),
        "job": _job_fields(args.job),
    }


def load(args: argparse.Namespace) -> dict[str, Any]:
    """Other users browse at the same time, one thread each (as a threaded
    server would serve them), until the stop file appears: each request's
    wall time, and every answer that is not a 200."""
    from django.db import connections
    from django.urls import reverse

    wanted = [reverse("home"), reverse("beneficiaries:persons")]
    pages: dict[str, list[str]] = {}
    samples: list[tuple[float, float, bool]] = []  # (epoch at start, seconds, answered 200)
    errors: list[str] = []
    stop = Path(args.stop_file)
    deadline = time.monotonic() + args.max_seconds
    ready = threading.Barrier(len(OTHERS) + 1)

    def browse(name: str) -> None:
        try:
            client = _client(name)
            # Warm; each user keeps the pages they may see.
            pages[name] = [page for page in wanted if client.get(page).status_code == 200]
        finally:
            ready.wait()
        while not stop.exists() and time.monotonic() < deadline:
            for page in pages.get(name, []):
                start, epoch = time.perf_counter(), time.time()
                try:
                    status = client.get(page).status_code
                    error = "" if status == 200 else f"{name} {page}: {status}"
                except Exception as exception:  # what the user would get as a 500
                    error = f"{name} {page}: {type(exception).__name__}: {exception}"
                samples.append((epoch, time.perf_counter() - start, not error))
                if error:
                    errors.append(error)
            time.sleep(args.pause)
        connections.close_all()

    threads = [threading.Thread(target=browse, args=(name,)) for name in OTHERS]
    for thread in threads:
        thread.start()
    ready.wait()
    Path(args.ready_file).touch()
    for thread in threads:
        thread.join()
    ordered = sorted(seconds for _epoch, seconds, _ok in samples) or [0.0]
    return {
        "requests": len(samples),
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        "max_ms": ordered[-1] * 1000,
        "errors": len(errors),
        "first_errors": list(dict.fromkeys(errors))[:3],
        "pages": pages,
        "samples": samples,
        "peak_mib": _hwm_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--answer", required=True, help="write the JSON answer there")
    commands = parser.add_subparsers(dest="command", required=True)
    posting = commands.add_parser("post")
    posting.add_argument("--file", required=True)
    posting.add_argument("--kind", default="persons")
    showing = commands.add_parser("job")
    showing.add_argument("--job", required=True)
    loading = commands.add_parser("load")
    loading.add_argument("--stop-file", required=True)
    loading.add_argument("--ready-file", required=True)
    loading.add_argument("--max-seconds", type=float, default=300)
    loading.add_argument("--pause", type=float, default=0.2, help="each user, between rounds")
    args = parser.parse_args()
    _setup(Path(args.root).resolve())
    try:
        answer = {"post": post, "job": job, "load": load}[args.command](args)
    except Exception as exception:
        traceback.print_exc()
        answer = {"exception": f"{type(exception).__name__}: {exception}"[:300]}
    Path(args.answer).write_text(json.dumps(answer, default=str))


if __name__ == "__main__":
    main()
