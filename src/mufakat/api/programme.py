"""The programme (released versions for everyone, the draft and its conflicts for the chair), sessions, a
party's week, agendas, the SOM's recommendations, and the exports: iCalendar, the PDF booklet, CSV import.

Reads of the released programme are public: it is what the press gets. The draft, its conflicts and every
write are the chair secretariat's. Writes go through the meetings services (which check rights and
versions and audit); a stale `version` or `agenda_version` is answered with 409 and the current state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from ninja import Query, Router, Status

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import Conflict, NotFound, ValidationFailed, get_or_not_found
from mufakat.core.text import render
from mufakat.delegations.week import PartyWeek, WeekDeadline, WeekEvent, party_week_get, party_week_ics
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings import services as meeting_services
from mufakat.meetings.exports import programme_booklet, programme_ics, programme_release_required
from mufakat.meetings.models import AgendaItem, Meeting, ProgrammeRelease, Recommendation, Room, Series, Session
from mufakat.meetings.programme import Change, group_conflicts
from mufakat.meetings.programme import Conflict as ProgrammeConflict
from mufakat.meetings.rules import is_series_chair
from mufakat.reference.models import Party

from .auth import PUBLIC, SIGNED_IN, request_viewer
from .common import errors, series_or_404
from .programme_schemas import (
    AcknowledgedConflictOut,
    AgendaConflictOut,
    AgendaItemAddedOut,
    AgendaItemIn,
    AgendaItemOut,
    AgendaOut,
    ChangeOut,
    ConflictOut,
    DbInt,
    DraftOut,
    DraftSessionOut,
    ImportOut,
    MeetingRefOut,
    RecommendationDecisionIn,
    RecommendationIn,
    RecommendationOut,
    RecommendationsOut,
    ReleasedSessionOut,
    ReleaseIn,
    ReleaseOut,
    ReleaseSummaryOut,
    SessionConflictOut,
    SessionIn,
    SessionPatchIn,
    SlotOut,
    WeekBilateralOut,
    WeekDayOut,
    WeekDeadlineOut,
    WeekOut,
)
from .schemas import PartyOut

programme_router = Router(tags=["programme"])

CHAIR_ONLY = gettext_lazy("only the chair secretariat of the series sees the draft programme and its conflicts.")
CHAIR_EDITS = gettext_lazy("only the chair secretariat edits the programme.")
CHAIR_AGENDAS = gettext_lazy("only the chair secretariat edits agendas and records recommendations.")


def _binary(media_type: str, description: str) -> dict[str, Any]:
    """The OpenAPI description of a 200 that is a file, not JSON."""
    return {"responses": {200: {"description": description, "content": {media_type: {"schema": {"type": "string"}}}}}}


def _file(content: bytes, *, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Releases ---------------------------------------------------------------------------------------


def _released(entry: meeting_selectors.ReleasedSession, zone: ZoneInfo) -> ReleasedSessionOut:
    return ReleasedSessionOut(
        uid=entry.uid,
        meeting_id=entry.meeting_id,
        meeting=entry.meeting,
        title=entry.title,
        kind=entry.kind,
        room=entry.room,
        starts_at=entry.starts_at,
        ends_at=entry.ends_at,
        starts_at_local=entry.starts_at.astimezone(zone),
        ends_at_local=entry.ends_at.astimezone(zone),
    )


def _change(change: Change | dict[str, Any]) -> ChangeOut:
    return ChangeOut(**(change.as_dict() if isinstance(change, Change) else change))


def _release(
    release: ProgrammeRelease, series: Series, viewer: SeriesViewer, *, with_sessions: bool
) -> ReleaseSummaryOut:
    zone = series.venue.tzinfo
    entries = meeting_selectors.release_sessions(release)
    fields: dict[str, Any] = {
        "series": series.code,
        "number": release.number,
        "released_at": release.released_at,
        "note": release.note,
        "time_zone": series.venue.time_zone,
        "session_count": len(entries),
        "changelog": [_change(c) for c in release.changelog],
        # Which conflicts the chair knowingly released is the secretariats' working knowledge.
        "acknowledged_conflicts": (
            [AcknowledgedConflictOut(**c) for c in release.acknowledged_conflicts] if viewer.is_secretariat else None
        ),
    }
    if with_sessions:
        return ReleaseOut(**fields, sessions=[_released(e, zone) for e in entries])
    return ReleaseSummaryOut(**fields)


@programme_router.get("/series/{code}/programme", response={200: ReleaseOut, **errors(401, 404)}, auth=PUBLIC)
def programme_latest(request: HttpRequest, code: str) -> ReleaseSummaryOut:
    """The latest released programme: its sessions in UTC and in the venue's time zone, and what changed
    against the release before it."""
    series = series_or_404(code)
    release = programme_release_required(series=series)
    return _release(release, series, request_viewer(request, series), with_sessions=True)


@programme_router.get(
    "/series/{code}/programme/releases", response={200: list[ReleaseSummaryOut], **errors(401, 404)}, auth=PUBLIC
)
def programme_release_list(request: HttpRequest, code: str) -> list[ReleaseSummaryOut]:
    """Every release of the programme, newest first, each with its changelog."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    return [
        _release(r, series, viewer, with_sessions=False)
        for r in ProgrammeRelease.objects.filter(series=series).order_by("-number")
    ]


@programme_router.get(
    "/series/{code}/programme/releases/{number}", response={200: ReleaseOut, **errors(401, 404)}, auth=PUBLIC
)
def programme_release_get(request: HttpRequest, code: str, number: DbInt) -> ReleaseSummaryOut:
    """One release (v1, v2, ...) as it was released."""
    series = series_or_404(code)
    release = get_or_not_found(
        ProgrammeRelease.objects, what=_("release"), field="number", value=number, series=series, number=number
    )
    return _release(release, series, request_viewer(request, series), with_sessions=True)


def _conflicts(conflicts: list[ProgrammeConflict]) -> list[ConflictOut]:
    return [
        ConflictOut(
            key=conflict.key,
            kind=conflict.kind,
            subject=conflict.subject,
            message=render(conflict.text, _) if conflict.text else conflict.message,
            sessions=list(conflict.session_uids),
            group=group.key,
        )
        for group in group_conflicts(conflicts)
        for conflict in group.conflicts
    ]


def _draft_session(session: Session, series: Series) -> DraftSessionOut:
    venue = session.meeting.venue or series.venue
    return DraftSessionOut(
        id=session.pk,
        uid=str(session.uid),
        version=session.version,
        meeting_id=session.meeting_id,
        meeting=session.meeting.short_title,
        title_en=session.title_en,
        title_vi=session.title_vi,
        kind=session.kind,
        room=session.room.name if session.room else None,
        status=session.status,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        starts_at_local=session.starts_at.astimezone(venue.tzinfo),
        ends_at_local=session.ends_at.astimezone(venue.tzinfo),
        time_zone=venue.time_zone,
    )


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


def _chair(request: HttpRequest, series: Series, reason: StrOrPromise) -> SeriesViewer:
    viewer = request_viewer(request, series)
    require(is_series_chair(viewer, series.pk), reason)
    return viewer


@programme_router.get(
    "/series/{code}/programme/draft", response={200: DraftOut, **errors(401, 403, 404)}, auth=SIGNED_IN
)
def programme_draft(request: HttpRequest, code: str) -> DraftOut:
    """The draft the chair edits (every session with its id and version, cancelled ones included), its
    conflicts, and what releasing it now would change against the latest release (chair secretariat)."""
    series = series_or_404(code)
    _chair(request, series, CHAIR_ONLY)
    latest = meeting_selectors.programme_latest_release(series=series)
    return DraftOut(
        series=series.code,
        latest_release=latest.number if latest else None,
        sessions=[
            _draft_session(s, series)
            for s, _ in meeting_selectors.programme_sessions(series=series, include_cancelled=True)
        ],
        conflicts=_conflicts(meeting_selectors.programme_conflicts(series=series)),
        changes=[_change(c) for c in meeting_selectors.programme_draft_changes(series=series)],
    )


@programme_router.get(
    "/series/{code}/programme/conflicts", response={200: list[ConflictOut], **errors(401, 403, 404)}, auth=SIGNED_IN
)
def programme_conflict_list(request: HttpRequest, code: str) -> list[ConflictOut]:
    """The draft's conflicts: a room booked twice, a party or a named participant needed in two places at
    once, a session outside its meeting's dates or the venue's opening hours (chair secretariat)."""
    series = series_or_404(code)
    _chair(request, series, CHAIR_ONLY)
    return _conflicts(meeting_selectors.programme_conflicts(series=series))


@programme_router.post(
    "/series/{code}/programme/releases", response={201: ReleaseOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def programme_release_create(request: HttpRequest, code: str, data: ReleaseIn) -> Status[ReleaseSummaryOut]:
    """Release the draft as the next numbered version (chair secretariat). Every current conflict must be
    named in `acknowledged` by its key; otherwise 400 naming `acknowledged`, and nothing is released."""
    series = series_or_404(code)
    viewer = _chair(request, series, "only the chair secretariat releases the programme.")
    release = meeting_services.programme_release(
        actor=viewer, series=series, acknowledged=data.acknowledged, note=data.note
    )
    return Status(201, _release(release, series, viewer, with_sessions=True))


# Sessions of the draft --------------------------------------------------------------------------


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
    series = series_or_404(code)
    viewer = _chair(request, series, CHAIR_EDITS)
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
    return Status(201, _draft_session(_session_now(series, session.pk), series))


@programme_router.patch(
    "/series/{code}/sessions/{session_id}",
    response={200: DraftSessionOut, 409: SessionConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def session_update(
    request: HttpRequest, code: str, session_id: DbInt, data: SessionPatchIn
) -> DraftSessionOut | Status[SessionConflictOut]:
    """Move, re-room, retitle, cancel or reinstate a session of the draft (chair secretariat). The change
    shows in the next release's changelog."""
    series = series_or_404(code)
    viewer = _chair(request, series, CHAIR_EDITS)
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
    try:
        meeting_services.session_change(actor=viewer, session_id=session.pk, expected_version=data.version, **changes)
    except Conflict as exc:
        current = _draft_session(_session_now(series, session_id), series)
        return Status(409, SessionConflictOut(detail=exc.message, field=exc.field, record=exc.record, current=current))
    return _draft_session(_session_now(series, session_id), series)


_CSV_BODY = {
    "requestBody": {
        "required": True,
        "description": (
            "Columns meeting (short title such as AMM-57, or body code), title_en, title_vi, kind, room, date "
            "(YYYY-MM-DD), start, end (HH:MM), venue local time; UTF-8."
        ),
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


def _csv_text(request: HttpRequest) -> str:
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(_("send the CSV as the multipart field 'file'."), field="file")
        raw: bytes = upload.read()
    else:
        raw = request.body
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            _("is not UTF-8 text (byte %(start)s); save the spreadsheet as CSV UTF-8.") % {"start": exc.start},
            field="file",
        ) from exc


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
    series = series_or_404(code)
    viewer = _chair(request, series, CHAIR_EDITS)
    created = meeting_services.programme_import(actor=viewer, series=series, text=_csv_text(request))
    sessions = Session.objects.select_related("meeting__body", "meeting__venue", "room").filter(
        pk__in=[s.pk for s in created]
    )
    out = [_draft_session(s, series) for s in sessions.order_by("starts_at", "pk")]
    return Status(201, ImportOut(created=len(out), sessions=out))


# A party's week ---------------------------------------------------------------------------------


def _party_or_404(code: str) -> Party:
    # A NUL character cannot be in a party code, and PostgreSQL refuses to even compare with one.
    lookup = code.upper() if "\x00" not in code else ""
    party: Party = get_or_not_found(Party.objects, what=_("party"), field="party", value=code, code=lookup)
    return party


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


def _week_of(request: HttpRequest, code: str, party: str) -> PartyWeek:
    series = series_or_404(code)
    return party_week_get(viewer=request_viewer(request, series), series=series, party=_party_or_404(party))


@programme_router.get(
    "/series/{code}/delegations/{party}/week", response={200: WeekOut, **errors(401, 403, 404)}, auth=SIGNED_IN
)
def party_week(request: HttpRequest, code: str, party: str) -> WeekOut:
    """The party's week (its delegation and the chair secretariat): the sessions of the latest release in
    every meeting it attends, its meetings in the published bilateral schedule, its deadlines (silence
    procedures on documents it may see, reporting deadlines of plans of action), and its free time day by
    day between day_starts and day_ends: the hours bilaterals may be held, within the venue's opening hours."""
    week = _week_of(request, code, party)
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


# Exports ----------------------------------------------------------------------------------------

ICS = "text/calendar; charset=utf-8"
_ICS_DOC = _binary("text/calendar", "iCalendar (RFC 5545) of the latest release, times in the venue's time zone.")


@programme_router.get(
    "/series/{code}/programme.ics", response={200: None, **errors(401, 404)}, auth=PUBLIC, openapi_extra=_ICS_DOC
)
def programme_ics_series(request: HttpRequest, code: str) -> HttpResponse:
    """The latest release as a calendar: one event per session, UIDs stable across releases, SEQUENCE
    counting the releases that changed the session."""
    series = series_or_404(code)
    return _file(programme_ics(series=series), media_type=ICS, filename=f"{series.code}-programme.ics")


def _meeting_in_series(meeting_id: int) -> Meeting:
    meeting: Meeting = get_or_not_found(
        Meeting.objects.select_related("body", "series__venue", "venue"),
        what=_("meeting"),
        field="meeting_id",
        value=meeting_id,
        pk=meeting_id,
    )
    return meeting


@programme_router.get(
    "/meetings/{meeting_id}/programme.ics",
    response={200: None, **errors(401, 404)},
    auth=PUBLIC,
    openapi_extra=_ICS_DOC,
)
def programme_ics_meeting(request: HttpRequest, meeting_id: DbInt) -> HttpResponse:
    """The meeting's sessions in the latest release of its series, as a calendar."""
    meeting = _meeting_in_series(meeting_id)
    series = meeting.series
    if series is None:
        raise NotFound(
            _("%(meeting)s is not part of a series with a programme.") % {"meeting": meeting.short_title},
            field="meeting_id",
        )
    body = programme_ics(series=series, meeting=meeting)
    return _file(body, media_type=ICS, filename=f"{series.code}-meeting-{meeting.pk}.ics")


@programme_router.get(
    "/series/{code}/delegations/{party}/week.ics",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=_binary(
        "text/calendar", "iCalendar (RFC 5545) of the party's week: sessions, bilaterals and deadlines."
    ),
)
def programme_ics_party(request: HttpRequest, code: str, party: str) -> HttpResponse:
    """The party's week (see .../week) as one calendar: sessions, bilateral meetings and deadlines, with
    stable UIDs (a session's, `bilateral-<request>`, `silence-<procedure>`, `plan-<plan>-period-<period>-
    <party>`); cancelled sessions and withdrawn bilaterals stay in it as cancelled."""
    week = _week_of(request, code, party)
    return _file(
        party_week_ics(week), media_type=ICS, filename=f"{week.series.code}-{week.party.code.lower()}-week.ics"
    )


@programme_router.get(
    "/series/{code}/programme.pdf",
    response={200: None, **errors(401, 404)},
    auth=PUBLIC,
    openapi_extra=_binary("application/pdf", "The programme booklet (A4 PDF) of the latest release."),
)
def programme_pdf(request: HttpRequest, code: str, lang: Query[Literal["en", "vi"]] = "en") -> HttpResponse:
    """The printable programme booklet of the latest release: a title page, then day by day the sessions
    with times in the venue's time zone, in English or Vietnamese (`lang`)."""
    series = series_or_404(code)
    body = programme_booklet(series=series, lang=lang)
    return _file(body, media_type="application/pdf", filename=f"{series.code}-programme-{lang}.pdf")


# Agendas ----------------------------------------------------------------------------------------


def _agenda_node(node: meeting_selectors.AgendaNode) -> AgendaItemOut:
    return AgendaItemOut(
        id=node.item.pk,
        number=node.number,
        title_en=node.item.title_en,
        title_vi=node.item.title_vi,
        children=[_agenda_node(child) for child in node.children],
    )


def _agenda(meeting_id: int) -> AgendaOut:
    """The agenda as stored now (status and version re-read: the services update them in place)."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    return AgendaOut(
        meeting_id=meeting.pk,
        meeting=meeting.short_title,
        status=meeting.agenda_status,
        agenda_version=meeting.agenda_version,
        items=[_agenda_node(n) for n in meeting_selectors.agenda_tree(meeting=meeting)],
    )


def _meeting(meeting_id: int) -> Meeting:
    meeting: Meeting = get_or_not_found(
        Meeting.objects.select_related("body", "series"),
        what=_("meeting"),
        field="meeting_id",
        value=meeting_id,
        pk=meeting_id,
    )
    return meeting


def _agenda_chair(request: HttpRequest, meeting: Meeting) -> SeriesViewer:
    viewer = request_viewer(request, meeting.series)
    require(is_series_chair(viewer, meeting.series_id), CHAIR_AGENDAS)
    return viewer


@programme_router.get("/meetings/{meeting_id}/agenda", response={200: AgendaOut, **errors(401, 404)}, auth=PUBLIC)
def agenda_get(request: HttpRequest, meeting_id: DbInt) -> AgendaOut:
    """The meeting's agenda as a numbered tree, with its status (draft, recommended by the SOM, adopted)."""
    return _agenda(_meeting(meeting_id).pk)


@programme_router.post(
    "/meetings/{meeting_id}/agenda/items",
    response={201: AgendaItemAddedOut, 409: AgendaConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def agenda_item_create(
    request: HttpRequest, meeting_id: DbInt, data: AgendaItemIn
) -> Status[AgendaItemAddedOut] | Status[AgendaConflictOut]:
    """Append an item to the agenda, or a sub-item under `parent_id` (chair secretariat). An adopted agenda
    cannot change."""
    meeting = _meeting(meeting_id)
    viewer = _agenda_chair(request, meeting)
    parent = None
    if data.parent_id is not None:
        parent = AgendaItem.objects.filter(meeting=meeting, pk=data.parent_id).first()
        if parent is None:
            raise ValidationFailed(
                _("no item %(parent_id)s on the agenda of %(meeting)s.")
                % {"parent_id": data.parent_id, "meeting": meeting.short_title},
                field="parent_id",
            )
    try:
        item = meeting_services.agenda_item_add(
            actor=viewer,
            meeting=meeting,
            title_en=data.title_en,
            title_vi=data.title_vi,
            parent=parent,
            expected_version=data.agenda_version,
        )
    except Conflict as exc:
        current = _agenda(meeting.pk)
        return Status(409, AgendaConflictOut(detail=exc.message, field=exc.field, record=exc.record, current=current))
    return Status(201, AgendaItemAddedOut(**_agenda(meeting.pk).model_dump(), item_id=item.pk))


@programme_router.delete(
    "/meetings/{meeting_id}/agenda/items/{item_id}",
    response={200: AgendaOut, 409: AgendaConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def agenda_item_delete(
    request: HttpRequest, meeting_id: DbInt, item_id: DbInt, agenda_version: DbInt
) -> AgendaOut | Status[AgendaConflictOut]:
    """Remove an item (and its sub-items) from the agenda (chair secretariat); returns the agenda as it is
    now, renumbered."""
    meeting = _meeting(meeting_id)
    viewer = _agenda_chair(request, meeting)
    item = get_or_not_found(
        AgendaItem.objects.select_related("meeting__body"),
        what=_("agenda item"),
        field="item_id",
        value=item_id,
        pk=item_id,
        meeting=meeting,
    )
    try:
        meeting_services.agenda_item_remove(actor=viewer, item=item, expected_version=agenda_version)
    except Conflict as exc:
        current = _agenda(meeting.pk)
        return Status(409, AgendaConflictOut(detail=exc.message, field=exc.field, record=exc.record, current=current))
    return _agenda(meeting.pk)


# Recommendations --------------------------------------------------------------------------------


def _meeting_ref(meeting: Meeting) -> MeetingRefOut:
    return MeetingRefOut(
        id=meeting.pk,
        short_title=meeting.short_title,
        title_en=meeting.title_en,
        title_vi=meeting.title_vi,
        start_date=meeting.start_date,
    )


def _recommendation(recommendation: Recommendation) -> RecommendationOut:
    """Callers pass only recommendations the viewer may see (`recommendations_for`, or the chair's own)."""
    with translation.override("en"):
        text_en = recommendation.text
    with translation.override("vi"):
        text_vi = recommendation.text
    return RecommendationOut(
        id=recommendation.pk,
        from_meeting=_meeting_ref(recommendation.from_meeting),
        to_meeting=_meeting_ref(recommendation.to_meeting),
        subject=recommendation.subject,
        release_number=recommendation.release.number if recommendation.release else None,
        document_id=recommendation.document_id,
        text_en=text_en,
        text_vi=text_vi,
        status=recommendation.status,
        recommended_at=recommendation.recommended_at,
        decided_at=recommendation.decided_at,
    )


def _recommendation_now(recommendation_id: int) -> Recommendation:
    recommendation: Recommendation = get_or_not_found(
        Recommendation.objects.select_related(
            "from_meeting__body", "to_meeting__body", "to_meeting__series", "release", "document"
        ),
        what=_("recommendation"),
        field="recommendation_id",
        value=recommendation_id,
        pk=recommendation_id,
    )
    return recommendation


@programme_router.get(
    "/meetings/{meeting_id}/recommendations", response={200: RecommendationsOut, **errors(401, 404)}, auth=PUBLIC
)
def recommendation_list(request: HttpRequest, meeting_id: DbInt) -> RecommendationsOut:
    """Both links of the chain: what this meeting (a SOM) recommended to the meeting it prepares, and what
    this meeting (an AMM) received and whether it adopted it. A document's recommendation is listed only to
    whoever may see the document."""
    meeting = _meeting(meeting_id)
    chain = meeting_selectors.recommendations_for(viewer=request_viewer(request, meeting.series), meeting=meeting)
    return RecommendationsOut(
        made=[_recommendation(r) for r in chain["made"]],
        received=[_recommendation(r) for r in chain["received"]],
    )


# The services name their own arguments; the API's body names them differently.
_BODY_FIELDS = {"to_meeting": "to_meeting_id", "release": "release_number", "document": "subject"}


@programme_router.post(
    "/meetings/{meeting_id}/recommendations",
    response={201: RecommendationOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def recommendation_create(request: HttpRequest, meeting_id: DbInt, data: RecommendationIn) -> Status[RecommendationOut]:
    """Record what this meeting (the SOM) recommends to the meeting it prepares (the AMM): the programme
    (name its `release_number`), an agenda or the list of documents (chair secretariat). A single document is
    recommended with POST /series/{code}/documents/{document_id}/recommendation."""
    meeting = _meeting(meeting_id)
    viewer = _agenda_chair(request, meeting)
    to_meeting = Meeting.objects.select_related("body").filter(pk=data.to_meeting_id).first()
    if to_meeting is None:
        raise ValidationFailed(
            _("no meeting %(to_meeting_id)s.") % {"to_meeting_id": data.to_meeting_id}, field="to_meeting_id"
        )
    release = None
    if data.release_number is not None:
        release = ProgrammeRelease.objects.filter(series=meeting.series, number=data.release_number).first()
        if release is None:
            raise ValidationFailed(
                _("no release v%(release_number)s of the programme of this series.")
                % {"release_number": data.release_number},
                field="release_number",
            )
    try:
        recommendation = meeting_services.recommendation_make(
            actor=viewer,
            from_meeting=meeting,
            to_meeting=to_meeting,
            subject=data.subject.value,
            release=release,
            text_en=data.text_en,
            text_vi=data.text_vi,
        )
    except ValidationFailed as exc:
        field = _BODY_FIELDS.get(exc.field or "", exc.field)
        raise ValidationFailed(exc.message, field=field, record=exc.record) from exc
    return Status(201, _recommendation(_recommendation_now(recommendation.pk)))


@programme_router.post(
    "/recommendations/{recommendation_id}/decision",
    response={200: RecommendationOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def recommendation_decision(
    request: HttpRequest, recommendation_id: DbInt, data: RecommendationDecisionIn
) -> RecommendationOut:
    """The receiving meeting (the AMM) adopts what was recommended, or does not (chair secretariat). An
    adopted agenda is frozen."""
    recommendation = _recommendation_now(recommendation_id)
    viewer = _agenda_chair(request, recommendation.to_meeting)
    meeting_services.recommendation_decide(actor=viewer, recommendation=recommendation, adopted=data.adopted)
    return _recommendation(_recommendation_now(recommendation_id))
