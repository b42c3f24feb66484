"""`solve`: the optimiser, from an instance to a validated schedule with its bound and reasons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from time import perf_counter
from typing import TypedDict

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler.bound import Stall
from mufakat.bilaterals.scheduler.candidates import prepare
from mufakat.bilaterals.scheduler.child import SolverProcess
from mufakat.bilaterals.scheduler.compact import Compactness, compact
from mufakat.bilaterals.scheduler.explain import explain
from mufakat.bilaterals.scheduler.gaps import gaps_by_principal
from mufakat.bilaterals.scheduler.instance import Assignment, Instance, Move, Observe, Result
from mufakat.bilaterals.scheduler.milp import Relaxation, build_rows, lp_bound
from mufakat.bilaterals.scheduler.placing import place_rooms
from mufakat.bilaterals.scheduler.reschedule import fewest_moves
from mufakat.bilaterals.scheduler.search import EXACT_LIMIT, Search, Trace

NEIGHBOURHOOD_SECONDS = 0.1


class SolveStopped(Exception):
    """The caller's `stop` said so (a cancelled job): there is no schedule to return."""


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    previous: Sequence[Assignment] = (),
    progress: Callable[[str], None] | None = None,
    mip_gap: float = 0.001,
    secondary_time: float | None = None,
    observe: Observe | None = None,
    stop: Callable[[], bool] | None = None,
    gap_fairness: int = 2,
) -> Result:
    """Schedule as much priority weight as possible, prove how close that is to the best possible,
    and say why each request left out is left out.

    With `previous` (rescheduling), keeping previous starts ranks right below weight: no meeting is
    ever given up to avoid a move. Once the weight is within `mip_gap` of its bound (or with 30 % of
    the search time left), a second stage keeps as many previous starts as possible exactly, the
    weight held; `Result.moves_minimum` is a proven lower bound on the previous meetings any schedule
    at least that heavy re-times or drops (their own count when the stage finished). `secondary_time`
    (default a fifth of `time_limit`) is spent, once the weight is within `mip_gap` of the bound, on
    the fairness and preferred-time terms.

    Below the weight (and, when rescheduling, the previous starts kept), the meetings placed are
    re-timed to leave the fewest idle gaps in the principals' days, then so that no principal has more
    than `gap_fairness` gaps above the one with fewest, then at preferred times (compact.py); this
    stage gets the time the weight search leaves once the weight is within `mip_gap` of its bound.

    Every solver call (HiGHS; CP-SAT for rooms) runs in a child process killed at its budget, so the
    time limit holds whatever the solver does; `Result.cut` names the phases that lost a call that
    way, `Result.seconds` is the time used.

    `observe` is given the weight, bound and gap as they move (at most once a second, and at the end);
    `stop` is asked between the solve's steps whether to give up, which raises SolveStopped."""
    started = perf_counter()
    deadline = started + time_limit
    trace = Trace(started, progress, observe)
    stop = stop or (lambda: False)
    if not instance.requests:
        return Result(
            [], [], 0.0, 0.0, "empty", "highs", perf_counter() - started, log=["no requests"], time_limit=time_limit
        )
    # The child is started while the program is built: the first one in a process waits for the
    # forkserver to import numpy, highspy and OR-Tools (about a second on a loaded machine).
    process = SolverProcess()
    process.start_soon()
    try:
        return _solve(
            instance,
            process,
            started=started,
            deadline=deadline,
            time_limit=time_limit,
            previous=previous,
            trace=trace,
            mip_gap=mip_gap,
            secondary_time=secondary_time,
            stop=stop,
            gap_fairness=gap_fairness,
        )
    finally:
        process.close()


def _solve(
    instance: Instance,
    process: SolverProcess,
    *,
    started: float,
    deadline: float,
    time_limit: float,
    previous: Sequence[Assignment],
    trace: Trace,
    mip_gap: float,
    secondary_time: float | None,
    stop: Callable[[], bool],
    gap_fairness: int = 2,
) -> Result:
    c = prepare(instance, previous=previous)
    rows = build_rows(c)
    _check(stop)
    trace.say(
        force=True,
        note=(
            f"  ({len(instance.requests)} requests: {len(c.pins)} pinned, {len(c.excluded)} set aside; "
            f"{c.n_vars} candidate starts, {rows.count} rows)"
        ),
    )
    index: dict[str, int] = {}
    for i, r in enumerate(instance.requests):
        index.setdefault(r.id, i)  # a repeated id is set aside as invalid; the first one counts
    keep = np.zeros(c.n_vars, dtype=np.bool_)
    kept_first = []
    for a in previous:
        at = index.get(a.request_id)
        v = c.var_of(at, a.start) if at is not None and at not in c.pins else None
        if v is not None:
            keep[v] = True
            kept_first.append(v)
    pinned_weight = float(sum(c.weight[i] for i in c.pins))
    ceiling = pinned_weight + float(c.weight[np.flatnonzero(np.diff(c.offsets) > 0)].sum())
    search = Search(c, rows, keep=keep, pinned_weight=pinned_weight, trace=trace, process=process)

    by_priority = np.array(sorted(search.movable, key=lambda i: (-c.weight[i], i)), dtype=np.int64)
    kept_order = np.array(sorted(kept_first, key=lambda v: (-c.weight[c.var_request[v]], v)), dtype=np.int64)
    search.fill_vars(kept_order)
    search.fill(by_priority)
    trace.update(best=search.primary(), bound=ceiling, mip_gap=mip_gap)

    secondary_budget = time_limit / 5 if secondary_time is None else secondary_time
    # Rooms, repairs and reasons come after the search; keep them inside the time limit too. They take
    # up to half as long again as building the program did, which also tells how loaded the machine is
    # (loaded machine, after and before: S heavy 0.2 s and 0.15 s, L balanced 1.7 s and 2.6 s, L heavy
    # 9 s and 7 s).
    reserve = max(min(0.1 * time_limit, 5.0), 1.5 * (perf_counter() - started))
    stopped_early = False
    movable = set(search.movable.tolist())
    # Compactness (issue 19) gets the time the weight leaves once it is proven, none before: the weight
    # ranks first (with a tenth of the time set aside, S heavy lost 1.9 % of its weight on a loaded machine).
    if c.n_vars:
        stopped_early = _optimise(
            search,
            ceiling=ceiling,
            deadline=deadline - reserve,
            time_limit=time_limit,
            mip_gap=mip_gap,
            secondary_budget=secondary_budget,
            rescheduling=bool(previous),
            stop=stop,
            previous_count=len({index[a.request_id] for a in previous if a.request_id in index} & movable),
        )
    _check(stop)
    compactness = compact(search, fairness=gap_fairness, deadline=deadline - reserve) if c.n_vars else Compactness()
    trace.lines += compactness.lines
    _check(stop)

    starts = {int(c.var_request[v]): int(c.var_start[v]) for v in search.assigned[search.assigned >= 0]}
    before_rooms = search.primary()
    assignments, lost = place_rooms(c, search, starts, previous, deadline - 0.3 * reserve)
    process.close()
    if process.cuts:
        cut = ", ".join(f"{phase} {count} of {process.calls[phase]}" for phase, count in process.cuts.items())
        trace.lines.append(f"solver calls killed at their budget: {cut}")
    if process.inline:
        trace.lines.append("no solver process could be started: HiGHS ran here, with only its own time limits")
    objective = float(sum(c.weight[index[a.request_id]] for a in assignments))
    if lost:
        trace.lines.append(
            f"rooms: {lost} meeting(s) fit the room counts but no single room; re-solved locally with rooms "
            f"decided exactly: weight {before_rooms:g} -> {objective:g}"
        )
    bound = max(objective, min(trace.bound, ceiling))
    gap = (bound - objective) / bound if bound > 0 else 0.0
    trace.best, trace.bound = objective, bound  # the last line (and observer) get the figures returned
    trace.say(force=True, note="  (final)")
    return Result(
        assignments=assignments,
        unscheduled=explain(c, assignments, stopped_early=stopped_early),
        objective=objective,
        bound=bound,
        status="optimal" if gap <= mip_gap + 1e-12 else "feasible",
        solver="highs",
        seconds=perf_counter() - started,
        seconds_to_first=trace.first,
        seconds_to_1pct=trace.within_1pct,
        moves=moves(previous, assignments) if previous else [],
        log=trace.lines,
        seconds_to_gap=trace.proven if gap <= mip_gap + 1e-12 else None,
        time_limit=time_limit,
        cut=list(process.cuts),
        moves_minimum=search.moves_minimum,
        # The gaps' bound holds for the meetings placed before rooms: if rooms dropped one, it is void.
        **_compactness_fields(
            instance, assignments, compactness if objective >= before_rooms else Compactness(), gap_fairness
        ),
    )


class _CompactnessFields(TypedDict):
    gaps: int
    gaps_bound: int
    gaps_by_principal: dict[str, int]
    gap_fairness: int


def _compactness_fields(
    instance: Instance, assignments: list[Assignment], compactness: Compactness, gap_fairness: int
) -> _CompactnessFields:
    """The compactness figures of the schedule returned (recounted after rooms, which may have moved a meeting)."""
    by_principal = gaps_by_principal(instance, assignments)
    gaps = sum(by_principal.values())
    return {
        "gaps": gaps,
        "gaps_bound": min(gaps, compactness.bound),
        "gaps_by_principal": by_principal,
        "gap_fairness": gap_fairness,
    }


def _optimise(
    search: Search,
    *,
    ceiling: float,
    deadline: float,
    time_limit: float,
    mip_gap: float,
    secondary_budget: float,
    rescheduling: bool,
    stop: Callable[[], bool],
    previous_count: int = 0,
) -> bool:
    """LP bound, a schedule rounded from the LP, the whole program by HiGHS when it is small, else
    neighbourhoods until the gap closes and the secondary time is spent. Returns whether it stopped
    on the clock with the gap still open."""
    trace = search.trace
    # PDLP is capped: any stop still certifies a bound, only a weaker one the earlier it stops
    # (L heavy: 15,074 after 8 s, 13,638 after 15 s, 13,278 after 25 s, against the LP's ~13,150).
    relaxation = _relaxation(
        search,
        ceiling=ceiling - search.pinned_weight,
        time_limit=min(max(1.0, 0.15 * time_limit), max(0.5, (deadline - perf_counter()) * 0.5)),
        deadline=deadline,
    )
    lp = search.pinned_weight + float(np.floor(relaxation.bound + 1e-6))
    trace.lines.append(f"LP relaxation ({relaxation.solver_status}) in {relaxation.seconds:.1f} s: bound {lp:g}")
    trace.update(bound=lp, mip_gap=mip_gap)
    if not rescheduling:
        _try_lp_rounding(search, relaxation.values)
        trace.update(best=search.primary(), mip_gap=mip_gap)
    _check(stop)
    # No HiGHS branch and bound on the whole program first: measured beside a CPU hog, it was cut at
    # its budget (no first node before it) or made no schedule better, and the search lost that time
    # (S low proven at 1.8 s instead of 2.9 s without it, M low 4.2 s instead of 8.2 s, M balanced
    # 1,798 instead of 1,770 in 30 s, M heavy 2,305 instead of 2,281 in 40 s).
    if search.c.n_vars <= EXACT_LIMIT and _whole_program(
        search, deadline=deadline, mip_gap=mip_gap, previous_count=previous_count if rescheduling else None
    ):
        return False
    # Issue 19: once the search stalls, the whole program's bound in the background (bound.py).
    stall = Stall(search, time_limit=time_limit, deadline=deadline)
    try:
        rounds, proven = _rounds(
            search,
            stall,
            deadline=deadline,
            mip_gap=mip_gap,
            secondary_budget=secondary_budget,
            rescheduling=rescheduling,
            stop=stop,
            previous_count=previous_count,
        )
        stall.finish(mip_gap=mip_gap)
    finally:
        stall.close()
    sizes = ", ".join(f"{kind} {size:.0f}" for kind, size in search.budgets.items())
    trace.lines.append(f"neighbourhood search: {rounds} rounds, {proven} solved to optimality (sizes: {sizes})")
    return trace.gap() > mip_gap


def _rounds(
    search: Search,
    stall: Stall,
    *,
    deadline: float,
    mip_gap: float,
    secondary_budget: float,
    rescheduling: bool,
    stop: Callable[[], bool],
    previous_count: int,
) -> tuple[int, int]:
    """Neighbourhoods until the deadline, or until the gap closes and the secondary time is spent."""
    trace = search.trace
    secondary_until: float | None = None
    # Rescheduling's exact second stage runs once the weight is within the gap, or with 30 % of the
    # search's time left if it never gets there (a loaded machine): its minimum then holds for every
    # schedule at least as heavy, so also for any the neighbourhoods find after it.
    fewest_at = perf_counter() + 0.7 * (deadline - perf_counter()) if rescheduling else float("inf")
    rounds = proven = repeats = 0
    tried: set[int] = set()
    best, kept = search.primary(), search.kept()
    while True:
        stall.step(mip_gap=mip_gap)
        _check(stop)
        now = perf_counter()
        if now >= deadline - 0.05:
            break
        if now >= fewest_at or (rescheduling and fewest_at < float("inf") and trace.gap() <= mip_gap):
            fewest_at = float("inf")
            search.moves_minimum = fewest_moves(search, previous_count=previous_count, deadline=deadline)
            now = perf_counter()
        if secondary_until is None and trace.gap() <= mip_gap:
            # With every request placed the secondary terms leave only preferred starts, which the
            # compactness stage (its last tier) looks after: its time goes there.
            everyone = bool((search.assigned[search.movable] >= 0).all())
            secondary_until = min(deadline, now + (0.0 if everyone else secondary_budget))
            trace.say(force=True, note="  (weight within the gap; now fairness and preferred times)")
        if secondary_until is not None and now >= secondary_until:
            break
        requests, allowed = search.neighbourhood()
        key = hash((requests.tobytes(), None if allowed is None else np.packbits(allowed).tobytes()))
        if not requests.shape[0] or (key in tried and repeats < 50):
            repeats += 1
            continue
        tried.add(key)
        repeats = 0
        limit = min(0.5, 0.8 * (deadline - now))  # HiGHS stops itself before it would be killed, if it can
        began = perf_counter()
        optimal, _ = search.reoptimise(
            requests,
            allowed,
            secondary=secondary_until is not None,
            time_limit=limit,
            budget=min(1.5 * limit, deadline - now),
        )
        took = perf_counter() - began
        rounds += 1
        proven += optimal
        # Neighbourhoods sized so HiGHS proves each in about a tenth of a second: many small proven
        # steps beat a few large ones that time out at the root.
        search.adapt(optimal=optimal, took=took, target=NEIGHBOURHOOD_SECONDS)
        if search.primary() > best or search.kept() > kept:
            best, kept = search.primary(), search.kept()
            tried.clear()  # the schedule changed, so every neighbourhood is worth another look
        trace.update(best=search.primary(), mip_gap=mip_gap)
    return rounds, proven


def _whole_program(search: Search, *, deadline: float, mip_gap: float, previous_count: int | None) -> bool:
    """The whole program as one neighbourhood; returns whether HiGHS proved it optimal."""
    trace = search.trace
    limit = max(0.1, (deadline - perf_counter()) * 0.5)
    optimal, _ = search.reoptimise(
        search.movable,
        None,
        secondary=True,
        time_limit=limit,
        budget=min(1.5 * limit, deadline - perf_counter()),
        phase="whole program",
    )
    trace.update(best=search.primary(), mip_gap=mip_gap)
    if optimal:
        trace.update(bound=search.primary(), mip_gap=mip_gap)
        trace.lines.append("the whole program was solved to optimality by HiGHS")
        if previous_count is not None:  # keeping previous starts is its second tier: the fewest moves too
            search.moves_minimum = previous_count - search.kept()
    return optimal


def _check(stop: Callable[[], bool]) -> None:
    if stop():
        raise SolveStopped


def _relaxation(search: Search, *, ceiling: float, time_limit: float, deadline: float) -> Relaxation:
    """`lp_bound`, killed after twice its time limit or half the time left, whichever is longer (PDLP
    stops on time, but loading and presolving a large program do not look at the clock: L balanced,
    1.2 s limit, took 3.7 s on a loaded machine), or at the deadline: then the bound is the ceiling."""
    args = (search.rows, search.var_weight)
    if search.process is None:
        return lp_bound(*args, ceiling=ceiling, time_limit=time_limit)
    left = deadline - perf_counter()
    budget = min(max(2.0 * time_limit + 0.5, 0.5 * left), left)
    outcome = search.process.call("LP bound", lp_bound, *args, ceiling=ceiling, time_limit=time_limit, budget=budget)
    if outcome.value is not None:
        return outcome.value
    return Relaxation(ceiling, np.zeros(search.c.n_vars), outcome.seconds, f"killed at its budget of {budget:.1f} s")


def _try_lp_rounding(search: Search, values: NDArray[np.float64]) -> None:
    """Keep whichever first schedule is heavier: the priority greedy one, or one built by placing
    candidates in order of their LP value."""
    c = search.c
    before = search.assigned.copy()
    weight_before = search.primary()
    search.unplace(np.arange(len(c.instance.requests), dtype=np.int64))
    order = np.lexsort((-search.var_weight, -values))
    search.fill_vars(order[values[order] > 0.05].astype(np.int64))
    search.fill(np.array(sorted(search.movable, key=lambda i: (-c.weight[i], i)), dtype=np.int64))
    if search.primary() < weight_before:
        search.unplace(np.arange(len(c.instance.requests), dtype=np.int64))
        search.place(before[before >= 0])


def moves(previous: Sequence[Assignment], assignments: Sequence[Assignment]) -> list[Move]:
    """Every request whose placement differs: moved in time or room, dropped, or newly placed."""
    before = {a.request_id: a for a in previous}
    after = {a.request_id: a for a in assignments}
    out = []
    for request_id in sorted(before.keys() | after.keys()):
        old, new = before.get(request_id), after.get(request_id)
        if old is None or new is None or (old.start, old.room_id) != (new.start, new.room_id):
            out.append(Move(request_id, old, new))
    return out
