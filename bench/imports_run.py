"""Subprocesses under a memory cap and a timeout, for `imports.py`.

Every measured process runs with RLIMIT_AS set (an allocation past the cap
fails: Python raises MemoryError) in its own session (a timeout kills its whole
process group, and only it), its output drained by threads that keep the first
and last lines only (a refused file may print millions of issues). Peak memory
is the process's own `ru_maxrss` (`os.wait4`).
"""

from __future__ import annotations

import collections
import contextlib
import os
import resource
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

KEEP_LINES = 6
LINE_CHARS = 300


class Drained:
    """A pipe read to its end: counts, first and last lines (each cut to
    LINE_CHARS; `\\r` ends a line too), whether MemoryError appeared."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self.lines = 0
        self.bytes = 0
        self.head: list[str] = []
        self.tail: collections.deque[str] = collections.deque(maxlen=KEEP_LINES)
        self.memory_error = False
        self._current = bytearray()
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _lines(self, complete: list[bytes]) -> None:
        kept = [line for line in complete if line.strip()]
        self.lines += len(kept)
        for line in kept[: max(0, KEEP_LINES - len(self.head))]:
            self.head.append(line[:LINE_CHARS].decode("utf-8", "replace"))
        for line in kept[-KEEP_LINES:]:
            self.tail.append(line[:LINE_CHARS].decode("utf-8", "replace"))

    def _read(self, pipe: IO[bytes]) -> None:
        """Split with bytes methods (millions of lines must not cost the
        driver the CPU the measured process needs)."""
        overlap = b""
        while chunk := pipe.read1(1 << 16):  # type: ignore[attr-defined]
            self.bytes += len(chunk)
            if b"MemoryError" in overlap + chunk:
                self.memory_error = True
            overlap = chunk[-16:]
            parts = chunk.replace(b"\r", b"\n").split(b"\n")
            room = max(0, LINE_CHARS - len(self._current))
            self._current += parts[0][:room]
            if len(parts) > 1:
                self._lines([bytes(self._current), *parts[1:-1]])
                self._current = bytearray(parts[-1][:LINE_CHARS])
        self._lines([bytes(self._current)])
        pipe.close()

    def join(self, timeout: float = 10) -> None:
        self._thread.join(timeout)

    def summary(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "bytes": self.bytes,
            "head": self.head,
            "tail": list(self.tail),
        }


@dataclass
class Run:
    """How a capped process ended."""

    outcome: str  # "exit 0", "exit 1", "killed (memory)", "MemoryError (caught)", "timeout"…
    returncode: int | None
    seconds: float
    peak_mib: float
    stdout: dict[str, Any] = field(default_factory=dict)
    stderr: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome == "exit 0"


def _limits(memory_mib: int) -> Callable[[], None]:
    cap = memory_mib * 1024 * 1024

    def apply() -> None:  # in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


class Capped:
    """A process started under the cap; `wait` or `stop` it to get its Run."""

    def __init__(
        self,
        command: list[str],
        *,
        cwd: Path,
        env: dict[str, str],
        memory_mib: int,
        stdin: int | IO[Any] | None = subprocess.DEVNULL,
    ) -> None:
        self.memory_mib = memory_mib
        self.start = time.perf_counter()
        self.process = subprocess.Popen(  # noqa: S603 — our own commands
            command,
            cwd=cwd,
            env=env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_limits(memory_mib),
            start_new_session=True,
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.out = Drained(self.process.stdout)
        self.err = Drained(self.process.stderr)
        self._ended: tuple[int, Any, float] | None = None
        self._timed_out = False

    def poll(self) -> bool:
        """Whether the process has ended (reaped once, here)."""
        if self._ended is None:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid == 0:
                return False
            self._ended = (status, usage, time.perf_counter() - self.start)
            self.process.returncode = os.waitstatus_to_exitcode(status)
        return True

    def _kill(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)  # its own group: only what it started

    def wait(self, timeout: float) -> Run:
        deadline = self.start + timeout
        while not self.poll():
            if time.perf_counter() > deadline:
                self._timed_out = True
                self._kill(signal.SIGKILL)
                while not self.poll():
                    time.sleep(0.05)
                break
            time.sleep(0.05)
        return self._run()

    def stop(self, grace: float = 15) -> Run:
        """SIGTERM (a worker finishes its task and leaves), SIGKILL after `grace`."""
        if not self.poll():
            self._kill(signal.SIGTERM)
            deadline = time.perf_counter() + grace
            while not self.poll():
                if time.perf_counter() > deadline:
                    self._kill(signal.SIGKILL)
                time.sleep(0.05)
        return self._run()

    def _run(self) -> Run:
        assert self._ended is not None
        status, usage, seconds = self._ended
        self.out.join()
        self.err.join()
        code = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024
        memory = self.out.memory_error or self.err.memory_error
        if self._timed_out:
            outcome = "timeout"
        elif memory:
            # A task worker catches MemoryError, fails the job and carries on.
            outcome = "killed (memory)" if code else "MemoryError (caught)"
        elif code < 0:
            outcome = f"signal {-code}"
            if peak > 0.9 * self.memory_mib:
                outcome = "killed (memory)"
        else:
            outcome = f"exit {code}"
        return Run(
            outcome=outcome,
            returncode=code,
            seconds=seconds,
            peak_mib=peak,
            stdout=self.out.summary(),
            stderr=self.err.summary(),
        )


def run_capped(
    command: list[str], *, cwd: Path, env: dict[str, str], memory_mib: int, timeout: float
) -> Run:
    return Capped(command, cwd=cwd, env=env, memory_mib=memory_mib).wait(timeout)
