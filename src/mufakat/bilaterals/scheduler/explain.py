"""Why a request has no place, in one sentence a protocol officer can act on.

The reasons are checked from the hardest fact down: requests set aside before solving keep their
reason; then whether the principals are ever in town on the same day (within the window), whether
they are ever free together long enough, whether any room large enough is open then; only then the
schedule itself is consulted: the principals were free but every room was taken (`no_room`), or
other meetings hold the principals at every possible time (`lost_to_priority`, naming them), or every
time they are free would break a precedence with a placed meeting (`lost_to_priority`, naming it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mufakat.bilaterals.scheduler import clock
from mufakat.bilaterals.scheduler.candidates import Candidates, intervals_mask, run_ok
from mufakat.bilaterals.scheduler.instance import Assignment, Instance, Request, Unscheduled
from mufakat.core.text import Principal, Text, gettext_noop


def request_name(instance: Instance, request: Request) -> Text:
    parties = {p.id: p.party for p in instance.principals}
    label = request.label or "–".join(parties.get(p, p) for p in request.principals)
    return Text(
        gettext_noop("%(request)s (%(label)s, priority %(priority)s)"),
        {"request": request.id, "label": label, "priority": request.priority},
    )


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
        # Shared by every request explained: recomputing these per request took 9.5 s of L heavy's
        # explanations on a loaded machine.
        self.days = _days(c)
        self.room_starts: dict[tuple[int, int], np.ndarray] = {}  # (seats, duration): some room open throughout
        self.principal = np.full(c.avail.shape, -1, dtype=np.int64)
        self.room = np.full(c.room_open.shape, -1, dtype=np.int64)
        self.start: dict[int, int] = {}  # request index -> its start, for the precedences
        buffer = max(0, c.instance.buffer)
        for a in assignments:
            i = index[a.request_id]
            self.start[i] = a.start
            end = a.start + int(c.duration[i])
            for p in c.members[i]:
                self.principal[p, a.start : min(c.horizon, end + buffer)] = i
            if a.room_id in c.room_index:
                self.room[c.room_index[a.room_id], a.start : end] = i

    def some_room_open(self, c: Candidates, seats: int, duration: int) -> np.ndarray:
        """Starts at which some room seating `seats` is open for `duration` grains."""
        starts = self.room_starts.get((seats, duration))
        if starts is None:
            starts = np.zeros(max(0, c.horizon - duration + 1), dtype=np.bool_)
            for k in np.flatnonzero(c.capacity >= seats):
                starts |= run_ok(c.room_open[k], duration)
            self.room_starts[seats, duration] = starts
        return starts


# The sentences, by whether the request has a window of its own (and, for the rooms taken, by how many
# other times the principals are free: none, one, more).
_NEVER_FREE_TOGETHER = {
    False: gettext_noop(
        "%(together)s are in town together on %(on)s but never free together for %(duration)s "
        "(the longest common gap is %(longest)s)."
    ),
    True: gettext_noop(
        "%(together)s are in town together on %(on)s but never free together for %(duration)s within "
        "its window (the longest common gap is %(longest)s)."
    ),
}
_NO_ROOM_LARGE_ENOUGH = gettext_noop("No room seats %(seats)s delegations; %(together)s need one.")
_NO_ROOM_OPEN = {
    False: gettext_noop("No room seating %(seats)s is open at any time %(together)s are free together."),
    True: gettext_noop(
        "No room seating %(seats)s is open at any time %(together)s are free together within its window."
    ),
}
_ROOMS_TAKEN = {
    0: gettext_noop("%(together)s are free at %(at)s, but every room seating %(seats)s is taken then."),
    1: gettext_noop(
        "%(together)s are free at %(at)s and 1 other time, but every room seating %(seats)s is taken then."
    ),
    2: gettext_noop(
        "%(together)s are free at %(at)s and %(more)s other times, but every room seating %(seats)s is taken then."
    ),
}
_ALWAYS_BUSY = {
    False: gettext_noop("Whenever %(together)s are free together, one of them is in another meeting: %(meetings)s."),
    True: gettext_noop(
        "Whenever %(together)s are free together within its window, one of them is in another meeting: %(meetings)s."
    ),
}


def _why(c: Candidates, i: int, occupancy: _Occupancy, *, stopped_early: bool) -> Unscheduled:
    instance = c.instance
    request = instance.requests[i]
    members = c.members[i]
    together = tuple(Principal(instance.principals[p].id) for p in members)
    duration = request.duration
    window = intervals_mask(request.window, c.horizon) if request.window is not None else None
    within = window is not None

    days = occupancy.days
    present = [{int(d) for d in np.unique(days[c.avail[p]]) if d >= 0} for p in members]
    window_days = {int(d) for d in np.unique(days[window]) if d >= 0} if window is not None else None
    common = set.intersection(*present) if present else set()
    if not common or (window_days is not None and not common & window_days):
        return Unscheduled.because(
            request.id, "no_common_day", _no_common_day(c, members, present, common, window_days)
        )

    joint = np.logical_and.reduce([c.avail[p] for p in members])
    if window is not None:
        joint &= window
    starts = run_ok(joint, duration) if duration <= c.horizon else np.zeros(0, dtype=np.bool_)
    if not starts.any():
        longest = _longest_run(joint)
        on = clock.days(instance, sorted(common))
        values: dict[str, Any] = {
            "together": together,
            "on": on,
            "duration": clock.minutes(instance, duration),
            "longest": clock.minutes(instance, longest),
        }
        return Unscheduled.because(request.id, "no_common_slot", Text(_NEVER_FREE_TOGETHER[within], values))

    seats = int(c.size[i])
    big_enough = c.capacity >= seats
    possible = np.flatnonzero(starts & occupancy.some_room_open(c, seats, duration))
    if not possible.shape[0]:
        template = _NO_ROOM_OPEN[within] if big_enough.any() else _NO_ROOM_LARGE_ENOUGH
        return Unscheduled.because(request.id, "no_room", Text(template, {"seats": seats, "together": together}))

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
        return _free_but_not_placed(c, i, principals_free, occupancy, stopped_early=stopped_early)
    named: list[Text] = [request_name(instance, instance.requests[h]) for h in blockers[:3]]
    rest = len(blockers) - len(named)
    if rest == 1:
        named.append(Text(gettext_noop("1 other meeting")))
    elif rest > 1:
        named.append(Text(gettext_noop("%(count)s other meetings"), {"count": rest}))
    values = {"together": together, "meetings": tuple(named)}
    return Unscheduled.because(request.id, "lost_to_priority", Text(_ALWAYS_BUSY[within], values))


def _free_but_not_placed(
    c: Candidates, i: int, principals_free: list[int], occupancy: _Occupancy, *, stopped_early: bool
) -> Unscheduled:
    """The principals are free at `principals_free`: a precedence, the solver's time or the rooms kept it out."""
    instance = c.instance
    request = instance.requests[i]
    together = tuple(Principal(instance.principals[p].id) for p in c.members[i])
    duration = request.duration
    seats = int(c.size[i])
    big_enough = c.capacity >= seats
    in_order, out_of_order = _in_order(c, i, principals_free, occupancy.start)
    if not in_order:
        meetings = tuple(request_name(instance, instance.requests[h]) for h in out_of_order[:3])
        return Unscheduled.because(
            request.id, "lost_to_priority", Text(_OUT_OF_ORDER, {"together": together, "meetings": meetings})
        )
    principals_free = in_order
    room_rows = (occupancy.room[big_enough] < 0) & c.room_open[big_enough]
    free_room = [t for t in principals_free if room_rows[:, t : t + duration].all(axis=1).any()]
    if free_room and stopped_early:
        return Unscheduled.because(
            request.id,
            "time_limit",
            Text(
                gettext_noop("The solver stopped before placing it; %(together)s and a room are free at %(at)s."),
                {
                    "together": together,
                    "at": clock.span_value(instance, int(free_room[0]), int(free_room[0]) + duration),
                },
            ),
        )
    t = int(principals_free[0])
    more = len(principals_free) - 1
    values = {"together": together, "at": clock.span_value(instance, t, t + duration), "more": more, "seats": seats}
    return Unscheduled.because(request.id, "no_room", Text(_ROOMS_TAKEN[min(more, 2)], values))


_OUT_OF_ORDER = gettext_noop(
    "Whenever %(together)s are free together, the meeting would break its order with %(meetings)s "
    "(one must come after the other)."
)


def _in_order(c: Candidates, i: int, starts: list[int], placed: dict[int, int]) -> tuple[list[int], list[int]]:
    """The starts keeping every precedence of request i with the placed meetings, and the meetings the
    others would break it with."""
    keep, breaking = [], []
    for t in starts:
        broken = [
            (earlier if later == i else later)
            for earlier, later, lag in c.precedences
            if (later == i and earlier in placed and t < placed[earlier] + int(c.duration[earlier]) + lag)
            or (earlier == i and later in placed and placed[later] < t + int(c.duration[i]) + lag)
        ]
        if broken:
            breaking += [b for b in broken if b not in breaking]
        else:
            keep.append(t)
    return keep, breaking


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
) -> Text:
    instance = c.instance
    names = tuple(Principal(instance.principals[p].id) for p in members)
    if not instance.days:
        return Text(gettext_noop("%(names)s are never available at the same time."), {"names": names})
    if common and window_days is not None:
        return Text(
            gettext_noop("%(names)s are in town together only on %(days)s, outside the requested window (%(window)s)."),
            {
                "names": names,
                "days": clock.days(instance, sorted(common)),
                "window": clock.days(instance, sorted(window_days)),
            },
        )
    # Name the first pair that never overlaps: with a trilateral that is the informative part.
    for a in range(len(members)):
        for b in range(a + 1, len(members)):
            if not present[a] & present[b]:
                first = Principal(instance.principals[members[a]].id)
                second = Principal(instance.principals[members[b]].id)
                return Text(
                    gettext_noop(
                        "%(first)s is not in town on any day %(second)s is (%(first)s: %(first_days)s; "
                        "%(second)s: %(second_days)s)."
                    ),
                    {
                        "first": first,
                        "second": second,
                        "first_days": clock.days(instance, sorted(present[a])),
                        "second_days": clock.days(instance, sorted(present[b])),
                    },
                )
    return Text(gettext_noop("%(names)s are never all in town on the same day."), {"names": names})
