"""Rooms for the placed meetings: best fit, a local exact re-rooming (CP-SAT, in the killable solver process) of
what best fit could not room, and the free gaps filled again."""

from __future__ import annotations

from collections.abc import Sequence
from time import perf_counter

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler.candidates import Candidates
from mufakat.bilaterals.scheduler.instance import Assignment
from mufakat.bilaterals.scheduler.rooms import Booking, Movable, Option, best_fit, reroom
from mufakat.bilaterals.scheduler.search import Search


def place_rooms(
    c: Candidates, search: Search, starts: dict[int, int], previous: Sequence[Assignment], deadline: float
) -> tuple[list[Assignment], int]:
    """Rooms by best fit. A meeting left without a room gets a local exact re-rooming of the
    meetings around it, in which it may also move; what still has no room is dropped, and free
    gaps are then filled again with real rooms. Returns the assignments and how many meetings best
    fit could not room."""
    instance = c.instance
    previous_room = {a.request_id: (a.start, a.room_id) for a in previous}
    bookings = []
    for i, start in starts.items():
        request = instance.requests[i]
        before = previous_room.get(request.id)
        room = c.room_index.get(before[1]) if before is not None and before[0] == start else None
        bookings.append(Booking(i, start, start + request.duration, int(c.size[i]), float(c.weight[i]), room))
    rooms, unroomed = best_fit(bookings, c.room_free, c.capacity)
    placement = {i: (start, rooms.get(i, -1)) for i, start in starts.items()}
    before_rooms = {b.key: b.previous_room for b in bookings}
    for u in sorted(unroomed, key=lambda i: (-c.weight[i], i)):
        left = deadline - perf_counter()
        if left > 0.1 and placement[u][1] < 0:
            _repair(c, search, placement, u, before_rooms, time_limit=min(REPAIR_SECONDS, left / 2))
    dropped = [i for i, (_, room) in placement.items() if room < 0]
    for i in dropped:
        placement.pop(i)
    search.unplace(np.array(dropped, dtype=np.int64))
    if dropped:
        free = c.room_free.copy()
        for i, (start, room) in placement.items():
            free[room, start : start + instance.requests[i].duration] = False
        for i in sorted((int(i) for i in search.movable), key=lambda i: (-c.weight[i], i)):
            if search.assigned[i] < 0:
                placed = _place_with_room(c, search, i, free)
                if placed is not None:
                    placement[i] = placed
    assignments = [Assignment(instance.requests[i].id, s, instance.rooms[k].id) for i, (s, k) in placement.items()]
    assignments += list(c.pins.values())
    assignments.sort(key=lambda a: (a.start, a.room_id, a.request_id))
    return assignments, len(unroomed)


REPAIR_WINDOW = 8  # grains either side of a meeting without a room: the meetings re-roomed with it
REPAIR_SECONDS = 2.0


def _repair(
    c: Candidates,
    search: Search,
    placement: dict[int, tuple[int, int]],
    focus: int,
    before_rooms: dict[int, int | None],
    *,
    time_limit: float,
) -> None:
    """Re-room the meetings lying within two hours of `focus` exactly, `focus` included at any start
    its principals allow in that window; meetings reaching outside the window keep their rooms."""
    duration = c.duration
    lo = placement[focus][0] - REPAIR_WINDOW
    hi = placement[focus][0] + int(duration[focus]) + REPAIR_WINDOW
    inside = [i for i, (s, _) in placement.items() if i != focus and lo <= s and s + int(duration[i]) <= hi]
    held = set(inside) | {focus}
    free = c.room_free.copy()
    for i, (s, k) in placement.items():
        if i not in held and k >= 0:
            free[k, s : s + int(duration[i])] = False
    search.unplace(np.array([focus], dtype=np.int64))
    variables = np.arange(c.offsets[focus], c.offsets[focus + 1], dtype=np.int64)
    starts = [int(t) for t in c.var_start[variables[search.fits(variables)]] if lo <= t and t + duration[focus] <= hi]

    def options(i: int, times: list[int]) -> tuple[Option, ...]:
        d = int(duration[i])
        return tuple(
            Option(t, int(k))
            for t in times
            for k in np.flatnonzero((c.capacity >= c.size[i]) & free[:, t : t + d].all(axis=1))
        )

    movables = [
        Movable(
            i,
            int(duration[i]),
            float(c.weight[i]),
            options(i, [placement[i][0]]),
            Option(*placement[i]),
            before_rooms.get(i),
        )
        for i in inside
    ]
    movables.append(
        Movable(
            focus,
            int(duration[focus]),
            float(c.weight[focus]),
            options(focus, starts),
            Option(placement[focus][0], -1),
            before_rooms.get(focus),
        )
    )
    if search.process is None:
        chosen = reroom(movables, time_limit=time_limit)
    else:
        outcome = search.process.call("rooms", reroom, movables, time_limit=time_limit, budget=1.5 * time_limit + 0.2)
        # Killed: as when CP-SAT finds nothing, the meetings keep the rooms they have.
        chosen = outcome.value if outcome.value is not None else _current_rooms(movables)
    for i in inside:
        option = chosen.get(i)
        placement[i] = (placement[i][0], option.room if option is not None else -1)
    option = chosen.get(focus)
    if option is None:
        placement[focus] = (placement[focus][0], -1)
        return
    placement[focus] = (option.start, option.room)
    v = c.var_of(focus, option.start)
    if v is not None:
        search.place(np.array([v], dtype=np.int64))


def _current_rooms(movables: list[Movable]) -> dict[int, Option]:
    return {m.key: m.current for m in movables if m.current is not None and m.current.room >= 0}


def _place_with_room(c: Candidates, search: Search, i: int, free: NDArray[np.bool_]) -> tuple[int, int] | None:
    duration = int(c.duration[i])
    variables = np.arange(c.offsets[i], c.offsets[i + 1])
    for v in variables[search.fits(variables)]:
        start = int(c.var_start[v])
        fits = np.flatnonzero((c.capacity >= c.size[i]) & free[:, start : start + duration].all(axis=1))
        if fits.shape[0]:
            room = int(min(fits, key=lambda k: (int(c.capacity[k]), int(k))))
            search.place(np.array([v], dtype=np.int64))
            free[room, start : start + duration] = False
            return start, room
    return None
