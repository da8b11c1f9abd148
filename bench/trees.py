"""The source trees a bench measures: this checkout, and commits checked out
with `git worktree add` into a temporary folder for the same run (`--ref`)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def label_of_worktree() -> str:
    """This checkout's short commit, marked when it has uncommitted changes."""
    label = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no"):
        label += "+changes"
    return label


@contextmanager
def checked_out(refs: list[str], folder: Path) -> Iterator[list[tuple[str, Path]]]:
    """(label, path) of each ref, checked out under `folder`, then this
    checkout last; the worktrees are removed on the way out."""
    trees: list[tuple[str, Path]] = []
    checkouts: list[Path] = []
    try:
        for ref in refs:
            checkout = folder / f"ref-{ref}"
            git("worktree", "add", "--detach", str(checkout), ref)
            checkouts.append(checkout)
            trees.append((git("rev-parse", "--short", ref), checkout))
        trees.append((label_of_worktree(), ROOT))
        yield trees
    finally:
        for checkout in checkouts:
            git("worktree", "remove", "--force", str(checkout))
