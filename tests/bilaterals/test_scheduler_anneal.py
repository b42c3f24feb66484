"""The annealing descent of the gaps (scheduler.anneal): every state it leaves is a valid schedule of the
same meetings, with no more gaps than before, the pins and the kept starts where they were; on crafted
instances it reaches the known fewest gaps; it stops at its deadline.

Times as in test_scheduler: midnight 24 Jul 2024 at +07:00, 15-minute grains."""

from __future__ import annotations

import random
from time import perf_counter

import numpy as np

from mufakat.bilaterals.scheduler import Assignment, Instance, Room, validate
from mufakat.bilaterals.scheduler.anneal import anneal
from mufakat.bilaterals.scheduler.compact import Compactor
from mufakat.bilaterals.scheduler.gaps import gaps_by_principal
from mufakat.bilaterals.scheduler.rooms import Booking, best_fit
from tests.bilaterals.test_scheduler import at, build, span
from tests.bilaterals.test_scheduler_exact import _meeting, _randomly_filled, _search, _varied


def _schedule(instance: Instance, c, search) -> list[Assignment]:  # type: ignore[no-untyped-def]
    """The search's meetings with rooms by best fit (every one must get a room: the rows hold), and the pins."""
    placed = np.flatnonzero(search.assigned >= 0).tolist()
    starts = {i: int(c.var_start[search.assigned[i]]) for i in placed}
    bookings = [Booking(i, t, t + instance.requests[i].duration, int(c.size[i]), 1.0) for i, t in starts.items()]
    rooms, unroomed = best_fit(bookings, c.room_free, c.capacity)
    assert unroomed == []
    out = [Assignment(instance.requests[i].id, t, instance.rooms[rooms[i]].id) for i, t in starts.items()]
    return out + list(c.pins.values())


def test_anneal_keeps_the_meetings_valid_and_never_adds_gaps() -> None:
    instance = _varied()
    rng = random.Random(5)  # noqa: S311 - sample starting schedules
    lowered = 0
    for seed in range(12):
        c, search = _randomly_filled(instance, rng)
        compactor = Compactor(search, fairness=2)
        placed = set(np.flatnonzero(search.assigned >= 0).tolist())
        before = sum(gaps_by_principal(instance, _schedule(instance, c, search)).values())

        done = anneal(compactor, until=perf_counter() + 0.3, seed=seed)

        schedule = _schedule(instance, c, search)
        after = sum(gaps_by_principal(instance, schedule).values())
        assert set(np.flatnonzero(search.assigned >= 0).tolist()) == placed  # the same meetings
        assert validate(instance, schedule) == []
        assert (search.usage <= search.upper).all()
        assert after <= before
        assert done.after - done.before == after - before  # its own count agrees with gaps.py's
        lowered += after < before
    assert lowered > 3  # the starting schedules had gaps to lose: the checks are not vacuous


def test_anneal_leaves_pins_and_kept_starts_where_they_are() -> None:
    instance = _varied()
    c, search = _search(instance)
    search.fill(search.movable[::-1])
    compactor = Compactor(search, fairness=2)
    kept = compactor.placed()[:3]
    compactor.frozen[kept] = True
    starts = search.assigned[kept].copy()

    anneal(compactor, until=perf_counter() + 0.3)

    assert (search.assigned[kept] == starts).all()
    assert next(a.start for a in _schedule(instance, c, search) if a.request_id == "bf") == at(0, "13:00")


def _full_table_ring() -> Instance:
    """Eight one-grain meetings on one table over eight quarter-hours (the table is exactly full): a
    ring A-B-C-D-E-F-G-H-A, each principal in two meetings. Any order in which both of every
    principal's meetings are neighbours leaves no gap: only A's two meetings can then be apart (one
    gap), e.g. ab bc cd de ef fg gh ha gives A one gap, and that is the fewest."""
    free = {p: [span(0, "08:00", "10:00")] for p in "ABCDEFGH"}
    table = [Room("T1", "Table 1", 2, (span(0, "08:00", "10:00"),))]
    ring = "ABCDEFGH"
    requests = [_meeting((a + b).lower(), a + b, 1) for a, b in zip(ring, ring[1:] + ring[0], strict=True)]
    return build(free, requests, rooms=table, days=1, buffer=0)


def test_anneal_on_a_full_table_reaches_the_fewest_gaps() -> None:
    instance = _full_table_ring()
    for seed in range(5):
        c, search = _randomly_filled(instance, random.Random(seed))  # noqa: S311 - a scattered start
        assert (search.assigned >= 0).all()
        compactor = Compactor(search, fairness=2)

        done = anneal(compactor, until=perf_counter() + 0.5, seed=seed)

        schedule = _schedule(instance, c, search)
        assert validate(instance, schedule) == []
        # Eight meetings in eight slots: each principal's two are adjacent but for one: one gap at best.
        assert sum(gaps_by_principal(instance, schedule).values()) == 1 == done.after


def test_anneal_runs_until_its_deadline_and_stops_there() -> None:
    # The ring cannot lose its last gap: the annealing never stops early, so it must stop at the deadline.
    instance = _full_table_ring()
    _, search = _search(instance)
    search.fill(search.movable)
    compactor = Compactor(search, fairness=2)

    began = perf_counter()
    done = anneal(compactor, until=began + 0.5)
    took = perf_counter() - began

    # A correctness check on the deadline, with room for a loaded machine, not a speed target.
    assert 0.5 <= took < 3
    assert done.after == 1
