"""The JSON instance and result formats as read (documented in docs/bilaterals-instance.md; writing them is
bilaterals.scheduler.jsonwrite).

Times are ISO 8601 datetimes with an explicit UTC offset, converted to grains on load. A malformed
file (a principal or room that cannot be read, a missing top-level field) raises `InstanceError`
listing every problem by record and field. A malformed request does not: it is kept, marked
rejected with the reason, and every solve reports it unscheduled while the rest is scheduled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from mufakat.bilaterals.scheduler.instance import (
    Assignment,
    Day,
    Instance,
    Interval,
    Principal,
    Request,
    Room,
    Unscheduled,
)

INSTANCE_FORMAT = "mufakat-bilaterals-instance/1"
RESULT_FORMAT = "mufakat-bilaterals-result/1"


class InstanceError(ValueError):
    """The file cannot be read as an instance; `problems` names each record and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _Bad(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class _Grid:
    def __init__(self, start: datetime, grain_minutes: int) -> None:
        self.start = start
        self.grain = timedelta(minutes=grain_minutes)

    def grains(self, moment: datetime, *, rounding: str, where: str) -> int:
        offset = moment - self.start
        whole, rest = divmod(offset, self.grain)
        if rest and rounding == "exact":
            raise _Bad(where, f"{moment.isoformat()} is not on the {self.grain.seconds // 60}-minute grid")
        return int(whole) + (1 if rest and rounding == "up" else 0)


def _datetime(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise _Bad(where, f"expected an ISO 8601 datetime string, got {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(where, f"{value!r} is not an ISO 8601 datetime") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _Bad(where, f"{value!r} has no UTC offset (write e.g. {value}+07:00 or {value}Z)")
    return moment


def _int(value: Any, where: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(where, f"expected a whole number, got {value!r}")
    if value < minimum:
        raise _Bad(where, f"must be at least {minimum}, not {value}")
    return int(value)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(where, f"expected a non-empty string, got {value!r}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(where, f"expected a list, got {type(value).__name__}")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(where, f"expected an object, got {type(value).__name__}")
    return value


def _intervals(value: Any, where: str, grid: _Grid) -> tuple[Interval, ...]:
    """Intervals shrink to the grid: starts round up, ends round down; an interval that vanishes
    (shorter than a grain once aligned) is dropped."""
    out = []
    for k, item in enumerate(_list(value, where)):
        record = _object(item, f"{where}[{k}]")
        start = _datetime(record.get("start"), f"{where}[{k}].start")
        end = _datetime(record.get("end"), f"{where}[{k}].end")
        if end < start:
            raise _Bad(f"{where}[{k}].end", f"{end.isoformat()} is before the start {start.isoformat()}")
        first = grid.grains(start, rounding="up", where=f"{where}[{k}].start")
        last = grid.grains(end, rounding="down", where=f"{where}[{k}].end")
        if last > first:
            out.append(Interval(first, last))
    return tuple(sorted(out))


def instance_from_json(data: Any) -> Instance:
    problems: list[str] = []

    def attempt(action: Callable[[], Any]) -> Any:
        try:
            return action()
        except _Bad as bad:
            problems.append(str(bad))
            return None

    root = attempt(lambda: _object(data, "instance"))
    if root is None:
        raise InstanceError(problems)
    fmt = root.get("format", INSTANCE_FORMAT)
    if fmt != INSTANCE_FORMAT:
        problems.append(f"format: expected {INSTANCE_FORMAT!r}, got {fmt!r}")
    start = attempt(lambda: _datetime(root.get("start"), "start"))
    end = attempt(lambda: _datetime(root.get("end"), "end"))
    grain_minutes = attempt(lambda: _int(root.get("grain_minutes", 15), "grain_minutes", minimum=1))
    buffer_minutes = attempt(lambda: _int(root.get("buffer_minutes", 0), "buffer_minutes", minimum=0))
    principals_in = attempt(lambda: _list(root.get("principals"), "principals"))
    rooms_in = attempt(lambda: _list(root.get("rooms"), "rooms"))
    requests_in = attempt(lambda: _list(root.get("requests"), "requests"))
    if problems or start is None or end is None or grain_minutes is None or buffer_minutes is None:
        raise InstanceError(problems)
    if end <= start:
        raise InstanceError([f"end: {end.isoformat()} is not after start {start.isoformat()}"])
    grid = _Grid(start, grain_minutes)
    horizon = grid.grains(end, rounding="down", where="end")
    buffer = -(-buffer_minutes // grain_minutes)
    offset = start.utcoffset() or timedelta(0)

    principals = []
    seen: set[str] = set()
    for k, item in enumerate(principals_in or []):
        principal = attempt(partial(_principal, item, f"principals[{k}]", grid, seen))
        if principal is not None:
            principals.append(principal)
    rooms = []
    seen_rooms: set[str] = set()
    for k, item in enumerate(rooms_in or []):
        room = attempt(partial(_room, item, f"rooms[{k}]", grid, horizon, seen_rooms))
        if room is not None:
            rooms.append(room)
    days = attempt(lambda: _days(root.get("days"), grid, start, end, horizon))
    if problems:
        raise InstanceError(problems)

    requests, rejected = [], []
    for k, item in enumerate(requests_in or []):
        request, problem = _request(item, k, grid)
        requests.append(request)
        if problem is not None:
            rejected.append(problem)
    rejected = _after_problems(requests, rejected)
    name = root.get("name", "")
    return Instance(
        epoch=start.astimezone(UTC),
        grain_minutes=grain_minutes,
        horizon=horizon,
        buffer=buffer,
        days=days or (),
        principals=tuple(principals),
        rooms=tuple(rooms),
        requests=tuple(requests),
        name=name if isinstance(name, str) else "",
        utc_offset_minutes=int(offset.total_seconds() // 60),
        rejected=tuple(rejected),
    )


def _principal(item: Any, where: str, grid: _Grid, seen: set[str]) -> Principal:
    record = _object(item, where)
    pid = _str(record.get("id"), f"{where}.id")
    if pid in seen:
        raise _Bad(f"{where}.id", f"{pid!r} is used by an earlier principal")
    seen.add(pid)
    party_default, _, level_default = pid.partition("/")
    party = _str(record.get("party", party_default), f"{where}.party")
    level = _str(record.get("level", level_default or "minister"), f"{where}.level")
    available = _intervals(record.get("available", []), f"{where}.available", grid)
    return Principal(pid, party, level, available)


def _room(item: Any, where: str, grid: _Grid, horizon: int, seen: set[str]) -> Room:
    record = _object(item, where)
    rid = _str(record.get("id"), f"{where}.id")
    if rid in seen:
        raise _Bad(f"{where}.id", f"{rid!r} is used by an earlier room")
    seen.add(rid)
    name = record.get("name", rid)
    capacity = _int(record.get("capacity"), f"{where}.capacity", minimum=1)
    if "available" in record:
        available = _intervals(record["available"], f"{where}.available", grid)
    else:
        available = (Interval(0, horizon),)
    return Room(rid, name if isinstance(name, str) else rid, capacity, available)


def _days(value: Any, grid: _Grid, start: datetime, end: datetime, horizon: int) -> tuple[Day, ...]:
    if value is None:
        # Calendar days at the venue (the start's UTC offset), clipped to the instance.
        out = []
        midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
        while midnight < end:
            following = midnight + timedelta(days=1)
            first = max(0, grid.grains(midnight, rounding="up", where="days"))
            last = min(horizon, grid.grains(following, rounding="up", where="days"))
            if last > first:
                out.append(Day(midnight.date().isoformat(), Interval(first, last)))
            midnight = following
        return tuple(out)
    out = []
    for k, item in enumerate(_list(value, "days")):
        record = _object(item, f"days[{k}]")
        label = _str(record.get("date"), f"days[{k}].date")
        span = _intervals([{"start": record.get("start"), "end": record.get("end")}], f"days[{k}]", grid)
        if not span:
            raise _Bad(f"days[{k}]", "is shorter than one grain")
        out.append(Day(label, span[0]))
    return tuple(out)


def _request(item: Any, k: int, grid: _Grid) -> tuple[Request, Unscheduled | None]:
    where = f"requests[{k}]"
    record = item if isinstance(item, dict) else {}
    given = record.get("id")
    rid = given if isinstance(given, str) and given else where
    raw_principals = record.get("principals")
    principals = tuple(p for p in raw_principals if isinstance(p, str)) if isinstance(raw_principals, list) else ()
    label = record.get("label", "")
    placeholder = Request(rid, principals, 0, 1, label=label if isinstance(label, str) else "")
    try:
        if not isinstance(item, dict):
            raise _Bad(where, f"expected an object, got {type(item).__name__}")
        _str(record.get("id"), f"{where}.id")
        names = _list(raw_principals, f"{where}.principals")
        for j, name in enumerate(names):
            _str(name, f"{where}.principals[{j}]")
        minutes = _int(record.get("duration_minutes"), f"{where}.duration_minutes", minimum=1)
        priority = _int(record.get("priority", 3), f"{where}.priority", minimum=1)
        window = _intervals(record["window"], f"{where}.window", grid) if "window" in record else None
        preferred = _intervals(record.get("preferred", []), f"{where}.preferred", grid)
        after = tuple(
            _str(name, f"{where}.after[{j}]") for j, name in enumerate(_list(record.get("after", []), f"{where}.after"))
        )
    except _Bad as bad:
        return placeholder, Unscheduled(rid, "invalid_request", f"{bad}.")
    duration = -(-minutes // (grid.grain.seconds // 60))
    request = Request(
        rid, principals, duration, priority, window=window, preferred=preferred, label=placeholder.label, after=after
    )
    if "pinned" not in record:
        return request, None
    try:
        pinned = _object(record["pinned"], f"{where}.pinned")
        moment = _datetime(pinned.get("start"), f"{where}.pinned.start")
        pinned_start = grid.grains(moment, rounding="exact", where=f"{where}.pinned.start")
        room = pinned.get("room")
        if room is not None:
            _str(room, f"{where}.pinned.room")
    except _Bad as bad:
        return request, Unscheduled(rid, "infeasible_pin", f"{bad}.")
    return Request(
        rid,
        principals,
        duration,
        priority,
        window=window,
        preferred=preferred,
        pinned_start=pinned_start,
        pinned_room=room,
        label=placeholder.label,
        after=after,
    ), None


def _after_problems(requests: list[Request], rejected: list[Unscheduled]) -> list[Unscheduled]:
    """A request whose `after` names an unknown request or itself is rejected, naming the field. (A cycle
    is accepted: the requests in it simply cannot all be placed.)"""
    ids = {r.id for r in requests}
    done = {u.request_id for u in rejected}
    out = list(rejected)
    for k, request in enumerate(requests):
        for j, name in enumerate(request.after):
            if request.id in done:
                break
            if name == request.id or name not in ids:
                what = "is the request itself" if name == request.id else "is not a request of this instance"
                out.append(Unscheduled(request.id, "invalid_request", f"requests[{k}].after[{j}]: {name!r} {what}."))
                done.add(request.id)
    return out


def assignments_from_json(data: Any, instance: Instance) -> list[Assignment]:
    """The assignments of a result written by `result_to_json`, e.g. the schedule to keep when
    rescheduling."""
    problems: list[str] = []
    grid = _Grid(instance.epoch, instance.grain_minutes)
    out = []
    try:
        items = _list(_object(data, "result").get("assignments"), "assignments")
    except _Bad as bad:
        raise InstanceError([str(bad)]) from None
    for k, item in enumerate(items):
        where = f"assignments[{k}]"
        try:
            record = _object(item, where)
            request = _str(record.get("request"), f"{where}.request")
            moment = _datetime(record.get("start"), f"{where}.start")
            room = _str(record.get("room"), f"{where}.room")
            out.append(Assignment(request, grid.grains(moment, rounding="exact", where=f"{where}.start"), room))
        except _Bad as bad:
            problems.append(str(bad))
    if problems:
        raise InstanceError(problems)
    return out
