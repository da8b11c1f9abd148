"""The Markdown tables of `imports.py`, and its one-line progress."""

from __future__ import annotations

import datetime
import re
from typing import Any

# Issue 10's goals: read or refused in ≤ 60 s and ≤ 300 MiB for the worker,
# ≤ 100 MiB for the web process rendering the job; pages p95 ≤ 500 ms.
GOAL_SECONDS = 60
GOAL_WORKER_MIB = 300
GOAL_PAGE_MIB = 100
GOAL_P95_MS = 500
STOPPED = ("timeout", "killed (memory)", "MemoryError (caught)")


def _outcome(run: dict[str, Any]) -> str:
    """As `imports_run` names it (runs saved before it told a caught MemoryError apart)."""
    if run.get("outcome") == "killed (memory)" and run.get("returncode") == 0:
        return "MemoryError (caught)"
    return str(run.get("outcome", ""))


def _count(text: str) -> str:
    """The first number of a message (`7000000 issue(s)…`), grouped."""
    found = re.search(r"\d[\d\s\u202f\u00a0,.]*", text)
    if not found:
        return "?"
    digits = re.sub(r"\D", "", found.group())
    return f"{int(digits):,}" if digits else "?"


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def cli_result(entry: dict[str, Any]) -> tuple[str, bool | None]:
    """What the command did, and whether it is what a correct importer does
    (None: not a file's case)."""
    outcome = entry["outcome"]
    if outcome in STOPPED or outcome.startswith("signal"):
        return outcome, False
    head, tail = entry["stderr"]["head"], entry["stderr"]["tail"]
    last = tail[-1] if tail else ""
    if entry["returncode"] == 0:
        return f"imported {entry['persons']:,}", None
    if any(line.startswith("Traceback") for line in head + tail):
        return f"crash: {_short(last, 60)}", False
    if last.startswith("CommandError:"):
        if "issue" in last or "problème" in last:
            first = f" ({_short(head[0], 70)})" if head and head[0] != last else ""
            return f"refused: {_count(last)} issues{first}", None
        return f"refused: {_short(last[len('CommandError: ') :], 60)}", None
    return f"{outcome}: {_short(last, 60)}", False


def page_result(entry: dict[str, Any]) -> tuple[str, bool | None]:
    post = entry.get("post", {})
    if "failed" in post or "exception" in post:
        return f"upload: {_short(str(post.get('exception') or post.get('failed')), 60)}", False
    if not post.get("job"):
        return f"refused by the form ({post.get('status')})", None
    worker, job = entry.get("worker", {}), entry.get("job", {})
    if _outcome(worker) in STOPPED:
        return f"worker {_outcome(worker)}, job {job.get('status', '?')}", False
    status = job.get("status", "?")
    errors = ", ".join(sorted({_exception(e) for e in entry.get("task_errors", [])}))
    if status == "succeeded":
        return f"succeeded: {entry['persons']:,} new", None
    if status == "failed" and job.get("error_count"):
        first = job.get("first_error") or {}
        where = f"row {first.get('row')}, {first.get('column')}: " if first.get("row") else ""
        message = f" ({_short(where + str(first.get('message', '')), 70)})" if first else ""
        return f"refused: {job['error_count']:,} issues{message}", None
    if status == "failed":
        return f"failed{f' ({errors})' if errors else ''}", False
    return f"job {status}{f' ({errors})' if errors else ''}", False


def _exception(path: str) -> str:
    return path.removeprefix("builtins.")


def _hidden(entry: dict[str, Any]) -> str:
    """Records an import left in a hidden batch (never published nor discarded)."""
    return f"; {entry['hidden']:,} left hidden" if entry.get("hidden") else ""


def _matches(expect: str, result: str, persons: int) -> bool:
    if expect == "refused":
        return result.startswith(("refused", "refused by the form")) and persons == 0
    wanted = int(expect.split()[1])
    return persons == wanted and result.startswith(("imported", "succeeded"))


def _verdict(expect: str, result: str, ok: bool | None, persons: int, problems: list[str]) -> str:
    if ok is False or not _matches(expect, result, persons):
        problems.insert(0, "outcome")
    return "✓" if not problems else "✗ " + ", ".join(problems)


def _mib(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _seconds(value: float | None) -> str:
    return "–" if value is None else (f"{value:.1f}" if value < 100 else f"{value:,.0f}")


def describe(path: str, entry: dict[str, Any]) -> str:
    """One line of progress."""
    if path == "cli":
        result, _ok = cli_result(entry)
        return (
            f"{entry['file']:<33} {entry['seconds']:7.1f} s {entry['peak_mib']:6.0f} MiB  {result}"
        )
    if path == "page":
        result, _ok = page_result(entry)
        worker = entry.get("worker", {})
        page = entry.get("page", {})
        return (
            f"{entry['file']:<33} worker {worker.get('seconds', 0):6.1f} s "
            f"{worker.get('peak_mib', 0):6.0f} MiB, page {page.get('bytes', 0):,} B "
            f"{page.get('peak_mib', 0):.0f} MiB  {result}"
        )
    load = entry.get("load", {})
    return (
        f"import {entry.get('waited_seconds', 0):.0f} s, job {entry.get('job', {}).get('status')}, "
        f"{load.get('requests', 0)} requests p95 {load.get('p95_ms', 0):.0f} ms, "
        f"{load.get('errors', '?')} errors, worker alive: {entry.get('worker_alive')}"
    )


def _files_table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| file | size | expected | a correct importer… |",
        "|---|---:|---|---|",
    ]
    for f in results["files"]:
        size = f["bytes"] or 0
        inflated = f["details"].get("inflated_bytes")
        shown = f"{size / 1e6:,.1f} MB" if size >= 100_000 else f"{size:,} B"
        if inflated:
            shown += f" → {inflated / 1e6:,.0f} MB inflated"
        lines.append(f"| {f['name']} | {shown} | {f['expect']} | {f['why']} |")
    return lines


def _cli_table(results: dict[str, Any], expects: dict[str, str]) -> list[str]:
    lines = [
        "| file | tree | time (s) | peak (MiB) | result | goal met |",
        "|---|---|---:|---:|---|---|",
    ]
    for e in results["cli"]:
        result, ok = cli_result(e)
        problems = []
        if e["seconds"] > GOAL_SECONDS:
            problems.append("time")
        if e["peak_mib"] > GOAL_WORKER_MIB:
            problems.append("memory")
        if e.get("hidden"):
            problems.append("hidden rows")
        verdict = _verdict(expects[e["file"]], result, ok, e["persons"], problems)
        lines.append(
            f"| {e['file']} | {e['tree']} | {_seconds(e['seconds'])} | {_mib(e['peak_mib'])} "
            f"| {result}{_hidden(e)} | {verdict} |"
        )
    return lines


def _page_table(results: dict[str, Any], expects: dict[str, str]) -> list[str]:
    lines = [
        "| file | tree | worker (s) | worker peak (MiB) | job | job page | page peak (MiB) "
        "| goal met |",
        "|---|---|---:|---:|---|---:|---:|---|",
    ]
    for e in results["page"]:
        result, ok = page_result(e)
        worker, page = e.get("worker", {}), e.get("page", {})
        problems = []
        if worker.get("seconds", 0) > GOAL_SECONDS:
            problems.append("time")
        if worker.get("peak_mib", 0) > GOAL_WORKER_MIB:
            problems.append("worker memory")
        if page.get("peak_mib", 0) > GOAL_PAGE_MIB:
            problems.append("page memory")
        if page and page.get("status") != 200:
            problems.append(f"page {page.get('status') or page.get('failed')}")
        if e.get("hidden"):
            problems.append("hidden rows")
        verdict = _verdict(expects[e["file"]], result, ok, e["persons"], problems)
        size = page.get("bytes")
        shown = "–" if size is None else (f"{size / 1e6:,.1f} MB" if size > 1e6 else f"{size:,} B")
        lines.append(
            f"| {e['file']} | {e['tree']} | {_seconds(worker.get('seconds'))} "
            f"| {_mib(worker.get('peak_mib'))} | {result}{_hidden(e)} | {shown} "
            f"| {_mib(page.get('peak_mib'))} | {verdict} |"
        )
    return lines


def _job_seconds(job: dict[str, Any]) -> float | None:
    """From the job's start to its end, as the job recorded them."""
    if not (job.get("started_at") and job.get("finished_at")):
        return None
    started = datetime.datetime.fromisoformat(str(job["started_at"]))
    finished = datetime.datetime.fromisoformat(str(job["finished_at"]))
    return (finished - started).total_seconds()


def _both(load: dict[str, Any], during: dict[str, Any], key: str) -> str:
    """The whole run's figure, then (in brackets) the one while the job ran."""
    whole = f"{load[key]:,.0f}" if key in load else "?"
    return f"{whole} ({during[key]:,.0f})" if key in during else whole


def _lockout_table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| tree | rows | import (s) | job | requests (during the import) | p50 (ms) | p95 (ms) "
        "| max (ms) | errors | worker alive after | goal met |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    notes = []
    rows = {f["name"]: f["details"].get("rows") for f in results["files"]}
    for e in results["lockout"]:
        load, job, during = e.get("load", {}), e.get("job", {}), e.get("during", {})
        problems = []
        if job.get("status") != "succeeded":
            problems.append("import")
        if during.get("p95_ms", load.get("p95_ms", 0)) > GOAL_P95_MS:
            problems.append("p95")
        if load.get("errors", 1):
            problems.append("errors")
        if not e.get("worker_alive"):
            problems.append("worker died")
        verdict = "✓" if not problems else "✗ " + ", ".join(problems)
        status = job.get("status", "–")
        if e.get("task_errors"):
            status += " (" + ", ".join(_exception(x) for x in e["task_errors"]) + ")"
        lines.append(
            f"| {e['tree']} | {rows.get(e['file']) or 0:,} "
            f"| {_seconds(_job_seconds(job) or e.get('waited_seconds'))} "
            f"| {status} | {load.get('requests', 0):,} ({during.get('requests', 0):,}) "
            f"| {_both(load, during, 'p50_ms')} | {_both(load, during, 'p95_ms')} "
            f"| {_both(load, during, 'max_ms')} | {_both(load, during, 'errors')} "
            f"| {'yes' if e.get('worker_alive') else 'no'} "
            f"| {verdict} |"
        )
        for error in load.get("first_errors", []):
            notes.append(f"- {e['tree']}: {_short(error, 160)}")
        if "failed" in load:
            notes.append(f"- {e['tree']}: the load process {load['failed']}: {load['stderr']}")
    return [*lines, "", *notes] if notes else lines


def tables(results: dict[str, Any]) -> str:
    c = results["conditions"]
    expects = {f["name"]: f["expect"] for f in results["files"]}
    out = [
        f"Scale {c['scale']:g} of the issue's sizes; every process capped at "
        f"{c['memory_mib']:,} MiB of address space and {c['timeout']:.0f} s; "
        f"{c['cores']} cores, load {c['load']:.1f} at the end; SQLite, demo loaded, "
        f"`config.settings.local` with DEBUG off; run took {c['minutes']:.0f} min."
        + "".join(f" Worker of {t}: `{w}`." for t, w in c.get("workers", {}).items()),
        f"Goals (issue 10): refused or read in ≤ {GOAL_SECONDS} s and ≤ {GOAL_WORKER_MIB} MiB "
        f"(worker, or the command), job page ≤ {GOAL_PAGE_MIB} MiB; during a 100 k import, "
        f"other users' pages p95 ≤ {GOAL_P95_MS} ms with no error, worker alive after.",
        "",
        "### Files",
        "",
        *_files_table(results),
    ]
    if results["cli"]:
        out += [
            "",
            "### Command line (`manage.py import_records`)",
            "",
            *_cli_table(results, expects),
        ]
    if results["page"]:
        out += [
            "",
            "### Page: upload, the worker with `--batch`, then the job's page (as pf.en)",
            "",
            *_page_table(results, expects),
        ]
    if results["lockout"]:
        out += [
            "",
            "### Other users' pages during a persons import (worker running, SQLite)",
            "",
            *_lockout_table(results),
        ]
    return "\n".join(out)
