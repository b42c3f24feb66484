"""Venues, series, meetings and their sessions as set up by loaders and the command line (the chair's
editing of the draft programme is services.programme)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed, require_choice
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import versioned_update
from mufakat.meetings.enums import DatePrecision, MeetingStatus, SessionKind
from mufakat.meetings.models import Body, Meeting, Room, Series, Session, Venue
from mufakat.meetings.validators import validate_aware, validate_date_range, validate_time_zone
from mufakat.reference.models import Party

from .bodies import body_renumber


@transaction.atomic
def venue_upsert(
    *,
    name_en: str,
    city_en: str,
    country: Party,
    time_zone: str,
    name_vi: str = "",
    city_vi: str = "",
    opens_at: time = time(7, 0),
    closes_at: time = time(23, 0),
    rooms: list[tuple[str, int]] | None = None,
) -> Venue:
    record = f"venue {name_en!r}"
    validate_time_zone(time_zone, record=record)
    if closes_at <= opens_at:
        raise ValidationFailed(_("closes_at must be after opens_at."), field="closes_at", record=record)
    venue, _created = Venue.objects.update_or_create(
        name_en=name_en,
        city_en=city_en,
        defaults={
            "name_vi": name_vi,
            "city_vi": city_vi,
            "country": country,
            "time_zone": time_zone,
            "opens_at": opens_at,
            "closes_at": closes_at,
        },
    )
    for room_name, capacity in rooms or []:
        Room.objects.update_or_create(venue=venue, name=room_name, defaults={"capacity": capacity})
    return venue


@transaction.atomic
def series_upsert(
    *,
    code: str,
    title_en: str,
    title_vi: str,
    chair: Party,
    venue: Venue,
    start_date: date,
    end_date: date,
    theme_en: str = "",
    theme_vi: str = "",
) -> Series:
    validate_date_range(start_date, end_date, record=f"series {code}")
    series, _created = Series.objects.update_or_create(
        code=code,
        defaults={
            "title_en": title_en,
            "title_vi": title_vi,
            "theme_en": theme_en,
            "theme_vi": theme_vi,
            "chair": chair,
            "venue": venue,
            "start_date": start_date,
            "end_date": end_date,
        },
    )
    return series


def _validate_meeting(*, body: Body, series: Series | None, start_date: date, end_date: date, record: str) -> None:
    validate_date_range(start_date, end_date, record=record)
    if series and not (series.start_date <= start_date and end_date <= series.end_date):
        raise ValidationFailed(
            _("%(start_date)s..%(end_date)s lies outside the series %(series)s (%(start_date2)s..%(end_date2)s).")
            % {
                "start_date": start_date,
                "end_date": end_date,
                "series": series.code,
                "start_date2": series.start_date,
                "end_date2": series.end_date,
            },
            field="start_date",
            record=record,
        )


@transaction.atomic
def meeting_upsert(
    *,
    body: Body,
    start_date: date,
    end_date: date,
    series: Series | None = None,
    venue: Venue | None = None,
    chair: Party | None = None,
    co_chair: Party | None = None,
    status: str = MeetingStatus.CONFIRMED,
    note: str = "",
    online: bool = False,
) -> Meeting:
    """Create a meeting, or complete the year-only history entry of the same body and year, or update
    the meeting of the same body starting that day. Renumbers the body so ordinals stay derived."""
    record = f"meeting {body.abbreviation} {start_date}"
    _validate_meeting(body=body, series=series, start_date=start_date, end_date=end_date, record=record)
    meeting = (
        Meeting.objects.select_for_update().filter(body=body, start_date=start_date).first()
        or Meeting.objects.select_for_update()
        .filter(body=body, start_date__year=start_date.year, date_precision=DatePrecision.YEAR)
        .first()
        or Meeting(body=body)
    )
    wanted = {
        "series": series,
        "start_date": start_date,
        "end_date": end_date,
        "date_precision": DatePrecision.DAY,
        "venue": venue or (series.venue if series else None),
        "chair": chair or (series.chair if series else None),
        "co_chair": co_chair,
        "status": status,
        "note": note,
        "online": online,
    }
    if meeting.pk and all(getattr(meeting, key) == value for key, value in wanted.items()):
        return meeting
    for key, value in wanted.items():
        setattr(meeting, key, value)
    if meeting.pk:
        meeting.version = F("version") + 1
    meeting.save()
    body_renumber(body=body)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def meeting_update(*, meeting_id: int, expected_version: int, **changes: Any) -> Meeting:
    """Change a meeting's dates, venue, chair or status; refuses a stale edit with the current state."""
    allowed = {"start_date", "end_date", "venue", "chair", "co_chair", "status", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("cannot be changed here; allowed: %(values)s.") % {"values": ", ".join(sorted(allowed))},
            field=sorted(unknown)[0],
        )
    # Lock only the meeting row: PostgreSQL refuses FOR UPDATE on the nullable side of the series join.
    meeting = lock_then_read(Meeting.objects.select_related("body", "series"), pk=meeting_id)
    if meeting is None:
        raise Meeting.DoesNotExist(f"no meeting with id {meeting_id}")
    record = f"meeting {meeting.short_title} {meeting.start_date}"
    versioned_update(
        meeting,
        expected_version=expected_version,
        record=record,
        changes=changes,
        apply=lambda changed: _validate_meeting(
            body=changed.body,
            series=changed.series,
            start_date=changed.start_date,
            end_date=changed.end_date,
            record=record,
        ),
    )
    body_renumber(body=meeting.body)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def session_upsert(
    *,
    meeting: Meeting,
    title_en: str,
    starts_at: datetime,
    ends_at: datetime,
    title_vi: str = "",
    kind: str = SessionKind.PLENARY,
    room: Room | None = None,
) -> Session:
    """Create the session of a meeting with that English title and start, or update it.

    Times must be aware; they are checked against the meeting's dates in the venue's time zone."""
    record = f"session {title_en!r} of {meeting.short_title}"
    if not title_en.strip():
        raise ValidationFailed(_("is empty."), field="title_en", record=record)
    validate_aware(starts_at, field="starts_at", record=record)
    validate_aware(ends_at, field="ends_at", record=record)
    if ends_at <= starts_at:
        raise ValidationFailed(
            _("ends_at %(when)s is not after starts_at %(when2)s.")
            % {"when": ends_at.isoformat(), "when2": starts_at.isoformat()},
            field="ends_at",
            record=record,
        )
    require_choice(kind, SessionKind.values, field="kind", record=record)
    venue = meeting.venue
    if venue is not None:
        local_start = starts_at.astimezone(venue.tzinfo)
        local_end = ends_at.astimezone(venue.tzinfo)
        if local_start.date() < meeting.start_date or local_end.date() > meeting.end_date:
            raise ValidationFailed(
                _(
                    "%(local_start)s-%(local_end)s (%(time_zone)s) lies outside the meeting's dates "
                    "%(start_date)s..%(end_date)s."
                )
                % {
                    "local_start": format(local_start, "%Y-%m-%d %H:%M"),
                    "local_end": format(local_end, "%H:%M"),
                    "time_zone": venue.time_zone,
                    "start_date": meeting.start_date,
                    "end_date": meeting.end_date,
                },
                field="starts_at",
                record=record,
            )
        if room is not None and room.venue_id != venue.pk:
            raise ValidationFailed(
                _("room %(name)r is not at %(venue)s.") % {"name": room.name, "venue": venue.name},
                field="room",
                record=record,
            )
    session, created = Session.objects.get_or_create(
        meeting=meeting,
        title_en=title_en,
        starts_at=starts_at,
        defaults={"title_vi": title_vi, "kind": kind, "room": room, "ends_at": ends_at},
    )
    wanted = {"title_vi": title_vi, "kind": kind, "room": room, "ends_at": ends_at}
    if not created and any(getattr(session, key) != value for key, value in wanted.items()):
        for key, value in wanted.items():
            setattr(session, key, value)
        session.version = F("version") + 1
        session.save()
        session.refresh_from_db()
    return session
