"""Synthetic bilateral-scheduling instances: deterministic for a seed, on a 15-minute grid.

Scales (as in issue 6):
- S, ministers' week: 27 delegations (the ARF), 4 days, 300 requests (10 % trilateral), 6 rooms;
- M, summit week: 60 delegations, 3 days, 800 requests, 12 rooms;
- L, UN General Assembly high-level week: 193 delegations, 6 days, 3,000 requests, 30 booths, five
  hub delegations with 100-140 requests each;
- tiny: 6 delegations, 2 days, 16 requests, 2 rooms, for the unit tests.

Each delegation has one principal (its minister). Working days run 08:00-20:00; multilateral sessions
(blocks of 1-2.5 h, each attended by the members of one framework, with a 15-minute buffer either
side) take 40-50 % of a member's working time at S (less at M and L, where fewer sessions concern
everyone); 30 % of delegations arrive late or leave early. Meetings last 30 minutes; principals need
15 minutes between two meetings.

Demand level multiplies the scale's request count: low 0.5x, balanced 1x, heavy 2x. `demand_ratio`
states it against free time: requested principal-time (duration x principals, summed over requests)
divided by the principals' free time (available grains, summed over principals).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from mufakat.bilaterals.scheduler.instance import Day, Instance, Interval, Principal, Request, Room

GRAIN_MINUTES = 15
GRAINS_PER_DAY = 24 * 60 // GRAIN_MINUTES
DAY_OPENS = 8 * 4  # 08:00
DAY_CLOSES = 20 * 4  # 20:00
MEETING = 2  # 30 minutes
BUFFER = 1  # 15 minutes

ARF = [
    *("AU", "BD", "BN", "KH", "CA", "CN", "EU", "IN", "ID", "JP", "KP", "KR", "LA", "MY"),
    *("MN", "MM", "NZ", "PK", "PG", "PH", "RU", "SG", "LK", "TH", "TL", "US", "VN"),
]


@dataclass(frozen=True)
class Scale:
    name: str
    delegations: int
    days: int
    requests: int
    rooms: int
    big_rooms: int  # rooms seating three delegations; the rest seat two
    trilateral: float
    session_share: tuple[float, float]  # of a delegation's working time in town
    late_or_early: float
    hubs: int = 0
    hub_requests: tuple[int, int] = (0, 0)
    start: date = date(2024, 7, 24)
    utc_offset_hours: int = 7


SCALES = {
    "tiny": Scale("tiny", 6, 2, 16, 2, 1, 0.1, (0.40, 0.50), 0.3),
    "S": Scale("S", 27, 4, 300, 6, 2, 0.1, (0.40, 0.50), 0.3),
    "M": Scale("M", 60, 3, 800, 12, 3, 0.1, (0.35, 0.45), 0.3),
    "L": Scale(
        "L",
        193,
        6,
        3000,
        30,
        6,
        0.05,
        (0.25, 0.35),
        0.3,
        hubs=5,
        hub_requests=(100, 140),
        start=date(2024, 9, 23),
        utc_offset_hours=-4,
    ),
}
DEMAND = {"low": 0.5, "balanced": 1.0, "heavy": 2.0}
PRIORITIES = (1, 2, 3, 4, 5)
PRIORITY_SHARE = (0.15, 0.25, 0.30, 0.20, 0.10)


def generate(scale: str | Scale = "S", demand: str = "balanced", seed: int = 0) -> Instance:
    spec = SCALES[scale] if isinstance(scale, str) else scale
    rng = random.Random(f"{spec.name}-{demand}-{seed}")
    horizon = spec.days * GRAINS_PER_DAY
    codes = _codes(spec.delegations)
    in_town = _presence(rng, spec, codes)
    busy = _sessions(rng, spec, codes, in_town)
    principals = tuple(
        Principal(
            id=f"{code}/minister",
            party=code,
            level="minister",
            available=_runs([in_town[code][g] and not busy[code][g] for g in range(horizon)]),
        )
        for code in codes
    )
    rooms = _rooms(spec)
    requests = _requests(rng, spec, DEMAND[demand], codes, principals)
    local_midnight = datetime(spec.start.year, spec.start.month, spec.start.day, tzinfo=UTC)
    epoch = local_midnight - timedelta(hours=spec.utc_offset_hours)
    days = tuple(
        Day((spec.start + timedelta(days=d)).isoformat(), Interval(d * GRAINS_PER_DAY, (d + 1) * GRAINS_PER_DAY))
        for d in range(spec.days)
    )
    return Instance(
        epoch=epoch,
        grain_minutes=GRAIN_MINUTES,
        horizon=horizon,
        buffer=BUFFER,
        days=days,
        principals=principals,
        rooms=rooms,
        requests=requests,
        name=f"{spec.name}-{demand}-{seed}",
        utc_offset_minutes=spec.utc_offset_hours * 60,
    )


def demand_ratio(instance: Instance) -> float:
    """Requested principal-time over the principals' free time (see the module docstring)."""
    requested = sum(r.duration * len(r.principals) for r in instance.requests)
    free = sum(i.length for p in instance.principals for i in p.available)
    return requested / free if free else float("inf")


def _codes(n: int) -> list[str]:
    return ARF[:n] if n <= len(ARF) else ARF + [f"X{k:03d}" for k in range(len(ARF), n)]


def _working(day: int) -> range:
    return range(day * GRAINS_PER_DAY + DAY_OPENS, day * GRAINS_PER_DAY + DAY_CLOSES)


def _presence(rng: random.Random, spec: Scale, codes: list[str]) -> dict[str, list[bool]]:
    horizon = spec.days * GRAINS_PER_DAY
    presence = {}
    for code in codes:
        mask = [False] * horizon
        for day in range(spec.days):
            for g in _working(day):
                mask[g] = True
        if rng.random() < spec.late_or_early:
            if rng.random() < 0.5:
                arrives = rng.randint(1, min(2, spec.days - 1)) * GRAINS_PER_DAY + rng.randint(DAY_OPENS, 64)
                mask[:arrives] = [False] * arrives
            else:
                leaves = rng.randint(max(0, spec.days - 2), spec.days - 1) * GRAINS_PER_DAY + rng.randint(40, 72)
                mask[leaves:] = [False] * (horizon - leaves)
        presence[code] = mask
    return presence


def _sessions(
    rng: random.Random, spec: Scale, codes: list[str], in_town: dict[str, list[bool]]
) -> dict[str, list[bool]]:
    """Blocks of multilateral sessions, each attended by one framework's members; then each
    delegation's attendance is nudged into its target share of working time in town."""
    n = len(codes)
    sizes = [n, max(2, int(0.6 * n)), max(2, int(0.4 * n)), max(2, int(0.4 * n)), max(2, int(0.25 * n))]
    sizes += [max(2, int(0.15 * n))] * 3
    frameworks = [set(rng.sample(codes, size)) for size in sizes]
    blocks: list[tuple[range, set[str]]] = []
    for day in range(spec.days):
        cursor = day * GRAINS_PER_DAY + DAY_OPENS + rng.randint(2, 4)
        end_of_day = day * GRAINS_PER_DAY + DAY_CLOSES - 4
        while cursor + 4 <= end_of_day:
            length = min(rng.randint(4, 10), end_of_day - cursor)
            blocks.append((range(cursor, cursor + length), set(rng.choice(frameworks))))
            cursor += length + rng.randint(1, 3)
    horizon = spec.days * GRAINS_PER_DAY
    busy: dict[str, list[bool]] = {}
    for code in codes:
        present = in_town[code]
        working = sum(present) or 1
        target = rng.uniform(*spec.session_share)
        mine = [k for k, (grains, members) in enumerate(blocks) if code in members and present[grains.start]]
        others = [k for k, (grains, members) in enumerate(blocks) if code not in members and present[grains.start]]
        rng.shuffle(others)

        def share(chosen: list[int], present: list[bool] = present, working: int = working) -> float:
            return sum(1 for k in chosen for g in _with_buffer(blocks[k][0], horizon) if present[g]) / working

        while others and share(mine) < target - 0.02:
            mine.append(others.pop())
        rng.shuffle(mine)
        while mine and share(mine) > target + 0.02:
            mine.pop()
        mask = [False] * horizon
        for k in mine:
            for g in _with_buffer(blocks[k][0], horizon):
                mask[g] = True
        busy[code] = mask
    return busy


def _with_buffer(grains: range, horizon: int) -> range:
    return range(max(0, grains.start - BUFFER), min(horizon, grains.stop + BUFFER))


def _runs(mask: list[bool]) -> tuple[Interval, ...]:
    runs = []
    start = None
    for g, free in enumerate([*mask, False]):
        if free and start is None:
            start = g
        elif not free and start is not None:
            runs.append(Interval(start, g))
            start = None
    return tuple(runs)


def _rooms(spec: Scale) -> tuple[Room, ...]:
    rooms = []
    for k in range(spec.rooms):
        big = k >= spec.rooms - spec.big_rooms
        open_ = [Interval(g.start, g.stop) for g in (_working(d) for d in range(spec.days))]
        if k == 0 and spec.days > 1:
            # One room is closed on the second afternoon (a press event), so rooms open and close.
            day = _working(1)
            open_[1] = Interval(day.start, day.start + 5 * 4)
        rooms.append(
            Room(
                id=f"{'B' if big else 'R'}{k + 1}",
                name=f"{'Trilateral' if big else 'Bilateral'} room {k + 1}",
                capacity=3 if big else 2,
                available=tuple(open_),
            )
        )
    return tuple(rooms)


def _requests(
    rng: random.Random, spec: Scale, multiplier: float, codes: list[str], principals: tuple[Principal, ...]
) -> tuple[Request, ...]:
    activity = {code: rng.lognormvariate(0, 0.6) for code in codes}
    popularity = {code: rng.lognormvariate(0, 0.8) for code in codes}
    hubs = sorted(codes, key=lambda c: -popularity[c])[: spec.hubs]
    seen: set[frozenset[str]] = set()
    parties: list[tuple[str, ...]] = []

    def pick(weights: dict[str, float], exclude: set[str]) -> str:
        pool = [c for c in codes if c not in exclude]
        return rng.choices(pool, weights=[weights[c] for c in pool])[0]

    def add(group: tuple[str, ...]) -> bool:
        key = frozenset(group)
        if key in seen or len(key) != len(group):
            return False
        seen.add(key)
        parties.append(group)
        return True

    for hub in hubs:
        wanted = round(rng.randint(*spec.hub_requests) * multiplier)
        made = 0
        while made < wanted:
            other = pick(activity, {hub, *hubs})
            group = (other, hub) if rng.random() < 0.7 else (hub, other)
            if rng.random() < spec.trilateral:
                group = (*group, pick(popularity, {hub, other, *hubs}))
            made += add(group)
    total = round(spec.requests * multiplier)
    attempts = 0
    while len(parties) < total and attempts < 50 * total:
        attempts += 1
        requester = pick(activity, set(hubs))
        group: tuple[str, ...] = (requester, pick(popularity, {requester, *hubs}))
        if rng.random() < spec.trilateral:
            group = (*group, pick(popularity, {*group, *hubs}))
        add(group)
    rng.shuffle(parties)

    by_party = {p.party: p for p in principals}
    requests = []
    for k, group in enumerate(parties):
        window = None
        if rng.random() < 0.1:
            common = [
                d
                for d in range(spec.days)
                if all(
                    any(i.start < _working(d).stop and _working(d).start < i.end for i in by_party[c].available)
                    for c in group
                )
            ]
            if common:
                day = _working(rng.choice(common))
                window = (Interval(day.start, day.stop),)
        preferred: tuple[Interval, ...] = ()
        if rng.random() < 0.25:
            morning = rng.random() < 0.5
            preferred = tuple(
                Interval(d * GRAINS_PER_DAY + (32 if morning else 52), d * GRAINS_PER_DAY + (48 if morning else 72))
                for d in range(spec.days)
            )
        requests.append(
            Request(
                id=f"r{k + 1:04d}",
                principals=tuple(f"{c}/minister" for c in group),
                duration=MEETING,
                priority=rng.choices(PRIORITIES, weights=PRIORITY_SHARE)[0],
                window=window,
                preferred=preferred,
                label="–".join(group),
            )
        )
    return tuple(requests)


def busiest_parties(instance: Instance, count: int = 3) -> list[str]:
    involved: dict[str, int] = {}
    party = {p.id: p.party for p in instance.principals}
    for request in instance.requests:
        for principal in request.principals:
            involved[party[principal]] = involved.get(party[principal], 0) + 1
    return sorted(involved, key=lambda c: (-involved[c], c))[:count]


def arrive_a_day_late(instance: Instance, parties: list[str]) -> Instance:
    """The parties' principals arrive one day later than they did."""
    principals = []
    for principal in instance.principals:
        if principal.party in parties and principal.available:
            arrival = principal.available[0].start + 24 * 60 // instance.grain_minutes
            available = tuple(Interval(max(i.start, arrival), i.end) for i in principal.available if i.end > arrival)
            principals.append(replace(principal, available=available))
        else:
            principals.append(principal)
    return replace(instance, principals=tuple(principals))


def lose_room(instance: Instance, room_id: str) -> Instance:
    return replace(instance, rooms=tuple(r for r in instance.rooms if r.id != room_id))
