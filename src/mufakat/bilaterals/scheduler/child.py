"""Calls that cannot be interrupted, run where they can be stopped: in a child process killed at its budget.

HiGHS checks its time limit only at some points (between simplex iterations, between nodes): after
presolve of a large program it can spend minutes before the first node without looking at the
clock (a 12.7 s budget took 74-435 s on a loaded machine). A time limit given to HiGHS is therefore
only a wish; the budget that holds is the one this module enforces by killing the process.

The child is started by a forkserver, never forked from the caller: the solver runs inside web
workers (threads, open database connections) and jobs, and forking such a process is unsafe. The
forkserver itself is a fresh interpreter that has imported numpy, highspy and OR-Tools once (the
first solve of a process pays that, about a second, while it builds its program), so each new child
costs a fork (7 ms measured), not an interpreter start. One child serves a whole solve, one call at
a time (a round trip costs 0.2 ms); after a kill the next call starts another.

As with any multiprocessing start method but fork, a script that solves must keep its own work under
`if __name__ == "__main__":`, since the child runs the main module again. Where no child can be
started (such a script; a daemonic process, which may not have children), calls run in this process
with only the solver's own time limit, and `SolverProcess.inline` says so.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# What the children need, imported once by the forkserver (OR-Tools' CP-SAT alone takes 0.9 s to import).
PRELOAD = ["highspy", "ortools.sat.python.cp_model", "mufakat.bilaterals.scheduler.milp"]


@dataclass
class Outcome(Generic[T]):
    """What a call returned, or None when it was cut (killed at its budget or died)."""

    value: T | None
    cut: bool
    seconds: float


@dataclass
class SolverProcess:
    """Runs functions in a child process, each within a hard budget in seconds.

    `cuts` counts, per phase, the calls ended by a kill; `calls` counts every call per phase."""

    inline: bool = False
    cuts: dict[str, int] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    _process: Any = None
    _conn: multiprocessing.connection.Connection | None = None
    _starter: threading.Thread | None = None
    _closed = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _answered = False  # whether the current child has answered a call: one that dies before it never will

    def call(self, phase: str, fn: Callable[..., T], /, *args: Any, budget: float, **kwargs: Any) -> Outcome[T]:
        """`fn(*args, **kwargs)` in the child (`fn` must be importable at module level), waited for at most
        `budget` seconds from now, sending included. An exception raised by `fn` is raised here."""
        if self._starter is not None:
            self._starter.join()
            self._starter = None
        started = perf_counter()
        self.calls[phase] = self.calls.get(phase, 0) + 1
        if budget <= 0 or self._closed:
            return self._cut(phase, started)
        if not self.inline and self._conn is None:
            self._start()
        conn = self._conn  # `close` from another thread (a cancellation) may take it away meanwhile
        if self.inline:
            return Outcome(fn(*args, **kwargs), False, perf_counter() - started)
        if conn is None:  # closed meanwhile
            return self._cut(phase, started)
        return self._in_child(conn, phase, started=started, budget=budget, fn=fn, args=args, kwargs=kwargs)

    def _in_child(
        self,
        conn: multiprocessing.connection.Connection,
        phase: str,
        *,
        started: float,
        budget: float,
        fn: Callable[..., T],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Outcome[T]:
        try:
            conn.send((fn, args, kwargs))
            left = budget - (perf_counter() - started)
            if left <= 0 or not conn.poll(left):
                self._kill()
                return self._cut(phase, started)
            status, value = conn.recv()
        except (EOFError, OSError):  # the child died on its own (out of memory, a crash) or was closed
            self._kill()
            if not self._answered and not self._closed:
                # It could not start (a main module without `if __name__ == "__main__"` run again in
                # it, say): this call and the later ones run here rather than in child after child.
                self.inline = True
                return Outcome(fn(*args, **kwargs), False, perf_counter() - started)
            return self._cut(phase, started)
        self._answered = True
        if status == "error":
            raise value
        return Outcome(value, False, perf_counter() - started)

    @property
    def pid(self) -> int | None:
        """The running child's process id; None when there is none (not started yet, or killed)."""
        return None if self._process is None else int(self._process.pid)

    def start_soon(self) -> None:
        """Start the child in the background, so that the caller's work meanwhile hides its start."""
        if not self.inline and self._conn is None and self._starter is None:
            self._starter = threading.Thread(target=self._start, name="solver-process-start", daemon=True)
            self._starter.start()

    def close(self) -> None:
        """End the child; a call running meanwhile (in another thread: a cancellation) returns at once, cut,
        and later calls are cut without running."""
        self._closed = True
        self._kill()

    def __enter__(self) -> SolverProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _cut(self, phase: str, started: float) -> Outcome[Any]:
        self.cuts[phase] = self.cuts.get(phase, 0) + 1
        return Outcome(None, True, perf_counter() - started)

    def _start(self) -> None:
        context = multiprocessing.get_context("forkserver")
        try:
            context.set_forkserver_preload(PRELOAD)
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs,), daemon=True)
            process.start()
        except (AssertionError, OSError, ValueError):
            # AssertionError: "daemonic processes are not allowed to have children".
            self.inline = True
            return
        theirs.close()
        with self._lock:
            if not self._closed:
                self._process, self._conn, self._answered = process, ours, False
                return
        # Closed while it started (a cancellation during the start in the background): not wanted.
        process.kill()
        process.join(5)
        process.close()
        ours.close()

    def _kill(self) -> None:
        starter = self._starter
        if starter is not None and starter is not threading.current_thread():
            starter.join()
        with self._lock:
            self._starter = None
            if self._process is not None:
                _note_peak(self._process.pid)
                self._process.kill()
                self._process.join(5)
                self._process.close()
            if self._conn is not None:
                self._conn.close()
            self._process = self._conn = None


_largest_kb = 0  # the largest peak resident memory of any child of this process, for the benchmark


def _note_peak(pid: int | None) -> None:
    global _largest_kb  # noqa: PLW0603 - one figure per process, read by the benchmark
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:  # not Linux, or already gone
        return
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            _largest_kb = max(_largest_kb, int(line.split()[1]))


def largest_child_mb() -> float:
    """Peak resident memory of the largest solver child this process has ended, in MB (Linux; else 0)."""
    return _largest_kb / 1024


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """The child's loop: run each call sent, send back ("ok", value) or ("error", exception)."""
    while True:
        try:
            fn, args, kwargs = conn.recv()
        except EOFError:
            return
        try:
            out: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except Exception as exc:
            out = ("error", exc)
        try:
            conn.send(out)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # an answer that cannot be sent
            conn.send(("error", RuntimeError(f"{fn!r} returned what cannot be sent back: {exc!r}")))
