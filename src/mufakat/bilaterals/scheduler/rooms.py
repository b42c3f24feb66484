"""Concrete rooms for a timetable whose room use was only counted per capacity class.

Counting rooms per grain is exact for rooms of one size that stay open all day, but rooms of mixed
sizes (a bilateral may sit in a trilateral room) or rooms that open and close can leave a meeting
with no single room free for its whole duration even though every count held. Best fit by start
time rooms nearly everything; for each meeting it leaves out, `reroom` re-decides the rooms of the
meetings within a few hours of it exactly (CP-SAT, one optional interval per meeting and room, no
overlap per room), letting that one meeting also move to another start its principals allow. What
even that cannot room, the caller drops: the schedule returned is never invalid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Booking:
    key: int  # the caller's id for the meeting (request index)
    start: int
    end: int
    seats: int
    weight: float
    previous_room: int | None = None  # room index it had before, kept when still possible


def best_fit(
    bookings: Sequence[Booking], free: NDArray[np.bool_], capacity: NDArray[np.int64]
) -> tuple[dict[int, int], list[int]]:
    """Room index for each booking's key, and the keys left without a room. `free` is (rooms,
    horizon): open and not held by a meeting outside `bookings`; it is not modified.

    By start time, each meeting takes the smallest room that fits. A meeting that must take a
    larger room (the small ones are full) takes one only where that leaves enough larger rooms for
    the larger meetings not yet placed that overlap it; where no choice does, it takes one anyway."""
    free = free.copy()
    horizon = free.shape[1]
    levels = sorted({b.seats for b in bookings})
    # Meetings still to be roomed per seat level (seats >= level) and grain.
    pending = {level: np.zeros(horizon, dtype=np.int64) for level in levels}
    for b in bookings:
        for level in levels:
            if b.seats >= level:
                pending[level][b.start : b.end] += 1
    rooms: dict[int, int] = {}
    unroomed: list[int] = []
    # Meetings returning to their previous room go first: those rooms were consistent before.
    order = sorted(bookings, key=lambda b: (b.previous_room is None, b.start, -b.seats, b.key))
    for booking in order:
        for level in levels:
            if booking.seats >= level:
                pending[level][booking.start : booking.end] -= 1
        fits = np.flatnonzero((capacity >= booking.seats) & free[:, booking.start : booking.end].all(axis=1))
        if not fits.shape[0]:
            unroomed.append(booking.key)
            continue
        if booking.previous_room is not None and booking.previous_room in fits:
            room = booking.previous_room
        else:
            room = min(
                (int(k) for k in fits),
                key=lambda k: _cost(booking, k, free=free, capacity=capacity, pending=pending, levels=levels),
            )
        free[room, booking.start : booking.end] = False
        rooms[booking.key] = int(room)
    return rooms, unroomed


def _cost(
    booking: Booking,
    room: int,
    *,
    free: NDArray[np.bool_],
    capacity: NDArray[np.int64],
    pending: dict[int, NDArray[np.int64]],
    levels: list[int],
) -> tuple[int, int, int, int]:
    """Lower is better: first whether taking `room` leaves too few larger rooms for the larger
    meetings still to come, then its size, then how tightly it fits in time."""
    span = slice(booking.start, booking.end)
    short = 0
    for level in levels:
        if level <= booking.seats or capacity[room] < level:
            continue
        left = free[capacity >= level, span].sum(axis=0) - 1
        short += int(np.maximum(pending[level][span] - left, 0).sum())
    return short, int(capacity[room]), _slack_after(free[room], booking.end), room


def _slack_after(row: NDArray[np.bool_], end: int) -> int:
    """Free grains right after `end`: the smaller, the tighter the fit."""
    rest = row[end:]
    taken = np.flatnonzero(~rest)
    return int(taken[0]) if taken.shape[0] else int(rest.shape[0])


@dataclass(frozen=True)
class Option:
    start: int
    room: int


@dataclass(frozen=True)
class Movable:
    """A meeting whose room (and, for the one being repaired, start) the local re-solve decides."""

    key: int
    duration: int
    weight: float
    options: tuple[Option, ...]
    current: Option | None  # where it is now; room -1 when it has none
    previous_room: int | None = None


def reroom(movables: Sequence[Movable], *, time_limit: float) -> dict[int, Option]:
    """Place as much weight of `movables` as possible, rooms decided exactly; among equal weight,
    keep each meeting's start, then its previous room, then its current room. The caller makes
    every option free of principal clashes and gives rooms held outside `movables` as taken.
    Returns the chosen option per placed key."""
    from ortools.sat.python import cp_model  # noqa: PLC0415 - loaded only for the rare repair

    model = cp_model.CpModel()
    literals: dict[tuple[int, Option], cp_model.IntVar] = {}
    per_room: dict[int, list[cp_model.IntervalVar]] = {}
    objective = []
    for m in movables:
        mine = []
        for option in m.options:
            literal = model.new_bool_var("")
            literals[m.key, option] = literal
            mine.append(literal)
            per_room.setdefault(option.room, []).append(
                model.new_optional_fixed_size_interval_var(option.start, m.duration, literal, "")
            )
            same_start = m.current is not None and m.current.start == option.start
            before = m.previous_room is not None and m.previous_room == option.room and same_start
            now = m.current is not None and m.current.room == option.room and same_start
            objective.append((round(m.weight * 1000) + 20 * same_start + 4 * before + now) * literal)
            if m.current is not None and m.current.room >= 0:
                model.add_hint(literal, m.current == option)
        model.add_at_most_one(mine)
    for intervals in per_room.values():
        model.add_no_overlap(intervals)
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {m.key: m.current for m in movables if m.current is not None and m.current.room >= 0}
    return {key: option for (key, option), literal in literals.items() if solver.boolean_value(literal)}
