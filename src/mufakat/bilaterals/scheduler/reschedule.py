"""Rescheduling's second stage: with the weight held, keep as many previous starts as possible, exactly."""

from __future__ import annotations

from time import perf_counter

import numpy as np

from mufakat.bilaterals.scheduler.milp import most_kept
from mufakat.bilaterals.scheduler.search import Search

# Candidates up to which the second stage runs: measured beside a CPU hog, it proved the minimum with
# 3,766 candidates in about 5 s, but got no further than the trivial bound in 8 s with 12,589 (S).
FEWEST_MOVES_LIMIT = 6000


def fewest_moves(search: Search, *, previous_count: int, deadline: float) -> int | None:
    """Rescheduling's second stage: the weight held at least where the search has it, keep as many
    previous starts as possible, exactly (HiGHS on the whole program, warm-started from the schedule,
    for half the time left: the neighbourhoods, which keep previous starts too, get the rest).
    Returns the fewest previous meetings any such schedule re-times or drops (a lower bound when the
    time ran out first), None when HiGHS was cut before answering."""
    c, trace = search.c, search.trace
    # Meetings whose previous start is no longer possible move whatever the schedule.
    forced = previous_count - int(search.keep.sum())
    if c.n_vars > FEWEST_MOVES_LIMIT:
        trace.lines.append(
            f"fewest moves: {previous_count - search.kept()} previous meeting(s) re-timed or dropped, at least "
            f"{forced} needed (their previous start is no longer possible; too large to prove more)"
        )
        return forced
    left = 0.5 * (deadline - perf_counter())
    if left < 0.2 or not search.keep.any():
        return None
    warm = np.zeros(c.n_vars)
    warm[search.assigned[search.assigned >= 0]] = 1.0
    weight = float(search.var_weight @ warm)
    keep = search.keep.astype(np.float64)
    # Weights are whole priorities: half a unit below keeps the floor clear of HiGHS's tolerances.
    floor, limit = weight - 0.5, 0.8 * left
    if search.process is None:
        solution = most_kept(search.rows, keep, search.var_weight, floor=floor, warm=warm, time_limit=limit)
    else:
        outcome = search.process.call(
            "fewest moves",
            most_kept,
            search.rows,
            keep,
            search.var_weight,
            floor=floor,
            warm=warm,
            time_limit=limit,
            budget=left,
        )
        if outcome.value is None:
            trace.lines.append(f"fewest moves: HiGHS killed at its budget of {left:.1f} s")
            return None
        solution = outcome.value
    values = solution.values
    if float(keep @ values) > search.kept() + 0.5 and float(search.var_weight @ values) > floor:
        everyone = np.arange(len(c.instance.requests), dtype=np.int64)
        search.unplace(everyone)
        search.place(np.flatnonzero(values > 0.5).astype(np.int64))
        if (search.usage > search.upper).any():  # never expected: HiGHS's tolerances on a 0/1 program
            search.unplace(everyone)
            search.place(np.flatnonzero(warm > 0.5).astype(np.int64))
    most = search.kept() if solution.optimal else int(np.floor(solution.dual_bound + 1e-6))
    minimum = previous_count - most
    trace.lines.append(
        f"fewest moves at weight {search.primary():g}: {previous_count - search.kept()} previous meeting(s) "
        f"re-timed or dropped, {'the minimum' if solution.optimal else f'at least {minimum} needed'}"
    )
    return minimum
