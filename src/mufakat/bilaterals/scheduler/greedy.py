"""The baseline: first come, first served, the way protocol officers fill a spreadsheet by hand.

Confirmed (pinned) meetings go in first. Then each request in the order given takes the earliest
start at which its principals are free (buffers included), its window holds and a room seating
everyone is free, in the first such room in the list of rooms, and it keeps its precedences with the
meetings placed so far. Nothing is ever moved.
"""

from __future__ import annotations

from time import perf_counter

import numpy as np

from mufakat.bilaterals.scheduler.candidates import Candidates, prepare
from mufakat.bilaterals.scheduler.explain import explain
from mufakat.bilaterals.scheduler.gaps import gaps_by_principal
from mufakat.bilaterals.scheduler.instance import Assignment, Instance, Result


def greedy(instance: Instance) -> Result:
    started = perf_counter()
    if not instance.requests:
        return Result([], [], 0.0, 0.0, "empty", "greedy", perf_counter() - started)
    c = prepare(instance)
    buffer = max(0, instance.buffer)
    # Grains each principal has promised (meeting plus the buffer after it); pins are already in.
    held = c.blocked.copy()
    room_free = c.room_free.copy()
    assignments = list(c.pins.values())
    placed: list[int] = []
    when = {i: a.start for i, a in c.pins.items()}
    for i, request in enumerate(instance.requests):
        starts = c.starts(i)
        if i in c.pins or not starts.shape[0]:
            continue
        for t in starts:
            start, end = int(t), int(t) + request.duration
            if any(held[p, start : min(c.horizon, end + buffer)].any() for p in c.members[i]):
                continue
            if not _in_order(c, i, start, when):
                continue
            rooms = np.flatnonzero((c.capacity >= c.size[i]) & room_free[:, start:end].all(axis=1))
            if not rooms.shape[0]:
                continue
            room = int(rooms[0])
            room_free[room, start:end] = False
            for p in c.members[i]:
                held[p, start : min(c.horizon, end + buffer)] = True
            assignments.append(Assignment(request.id, start, instance.rooms[room].id))
            placed.append(i)
            when[i] = start
            break
    assignments.sort(key=lambda a: (a.start, a.room_id, a.request_id))
    objective = float(sum(c.weight[i] for i in [*c.pins, *placed]))
    # No proof here: the bound is only the weight of every request that has a possible start at all.
    ceiling = float(c.weight[[i for i in range(len(instance.requests)) if c.starts(i).shape[0] or i in c.pins]].sum())
    by_principal = gaps_by_principal(instance, assignments)
    return Result(
        assignments=assignments,
        unscheduled=explain(c, assignments, stopped_early=False),
        objective=objective,
        bound=max(objective, ceiling),
        status="feasible",
        solver="greedy",
        seconds=perf_counter() - started,
        seconds_to_first=perf_counter() - started,
        seconds_to_1pct=None,
        gaps=sum(by_principal.values()),
        gaps_by_principal=by_principal,
    )


def _in_order(c: Candidates, i: int, start: int, when: dict[int, int]) -> bool:
    """Whether request i at `start` keeps every precedence with the meetings placed so far."""
    for earlier, later, lag in c.precedences:
        if later == i and earlier in when and start < when[earlier] + int(c.duration[earlier]) + lag:
            return False
        if earlier == i and later in when and when[later] < start + int(c.duration[i]) + lag:
            return False
    return True
