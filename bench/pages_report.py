"""The Markdown tables of `pages.py` (baselines, per role, per page, every page × role)."""

from __future__ import annotations

import statistics
from typing import Any

# The baselines measured beside the pages, by the label the tables show.
BARE = "bare view (bench)"
LAYOUT = "layout only (bench)"
HEALTHZ = "healthz (anonymous)"
BARE_ANONYMOUS = "bare view (bench, anonymous)"


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def describe_conditions(conditions: dict[str, Any]) -> str:
    return (
        f"\n{conditions['timed']} timed requests per page and tree ({conditions['rounds']} "
        f"rounds alternating the trees) after {conditions['warmup']} untimed; medians. "
        f"Load average {conditions['load'][0]:.1f} before, {conditions['load'][1]:.1f} after.\n"
    )


def tables(runs: list[tuple[str, dict[str, Any]]], show_all: bool) -> str:
    labels = [label for label, _ in runs]
    by_run = [
        {(r["role"], r["page"]): r for r in data["results"] if "skipped" not in r}
        for _, data in runs
    ]
    keys: list[tuple[str, str]] = []
    for _, data in runs:
        for r in data["results"]:
            key = (r["role"], r["page"])
            if key not in keys:
                keys.append(key)
    baselines = {HEALTHZ, BARE_ANONYMOUS, BARE, LAYOUT}

    def opened(key: tuple[str, str]) -> bool:
        return any(run.get(key, {}).get("status") == 200 for run in by_run)

    lines: list[str] = []
    lines.append("Baselines (median over roles for the signed-in ones):\n")
    lines.append("| baseline | " + " | ".join(f"{x} CPU ms" for x in labels) + " |")
    lines.append("|---|" + "---:|" * len(labels))
    for page in (HEALTHZ, BARE_ANONYMOUS, BARE, LAYOUT):
        cells = []
        for run in by_run:
            values = [r["cpu_ms"] for (_, p), r in run.items() if p == page]
            queries = [r["queries"] for (_, p), r in run.items() if p == page]
            low, high = min(queries, default=0), max(queries, default=0)
            span = str(low) if low == high else f"{low}–{high}"
            cells.append(f"{_fmt(statistics.median(values), 2)} ({span} q)" if values else "–")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")

    lines.append("\nPer role: the pages it opens (status 200 on some tree), median and total:\n")
    header = ["role", "pages"]
    for x in labels:
        header += [f"{x} median CPU ms", f"{x} queries (sum)"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|---|---:|" + "---:|---:|" * len(labels))
    roles = [k[0] for k in keys if k[0] != "anonymous"]
    for role in dict.fromkeys(roles):
        pages = [k for k in keys if k[0] == role and k[1] not in baselines and opened(k)]
        cells = [role, str(len(pages))]
        for run in by_run:
            values = [run[k]["cpu_ms"] for k in pages if k in run]
            queries = [run[k]["queries"] for k in pages if k in run]
            cells += [
                _fmt(statistics.median(values)) if values else "–",
                str(sum(queries)) if queries else "–",
            ]
        lines.append("| " + " | ".join(cells) + " |")

    lines.append(
        "\nPer page: the roles that open it, the range of its queries over them, and"
        " the median (and the highest) over them of its CPU per request (ms):\n"
    )
    header = ["page", "roles"]
    for x in labels:
        header += [f"{x} queries", f"{x} CPU ms"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|---|---:|" + "---:|---:|" * len(labels))
    for page in dict.fromkeys(k[1] for k in keys if k[1] not in baselines):
        opening = [k for k in keys if k[1] == page and opened(k)]
        if not opening:
            continue
        cells = [page, str(len(opening))]
        for run in by_run:
            found = [run[k] for k in opening if k in run]
            if not found:
                cells += ["–", "–"]
                continue
            low = min(r["queries"] for r in found)
            high = max(r["queries"] for r in found)
            cpu = [r["cpu_ms"] for r in found]
            cells += [
                str(low) if low == high else f"{low}–{high}",
                f"{_fmt(statistics.median(cpu))} ({_fmt(max(cpu))})",
            ]
        lines.append("| " + " | ".join(cells) + " |")

    lines.append(
        "\nEach page × role"
        + ("" if show_all else " (pages the role opens: status 200 on some tree)")
        + ": status, queries, median CPU and wall time per request (ms):\n"
    )
    header = ["page", "role"]
    for x in labels:
        header += [f"{x} status", "queries", "CPU", "wall"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|---|---|" + "---:|---:|---:|---:|" * len(labels))
    pages_order = list(dict.fromkeys(k[1] for k in keys))
    for page in pages_order:
        for key in [k for k in keys if k[1] == page]:
            if not show_all and key[1] not in baselines and not opened(key):
                continue
            cells = [page, key[0]]
            for run in by_run:
                r = run.get(key)
                if r is None:
                    cells += ["skipped", "", "", ""]
                else:
                    cells += [
                        str(r["status"]),
                        str(r["queries"]),
                        _fmt(r["cpu_ms"]),
                        _fmt(r["wall_ms"]),
                    ]
            lines.append("| " + " | ".join(cells) + " |")
    skipped = [
        f"{label}: {r['role']} · {r['page']} ({r['skipped']})"
        for label, (_, data) in zip(labels, runs, strict=True)
        for r in data["results"]
        if "skipped" in r
    ]
    if skipped:
        lines.append("\nSkipped: " + "; ".join(dict.fromkeys(skipped)))
    return "\n".join(lines)
