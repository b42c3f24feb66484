"""A party's week: its sessions, bilaterals and deadlines, and the free slots between them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.http import HttpRequest

from mufakat.api.auth import SIGNED_IN, request_viewer
from mufakat.api.common import errors
from mufakat.api.meetings.common import party_get, programme_router
from mufakat.api.meetings.programme_schemas import (
    ReleasedSessionOut,
    SlotOut,
    WeekBilateralOut,
    WeekDayOut,
    WeekDeadlineOut,
    WeekOut,
)
from mufakat.api.reference.schemas import PartyOut
from mufakat.delegations.week import PartyWeek, WeekDeadline, WeekEvent, party_week_get
from mufakat.meetings.selectors import series_get


def _slot(start: datetime, end: datetime) -> SlotOut:
    return SlotOut(
        starts_at=start.astimezone(UTC), ends_at=end.astimezone(UTC), starts_at_local=start, ends_at_local=end
    )


def _week_session(event: WeekEvent, zone: ZoneInfo) -> ReleasedSessionOut:
    return ReleasedSessionOut(
        uid=event.uid,
        meeting_id=event.meeting_id or 0,
        meeting=event.meeting,
        title=event.title,
        kind=event.session_kind,
        room=event.room,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        starts_at_local=event.starts_at.astimezone(zone),
        ends_at_local=event.ends_at.astimezone(zone),
    )


def _week_bilateral(event: WeekEvent, zone: ZoneInfo) -> WeekBilateralOut:
    return WeekBilateralOut(
        uid=event.uid,
        request_id=int(event.uid.removeprefix("bilateral-")),
        parties=[PartyOut(code=p.code, kind=p.kind, name_en=p.name_en, name_vi=p.name_vi) for p in event.parties],
        level=event.level,
        room=event.room or "",
        confirmed=event.confirmed,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        starts_at_local=event.starts_at.astimezone(zone),
        ends_at_local=event.ends_at.astimezone(zone),
    )


def _week_deadline(deadline: WeekDeadline) -> WeekDeadlineOut:
    return WeekDeadlineOut(
        uid=deadline.uid,
        kind=deadline.kind,
        at=deadline.at.astimezone(UTC),
        at_local=deadline.local_at,
        time_zone=deadline.time_zone,
        title=deadline.title,
        document_id=deadline.document.pk if deadline.document is not None else None,
        plan_id=deadline.period.plan_id if deadline.period is not None else None,
        lines=deadline.lines if deadline.period is not None else None,
    )


def week_of(request: HttpRequest, code: str, party: str) -> PartyWeek:
    series = series_get(code=code)
    return party_week_get(viewer=request_viewer(request, series), series=series, party=party_get(party))


@programme_router.get(
    "/series/{code}/delegations/{party}/week", response={200: WeekOut, **errors(401, 403, 404)}, auth=SIGNED_IN
)
def party_week(request: HttpRequest, code: str, party: str) -> WeekOut:
    """The party's week (its delegation and the chair secretariat): the sessions of the latest release in
    every meeting it attends, its meetings in the published bilateral schedule, its deadlines (silence
    procedures on documents it may see, reporting deadlines of plans of action), and its free time day by
    day between day_starts and day_ends: the hours bilaterals may be held, within the venue's opening hours."""
    week = week_of(request, code, party)
    zone = week.series.venue.tzinfo
    found = week.party
    return WeekOut(
        series=week.series.code,
        party=PartyOut(code=found.code, kind=found.kind, name_en=found.name_en, name_vi=found.name_vi),
        release=week.release.number if week.release else None,
        bilateral_schedule=week.schedule.number if week.schedule else None,
        time_zone=week.time_zone,
        day_starts=week.day_starts,
        day_ends=week.day_ends,
        days=[
            WeekDayOut(
                date=day.day,
                sessions=[_week_session(e, zone) for e in day.events if e.kind == "session"],
                bilaterals=[_week_bilateral(e, zone) for e in day.events if e.kind == "bilateral"],
                deadlines=[_week_deadline(d) for d in day.deadlines],
                free=[_slot(start, end) for start, end in day.free],
            )
            for day in week.days
        ],
        other_deadlines=[_week_deadline(d) for d in week.other_deadlines],
    )
