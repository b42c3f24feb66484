"""The programme's releases (public), and the draft with its conflicts (chair secretariat). A release
is made through the meetings services, which check rights and audit."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status
from ninja.responses import NinjaJSONEncoder

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import PUBLIC, SIGNED_IN, request_viewer, series_viewer
from mufakat.api.common import DbInt, errors
from mufakat.api.meetings.common import change_out, draft_reader, programme_router
from mufakat.api.meetings.programme_schemas import (
    AcknowledgedConflictOut,
    ConflictOut,
    DraftOut,
    DraftSessionOut,
    ReleasedSessionOut,
    ReleaseIn,
    ReleaseOut,
    ReleaseSummaryOut,
)
from mufakat.core.conditional import cached_response
from mufakat.core.errors import get_or_not_found
from mufakat.core.i18n import active_language
from mufakat.core.text import render
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings import services as meeting_services
from mufakat.meetings.exports import programme_release_required
from mufakat.meetings.models import ProgrammeRelease, Series, Session
from mufakat.meetings.programme import Conflict as ProgrammeConflict
from mufakat.meetings.programme import group_conflicts
from mufakat.meetings.selectors import series_get


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
        "changelog": [change_out(c) for c in release.changelog],
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
    series = series_get(code=code)
    release = programme_release_required(series=series)
    viewer = request_viewer(request, series)
    # A release never changes: its JSON is rendered once per release, language and audience, served with a
    # strong ETag and answered 304 when the client has it.
    key = f"programme-json:{series.pk}:{release.number}:{active_language()}:{viewer.is_secretariat}"

    def build() -> tuple[bytes, str]:
        out = _release(release, series, viewer, with_sessions=True)
        return json.dumps(
            out.model_dump(by_alias=True), cls=NinjaJSONEncoder
        ).encode(), "application/json; charset=utf-8"

    return cached_response(request, key, last_modified=release.released_at, build=build)  # type: ignore[return-value]


@programme_router.get(
    "/series/{code}/programme/releases", response={200: list[ReleaseSummaryOut], **errors(401, 404)}, auth=PUBLIC
)
def programme_release_list(request: HttpRequest, code: str) -> list[ReleaseSummaryOut]:
    """Every release of the programme, newest first, each with its changelog."""
    series, viewer = series_viewer(request, code)
    return [
        _release(r, series, viewer, with_sessions=False)
        for r in ProgrammeRelease.objects.filter(series=series).order_by("-number")
    ]


@programme_router.get(
    "/series/{code}/programme/releases/{number}", response={200: ReleaseOut, **errors(401, 404)}, auth=PUBLIC
)
def programme_release_get(request: HttpRequest, code: str, number: DbInt) -> ReleaseSummaryOut:
    """One release (v1, v2, ...) as it was released."""
    series = series_get(code=code)
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


def draft_session(session: Session, series: Series) -> DraftSessionOut:
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


@programme_router.get(
    "/series/{code}/programme/draft", response={200: DraftOut, **errors(401, 403, 404)}, auth=SIGNED_IN
)
def programme_draft(request: HttpRequest, code: str) -> DraftOut:
    """The draft the chair edits (every session with its id and version, cancelled ones included), its
    conflicts, and what releasing it now would change against the latest release (chair secretariat)."""
    series = series_get(code=code)
    draft_reader(request, series)
    latest = meeting_selectors.programme_latest_release(series=series)
    return DraftOut(
        series=series.code,
        latest_release=latest.number if latest else None,
        sessions=[
            draft_session(s, series)
            for s, _ in meeting_selectors.programme_sessions(series=series, include_cancelled=True)
        ],
        conflicts=_conflicts(meeting_selectors.programme_conflicts(series=series)),
        changes=[change_out(c) for c in meeting_selectors.programme_draft_changes(series=series)],
    )


@programme_router.get(
    "/series/{code}/programme/conflicts", response={200: list[ConflictOut], **errors(401, 403, 404)}, auth=SIGNED_IN
)
def programme_conflict_list(request: HttpRequest, code: str) -> list[ConflictOut]:
    """The draft's conflicts: a room booked twice, a party or a named participant needed in two places at
    once, a session outside its meeting's dates or the venue's opening hours (chair secretariat)."""
    series = series_get(code=code)
    draft_reader(request, series)
    return _conflicts(meeting_selectors.programme_conflicts(series=series))


@programme_router.post(
    "/series/{code}/programme/releases", response={201: ReleaseOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def programme_release_create(request: HttpRequest, code: str, data: ReleaseIn) -> Status[ReleaseSummaryOut]:
    """Release the draft as the next numbered version (chair secretariat). Every current conflict must be
    named in `acknowledged` by its key; otherwise 400 naming `acknowledged`, and nothing is released."""
    series, viewer = series_viewer(request, code)
    release = meeting_services.programme_release(
        actor=viewer, series=series, acknowledged=data.acknowledged, note=data.note
    )
    return Status(201, _release(release, series, viewer, with_sessions=True))
