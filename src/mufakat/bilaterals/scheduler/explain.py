"""Why a request has no place, in one sentence a protocol officer can act on.

The reasons are checked from the hardest fact down: requests set aside before solving keep their
reason; then whether the principals are ever in town on the same day (within the window), whether
they are ever free together long enough, whether any room large enough is open then; only then the
schedule itself is consulted: the principals were free but every room was taken (`no_room`), or
other meetings hold the principals at every possible time (`lost_to_priority`, naming them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mufakat.bilaterals.scheduler import clock
from mufakat.bilaterals.scheduler.candidates import Candidates, intervals_mask, run_ok
from mufakat.bilaterals.scheduler.instance import Assignment, Instance, Request, Unscheduled


def request_name(instance: Instance, request: Request) -> str:
    parties = {p.id: p.party for p in instance.principals}
    label = request.label or "–".join(parties.get(p, p) for p in request.principals)
    return f"{request.id} ({label}, priority {request.priority})"


def explain(c: Candidates, assignments: Sequence[Assignment], *, stopped_early: bool) -> list[Unscheduled]:
    instance = c.instance
    placed = {a.request_id for a in assignments}
    index: dict[str, int] = {}
    for i, r in enumerate(instance.requests):
        index.setdefault(r.id, i)
    out = []
    occupancy = _Occupancy(c, assignments, index)
    for i, request in enumerate(instance.requests):
        if request.id in placed and index.get(request.id) == i:
            continue
        if i in c.excluded:
            out.append(c.excluded[i])
            continue
        out.append(_why(c, i, occupancy, stopped_early=stopped_early))
    return out


class _Occupancy:
    """Who holds each principal and room grain in the schedule (request index, or -1)."""

    def __init__(self, c: Candidates, assignments: Sequence[Assignment], index: dict[str, int]) -> None:
        self.principal = np.full(c.avail.shape, -1, dtype=np.int64)
        self.room = np.full(c.room_open.shape, -1, dtype=np.int64)
        buffer = max(0, c.instance.buffer)
        for a in assignments:
            i = index[a.request_id]
            end = a.start + int(c.duration[i])
            for p in c.members[i]:
                self.principal[p, a.start : min(c.horizon, end + buffer)] = i
            if a.room_id in c.room_index:
                self.room[c.room_index[a.room_id], a.start : end] = i


def _why(c: Candidates, i: int, occupancy: _Occupancy, *, stopped_early: bool) -> Unscheduled:
    instance = c.instance
    request = instance.requests[i]
    members = c.members[i]
    names = [instance.principals[p].id for p in members]
    together = _together(names)
    duration = request.duration
    window = intervals_mask(request.window, c.horizon) if request.window is not None else None
    within = " within its window" if window is not None else ""

    days = _days(c)
    present = [{int(d) for d in np.unique(days[c.avail[p]]) if d >= 0} for p in members]
    window_days = {int(d) for d in np.unique(days[window]) if d >= 0} if window is not None else None
    common = set.intersection(*present) if present else set()
    if not common or (window_days is not None and not common & window_days):
        return Unscheduled(request.id, "no_common_day", _no_common_day(c, members, present, common, window_days))

    joint = np.logical_and.reduce([c.avail[p] for p in members])
    if window is not None:
        joint &= window
    starts = run_ok(joint, duration) if duration <= c.horizon else np.zeros(0, dtype=np.bool_)
    if not starts.any():
        longest = _longest_run(joint)
        on = clock.day_ranges(instance, sorted(common))
        return Unscheduled(
            request.id,
            "no_common_slot",
            f"{together} are in town together on {on} but never free together for "
            f"{clock.minutes(instance, duration)}{within} "
            f"(the longest common gap is {clock.minutes(instance, longest)}).",
        )

    seats = int(c.size[i])
    big_enough = c.capacity >= seats
    room_open = np.zeros_like(starts)
    for k in np.flatnonzero(big_enough):
        room_open |= run_ok(c.room_open[k], duration)
    possible = np.flatnonzero(starts & room_open)
    if not possible.shape[0]:
        if not big_enough.any():
            detail = f"No room seats {seats} delegations; {together} need one."
        else:
            detail = f"No room seating {seats} is open at any time {together} are free together{within}."
        return Unscheduled(request.id, "no_room", detail)

    # Every meeting reserves its buffer after it, so two clash exactly when the reservations overlap:
    # look at each possible start's reservation window in the principals' rows of the schedule.
    reach = duration + max(0, instance.buffer)
    rows = occupancy.principal[list(members)]
    padded = np.concatenate((rows, np.full((rows.shape[0], reach), -1, dtype=np.int64)), axis=1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, reach, axis=1)[:, possible, :]
    others = (windows >= 0) & (windows != i)
    principals_free = possible[~others.any(axis=(0, 2))].tolist()
    holders, counts = np.unique(windows[others], return_counts=True)
    blockers = [int(h) for h in holders[np.argsort(-counts, kind="stable")]]
    if principals_free:
        room_rows = (occupancy.room[big_enough] < 0) & c.room_open[big_enough]
        free_room = [t for t in principals_free if room_rows[:, t : t + duration].all(axis=1).any()]
        if free_room and stopped_early:
            return Unscheduled(
                request.id,
                "time_limit",
                f"The solver stopped before placing it; {together} and a room are free at "
                f"{clock.span(instance, int(free_room[0]), int(free_room[0]) + duration)}.",
            )
        t = int(principals_free[0])
        more = len(principals_free) - 1
        others = f" and {more} other time{'s' if more > 1 else ''}" if more else ""
        return Unscheduled(
            request.id,
            "no_room",
            f"{together} are free at {clock.span(instance, t, t + duration)}{others}, "
            f"but every room seating {seats} is taken then.",
        )
    named = [request_name(instance, instance.requests[h]) for h in blockers[:3]]
    rest = len(blockers) - len(named)
    listing = _listing(named + ([f"{rest} other meeting{'s' if rest > 1 else ''}"] if rest > 0 else []))
    return Unscheduled(
        request.id,
        "lost_to_priority",
        f"Whenever {together} are free together{within}, one of them is in another meeting: {listing}.",
    )


def _together(names: list[str]) -> str:
    return names[0] if len(names) == 1 else _listing(names)


def _listing(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _days(c: Candidates) -> np.ndarray:
    days = np.full(c.horizon, -1, dtype=np.int64)
    for k, day in enumerate(c.instance.days):
        days[max(0, day.span.start) : max(0, min(c.horizon, day.span.end))] = k
    if not c.instance.days:
        days[:] = 0
    return days


def _longest_run(mask: np.ndarray) -> int:
    best = run = 0
    for value in mask:
        run = run + 1 if value else 0
        best = max(best, run)
    return best


def _no_common_day(
    c: Candidates, members: tuple[int, ...], present: list[set[int]], common: set[int], window_days: set[int] | None
) -> str:
    instance = c.instance
    if not instance.days:
        names = _listing([instance.principals[p].id for p in members])
        return f"{names} are never available at the same time."
    if common and window_days is not None:
        names = _listing([instance.principals[p].id for p in members])
        return (
            f"{names} are in town together only on {clock.day_ranges(instance, sorted(common))}, "
            f"outside the requested window ({clock.day_ranges(instance, sorted(window_days))})."
        )
    # Name the first pair that never overlaps: with a trilateral that is the informative part.
    for a in range(len(members)):
        for b in range(a + 1, len(members)):
            if not present[a] & present[b]:
                first, second = instance.principals[members[a]].id, instance.principals[members[b]].id
                return (
                    f"{first} is not in town on any day {second} is ({first}: "
                    f"{clock.day_ranges(instance, sorted(present[a]))}; {second}: "
                    f"{clock.day_ranges(instance, sorted(present[b]))})."
                )
    names = _listing([instance.principals[p].id for p in members])
    return f"{names} are never all in town on the same day."
