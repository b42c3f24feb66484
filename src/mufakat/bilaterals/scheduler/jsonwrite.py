"""The JSON instance and result formats as written (documented in docs/bilaterals-instance.md): times as
ISO 8601 datetimes in the instance's UTC offset. Reading them back is bilaterals.scheduler.jsonio."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from mufakat.bilaterals.scheduler.instance import Assignment, Instance, Interval, Result
from mufakat.bilaterals.scheduler.jsonio import INSTANCE_FORMAT, RESULT_FORMAT


def _iso(instance: Instance, grain: int) -> str:
    moment = instance.epoch + timedelta(minutes=grain * instance.grain_minutes)
    zone = timezone_of(instance)
    return moment.astimezone(zone).isoformat()


def timezone_of(instance: Instance) -> Any:
    from datetime import timezone  # noqa: PLC0415

    return timezone(timedelta(minutes=instance.utc_offset_minutes))


def _spans(instance: Instance, intervals: Sequence[Interval]) -> list[dict[str, str]]:
    return [{"start": _iso(instance, i.start), "end": _iso(instance, i.end)} for i in intervals]


def instance_to_json(instance: Instance) -> dict[str, Any]:
    requests = []
    for r in instance.requests:
        record: dict[str, Any] = {
            "id": r.id,
            "principals": list(r.principals),
            "duration_minutes": r.duration * instance.grain_minutes,
            "priority": r.priority,
        }
        if r.label:
            record["label"] = r.label
        if r.window is not None:
            record["window"] = _spans(instance, r.window)
        if r.preferred:
            record["preferred"] = _spans(instance, r.preferred)
        if r.pinned_start is not None:
            record["pinned"] = {"start": _iso(instance, r.pinned_start)}
            if r.pinned_room is not None:
                record["pinned"]["room"] = r.pinned_room
        if r.after:
            record["after"] = list(r.after)
        requests.append(record)
    return {
        "format": INSTANCE_FORMAT,
        "name": instance.name,
        "start": _iso(instance, 0),
        "end": _iso(instance, instance.horizon),
        "grain_minutes": instance.grain_minutes,
        "buffer_minutes": instance.buffer * instance.grain_minutes,
        "days": [
            {"date": d.label, "start": _iso(instance, d.span.start), "end": _iso(instance, d.span.end)}
            for d in instance.days
        ],
        "principals": [
            {"id": p.id, "party": p.party, "level": p.level, "available": _spans(instance, p.available)}
            for p in instance.principals
        ],
        "rooms": [
            {"id": r.id, "name": r.name, "capacity": r.capacity, "available": _spans(instance, r.available)}
            for r in instance.rooms
        ],
        "requests": requests,
    }


def _placement(instance: Instance, a: Assignment | None) -> dict[str, Any] | None:
    if a is None:
        return None
    request = next((r for r in instance.requests if r.id == a.request_id), None)
    end = a.start + (request.duration if request else 0)
    return {"start": _iso(instance, a.start), "end": _iso(instance, end), "room": a.room_id}


def result_to_json(result: Result, instance: Instance) -> dict[str, Any]:
    requests = {r.id: r for r in instance.requests}
    tiers: dict[str, dict[str, int]] = {}
    placed = {a.request_id for a in result.assignments}
    for r in instance.requests:
        tier = tiers.setdefault(str(r.priority), {"requested": 0, "scheduled": 0})
        tier["requested"] += 1
        tier["scheduled"] += r.id in placed
    return {
        "format": RESULT_FORMAT,
        "instance": instance.name,
        "status": result.status,
        "solver": result.solver,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "seconds": round(result.seconds, 3),  # the time used, wall clock
        "time_limit": result.time_limit,
        "cut": list(result.cut),
        "moves_minimum": result.moves_minimum,
        "gaps": result.gaps,
        "gaps_bound": result.gaps_bound,
        "worst_gaps": result.worst_gaps,
        "gap_fairness": result.gap_fairness,
        "gaps_by_principal": dict(result.gaps_by_principal),
        "seconds_to_first": None if result.seconds_to_first is None else round(result.seconds_to_first, 3),
        "seconds_to_1pct": None if result.seconds_to_1pct is None else round(result.seconds_to_1pct, 3),
        "seconds_to_gap": None if result.seconds_to_gap is None else round(result.seconds_to_gap, 3),
        "requests": len(instance.requests),
        "scheduled": len(result.assignments),
        "by_priority": dict(sorted(tiers.items(), key=lambda item: -int(item[0]))),
        "assignments": [
            {
                "request": a.request_id,
                "label": requests[a.request_id].label if a.request_id in requests else "",
                "principals": list(requests[a.request_id].principals) if a.request_id in requests else [],
                **(_placement(instance, a) or {}),
            }
            for a in result.assignments
        ],
        "unscheduled": [{"request": u.request_id, "reason": u.reason, "detail": u.detail} for u in result.unscheduled],
        "moves": [
            {"request": m.request_id, "before": _placement(instance, m.before), "after": _placement(instance, m.after)}
            for m in result.moves
        ],
        "log": list(result.log),
    }
