"""How compact each principal's days are in a saved schedule: idle gaps per principal and day strips
(meetings, plenaries and absences, gaps) for the chair's page and the API.

Counted from the schedule's saved instance (its `inputs`, the documented format) and the meetings as
they stand now, so a meeting the chair moved by hand is counted where it is; the solver's own figures
(`BilateralSchedule.gaps`, `gaps_bound`) describe the schedule as solved."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from mufakat.bilaterals.enums import Level
from mufakat.bilaterals.models import BilateralAssignment, BilateralSchedule
from mufakat.bilaterals.scheduler import Assignment, Instance, InstanceError, instance_from_json
from mufakat.bilaterals.scheduler.gaps import block_ids, principal_masks


@dataclass(frozen=True)
class Segment:
    kind: str  # "meeting", "gap" or "away" (a plenary, before arrival, after departure, a blocked period)
    left: float  # percent of the day's strip
    width: float
    starts_at: datetime
    ends_at: datetime
    label: str = ""


@dataclass(frozen=True)
class Tick:
    """A full hour of the venue's clock on a day's strip, for reading times off it on a phone."""

    left: float  # percent of the day's strip
    hour: int  # 0-23, venue time


@dataclass
class PrincipalDay:
    day: datetime  # the day's first grain shown
    gaps: int
    segments: list[Segment] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)


@dataclass
class PrincipalStrip:
    principal: str  # "VN/minister"
    party: str
    level: str  # its label
    gaps: int
    meetings: int
    days: list[PrincipalDay] = field(default_factory=list)


@dataclass
class ScheduleCompactness:
    strips: list[PrincipalStrip]
    total: int
    worst: PrincipalStrip | None
    fewest: int  # the least served principal's gaps
    bound: int | None  # the solver's proven fewest gaps for the meetings it placed
    fairness: int | None
    moved_since: bool  # the gaps differ from those at solve time (a meeting moved by hand): the bound may not apply


def schedule_compactness(
    schedule: BilateralSchedule, assignments: Sequence[BilateralAssignment]
) -> ScheduleCompactness | None:
    """Per principal with a meeting, its idle gaps and day strips; None when the schedule kept no instance."""
    if not schedule.inputs:
        return None
    try:
        instance = instance_from_json(schedule.inputs)
    except InstanceError:
        return None
    grain = timedelta(minutes=instance.grain_minutes)
    placed = [
        Assignment(str(a.request_id), round((a.starts_at - instance.epoch) / grain), str(a.room_id))
        for a in assignments
    ]
    requests = {r.id: r for r in instance.requests}
    placed = [a for a in placed if a.request_id in requests]
    avail = principal_masks(instance)
    blocks = block_ids(instance, avail)
    index = {p.id: k for k, p in enumerate(instance.principals)}
    meetings: dict[int, list[tuple[int, int, str]]] = {}
    for a in placed:
        request = requests[a.request_id]
        for name in request.principals:
            if name in index:
                meetings.setdefault(index[name], []).append((a.start, a.start + request.duration, request.label))
    spans = _day_spans(instance, avail)
    strips = []
    for p, items in sorted(meetings.items(), key=lambda item: instance.principals[item[0]].id):
        items.sort()
        principal = instance.principals[p]
        strip = PrincipalStrip(principal.id, principal.party, _level(principal.level), 0, len(items))
        for lo, hi in spans:
            mine = [m for m in items if lo <= m[0] < hi]
            if mine:
                day = _strip_day(instance, avail[p], blocks[p], mine, span=(lo, hi))
                strip.days.append(day)
                strip.gaps += day.gaps
        strips.append(strip)
    total = sum(s.gaps for s in strips)
    worst = max(strips, key=lambda s: (s.gaps, s.principal)) if strips else None
    return ScheduleCompactness(
        strips=strips,
        total=total,
        worst=worst,
        fewest=min((s.gaps for s in strips), default=0),
        bound=schedule.gaps_bound,
        fairness=schedule.gap_fairness,
        moved_since=schedule.gaps is not None and schedule.gaps != total,
    )


def _level(level: str) -> str:
    try:
        return str(Level(level).label)
    except ValueError:
        return level


def _day_spans(instance: Instance, avail: np.ndarray) -> list[tuple[int, int]]:
    """Each day's grains from the first at which anyone is available to the last."""
    spans = []
    anyone = np.asarray(avail.any(axis=0)) if avail.shape[0] else np.zeros(0, dtype=np.bool_)
    for day in instance.days:
        lo, hi = max(0, day.span.start), min(instance.horizon, day.span.end)
        open_grains = np.flatnonzero(anyone[lo:hi])
        if open_grains.shape[0]:
            spans.append((lo + int(open_grains[0]), lo + int(open_grains[-1]) + 1))
    return spans


def _strip_day(
    instance: Instance,
    avail: np.ndarray,
    blocks: np.ndarray,
    mine: list[tuple[int, int, str]],
    *,
    span: tuple[int, int],
) -> PrincipalDay:
    lo, hi = span
    width = max(1, hi - lo)
    grain = timedelta(minutes=instance.grain_minutes)

    def segment(kind: str, start: int, end: int, label: str = "") -> Segment:
        start, end = max(lo, start), min(hi, end)
        return Segment(
            kind,
            round(100 * (start - lo) / width, 3),
            round(100 * (end - start) / width, 3),
            instance.epoch + start * grain,
            instance.epoch + end * grain,
            label,
        )

    segments = []
    away = ~avail[lo:hi]
    edges = np.flatnonzero(np.diff(np.concatenate(([0], away.astype(np.int8), [0]))))
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        segments.append(segment("away", lo + int(start), lo + int(end)))
    gaps = 0
    for (start, end, _), (next_start, _, _) in itertools.pairwise(mine):
        if blocks[start] == blocks[next_start] and next_start != end + instance.buffer:
            gaps += 1
            segments.append(segment("gap", end, next_start))
    segments += [segment("meeting", start, end, label) for start, end, label in mine]
    return PrincipalDay(instance.epoch + lo * grain, gaps, segments, hour_ticks(instance, lo, hi))


def hour_ticks(instance: Instance, lo: int, hi: int) -> list[Tick]:
    """The full hours (venue time) strictly inside the grains [lo, hi), placed as percents of the strip."""
    step = instance.grain_minutes
    first = lo * step + instance.utc_offset_minutes  # minutes from the epoch, on the venue's clock
    last = hi * step + instance.utc_offset_minutes
    epoch_minutes = instance.epoch.hour * 60 + instance.epoch.minute
    total = max(1, last - first)
    ticks = []
    hour = -(-(first + epoch_minutes) // 60) * 60  # the first full hour at or after the start
    while hour < last + epoch_minutes:
        if hour > first + epoch_minutes:
            ticks.append(Tick(round(100 * (hour - epoch_minutes - first) / total, 3), (hour // 60) % 24))
        hour += 60
    return ticks
