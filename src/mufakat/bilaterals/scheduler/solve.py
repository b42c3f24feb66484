"""`solve`: the optimiser, from an instance to a validated schedule with its bound and reasons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from time import perf_counter

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler.candidates import Candidates, prepare
from mufakat.bilaterals.scheduler.explain import explain
from mufakat.bilaterals.scheduler.instance import Assignment, Instance, Move, Result
from mufakat.bilaterals.scheduler.milp import build_rows, lp_bound
from mufakat.bilaterals.scheduler.rooms import Booking, Movable, Option, assign_rooms, retime
from mufakat.bilaterals.scheduler.search import EXACT_LIMIT, Search, Trace

ROOM_REPAIR_SECONDS = 5.0
NEIGHBOURHOOD_SECONDS = 0.3


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    previous: Sequence[Assignment] = (),
    progress: Callable[[str], None] | None = None,
    mip_gap: float = 0.001,
    secondary_time: float | None = None,
) -> Result:
    """Schedule as much priority weight as possible, prove how close that is to the best possible,
    and say why each request left out is left out.

    With `previous` (rescheduling), keeping previous starts ranks right below weight: no meeting is
    ever given up to avoid a move. `secondary_time` (default a fifth of `time_limit`) is spent, once
    the weight is within `mip_gap` of the bound, on the fairness and preferred-time terms."""
    started = perf_counter()
    deadline = started + time_limit
    trace = Trace(started, progress)
    if not instance.requests:
        return Result([], [], 0.0, 0.0, "empty", "highs", perf_counter() - started, log=["no requests"])
    c = prepare(instance, previous=previous)
    rows = build_rows(c)
    trace.say(
        force=True,
        note=(
            f"  ({len(instance.requests)} requests: {len(c.pins)} pinned, {len(c.excluded)} set aside; "
            f"{c.n_vars} candidate starts, {rows.count} rows)"
        ),
    )
    index = {r.id: i for i, r in enumerate(instance.requests)}
    keep = np.zeros(c.n_vars, dtype=np.bool_)
    kept_first = []
    for a in previous:
        i = index.get(a.request_id)
        v = c.var_of(i, a.start) if i is not None and i not in c.pins else None
        if v is not None:
            keep[v] = True
            kept_first.append(v)
    pinned_weight = float(sum(c.weight[i] for i in c.pins))
    ceiling = pinned_weight + float(c.weight[np.flatnonzero(np.diff(c.offsets) > 0)].sum())
    search = Search(c, rows, keep=keep, pinned_weight=pinned_weight, trace=trace)

    by_priority = np.array(sorted(search.movable, key=lambda i: (-c.weight[i], i)), dtype=np.int64)
    kept_order = np.array(sorted(kept_first, key=lambda v: (-c.weight[c.var_request[v]], v)), dtype=np.int64)
    search.fill_vars(kept_order)
    search.fill(by_priority)
    trace.update(best=search.primary(), bound=ceiling, mip_gap=mip_gap)

    secondary_budget = time_limit / 5 if secondary_time is None else secondary_time
    exact = c.n_vars <= EXACT_LIMIT
    stopped_early = False
    if c.n_vars and exact:
        optimal, bound = search.reoptimise(
            search.movable, None, secondary=True, time_limit=max(0.1, deadline - perf_counter())
        )
        trace.update(best=search.primary(), bound=pinned_weight + bound if optimal else None, mip_gap=mip_gap)
        if optimal:
            trace.update(bound=search.primary(), mip_gap=mip_gap)
        stopped_early = not optimal
    elif c.n_vars:
        stopped_early = _large(search, rows, ceiling, deadline, mip_gap, secondary_budget, bool(previous))

    starts = {int(c.var_request[v]): int(c.var_start[v]) for v in search.assigned[search.assigned >= 0]}
    assignments, lost = _rooms(c, search, starts, previous, deadline)
    objective = float(sum(c.weight[index[a.request_id]] for a in assignments))
    if lost:
        trace.lines.append(f"room repair: {lost} meeting(s) could not be roomed and were re-placed or dropped")
    bound = max(objective, min(trace.bound, ceiling))
    gap = (bound - objective) / bound if bound > 0 else 0.0
    trace.best = objective
    trace.say(force=True, note="  (final)")
    return Result(
        assignments=assignments,
        unscheduled=explain(c, assignments, stopped_early=stopped_early),
        objective=objective,
        bound=bound,
        status="optimal" if gap <= mip_gap + 1e-12 and not lost else "feasible",
        solver="highs",
        seconds=perf_counter() - started,
        seconds_to_first=trace.first,
        seconds_to_1pct=trace.within_1pct,
        moves=moves(previous, assignments) if previous else [],
        log=trace.lines,
    )


def _large(
    search: Search,
    rows: object,
    ceiling: float,
    deadline: float,
    mip_gap: float,
    secondary_budget: float,
    rescheduling: bool,
) -> bool:
    """LP bound, a schedule rounded from the LP, then neighbourhoods until the gap closes and the
    secondary time is spent. Returns whether it stopped on the clock with the gap still open."""
    c, trace = search.c, search.trace
    relaxation = lp_bound(
        search.rows,
        search.var_weight,
        ceiling=ceiling - search.pinned_weight,
        time_limit=max(0.5, (deadline - perf_counter()) * 0.5),
    )
    lp = search.pinned_weight + float(np.floor(relaxation.bound + 1e-6))
    trace.lines.append(f"LP relaxation ({relaxation.solver_status}) in {relaxation.seconds:.1f} s: bound {lp:g}")
    trace.update(bound=lp, mip_gap=mip_gap)
    if not rescheduling:
        _try_lp_rounding(search, relaxation.values)
        trace.update(best=search.primary(), mip_gap=mip_gap)
    secondary_until: float | None = None
    rounds = proven = repeats = 0
    tried: set[int] = set()
    best, kept = search.primary(), search.kept()
    while True:
        now = perf_counter()
        if now >= deadline - 0.05:
            break
        if secondary_until is None and trace.gap() <= mip_gap:
            secondary_until = min(deadline, now + secondary_budget)
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
        limit = min(1.0, deadline - now)
        began = perf_counter()
        optimal, _ = search.reoptimise(requests, allowed, secondary=secondary_until is not None, time_limit=limit)
        took = perf_counter() - began
        rounds += 1
        proven += optimal
        # Neighbourhoods sized so HiGHS proves each in a few tenths of a second: many small proven
        # steps beat a few large ones that time out at the root.
        if optimal and took < 0.5 * NEIGHBOURHOOD_SECONDS:
            search.budget = min(40000.0, search.budget * 1.2)
        elif not optimal or took > 2 * NEIGHBOURHOOD_SECONDS:
            search.budget = max(100.0, search.budget * 0.7)
        if search.primary() > best or search.kept() > kept:
            best, kept = search.primary(), search.kept()
            tried.clear()  # the schedule changed, so every neighbourhood is worth another look
        trace.update(best=search.primary(), mip_gap=mip_gap)
    trace.lines.append(f"neighbourhood search: {rounds} rounds, {proven} solved to optimality")
    return trace.gap() > mip_gap


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


def _rooms(
    c: Candidates, search: Search, starts: dict[int, int], previous: Sequence[Assignment], deadline: float
) -> tuple[list[Assignment], int]:
    """Rooms by colouring. A meeting left without a room is re-solved locally with rooms decided
    exactly (the meetings within two hours of it may move); what still has no room is dropped, and
    free gaps are then filled again with real rooms. Returns the assignments and how many meetings
    the colouring could not room at first."""
    instance = c.instance
    previous_room = {a.request_id: (a.start, a.room_id) for a in previous}
    bookings = []
    for i, start in starts.items():
        request = instance.requests[i]
        before = previous_room.get(request.id)
        room = c.room_index.get(before[1]) if before is not None and before[0] == start else None
        bookings.append(Booking(i, start, start + request.duration, int(c.size[i]), float(c.weight[i]), room))
    budget = min(ROOM_REPAIR_SECONDS, max(0.5, deadline - perf_counter()))
    rooms, unroomed = assign_rooms(bookings, c.room_free, c.capacity, time_limit=budget)
    placement = {i: (start, rooms.get(i, -1)) for i, start in starts.items()}
    for u in sorted(unroomed, key=lambda i: (-c.weight[i], i)):
        if u in placement and placement[u][1] < 0:
            _retime_around(c, search, placement, u, time_limit=budget)
    dropped = [i for i, (_, room) in placement.items() if room < 0]
    for i in dropped:
        placement.pop(i)
    search.unplace(np.array(dropped, dtype=np.int64))
    if unroomed:
        free = c.room_free.copy()
        for i, (start, room) in placement.items():
            free[room, start : start + instance.requests[i].duration] = False
        for i in sorted(search.movable, key=lambda i: (-c.weight[i], i)):
            if search.assigned[i] < 0:
                placed = _place_with_room(c, search, int(i), free)
                if placed is not None:
                    placement[int(i)] = placed
    assignments = [Assignment(instance.requests[i].id, s, instance.rooms[k].id) for i, (s, k) in placement.items()]
    assignments += list(c.pins.values())
    assignments.sort(key=lambda a: (a.start, a.room_id, a.request_id))
    return assignments, len(unroomed)


REPAIR_WINDOW = 8  # grains either side of a meeting left without a room that the local re-solve may use


def _retime_around(
    c: Candidates, search: Search, placement: dict[int, tuple[int, int]], focus: int, *, time_limit: float
) -> None:
    instance = c.instance
    buffer = max(0, instance.buffer)
    duration = c.duration
    lo = placement[focus][0] - REPAIR_WINDOW
    hi = placement[focus][0] + int(duration[focus]) + REPAIR_WINDOW
    near = [i for i, (s, _) in placement.items() if s < hi and s + int(duration[i]) > lo]
    inside = set(near)
    free = c.room_free.copy()
    fixed: dict[int, list[tuple[int, int]]] = {}
    for i, (s, k) in placement.items():
        if i in inside:
            continue
        if k >= 0:
            free[k, s : s + int(duration[i])] = False
        for p in c.members[i]:
            fixed.setdefault(p, []).append((s, min(c.horizon, s + int(duration[i]) + buffer)))
    movables = []
    for i in near:
        d, current = int(duration[i]), placement[i]
        options = []
        for t in c.starts(i):
            start = int(t)
            if not (lo <= start and start + d <= hi) and start != current[0]:
                continue
            fits = np.flatnonzero((c.capacity >= c.size[i]) & free[:, start : start + d].all(axis=1))
            options += [Option(start, int(k)) for k in fits]
        movables.append(Movable(i, c.members[i], d, float(c.weight[i]), tuple(options), Option(*current)))
    chosen = retime(movables, fixed, buffer=buffer, time_limit=time_limit)
    search.unplace(np.array(near, dtype=np.int64))
    for i in near:
        option = chosen.get(i)
        if option is None:
            placement[i] = (placement[i][0], -1)
            continue
        placement[i] = (option.start, option.room)
        v = c.var_of(i, option.start)
        if v is not None:
            search.place(np.array([v], dtype=np.int64))


def _place_with_room(c: Candidates, search: Search, i: int, free: NDArray[np.bool_]) -> tuple[int, int] | None:
    duration = int(c.duration[i])
    variables = np.arange(c.offsets[i], c.offsets[i + 1])
    for v in variables[search._fits(variables)]:  # noqa: SLF001 - the search's own feasibility test
        start = int(c.var_start[v])
        fits = np.flatnonzero((c.capacity >= c.size[i]) & free[:, start : start + duration].all(axis=1))
        if fits.shape[0]:
            room = int(min(fits, key=lambda k: (int(c.capacity[k]), int(k))))
            search.place(np.array([v], dtype=np.int64))
            free[room, start : start + duration] = False
            return start, room
    return None


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
