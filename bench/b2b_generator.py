"""Generated instances like business-to-business meeting events: every meeting fits, all weigh the same,
and what matters is how compact the participants' days are (idle gaps).

40-80 participants, 120-300 meetings of one slot (20 min), 10-25 tables, 8-22 slots split into a
morning and an afternoon session (lunch between them is not a gap), some participants with forbidden
slots, some meetings already fixed. Every meeting fits by construction: the generator first places
each meeting at a random slot where both participants and a table are free, and keeps only such
meetings; a twentieth of them are then pinned there (fixed meetings), the rest left to the solver.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from mufakat.bilaterals.scheduler import Day, Instance, Interval, Principal, Request, Room

SLOT = 1  # grains of 20 minutes: one meeting per slot
AFTERNOON = 18  # grains from 08:00 to 14:00: the afternoon session opens at 14:00


def generate_b2b(seed: int) -> Instance:
    rng = random.Random(seed)
    participants = rng.randint(40, 80)
    slots = rng.randint(8, 22)
    tables = rng.randint(10, 25)
    target = rng.randint(120, 300)
    morning = slots // 2
    starts = [k * SLOT for k in range(morning)] + [AFTERNOON + k * SLOT for k in range(slots - morning)]
    horizon = starts[-1] + SLOT
    names = [f"C{k:02d}/minister" for k in range(participants)]
    forbidden = {
        name: set(rng.sample(range(slots), rng.randint(1, max(1, slots // 4))))
        for name in rng.sample(names, participants // 5)
    }
    busy: dict[str, set[int]] = {name: set(forbidden.get(name, ())) for name in names}
    used = [0] * slots
    meetings: list[tuple[str, str, int]] = []
    activity = [rng.random() + 0.3 for _ in names]  # some participants are much sought after
    attempts = 0
    while len(meetings) < target and attempts < 50 * target:
        attempts += 1
        a, b = rng.choices(names, weights=activity, k=2)
        if a == b or any({a, b} == {x, y} for x, y, _ in meetings):
            continue
        free = [s for s in range(slots) if s not in busy[a] and s not in busy[b] and used[s] < tables]
        if not free:
            continue
        s = rng.choice(free)
        busy[a].add(s)
        busy[b].add(s)
        used[s] += 1
        meetings.append((a, b, s))
    principals = []
    for name in names:
        allowed = [s for s in range(slots) if s not in forbidden.get(name, ())]
        principals.append(Principal(name, name.split("/")[0], "minister", _runs([starts[s] for s in allowed])))
    pinned = set(rng.sample(range(len(meetings)), len(meetings) // 20))
    requests = tuple(
        Request(
            f"m{k:03d}",
            (a, b),
            SLOT,
            1,
            pinned_start=starts[s] if k in pinned else None,
            label=f"{a.split('/')[0]}–{b.split('/')[0]}",
        )
        for k, (a, b, s) in enumerate(meetings)
    )
    sessions = (Interval(0, morning * SLOT), Interval(AFTERNOON, horizon))
    rooms = tuple(Room(f"T{k:02d}", f"Table {k + 1}", 2, sessions) for k in range(tables))
    return Instance(
        epoch=datetime(2025, 5, 20, 1, 0, tzinfo=UTC),  # 08:00 at the venue (UTC+7)
        grain_minutes=20,
        horizon=horizon,
        buffer=0,
        days=(Day("2025-05-20", Interval(0, horizon)),),
        principals=tuple(principals),
        rooms=rooms,
        requests=requests,
        name=f"b2b-{seed}: {participants} participants, {len(meetings)} meetings, {tables} tables, {slots} slots",
        utc_offset_minutes=420,
    )


def _runs(slot_starts: list[int]) -> tuple[Interval, ...]:
    """Availability as intervals: one per run of consecutive allowed slots."""
    out: list[Interval] = []
    for start in slot_starts:
        if out and out[-1].end == start:
            out[-1] = Interval(out[-1].start, start + SLOT)
        else:
            out.append(Interval(start, start + SLOT))
    return tuple(out)
