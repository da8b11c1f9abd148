"""A progress line for long commands (imports, recomputations)."""

from __future__ import annotations

from typing import Protocol


class Stream(Protocol):
    def write(self, text: str) -> object: ...
    def flush(self) -> object: ...


class ProgressBar:
    """Redraws `label [#####     ] 12/40` on one terminal line; on a pipe (a
    log) it writes one line per step change instead."""

    def __init__(self, stream: Stream, width: int = 30) -> None:
        self.stream, self.width = stream, width
        isatty = getattr(stream, "isatty", None)
        self.interactive = bool(isatty and isatty())
        self._last: tuple[str, int] | None = None

    def __call__(self, label: str, done: int, total: int) -> None:
        total = max(total, 1)
        filled = int(self.width * min(done, total) / total)
        line = f"{label} [{'#' * filled}{' ' * (self.width - filled)}] {done}/{total}"
        if self.interactive:
            self.stream.write("\r" + line)
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif self._last is None or self._last[0] != label or done >= total:
            self.stream.write(line + "\n")
        self._last = (label, done)
