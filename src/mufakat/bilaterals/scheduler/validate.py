"""An independent check of a schedule against every hard constraint.

Deliberately shares nothing with the solver's feasibility code (no masks, no candidate starts, no
rows): plain loops over the dataclasses, so a bug in one is not silently repeated in the other.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

from mufakat.bilaterals.scheduler import clock
from mufakat.bilaterals.scheduler.instance import Assignment, Instance, Interval, Request, Result


def validate(instance: Instance, assignments: Sequence[Assignment]) -> list[str]:
    """Every violated hard constraint, one sentence each; an empty list means the schedule is valid."""
    problems: list[str] = []
    requests = {r.id: r for r in instance.requests}
    seen: set[str] = set()
    placed: list[tuple[Assignment, Request]] = []
    for a in assignments:
        request = requests.get(a.request_id)
        if request is None:
            problems.append(f"{a.request_id}: no such request in this instance.")
        elif a.request_id in seen:
            problems.append(f"{a.request_id}: scheduled more than once.")
        elif request.duration <= 0:
            problems.append(f"{a.request_id}: has no duration ({request.duration}).")
        else:
            seen.add(a.request_id)
            problems += _check_one(instance, a, request)
            placed.append((a, request))
    problems += _clashes(instance, placed)
    problems += _order(instance, placed)
    return problems


def _order(instance: Instance, placed: list[tuple[Assignment, Request]]) -> list[str]:
    """Precedences: a placed request starts at or after each placed request it names in `after` ends,
    plus the buffer when the two share a principal."""
    problems = []
    at = {a.request_id: (a, request) for a, request in placed}
    for a, request in placed:
        for name in request.after:
            if name == request.id:
                problems.append(f"{request.id}: must come after itself.")
            if name not in at or name == request.id:
                continue
            first, earlier = at[name]
            lag = instance.buffer if set(request.principals) & set(earlier.principals) else 0
            ready = first.start + earlier.duration + max(0, lag)
            if a.start < ready:
                problems.append(
                    f"{_name(request)} starts at {_at(instance, a.start, a.start + request.duration)}, before "
                    f"{_name(earlier)} ends ({_at(instance, first.start, first.start + earlier.duration)}"
                    f"{f' plus the buffer of {lag}' if lag > 0 else ''}); it must come after it."
                )
    return problems


def _check_one(instance: Instance, a: Assignment, request: Request) -> list[str]:
    """Constraints of one meeting on its own: the instance, availability, window, room, pin."""
    problems = []
    principals = {p.id: p for p in instance.principals}
    rooms = {r.id: r for r in instance.rooms}
    start, end = a.start, a.start + request.duration
    where = f"{a.request_id} at {_at(instance, start, end)}"
    if start < 0 or end > instance.horizon:
        problems.append(f"{where}: outside the instance (grains 0 to {instance.horizon}).")
    for name in request.principals:
        principal = principals.get(name)
        if principal is None:
            problems.append(f"{where}: {name!r} is not a principal of this instance.")
        elif not _inside(principal.available, start, end):
            problems.append(f"{where}: {name} is not available for all of it.")
    if request.window is not None and not _inside(request.window, start, end):
        problems.append(f"{where}: outside its window.")
    room = rooms.get(a.room_id)
    if room is None:
        problems.append(f"{where}: no room {a.room_id!r} in this instance.")
    else:
        if room.capacity < len(request.principals):
            seats = f"room {room.id} seats {room.capacity}, the meeting has {len(request.principals)} parties"
            problems.append(f"{where}: {seats}.")
        if not _inside(room.available, start, end):
            problems.append(f"{where}: room {room.id} is not available for all of it.")
    if request.pinned_start is not None and request.pinned_start != start:
        problems.append(f"{where}: pinned at {_at(instance, request.pinned_start, request.pinned_start + 1)}.")
    if request.pinned_room is not None and request.pinned_room != a.room_id:
        problems.append(f"{where}: pinned to room {request.pinned_room}, placed in {a.room_id}.")
    return problems


def _name(request: Request) -> str:
    return f"{request.label} ({request.id})" if request.label else request.id


def _inside(intervals: Sequence[Interval], start: int, end: int) -> bool:
    return any(i.start <= start and end <= i.end for i in intervals)


def _at(instance: Instance, start: int, end: int) -> str:
    if 0 <= start <= end <= instance.horizon:
        return clock.span(instance, start, end)
    return f"grains {start}-{end}"


def _clashes(instance: Instance, placed: list[tuple[Assignment, Request]]) -> list[str]:
    problems = []
    by_principal: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    by_room: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for a, request in placed:
        end = a.start + request.duration
        for name in request.principals:
            by_principal[name].append((a.start, end, a.request_id))
        by_room[a.room_id].append((a.start, end, a.request_id))
    for name, meetings in sorted(by_principal.items()):
        meetings.sort()
        for k, (_start, end, first) in enumerate(meetings):
            for other_start, other_end, second in meetings[k + 1 :]:
                if other_start >= end + instance.buffer:
                    break
                if other_start < end:
                    overlap = _at(instance, other_start, min(end, other_end))
                    problems.append(f"{name} is in {first} and {second} at once ({overlap}).")
                else:
                    problems.append(
                        f"{name} has {other_start - end} grain(s) between {first} and {second}, "
                        f"fewer than the buffer of {instance.buffer} ({_at(instance, end, other_start)})."
                    )
    for room, meetings in sorted(by_room.items()):
        meetings.sort()
        for k, (_start, end, first) in enumerate(meetings):
            for other_start, other_end, second in meetings[k + 1 :]:
                if other_start >= end:
                    break
                overlap = _at(instance, other_start, min(end, other_end))
                problems.append(f"room {room} holds {first} and {second} at once ({overlap}).")
    return problems


def recount_gaps(instance: Instance, assignments: Sequence[Assignment]) -> dict[str, int]:
    """Idle gaps per principal with a meeting, counted again from the definition (scheduler.gaps): two
    consecutive meetings of a principal leave a gap when both start in one stretch of availability
    and one half-day of the venue's clock, and the second does not start exactly the buffer after
    the first ends."""
    requests = {r.id: r for r in instance.requests}
    available = {p.id: _merged(p.available) for p in instance.principals}
    meetings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a in assignments:
        request = requests.get(a.request_id)
        if request is None:
            continue
        for name in request.principals:
            meetings[name].append((a.start, a.start + request.duration))
    out = {}
    for name, items in sorted(meetings.items()):
        items.sort()
        gaps = 0
        for (start, end), (next_start, _) in itertools.pairwise(items):
            same = _block(instance, available.get(name, []), start) == _block(
                instance, available.get(name, []), next_start
            )
            if same and next_start != end + instance.buffer:
                gaps += 1
        out[name] = gaps
    return out


def check_compactness(instance: Instance, result: Result) -> list[str]:
    """The result's gap figures against a recount, and its fairness setting against the gaps: one sentence
    per disagreement or breach; an empty list when all hold."""
    problems = []
    recount = recount_gaps(instance, result.assignments)
    for name in sorted(recount.keys() | result.gaps_by_principal.keys()):
        said, counted = result.gaps_by_principal.get(name, 0), recount.get(name, 0)
        if said != counted:
            problems.append(f"{name}: the solver reports {said} idle gap(s), the recount finds {counted}.")
    if result.gaps != sum(recount.values()):
        problems.append(
            f"the solver reports {result.gaps} idle gaps in all, the recount finds {sum(recount.values())}."
        )
    if result.gaps_bound > sum(recount.values()):
        problems.append(
            f"the bound on idle gaps ({result.gaps_bound}) exceeds the gaps found ({sum(recount.values())})."
        )
    if recount:
        worst = max(recount, key=lambda name: (recount[name], name))
        least = min(recount.values())
        if recount[worst] - least > result.gap_fairness:
            problems.append(
                f"{worst} has {recount[worst]} idle gaps, more than {result.gap_fairness} above the fewest ({least})."
            )
    return problems


def _merged(intervals: Sequence[Interval]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for interval in sorted(intervals):
        if out and interval.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], interval.end))
        else:
            out.append((interval.start, interval.end))
    return out


def _block(instance: Instance, available: list[tuple[int, int]], grain: int) -> tuple[int, object, bool]:
    """Which stretch of availability and which half-day of the venue's clock a meeting starting at `grain` is in."""
    stretch = next((k for k, (start, end) in enumerate(available) if start <= grain < end), -1)
    moment = clock.local_time(instance, grain)
    return stretch, moment.date(), moment.hour < 12
