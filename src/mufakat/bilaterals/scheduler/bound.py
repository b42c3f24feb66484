"""A tighter proof of the weight: the whole 0/1 program's dual bound, in the background, once the search stalls.

The LP relaxation (`milp.lp_bound`) bounds the weight from the start, but only as the LP value
rounded down. A MIP solver's root node adds cuts, and its branch and bound raises the floor of what
it has explored; its dual bound, never below the 0/1 optimum, closes the last units between the best
schedule and the LP. It cannot be interrupted reliably (HiGHS looks at its clock only at some
points), so it runs in a child process of its own, killed at the deadline, in a thread that waits for
it while the neighbourhood search goes on in the main one. It is warm-started from the best schedule,
so it prunes from the first node, and any schedule it finds that is heavier is taken.

Weights are whole priorities, so a dual bound b proves floor(b) (a hair of slack for tolerances).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from time import perf_counter

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler.child import Outcome, SolverProcess
from mufakat.bilaterals.scheduler.milp import Rows, _load, new_highs
from mufakat.bilaterals.scheduler.search import Search

# CP-SAT (2 workers, hinted with the schedule) was measured as the alternative, on S heavy seed 101: its
# bound after 40 s was 1,682 where HiGHS's root had 1,178 (the LP's); HiGHS it is.
STALL_GAP = 0.01  # the largest relative gap at which the whole program's bound is worth the cores
# Candidates up to which it runs. Beside a CPU hog, S balanced (11,000-12,000) got its root in about 4 s
# (seed 103: gap 0.74 % -> 0.12 %, and a heavier schedule); M balanced (23,207) had no root bound after
# 30 s, so there it would only take a core from the search.
TIGHTEN_LIMIT = 16000

# The least time worth giving it: beside a CPU hog (load 5-7) S balanced had no root bound after 7.4 s, so
# a start with a second or two left only takes a core from the search (and said so once a step, before).
TIGHTEN_SECONDS = 4.0


@dataclass
class MipBound:
    bound: float  # proven: no 0/1 solution of the rows scores more than this under the cost
    values: NDArray[np.float64] | None  # the best solution the solver found (None: none better than the warm start)
    optimal: bool
    seconds: float
    status: str


def highs_bound(rows: Rows, cost: NDArray[np.float64], *, warm: NDArray[np.float64], time_limit: float) -> MipBound:
    """HiGHS's branch and bound on the whole program (presolve, root cuts, nodes), warm-started."""
    started = perf_counter()
    n = int(cost.shape[0])
    highs = new_highs()
    highs.setOptionValue("time_limit", max(0.1, time_limit))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("random_seed", 0)
    # The root LP by interior point: dual simplex stalled on these degenerate packing LPs (S heavy: no
    # root bound after 60 s), IPX gives it in 4 s, then cuts and nodes go on from its crossover basis.
    highs.setOptionValue("mip_lp_solver", "ipm")
    _load(highs, rows, cost, integral=True)
    highs.setSolution(n, np.arange(n, dtype=np.int32), warm)
    highs.run()
    import highspy  # noqa: PLC0415 - loaded with new_highs

    info = highs.getInfo()
    dual = float(info.mip_dual_bound)
    bound = dual if np.isfinite(dual) else float(cost.clip(min=0).sum())
    values: NDArray[np.float64] | None = None
    if info.primal_solution_status == 2:  # kSolutionStatusFeasible
        found: NDArray[np.float64] = np.rint(np.asarray(highs.getSolution().col_value, dtype=np.float64))
        if found.shape[0] == n and float(cost @ found) > float(cost @ warm) + 0.5:
            values = found
    status = highs.modelStatusToString(highs.getModelStatus())
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return MipBound(bound, values, optimal, perf_counter() - started, status)


class Tightener:
    """The whole program's dual bound, computed in a killable child while the caller goes on.

    `start` launches it (once) with everything left until `deadline`; `poll` returns its answer once,
    when there is one; `close` ends the child (and so the thread) at once."""

    def __init__(self) -> None:
        self.process = SolverProcess()
        self._thread: threading.Thread | None = None
        self._outcome: Outcome[MipBound] | None = None
        self._taken = False

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self, rows: Rows, cost: NDArray[np.float64], *, warm: NDArray[np.float64], deadline: float) -> None:
        budget = deadline - perf_counter()
        if self._thread is not None or budget < TIGHTEN_SECONDS:
            return
        # The solver is asked to stop a little before the kill, so that it answers with its bound (a
        # killed child answers nothing); the kill still holds the deadline when it does not look.
        limit = 0.9 * budget - 0.3

        def run() -> None:
            self._outcome = self.process.call(
                "bound", highs_bound, rows, cost, warm=warm, time_limit=limit, budget=budget
            )

        self._thread = threading.Thread(target=run, name="weight-bound", daemon=True)
        self._thread.start()

    def poll(self) -> MipBound | None:
        """The answer, the first time it is asked for after the child has answered; else None."""
        if self._taken or self._thread is None or self._thread.is_alive() or self._outcome is None:
            return None
        self._taken = True
        return self._outcome.value

    def wait(self) -> MipBound | None:
        if self._thread is not None:
            self._thread.join()
        return self.poll()

    def close(self) -> None:
        self.process.close()
        if self._thread is not None:
            self._thread.join()

    @property
    def cut(self) -> bool:
        return bool(self.process.cuts)


class Stall:
    """Starts the `Tightener` once the search has not found a heavier schedule for a while with the gap
    still open, and takes its answer: the bound (rounded down, weights being whole) and any heavier
    schedule it found."""

    def __init__(self, search: Search, *, time_limit: float, deadline: float) -> None:
        self.search, self.deadline = search, deadline
        # Measured: the search's steps come in bursts a few seconds apart on S and M; waiting less
        # starts the child while the search still gains, and both then share the cores.
        self.patience = max(1.0, 0.08 * time_limit)
        self.best, self.since = search.primary(), perf_counter()
        process = search.process
        # Without a child of its own (a script without a main guard) it could not be stopped: not run.
        # Too large a program gets no root bound in time and only slows the search down.
        runs = process is not None and not process.inline and search.c.n_vars <= TIGHTEN_LIMIT
        self.tightener = Tightener() if runs else None
        self.said = False

    def step(self, *, mip_gap: float) -> None:
        search, now = self.search, perf_counter()
        if search.primary() > self.best:
            self.best, self.since = search.primary(), now
        tightener = self.tightener
        if tightener is None:
            return
        if search.trace.gap() <= mip_gap:
            if tightener.started:  # proven as asked: the cores go back to the search's secondary tiers
                self.close(said=False)
            return
        # Only when the gap is small: the root's cuts closed 1-2 units on S and M, nothing like the
        # percents left open on heavy demand, where the cores do more for the search.
        if not tightener.started and now - self.since >= self.patience and search.trace.gap() <= STALL_GAP:
            warm = np.zeros(search.c.n_vars)
            warm[search.assigned[search.assigned >= 0]] = 1.0
            tightener.start(search.rows, search.var_weight, warm=warm, deadline=self.deadline)
        if tightener.started and not self.said:
            self.said = True
            search.trace.lines.append(
                f"search stalled at weight {search.primary():g} for {now - self.since:.1f} s: "
                f"the whole program's bound (HiGHS) in the background until the deadline"
            )
        self._take(tightener.poll(), mip_gap=mip_gap)

    def finish(self, *, mip_gap: float) -> None:
        """Wait for an answer due by now (the child stops itself before the search's deadline), then end it."""
        if self.tightener is not None and self.tightener.started:
            self._take(self.tightener.wait(), mip_gap=mip_gap)
        self.close()

    def close(self, *, said: bool = True) -> None:
        if self.tightener is not None:
            self.tightener.close()
            if said and self.tightener.cut:
                self.search.trace.lines.append("whole-program bound: killed at its budget, no bound from it")
            self.tightener = None

    def _take(self, answer: MipBound | None, *, mip_gap: float) -> None:
        if answer is None:
            return
        search = self.search
        trace = search.trace
        if (
            answer.values is not None
            and float(search.var_weight @ answer.values) > search.primary() - search.pinned_weight
        ):
            before = search.assigned.copy()
            everyone = np.arange(len(search.c.instance.requests), dtype=np.int64)
            search.unplace(everyone)
            search.place(np.flatnonzero(answer.values > 0.5).astype(np.int64))
            if (search.usage > search.upper).any():  # never expected: the solver's tolerances on a 0/1 program
                search.unplace(everyone)
                search.place(before[before >= 0])
        bound = search.pinned_weight + float(np.floor(answer.bound + 1e-6))
        trace.lines.append(
            f"whole-program bound ({answer.status}, {answer.seconds:.1f} s): {bound:g}, weight {search.primary():g}"
        )
        trace.update(best=search.primary(), bound=max(bound, search.primary()), mip_gap=mip_gap)
