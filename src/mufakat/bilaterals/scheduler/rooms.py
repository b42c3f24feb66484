"""Concrete rooms for a timetable whose room use was only counted per capacity class.

Counting rooms per grain is exact when rooms stay open all day, but rooms that open and close (or a
mix of sizes) can leave a meeting with no single room free for its whole duration even though the
count held at every grain. Best-fit by start time handles nearly every case; when it leaves a
meeting out, CP-SAT solves the assignment exactly (times fixed, one optional interval per meeting
and room, no overlap per room). What even that cannot room is returned to the caller, who takes it
out and tries to place it elsewhere: the schedule returned is never invalid.
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


def assign_rooms(
    bookings: Sequence[Booking],
    free: NDArray[np.bool_],
    capacity: NDArray[np.int64],
    *,
    time_limit: float,
) -> tuple[dict[int, int], list[int]]:
    """Room index for each booking's key, and the keys left without a room. `free` is
    (rooms, horizon): open and not held by a meeting outside `bookings`; it is not modified."""
    rooms, unroomed = _best_fit(bookings, free.copy(), capacity)
    if unroomed and time_limit > 0:
        rooms, unroomed = _exact(bookings, free, capacity, rooms, time_limit)
    return rooms, unroomed


def _best_fit(
    bookings: Sequence[Booking], free: NDArray[np.bool_], capacity: NDArray[np.int64]
) -> tuple[dict[int, int], list[int]]:
    rooms: dict[int, int] = {}
    unroomed: list[int] = []
    # Meetings returning to their previous room go first: those rooms were consistent before.
    order = sorted(bookings, key=lambda b: (b.previous_room is None, b.start, -b.seats, b.key))
    for booking in order:
        fits = np.flatnonzero((capacity >= booking.seats) & free[:, booking.start : booking.end].all(axis=1))
        if not fits.shape[0]:
            unroomed.append(booking.key)
            continue
        if booking.previous_room is not None and booking.previous_room in fits:
            room = booking.previous_room
        else:
            room = int(min(fits, key=lambda k: (int(capacity[k]), _slack_after(free[k], booking.end), int(k))))
        free[room, booking.start : booking.end] = False
        rooms[booking.key] = room
    return rooms, unroomed


def _slack_after(row: NDArray[np.bool_], end: int) -> int:
    """Free grains right after `end`: the smaller, the tighter the fit."""
    rest = row[end:]
    taken = np.flatnonzero(~rest)
    return int(taken[0]) if taken.shape[0] else int(rest.shape[0])


def _exact(
    bookings: Sequence[Booking],
    free: NDArray[np.bool_],
    capacity: NDArray[np.int64],
    hint: dict[int, int],
    time_limit: float,
) -> tuple[dict[int, int], list[int]]:
    from ortools.sat.python import cp_model  # noqa: PLC0415 - loaded only for the rare repair

    model = cp_model.CpModel()
    chosen: dict[tuple[int, int], cp_model.IntVar] = {}
    per_room: dict[int, list[cp_model.IntervalVar]] = {}
    objective = []
    for b in bookings:
        options = np.flatnonzero((capacity >= b.seats) & free[:, b.start : b.end].all(axis=1))
        literals = []
        for k in options:
            literal = model.new_bool_var(f"m{b.key}r{k}")
            chosen[b.key, int(k)] = literal
            literals.append(literal)
            interval = model.new_optional_fixed_size_interval_var(b.start, b.end - b.start, literal, "")
            per_room.setdefault(int(k), []).append(interval)
            # Weight first; a previous room is worth less than any meeting.
            objective.append((int(b.weight * 1000) + (1 if b.previous_room == k else 0)) * literal)
            model.add_hint(literal, hint.get(b.key) == k)
        if literals:
            model.add_at_most_one(literals)
    for intervals in per_room.values():
        model.add_no_overlap(intervals)
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint, [b.key for b in bookings if b.key not in hint]
    rooms = {key: k for (key, k), literal in chosen.items() if solver.boolean_value(literal)}
    if len(rooms) < len(hint):
        return hint, [b.key for b in bookings if b.key not in hint]
    return rooms, [b.key for b in bookings if b.key not in rooms]


@dataclass(frozen=True)
class Option:
    start: int
    room: int


@dataclass(frozen=True)
class Movable:
    """A meeting the local re-solve may re-time and re-room."""

    key: int
    principals: tuple[int, ...]
    duration: int
    weight: float
    options: tuple[Option, ...]
    current: Option | None  # where it is now (room -1 when it has none yet)


def retime(
    movables: Sequence[Movable],
    fixed_principal: dict[int, list[tuple[int, int]]],
    *,
    buffer: int,
    time_limit: float,
) -> dict[int, Option]:
    """Place as much weight of `movables` as possible with rooms decided exactly, preferring each
    meeting's current start, then its current room. `fixed_principal` holds, per principal, the
    intervals (buffer included) of meetings that stay where they are; rooms held by such meetings
    are already left out of the options. Returns the new option per placed key."""
    from ortools.sat.python import cp_model  # noqa: PLC0415

    model = cp_model.CpModel()
    literals: dict[tuple[int, Option], cp_model.IntVar] = {}
    per_room: dict[int, list[cp_model.IntervalVar]] = {}
    per_principal: dict[int, list[cp_model.IntervalVar]] = {}
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
            for p in m.principals:
                per_principal.setdefault(p, []).append(
                    model.new_optional_fixed_size_interval_var(option.start, m.duration + buffer, literal, "")
                )
            same_start = m.current is not None and m.current.start == option.start
            same_room = same_start and m.current is not None and m.current.room == option.room
            objective.append((int(round(m.weight * 1000)) + 10 * same_start + same_room) * literal)
            model.add_hint(literal, m.current == option)
        model.add_at_most_one(mine)
    for p, intervals in per_principal.items():
        fixed = [model.new_fixed_size_interval_var(s, e - s, "") for s, e in fixed_principal.get(p, [])]
        model.add_no_overlap(intervals + fixed)
    for intervals in per_room.values():
        model.add_no_overlap(intervals)
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {m.key: m.current for m in movables if m.current is not None and m.current.room >= 0}
    return {key: option for (key, option), literal in literals.items() if solver.boolean_value(literal)}
