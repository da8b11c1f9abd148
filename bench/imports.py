"""Hostile partner spreadsheets (issue 10): time, memory and outcome of each import.

    .venv/bin/python bench/imports.py --quick             # small files, this checkout
    .venv/bin/python bench/imports.py                     # full size (~12 min a tree)
    .venv/bin/python bench/imports.py --ref a1e3944       # and another commit, same run

The corpus is written once, by this checkout's generator
(`suivi/interop/tests/hostile/`), into a temporary folder. Each tree
gets a SQLite database with the demo loaded (`manage.py migrate`,
`manage.py load_demo`, settings `config.settings.local` with DEBUG off: the
SQLite options of the demo, tasks queued in the database); every case runs on
its own copy of it. A commit given with `--ref` is checked out with `git
worktree add` into a temporary folder, measured there, then removed.

For each file:

- the command line: `manage.py import_records FILE --organisation en --kind persons`;
- the page: a web process (`imports_web.py post`) signs in `pf.en` and uploads
  the file to the import page, then the task worker (`manage.py run_worker
  --batch` where the tree has it, else django-tasks-db's `db_worker`) runs the
  queued job, then a fresh web process (`imports_web.py job`) renders the
  job's page.

Then the lock-out bench: a long-running worker imports 100 k persons
uploaded through the page while another process (`imports_web.py load`) signs
in other demo users and requests their pages in a loop; latencies and errors,
and whether the worker is still alive afterwards.

Every process runs under a memory cap (`--memory-mib`, RLIMIT_AS) and a
timeout (`--timeout`): the old code takes up to 7 GB on some of these files,
which is reported as "killed (memory)" instead of swapping the machine out.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from imports_report import describe, tables
from imports_run import Capped, Run, run_capped

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trees import checked_out  # noqa: E402

from suivi.interop.tests.hostile import MAKERS, HostileFile, build_corpus  # noqa: E402

WEB = str(Path(__file__).resolve().parent / "imports_web.py")
LOCKOUT_FILE = "csv_100k_persons"


def _env(folder: Path) -> dict[str, str]:
    """A demo deployment on SQLite whose files all live in `folder`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        DJANGO_PRIVATE_ROOT=str(folder / "private"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        PYTHONUNBUFFERED="1",
    )
    return env


def _query(folder: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Read the case's database (WAL: never waits behind a writer)."""
    connection = sqlite3.connect(folder / "db.sqlite3", timeout=30)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def _persons_written(folder: Path) -> tuple[int, int]:
    """The corpus's persons the import published, and those it left hidden (a
    tree whose imports write into a hidden batch first: `import_batch`)."""
    sql = "SELECT count(*) FROM beneficiaries_person WHERE partner_record_id LIKE 'HB-%'"
    columns = [row[1] for row in _query(folder, "PRAGMA table_info(beneficiaries_person)")]
    batch = next((c for c in columns if c.startswith("import_batch")), None)
    if batch is None:
        return int(_query(folder, sql)[0][0]), 0
    published = int(_query(folder, f"{sql} AND {batch} IS NULL")[0][0])
    hidden = int(_query(folder, f"{sql} AND {batch} IS NOT NULL")[0][0])
    return published, hidden


def _job_row(folder: Path, job: str) -> dict[str, Any]:
    rows = _query(
        folder,
        "SELECT status, error_count, summary, started_at, finished_at, done, total, errors "
        "FROM interop_importjob WHERE replace(id, '-', '') = ?",
        job.replace("-", ""),
    )
    if not rows:
        return {}
    keys = ("status", "error_count", "summary", "started_at", "finished_at", "done", "total")
    row = dict(zip(keys, rows[0][:-1], strict=True))
    try:
        errors = json.loads(rows[0][-1] or "[]")
    except ValueError:
        errors = []
    row["first_error"] = errors[0] if errors else None
    return row


def _task_errors(folder: Path) -> list[str]:
    """Exceptions of the task runs the worker recorded (MemoryError, _csv.Error…)."""
    rows = _query(
        folder,
        "SELECT exception_class_path FROM django_tasks_database_dbtaskresult "
        "WHERE exception_class_path != ''",
    )
    return [row[0] for row in rows]


def _answer(run: Run, answer: Path) -> dict[str, Any]:
    """The JSON a web process wrote, or what went wrong."""
    try:
        return dict(json.loads(answer.read_text()))
    except (OSError, ValueError):
        return {"failed": run.outcome, "stderr": run.stderr.get("tail", [])[-2:]}


class Tree:
    """A checkout measured: its own demo database, copied for each case."""

    def __init__(self, label: str, root: Path, work: Path, args: argparse.Namespace) -> None:
        self.label, self.root, self.args = label, root, args
        # Not the label: "+" in a DATABASE_URL reads as a space.
        self.work = work / f"tree-{len(list(work.glob('tree-*')))}"
        self.demo = self.work / "demo"
        self.demo.mkdir(parents=True)
        # The project's worker that survives a busy database, once the tree has it.
        own = root / "suivi" / "core" / "management" / "commands" / "run_worker.py"
        self.worker = "run_worker" if own.exists() else "db_worker"
        self.cases = 0

    def manage(self, folder: Path, *command: str, timeout: float | None = None) -> Run:
        return run_capped(
            [sys.executable, "manage.py", *command],
            cwd=self.root,
            env=_env(folder),
            memory_mib=self.args.memory_mib,
            timeout=timeout or self.args.timeout,
        )

    def load_demo(self) -> float:
        start = time.perf_counter()
        for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
            run = self.manage(self.demo, *command, timeout=900)
            if not run.ok:
                raise SystemExit(f"{self.label}: {' '.join(command)}: {run.outcome} {run.stderr}")
        connection = sqlite3.connect(self.demo / "db.sqlite3")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        return time.perf_counter() - start

    def case(self, name: str) -> Path:
        """A fresh copy of the demo database for one case."""
        self.cases += 1
        folder = self.work / f"{self.cases:02d}-{name}"
        folder.mkdir()
        shutil.copy2(self.demo / "db.sqlite3", folder / "db.sqlite3")
        return folder

    def web(self, folder: Path, *command: str, timeout: float) -> tuple[Run, dict[str, Any]]:
        answer = folder / f"answer-{command[0]}.json"
        run = run_capped(
            [sys.executable, WEB, "--root", str(self.root), "--answer", str(answer), *command],
            cwd=self.root,
            env=_env(folder),
            memory_mib=self.args.memory_mib,
            timeout=timeout,
        )
        return run, _answer(run, answer)

    def done_with(self, folder: Path) -> None:
        if not self.args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _runs(run: Run) -> dict[str, Any]:
    return {
        "outcome": run.outcome,
        "returncode": run.returncode,
        "seconds": run.seconds,
        "peak_mib": run.peak_mib,
        "stdout": run.stdout,
        "stderr": run.stderr,
    }


def measure_cli(tree: Tree, hostile: HostileFile) -> dict[str, Any]:
    folder = tree.case(f"cli-{hostile.name}")
    run = tree.manage(
        folder, "import_records", str(hostile.path), "--organisation", "en", "--kind", hostile.kind
    )
    result = {"tree": tree.label, "file": hostile.name, **_runs(run)}
    result["persons"], result["hidden"] = _persons_written(folder)
    tree.done_with(folder)
    return result


def measure_page(tree: Tree, hostile: HostileFile) -> dict[str, Any]:
    args = tree.args
    folder = tree.case(f"page-{hostile.name}")
    result: dict[str, Any] = {"tree": tree.label, "file": hostile.name}
    _run, result["post"] = tree.web(
        folder, "post", "--file", str(hostile.path), "--kind", hostile.kind, timeout=120
    )
    job = result["post"].get("job")
    if job:
        worker = tree.manage(
            folder,
            tree.worker,
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0",
            "-v",
            "1",
            timeout=args.timeout,
        )
        result["worker"] = _runs(worker)
        result["job"] = _job_row(folder, job)
        result["task_errors"] = _task_errors(folder)
        _run, result["page"] = tree.web(folder, "job", "--job", job, timeout=60)
    result["persons"], result["hidden"] = _persons_written(folder)
    tree.done_with(folder)
    return result


def _during(samples: list[list[Any]], job: dict[str, Any]) -> dict[str, Any]:
    """The requests made while the job ran (its start and end as it recorded them)."""
    if not (job.get("started_at") and job.get("finished_at")):
        return {}
    utc = datetime.UTC
    start, end = (
        datetime.datetime.fromisoformat(str(job[key])).replace(tzinfo=utc).timestamp()
        for key in ("started_at", "finished_at")
    )
    during = [s for s in samples if s[0] + s[1] >= start and s[0] <= end]
    if not during:
        return {"requests": 0}
    ordered = sorted(s[1] for s in during)
    return {
        "requests": len(during),
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        "max_ms": ordered[-1] * 1000,
        "errors": sum(1 for s in during if not s[2]),
    }


def measure_lockout(tree: Tree, hostile: HostileFile) -> dict[str, Any]:
    """A long-running worker imports `hostile` while other users browse."""
    args = tree.args
    folder = tree.case("lockout")
    result: dict[str, Any] = {"tree": tree.label, "file": hostile.name}
    command = [sys.executable, "manage.py", tree.worker, "--no-reload", "--no-startup-delay"]
    worker = Capped(
        [*command, "--interval", "0.5", "-v", "1"],
        cwd=tree.root,
        env=_env(folder),
        memory_mib=args.memory_mib,
    )
    ready, stop, answer = folder / "load.ready", folder / "load.stop", folder / "load.json"
    load = Capped(
        [
            *(sys.executable, WEB, "--root", str(tree.root), "--answer", str(answer), "load"),
            *("--stop-file", str(stop), "--ready-file", str(ready)),
            *("--max-seconds", str(args.timeout + 120)),
        ],
        cwd=tree.root,
        env=_env(folder),
        memory_mib=args.memory_mib,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists() and time.monotonic() < deadline and not load.poll():
            time.sleep(0.2)
        _run, result["post"] = tree.web(
            folder, "post", "--file", str(hostile.path), "--kind", hostile.kind, timeout=120
        )
        job = result["post"].get("job", "")
        start = time.perf_counter()
        deadline = time.monotonic() + args.timeout
        row: dict[str, Any] = {}
        while job and time.monotonic() < deadline:
            row = _job_row(folder, job)
            if row.get("status") in ("succeeded", "failed"):
                break
            if worker.poll():
                break  # the worker died: the job will not end
            time.sleep(0.5)
        result["waited_seconds"] = time.perf_counter() - start
        result["job"] = row
        time.sleep(2)  # pages right after the import, too
    finally:
        stop.touch()
        load_run = load.wait(60)
        result["worker_alive"] = not worker.poll()
        result["worker"] = _runs(worker.stop())
    result["load"] = _answer(load_run, answer)
    result["during"] = _during(result["load"].pop("samples", []), result["job"])
    result["load_run"] = _runs(load_run)
    result["task_errors"] = _task_errors(folder)
    result["persons"], result["hidden"] = _persons_written(folder)
    tree.done_with(folder)
    return result


def _file(hostile: HostileFile) -> dict[str, Any]:
    return {
        "name": hostile.name,
        "kind": hostile.kind,
        "expect": hostile.expect,
        "why": hostile.why,
        "bytes": hostile.path.stat().st_size,
        "details": hostile.details,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="suivi-imports-"))
    trees: list[Tree] = []
    stack = ExitStack()
    try:
        started = time.perf_counter()
        corpus_folder = Path(args.corpus) if args.corpus else work / "corpus"
        corpus = build_corpus(corpus_folder, scale=args.scale, only=args.only or None)
        print(f"corpus: {time.perf_counter() - started:.0f} s in {corpus_folder}", file=sys.stderr)
        files = [_file(hostile) for hostile in corpus]
        sources = stack.enter_context(checked_out(args.ref, work))
        trees = [Tree(label, path, work, args) for label, path in sources]
        loads = {}
        for tree in trees:
            loads[tree.label] = tree.load_demo()
            print(f"{tree.label}: demo loaded in {loads[tree.label]:.0f} s", file=sys.stderr)
        results: dict[str, Any] = {"cli": [], "page": [], "lockout": []}
        steps = [("cli", measure_cli), ("page", measure_page)]
        for path, measure in steps:
            if path in args.skip:
                continue
            for hostile in corpus:
                if hostile.name == LOCKOUT_FILE and not args.only:
                    continue  # measured by the lock-out bench
                for tree in trees:
                    entry = measure(tree, hostile)
                    results[path].append(entry)
                    print(f"  {path:<4} {tree.label:<14} {describe(path, entry)}", file=sys.stderr)
        lockout = [h for h in corpus if h.name == LOCKOUT_FILE]
        if "lockout" not in args.skip and lockout:
            for tree in trees:
                entry = measure_lockout(tree, lockout[0])
                results["lockout"].append(entry)
                print(f"  lock {tree.label:<14} {describe('lockout', entry)}", file=sys.stderr)
    finally:
        stack.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: {work}", file=sys.stderr)
    return {
        "conditions": {
            "scale": args.scale,
            "memory_mib": args.memory_mib,
            "timeout": args.timeout,
            "cores": os.cpu_count(),
            "load": os.getloadavg()[0],
            "demo_seconds": loads,
            "workers": {tree.label: tree.worker for tree in trees},
            "minutes": (time.perf_counter() - started) / 60,
        },
        "trees": [tree.label for tree in trees],
        "files": files,
        **results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ref", action="append", default=[], help="also measure this commit")
    parser.add_argument("--quick", action="store_true", help="files at 1/100 of their size")
    parser.add_argument("--scale", type=float, help="files at this fraction of their size")
    parser.add_argument(
        "--only", action="append", choices=list(MAKERS), help="this file only (repeatable)"
    )
    parser.add_argument(
        "--skip", action="append", default=[], choices=["cli", "page", "lockout"], help="a path"
    )
    parser.add_argument("--memory-mib", type=int, default=2048, help="cap of every process")
    parser.add_argument("--timeout", type=float, default=180, help="seconds, per process")
    parser.add_argument("--corpus", help="write (or overwrite) the corpus there")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    parser.add_argument("--json", help="save the measurements there")
    parser.add_argument("--tables", metavar="JSON", help="print the tables of a saved run")
    args = parser.parse_args()
    if args.tables:
        print(tables(json.loads(Path(args.tables).read_text())))
        return
    args.scale = args.scale if args.scale is not None else (0.01 if args.quick else 1.0)
    results = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    print(tables(results))


if __name__ == "__main__":
    main()
