"""Sessions of the draft programme and the CSV import (chair secretariat); a stale `version` is
answered with 409 and the session as it is now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.api.auth import SIGNED_IN, series_viewer
from mufakat.api.common import DbInt, errors, presents_conflict, upload_doc, utf8_text
from mufakat.api.meetings.common import programme_router
from mufakat.api.meetings.programme_schemas import (
    DraftSessionOut,
    ImportOut,
    SessionConflictOut,
    SessionIn,
    SessionPatchIn,
)
from mufakat.api.meetings.releases import draft_session
from mufakat.core.errors import ValidationFailed, get_or_not_found
from mufakat.meetings import services as meeting_services
from mufakat.meetings.models import Meeting, Room, Series, Session
from mufakat.meetings.services import programme_import


def _session_now(series: Series, session_id: int) -> Session:
    session: Session = get_or_not_found(
        Session.objects.select_related("meeting__body", "meeting__venue", "room"),
        what=_("session"),
        field="session_id",
        value=session_id,
        pk=session_id,
        meeting__series=series,
    )
    return session


@presents_conflict(Session)
def _session_conflict_now(request: HttpRequest, session: Session) -> DraftSessionOut:
    """A 409 shows the session as the draft holds it now; only the chair secretariat gets this far."""
    series = session.meeting.series
    assert series is not None  # noqa: S101 - only the chair of the meeting's series edits its sessions
    return draft_session(session, series)


def _aware(value: datetime, *, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed(
            _("%(when)s has no UTC offset; write it like 2024-07-26T09:00:00+07:00.") % {"when": value.isoformat()},
            field=field,
        )
    if not 1970 <= value.year <= 2200:
        raise ValidationFailed(
            _("%(when)s is not a plausible meeting time.") % {"when": value.isoformat()}, field=field
        )
    return value


def _room(meeting: Meeting, series: Series, name: str | None) -> Room | None:
    if name is None or not name.strip():
        return None
    venue = meeting.venue or series.venue
    room = Room.objects.filter(venue=venue, name__iexact=name.strip()).first()
    if room is None:
        names = ", ".join(Room.objects.filter(venue=venue).order_by("name").values_list("name", flat=True))
        raise ValidationFailed(
            _("no room %(name)r at %(venue)s; rooms: %(value)s.")
            % {"name": name, "venue": venue.name_en, "value": names or "none"},
            field="room",
        )
    return room


@programme_router.post(
    "/series/{code}/sessions", response={201: DraftSessionOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def session_create(request: HttpRequest, code: str, data: SessionIn) -> Status[DraftSessionOut]:
    """Add a session to the draft programme (chair secretariat). Times need a UTC offset; the room is a room
    name at the meeting's venue."""
    series, viewer = series_viewer(request, code)
    meeting = Meeting.objects.select_related("body", "venue").filter(series=series, pk=data.meeting_id).first()
    if meeting is None:
        raise ValidationFailed(
            _("no meeting %(meeting_id)s in %(series)s; see /api/v1/meetings?series=%(series)s.")
            % {"meeting_id": data.meeting_id, "series": series.code},
            field="meeting_id",
        )
    session = meeting_services.session_create(
        actor=viewer,
        meeting=meeting,
        title_en=data.title_en,
        title_vi=data.title_vi,
        kind=data.kind.value,
        room=_room(meeting, series, data.room),
        starts_at=_aware(data.starts_at, field="starts_at"),
        ends_at=_aware(data.ends_at, field="ends_at"),
    )
    return Status(201, draft_session(_session_now(series, session.pk), series))


@programme_router.patch(
    "/series/{code}/sessions/{session_id}",
    response={200: DraftSessionOut, 409: SessionConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def session_update(request: HttpRequest, code: str, session_id: DbInt, data: SessionPatchIn) -> DraftSessionOut:
    """Move, re-room, retitle, cancel or reinstate a session of the draft (chair secretariat). The change
    shows in the next release's changelog."""
    series, viewer = series_viewer(request, code)
    session = _session_now(series, session_id)
    changes: dict[str, Any] = {
        key: value
        for key, value in data.model_dump(exclude_unset=True).items()
        if key != "version" and value is not None
    }
    for key in ("starts_at", "ends_at"):
        if key in changes:
            _aware(changes[key], field=key)
    for key in ("kind", "status"):
        if key in changes:
            changes[key] = str(changes[key].value)
    if "room" in changes:
        changes["room"] = _room(session.meeting, series, changes["room"])
    meeting_services.session_change(actor=viewer, session_id=session.pk, expected_version=data.version, **changes)
    return draft_session(_session_now(series, session_id), series)


_CSV_BODY = upload_doc(
    "Columns meeting (short title such as AMM-57, or body code), title_en, title_vi, kind, room, date "
    "(YYYY-MM-DD), start, end (HH:MM), venue local time; UTF-8."
)


def _csv_text(request: HttpRequest) -> str:
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(_("send the CSV as the multipart field 'file'."), field="file")
        raw: bytes = upload.read()
    else:
        raw = request.body
    return utf8_text(raw)


@programme_router.post(
    "/series/{code}/programme/import",
    response={201: ImportOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=_CSV_BODY,
)
def programme_csv_import(request: HttpRequest, code: str) -> Status[ImportOut]:
    """Add the sessions of a CSV file to the draft (chair secretariat), as a `text/csv` body or a multipart
    `file`. Every row is checked first: one bad row refuses the file with 400 naming the row (the header is
    row 1) in `record` and the column in `field`, and nothing is imported."""
    series, viewer = series_viewer(request, code)
    created = programme_import(actor=viewer, series=series, text=_csv_text(request))
    sessions = Session.objects.select_related("meeting__body", "meeting__venue", "room").filter(
        pk__in=[s.pk for s in created]
    )
    out = [draft_session(s, series) for s in sessions.order_by("starts_at", "pk")]
    return Status(201, ImportOut(created=len(out), sessions=out))
