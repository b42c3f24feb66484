"""Rescheduling's second stage: with the weight held, keep as many previous starts as possible, exactly.

Exact only up to FEWEST_MOVES_LIMIT candidates. Above it the minimum is the LP's, and on M balanced
(issue 19's change, seed 101: 21,403 candidates, 516 previous meetings, 24 of them with no start left,
weight 1,555-1,556 against a weight bound of 1,558) no exact method got close within the time limit.
Measured, unloaded, with the weight held (the schedule: 412-420 previous starts kept; the LP: at most
439.5-446.5; the LP without the weight floor: 482, so the weight floor costs about five kept per unit):
- HiGHS on the whole program: root bound 444.3 after 24 s, 443.1 after 100 s with cuts, no better schedule;
- HiGHS on the whole program with the search's tiers (weight, then kept): weight 1,556, 406 kept, its bound
  still weight 1,557.9 after 120 s;
- CP-SAT (2 workers, hinted with the schedule): no better schedule and a bound of 482 after 60 s;
- the LP's solution as a guide (everything on which it agrees with the schedule fixed): proven, no better;
- reduced-cost fixing: by the kept LP, 53 candidates of 21,403 (its gap to the schedule is 26); by the
  weight LP (bound 1,558.8), 616, none a previous start;
- whole days and pairs of days re-placed exactly (all their meetings): one previous start more in 36 s;
  neighbourhoods around each previous start not kept (its request and the meetings in its way, all days):
  two more in 4 s, then none;
- annealing the placed meetings' starts towards their previous ones (anneal.py's moves, swaps and Kempe
  chains, the same meetings so the weight held; tried beside a CPU hog for a quarter of the stage's time):
  95 -> 94 moved, and the LP, left less time, proved 67 instead of 69-72. Not kept.
So the schedule looks locally optimal and the distance left is mostly the LP's: near the heaviest
weight, fractional schedules keep far more than whole ones.
"""

from __future__ import annotations

from time import perf_counter

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler.milp import Rows, _load, most_kept, new_highs
from mufakat.bilaterals.scheduler.search import Search

# Candidates up to which the second stage runs: measured beside a CPU hog, it proved the minimum with
# 3,766 candidates in about 5 s, but got no further than the trivial bound in 8 s with 12,589 (S).
FEWEST_MOVES_LIMIT = 6000
RESTORE_PASSES = 3
# Shares of the time left when the stage starts: re-placing days first, then the LP of the whole program
# (of what is left then). PDLP's bound tightens with time, but little past a few seconds: on M balanced
# (seed 101, 21,403 candidates, beside a CPU hog) kept at most 442.7 in 3.9 s and 442.1 when converged,
# and giving it 0.7 of the time (the neighbourhoods after the stage less) left 91, 97 and 119 moves in
# three runs, against 103 and 108 with these shares: no clear gain either way.
RESTORE_SHARE = 0.4
LP_SHARE = 0.4


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
        # Too large for the exact stage on the whole program: exactly on the days of the previous starts
        # not kept, with everything else fixed; the LP relaxation of the whole program proves a minimum.
        moved_before = previous_count - search.kept()
        until = perf_counter() + RESTORE_SHARE * (deadline - perf_counter())
        for _ in range(RESTORE_PASSES):  # a pass that put some back may have freed room for others
            kept = search.kept()
            _restore(search, deadline=until)
            if search.kept() == kept or perf_counter() >= until - 0.2:
                break
        if search.kept() > previous_count - moved_before:
            trace.lines.append(
                f"fewest moves: {moved_before} -> {previous_count - search.kept()} previous meeting(s) re-timed or "
                f"dropped, by re-placing the days of the previous starts not kept, exactly (the weight held)"
            )
        most = _kept_lp(search, deadline=deadline)
        minimum = max(forced, previous_count - most) if most is not None else forced
        trace.lines.append(
            f"fewest moves: {previous_count - search.kept()} previous meeting(s) re-timed or dropped, at least "
            f"{minimum} needed at weight {search.primary():g} ({forced} whose previous start is no longer possible; "
            f"the rest proven by the LP relaxation: too large a program for the exact stage)"
        )
        return minimum
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


def _restore(search: Search, *, deadline: float) -> None:
    """For each day holding previous starts that the schedule no longer keeps: those requests, and the
    meetings placed that day of their principals and of those meetings' other principals (the ones
    in the way, and the ones in theirs), re-placed within that day exactly by HiGHS, the weight first
    and previous starts kept next (the search's tiers), everything else fixed. Neighbourhoods larger
    than FEWEST_MOVES_LIMIT candidates keep the first ring only."""
    c = search.c
    previous = np.flatnonzero(search.keep)
    undone = previous[search.assigned[c.var_request[previous]] != previous]
    days = np.unique(search.var_day[undone]).tolist()
    for k, day in enumerate(days):
        now = perf_counter()
        if deadline - now < 0.2:
            return
        on_day = undone[search.var_day[undone] == day]
        first = {int(i) for i in c.var_request[on_day]}
        first |= _placed_with(search, {p for i in first for p in c.members[i]}, day)
        requests = first | _placed_with(search, {p for i in first for p in c.members[i]}, day)
        if _candidates_on(search, requests, day) > FEWEST_MOVES_LIMIT:
            requests = first
        share = (deadline - now) / (len(days) - k)
        search.reoptimise(
            np.array(sorted(requests), dtype=np.int64),
            search.day_of_grain == day,
            secondary=False,
            time_limit=0.8 * share,
            budget=share,
            phase="fewest moves",
        )


def _placed_with(search: Search, principals: set[int], day: int) -> set[int]:
    """The requests of these principals placed on this day."""
    out = set()
    for p in principals:
        for i in search.requests_of[p]:
            v = search.assigned[i]
            if v >= 0 and search.var_day[v] == day:
                out.add(i)
    return out


def _candidates_on(search: Search, requests: set[int], day: int) -> int:
    c = search.c
    return sum(int(np.count_nonzero(search.var_day[c.offsets[i] : c.offsets[i + 1]] == day)) for i in requests)


def _kept_lp(search: Search, *, deadline: float) -> int | None:
    """The most previous starts any schedule at least as heavy as the current one keeps, by the LP relaxation
    (certified by its duals, in the solver process); None when it was cut."""
    c = search.c
    warm = np.zeros(c.n_vars)
    warm[search.assigned[search.assigned >= 0]] = 1.0
    # Weights are whole priorities, so every schedule at least as heavy weighs at least this much, exactly;
    # the bound is certified in numpy from PDLP's duals, whatever HiGHS's tolerances (at weight 1,556 on M:
    # kept at most 439.5 rather than 442.0 with the floor half a unit below).
    floor = float(search.var_weight @ warm)
    keep = search.keep.astype(np.float64)
    left = LP_SHARE * (deadline - perf_counter())
    if left < 0.5:
        return None
    args = (search.rows, keep, search.var_weight)
    if search.process is None:
        bound = kept_lp_bound(*args, floor=floor, time_limit=0.8 * left)
    else:
        outcome = search.process.call(
            "fewest moves", kept_lp_bound, *args, floor=floor, time_limit=0.8 * left, budget=left
        )
        if outcome.value is None:
            return None
        bound = outcome.value
    return int(np.floor(bound + 1e-6))


def kept_lp_bound(
    rows: Rows, keep: NDArray[np.float64], weight: NDArray[np.float64], *, floor: float, time_limit: float
) -> float:
    """An upper bound on keep @ x over x in [0, 1]^n with rows @ x <= upper and weight @ x >= floor,
    certified by weak duality (as `milp.lp_bound`): for any y >= 0 and z >= 0,
        keep @ x <= upper @ y - floor * z + sum_j max(0, keep_j - (A^T y)_j + z * weight_j),
    so PDLP's approximate duals give a sound bound. Both signs of the weight row's dual are tried (each
    gives a valid bound; the solver's sign convention decides which is the tight one)."""
    import highspy  # noqa: PLC0415 - a C++ extension; loaded only when a solve needs it

    n = int(keep.shape[0])
    highs = new_highs()
    highs.setOptionValue("solver", "pdlp")
    for option in ("primal_feasibility_tolerance", "dual_feasibility_tolerance", "optimality_tolerance"):
        highs.setOptionValue(option, 1e-4)
    highs.setOptionValue("time_limit", max(0.5, time_limit))
    _load(highs, rows, keep, integral=False)
    heavy = np.flatnonzero(weight > 0).astype(np.int32)
    highs.addRow(floor, highspy.kHighsInf, int(heavy.shape[0]), heavy, weight[heavy])
    highs.run()
    duals = np.asarray(highs.getSolution().row_dual, dtype=np.float64)
    trivial = float(keep.sum())
    if duals.shape[0] != rows.count + 1:
        return trivial
    y = np.maximum(duals[: rows.count], 0.0)
    row_of_entry = np.repeat(np.arange(rows.count), np.diff(rows.starts))
    aty = np.bincount(rows.index, weights=y[row_of_entry], minlength=n)
    best = trivial
    for z in {abs(float(duals[-1])), 0.0}:
        best = min(best, float(rows.upper @ y - floor * z + np.maximum(0.0, keep - aty + z * weight).sum()))
    return best
