"""Which starts each request may take: the columns of the time-indexed program.

Before any start is generated, requests that cannot be put to the solver at all are set aside with
their reason (an unknown principal, no duration, a window wholly outside the instance, a pin that
breaks a hard constraint). Accepted pins are placed here, rooms included, and their time is taken out
of the principals' and rooms' free time, so the solver never sees them as choices.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler import clock
from mufakat.bilaterals.scheduler.instance import (
    Assignment,
    Instance,
    Interval,
    Request,
    Unscheduled,
    UnscheduledReason,
)
from mufakat.bilaterals.scheduler.precedence import pin_order_problem, precede_pins, precedences
from mufakat.core.text import Principal, Text, gettext_noop

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


def intervals_mask(intervals: Sequence[Interval], horizon: int) -> BoolArray:
    mask = np.zeros(horizon, dtype=np.bool_)
    for interval in intervals:
        mask[max(0, interval.start) : max(0, min(horizon, interval.end))] = True
    return mask


def run_ok(mask: BoolArray, length: int) -> BoolArray:
    """Starts t in [0, horizon - length] such that mask holds on all of [t, t + length)."""
    horizon = mask.shape[0]
    if length > horizon:
        return np.zeros(0, dtype=np.bool_)
    sums = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
    return np.asarray(sums[length:] - sums[:-length] == length)


def run_clear(blocked: BoolArray, length: int, duration: int) -> BoolArray:
    """Starts t in [0, horizon - duration] such that nothing is blocked in [t, t + length), clipped to
    the horizon: a buffer may run past the end of the instance."""
    horizon = blocked.shape[0]
    if duration > horizon:
        return np.zeros(0, dtype=np.bool_)
    padded = np.concatenate((blocked, np.zeros(length, dtype=np.bool_)))
    sums = np.concatenate(([0], np.cumsum(padded, dtype=np.int64)))
    starts = np.arange(horizon - duration + 1)
    return np.asarray(sums[starts + length] - sums[starts] == 0)


@dataclass
class Candidates:
    instance: Instance
    horizon: int
    principal_index: dict[str, int]
    room_index: dict[str, int]
    avail: BoolArray  # (principals, horizon): in town and not in a session
    blocked: BoolArray  # (principals, horizon): a pinned meeting or the buffer after it
    room_open: BoolArray  # (rooms, horizon)
    room_free: BoolArray  # (rooms, horizon): open and not taken by a pinned meeting
    capacity: IntArray  # (rooms,)
    members: list[tuple[int, ...]]  # principal indices of each request (empty when excluded)
    size: IntArray  # principals per request
    duration: IntArray
    weight: NDArray[np.float64]
    excluded: dict[int, Unscheduled]  # request index -> why it never reached the solver
    pins: dict[int, Assignment]  # request index -> its accepted pinned placement
    var_request: NDArray[np.int32]  # one entry per candidate (request, start), sorted by request then start
    var_start: NDArray[np.int32]
    offsets: IntArray  # candidates of request i are [offsets[i], offsets[i + 1])
    var_preferred: BoolArray  # the start lies in one of the request's preferred intervals
    # (earlier, later, lag): when both are placed, later starts at or after earlier's end plus lag
    # (the buffer when they share a principal, else 0). See `precedences`.
    precedences: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def n_vars(self) -> int:
        return int(self.var_request.shape[0])

    def starts(self, index: int) -> NDArray[np.int32]:
        return self.var_start[self.offsets[index] : self.offsets[index + 1]]

    def var_of(self, index: int, start: int) -> int | None:
        starts = self.starts(index)
        at = int(np.searchsorted(starts, start))
        if at < starts.shape[0] and int(starts[at]) == start:
            return int(self.offsets[index]) + at
        return None

    def party_of(self, principal: int) -> str:
        return self.instance.principals[principal].party


def prepare(instance: Instance, *, previous: Sequence[Assignment] = ()) -> Candidates:
    horizon = max(0, instance.horizon)
    principal_index = {p.id: k for k, p in enumerate(instance.principals)}
    room_index = {r.id: k for k, r in enumerate(instance.rooms)}
    avail = np.zeros((len(instance.principals), horizon), dtype=np.bool_)
    for k, principal in enumerate(instance.principals):
        avail[k] = intervals_mask(principal.available, horizon)
    room_open = np.zeros((len(instance.rooms), horizon), dtype=np.bool_)
    for k, room in enumerate(instance.rooms):
        room_open[k] = intervals_mask(room.available, horizon)
    capacity = np.array([room.capacity for room in instance.rooms], dtype=np.int64)

    n = len(instance.requests)
    excluded: dict[int, Unscheduled] = {}
    members: list[tuple[int, ...]] = []
    seen_ids: dict[str, int] = {}
    rejected = {u.request_id: u for u in instance.rejected}
    for i, request in enumerate(instance.requests):
        problem = rejected.get(request.id) or _request_problem(
            instance, i, request, seen_ids=seen_ids, principal_index=principal_index, horizon=horizon
        )
        if problem is not None:
            excluded[i] = problem
            members.append(())
        else:
            members.append(tuple(principal_index[p] for p in request.principals))
        seen_ids.setdefault(request.id, i)
    size = np.array([len(m) for m in members], dtype=np.int64)
    duration = np.array([max(0, r.duration) for r in instance.requests], dtype=np.int64)
    weight = np.array([float(r.priority) for r in instance.requests], dtype=np.float64)

    candidates = Candidates(
        instance=instance,
        horizon=horizon,
        principal_index=principal_index,
        room_index=room_index,
        avail=avail,
        blocked=np.zeros_like(avail),
        room_open=room_open,
        room_free=room_open.copy(),
        capacity=capacity,
        members=members,
        size=size,
        duration=duration,
        weight=weight,
        excluded=excluded,
        pins={},
        var_request=np.zeros(0, dtype=np.int32),
        var_start=np.zeros(0, dtype=np.int32),
        offsets=np.zeros(n + 1, dtype=np.int64),
        var_preferred=np.zeros(0, dtype=np.bool_),
        precedences=precedences(instance, excluded),
    )
    previous_room = {a.request_id: a.room_id for a in previous}
    _place_pins(candidates, previous_room)
    _generate(candidates)
    return candidates


def _request_problem(
    instance: Instance,
    i: int,
    request: Request,
    *,
    seen_ids: dict[str, int],
    principal_index: dict[str, int],
    horizon: int,
) -> Unscheduled | None:
    """The first reason the request cannot be put to the solver at all, naming record and field."""
    where = f"requests[{i}]"
    unknown = [(j, p) for j, p in enumerate(request.principals) if p not in principal_index]
    window_outside = request.window is not None and not intervals_mask(request.window, horizon).any()

    def unknown_message() -> str:
        j, principal = unknown[0]
        more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        return f"{where}.principals[{j}]: {principal!r} is not a principal of this instance{more}."

    checks: tuple[tuple[bool, UnscheduledReason, Callable[[], str]], ...] = (
        (
            request.id in seen_ids,
            "invalid_request",
            lambda: f"{where}.id: {request.id!r} is already used by requests[{seen_ids[request.id]}].",
        ),
        (bool(unknown), "unknown_principal", unknown_message),
        (
            len(request.principals) < 2,
            "invalid_request",
            lambda: f"{where}.principals: a meeting needs at least two principals.",
        ),
        (
            len(set(request.principals)) != len(request.principals),
            "invalid_request",
            lambda: f"{where}.principals: a principal is named twice.",
        ),
        (
            request.duration <= 0,
            "invalid_request",
            lambda: f"{where}.duration: must be positive, not {request.duration}.",
        ),
        (
            request.priority < 1,
            "invalid_request",
            lambda: f"{where}.priority: must be 1 or more, not {request.priority}.",
        ),
        (
            window_outside,
            "invalid_request",
            lambda: f"{where}.window: lies wholly outside the instance ({clock.span(instance, 0, horizon)}).",
        ),
    )
    for failed, reason, message in checks:
        if failed:
            return Unscheduled(request.id, reason, message())
    return None


def _place_pins(c: Candidates, previous_room: dict[str, str]) -> None:
    """Accept pins in request order; a pin that breaks a hard constraint, alone or against an
    earlier accepted pin, is excluded with the constraint it breaks. Pins without a room get the
    room they had before, else the smallest adequate free one."""
    instance = c.instance
    order = sorted(
        (i for i, r in enumerate(instance.requests) if r.pinned_start is not None and i not in c.excluded),
        key=lambda i: (instance.requests[i].pinned_room is None, i),
    )
    for i in order:
        request = instance.requests[i]
        start = int(request.pinned_start or 0)
        problem = _pin_problem(c, i, start)
        if problem is not None:
            c.excluded[i] = Unscheduled.because(request.id, "infeasible_pin", problem)
            continue
        end = start + request.duration
        room = request.pinned_room
        if room is None:
            room = _pick_room(c, int(c.size[i]), start, end, previous_room.get(request.id))
            if room is None:
                c.excluded[i] = Unscheduled.because(
                    request.id,
                    "infeasible_pin",
                    Text(
                        gettext_noop("Pinned at %(at)s, but no room seating %(seats)s is free then."),
                        {"at": clock.span_value(instance, start, end), "seats": int(c.size[i])},
                    ),
                )
                continue
        c.room_free[c.room_index[room], start:end] = False
        for p in c.members[i]:
            c.blocked[p, start : min(c.horizon, end + instance.buffer)] = True
        c.pins[i] = Assignment(request.id, start, room)


def _pin_problem(c: Candidates, i: int, start: int) -> Text | None:
    instance = c.instance
    request = instance.requests[i]
    end = start + request.duration
    if start < 0 or end > c.horizon:
        return Text(gettext_noop("Pinned at grain %(start)s, outside the instance."), {"start": start})
    at = clock.span_value(instance, start, end)
    for p in c.members[i]:
        name = Principal(instance.principals[p].id)
        if not c.avail[p, start:end].all():
            return Text(gettext_noop("Pinned at %(at)s, but %(name)s is not available then."), {"at": at, "name": name})
        # Both meetings reserve their buffer after them, so they clash exactly when the reservations overlap.
        if c.blocked[p, start : min(c.horizon, end + max(0, instance.buffer))].any():
            return Text(
                gettext_noop("Pinned at %(at)s, clashing with pinned %(clash)s for %(name)s (buffers included)."),
                {"at": at, "clash": _pin_clash(c, p, start, end), "name": name},
            )
    if request.window is not None and not run_ok(intervals_mask(request.window, c.horizon), request.duration)[start]:
        return Text(gettext_noop("Pinned at %(at)s, outside its window."), {"at": at})
    order = pin_order_problem(c, i, start)
    if order is not None or request.pinned_room is None:
        return order
    return _pin_room_problem(c, i, request.pinned_room, start, end)


def _pin_room_problem(c: Candidates, i: int, room: str, start: int, end: int) -> Text | None:
    k = c.room_index.get(room)
    values = {"room": repr(room), "at": clock.span_value(c.instance, start, end)}
    if k is None:
        return Text(gettext_noop("Pinned to room %(room)s, which this instance does not have."), values)
    if c.capacity[k] < c.size[i]:
        return Text(
            gettext_noop("Pinned to room %(room)s, which seats %(capacity)s, not %(seats)s."),
            {**values, "capacity": int(c.capacity[k]), "seats": int(c.size[i])},
        )
    if not c.room_open[k, start:end].all():
        return Text(gettext_noop("Pinned to room %(room)s at %(at)s, when it is not available."), values)
    if not c.room_free[k, start:end].all():
        return Text(gettext_noop("Pinned to room %(room)s at %(at)s, which another pinned meeting holds then."), values)
    return None


def _pin_clash(c: Candidates, principal: int, start: int, end: int) -> str | Text:
    buffer = c.instance.buffer
    for j, pin in c.pins.items():
        other_end = pin.start + int(c.duration[j])
        if principal in c.members[j] and pin.start < end + buffer and start < other_end + buffer:
            return c.instance.requests[j].id
    return Text(gettext_noop("another meeting"))


def _pick_room(c: Candidates, size: int, start: int, end: int, preferred: str | None) -> str | None:
    fits = [k for k in range(len(c.instance.rooms)) if c.capacity[k] >= size and c.room_free[k, start:end].all()]
    if not fits:
        return None
    if preferred is not None and c.room_index.get(preferred) in fits:
        return preferred
    best = min(fits, key=lambda k: (int(c.capacity[k]), k))
    return c.instance.rooms[best].id


def _generate(c: Candidates) -> None:
    instance = c.instance
    horizon = c.horizon
    buffer = max(0, instance.buffer)

    @cache
    def principal_ok(p: int, duration: int) -> BoolArray:
        return run_ok(c.avail[p], duration) & run_clear(c.blocked[p], duration + buffer, duration)

    @cache
    def room_ok(size: int, duration: int) -> BoolArray:
        ok = np.zeros(max(0, horizon - duration + 1), dtype=np.bool_)
        for k in range(len(instance.rooms)):
            if c.capacity[k] >= size:
                ok |= run_ok(c.room_free[k], duration)
        return ok

    requests_out: list[NDArray[np.int32]] = []
    starts_out: list[NDArray[np.int32]] = []
    preferred_out: list[BoolArray] = []
    counts = np.zeros(len(instance.requests), dtype=np.int64)
    for i, request in enumerate(instance.requests):
        if i in c.excluded or i in c.pins or request.duration > horizon:
            continue
        duration = request.duration
        ok = room_ok(int(c.size[i]), duration).copy()
        for p in c.members[i]:
            ok &= principal_ok(p, duration)
        if request.window is not None:
            ok &= run_ok(intervals_mask(request.window, horizon), duration)
        precede_pins(c, i, ok)
        starts = np.flatnonzero(ok).astype(np.int32)
        if not starts.shape[0]:
            continue
        counts[i] = starts.shape[0]
        requests_out.append(np.full(starts.shape[0], i, dtype=np.int32))
        starts_out.append(starts)
        preferred_out.append(
            intervals_mask(request.preferred, horizon)[starts]
            if request.preferred
            else np.zeros(starts.shape[0], dtype=np.bool_)
        )
    c.offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    if requests_out:
        c.var_request = np.concatenate(requests_out)
        c.var_start = np.concatenate(starts_out)
        c.var_preferred = np.concatenate(preferred_out)
