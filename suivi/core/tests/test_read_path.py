"""One read path: no ORM query outside services, selectors, policies, models
and migrations (docs/architecture.md, "The read path").

Views, forms, template tags, management commands, tasks and exporters ask a
selector (reads) or a service (writes); this test walks their source and
fails on a query written there. Modules still carrying queries of their own
are listed in `NOT_YET_MOVED` with the count found: the list may only shrink
(a module that no longer needs its entry fails the test until it is removed).
"""

from __future__ import annotations

import ast
from pathlib import Path

import suivi

ROOT = Path(suivi.__file__).parent

# Where queries belong (path parts of a module under suivi/).
ALLOWED = (
    "services",
    "services.py",
    "selectors",
    "selectors.py",
    "policies.py",
    "models",
    "migrations",
    "tests",
    "admin.py",
    # The second-factor service (reads and writes TOTP devices).
    "mfa.py",
    # The write primitives services are built from.
    "audit.py",
    "workflow.py",
    "changes.py",
    "jobs.py",
    # The read primitive list selectors page with (it reads their querysets).
    "paging.py",
)
# Loaders and importers/readers write through services and read the reference
# data they resolve codes against; the demo is a loader of programme content.
LOADERS = (
    "demo",
    "interop/logframe/importer.py",
    "interop/logframe/reader.py",
    "interop/records/importer.py",
    "interop/records/rows.py",
    "beneficiaries/computation",
)

# `values` counts only with arguments: `dict.values()` is not a query.
QUERYSET_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "select_related",
    "prefetch_related",
    "values",
    "values_list",
    "order_by",
    "distinct",
    "only",
    "defer",
    "extra",
    "raw",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "in_bulk",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}

# Module → queries still written there. Shrink it; never grow it.
NOT_YET_MOVED: dict[str, int] = {}


def _queries(tree: ast.AST) -> list[int]:
    """Line numbers of ORM use: `X.objects` (but `X.objects.none()`, an empty
    queryset a form fills later), queryset methods, and the 404 shortcuts."""
    empty = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "none"
    }
    lines = []
    for node in ast.walk(tree):
        manager = isinstance(node, ast.Attribute) and node.attr == "objects"
        shortcut = isinstance(node, ast.Name) and node.id in SHORTCUTS
        method = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERYSET_METHODS
            and not isinstance(node.func.value, ast.Constant)
            and not (node.func.attr == "values" and not node.args)
        )
        if (manager and id(node) not in empty) or shortcut or method:
            lines.append(node.lineno)
    return sorted(set(lines))


def _consumer_modules() -> list[Path]:
    modules = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        parts = relative.split("/")
        if any(part in ALLOWED for part in parts) or any(
            part.startswith("selectors") for part in parts
        ):
            continue
        if any(relative.startswith(f"{p}") or f"/{p}" in f"/{relative}" for p in LOADERS):
            continue
        modules.append(path)
    return modules


def test_no_orm_query_outside_services_selectors_policies_and_models():
    found = {}
    for path in _consumer_modules():
        lines = _queries(ast.parse(path.read_text(), filename=str(path)))
        if lines:
            found[path.relative_to(ROOT).as_posix()] = lines
    new = {m: lines for m, lines in found.items() if m not in NOT_YET_MOVED}
    assert not new, (
        "ORM queries outside services/selectors/policies/models: move them into a "
        f"selector (reads) or a service (writes): {new}"
    )
    grown = {m: found[m] for m in found if m in NOT_YET_MOVED and len(found[m]) > NOT_YET_MOVED[m]}
    assert not grown, f"More queries than allowed in modules not yet moved: {grown}"
    gone = sorted(m for m in NOT_YET_MOVED if m not in found)
    assert not gone, f"No query left: remove these from NOT_YET_MOVED: {gone}"


def test_the_walk_sees_views_and_would_catch_a_query():
    modules = {p.relative_to(ROOT).as_posix() for p in _consumer_modules()}
    assert "beneficiaries/views/people.py" in modules
    assert "indicators/progress_export.py" in modules
    assert _queries(ast.parse("Person.objects.filter(pk=1)"))
    assert _queries(ast.parse("get_object_or_404(qs, pk=1)"))
    assert _queries(ast.parse("person.events.select_related('x')"))
    assert not _queries(ast.parse("' '.join(x)"))
    assert not _queries(ast.parse("Centre.objects.none()"))
