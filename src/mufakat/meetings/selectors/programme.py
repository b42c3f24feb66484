"""Reads of the programme: the draft as pure data with its conflicts and changes, releases and their
sessions, and what a party attends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mufakat.core.errors import NotFound
from mufakat.meetings.enums import SessionStatus
from mufakat.meetings.models import Meeting, ProgrammeRelease, Series, Session
from mufakat.meetings.programme import Change, Conflict, ProgrammeSession, changelog, detect_conflicts, snapshot_session
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .series import meeting_attendance, series_additions


def session_get(*, series: Series, session_id: int) -> Session:
    """A session of the series' draft programme, with its meeting, venue and room."""
    session = (
        Session.objects.select_related("meeting", "meeting__body", "meeting__venue", "room")
        .filter(meeting__series=series, pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound(
            _("%(series)s has no session with id %(session_id)s.") % {"series": series.code, "session_id": session_id},
            field="session_id",
        )
    return session


def session_titles_vi(*, uids: list[str]) -> dict[str, str]:
    """The Vietnamese titles of sessions by UID (a release keeps the English title only)."""
    return {str(uid): title for uid, title in Session.objects.filter(uid__in=uids).values_list("uid", "title_vi")}


def programme_release_list(*, series: Series) -> QuerySet[ProgrammeRelease]:
    return ProgrammeRelease.objects.filter(series=series).select_related("released_by").order_by("-number")


def programme_release_get(*, series: Series, number: int) -> ProgrammeRelease:
    release = programme_release_list(series=series).filter(number=number).first()
    if release is None:
        raise NotFound(
            _("%(series)s has no programme release v%(number)s.") % {"series": series.code, "number": number},
            field="number",
        )
    return release


def programme_sessions(*, series: Series, include_cancelled: bool = False) -> list[tuple[Session, ProgrammeSession]]:
    """The draft programme as pure data, with each meeting's attending parties (constant queries)."""
    index = MembershipIndex()
    additions = series_additions(series=series)
    venue = series.venue
    sessions = (
        Session.objects.filter(meeting__series=series)
        .select_related("meeting", "meeting__body", "meeting__venue", "room")
        .prefetch_related("named_participants")
        .order_by("starts_at", "pk")
    )
    if not include_cancelled:
        sessions = sessions.exclude(status=SessionStatus.CANCELLED)
    parties_by_meeting: dict[int, frozenset[str]] = {}
    result = []
    for session in sessions:
        meeting = session.meeting
        if meeting.pk not in parties_by_meeting:
            attendance = meeting_attendance(meeting=meeting, index=index, additions=additions.get(meeting.pk, []))
            parties_by_meeting[meeting.pk] = frozenset(m.party.code for m in attendance)
        place = meeting.venue or venue
        result.append(
            (
                session,
                ProgrammeSession(
                    uid=str(session.uid),
                    meeting_id=meeting.pk,
                    meeting_title=meeting.short_title,
                    level=meeting.body.level,
                    title=session.title_en,
                    room=session.room.name if session.room else None,
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    meeting_start=meeting.start_date,
                    meeting_end=meeting.end_date,
                    time_zone=place.time_zone,
                    opens_at=place.opens_at,
                    closes_at=place.closes_at,
                    parties=parties_by_meeting[meeting.pk],
                    participants=frozenset(p.name_en for p in session.named_participants.all()),
                ),
            )
        )
    return result


def programme_conflicts(*, series: Series) -> list[Conflict]:
    return detect_conflicts([pure for _, pure in programme_sessions(series=series)])


def programme_snapshot(*, series: Series) -> list[dict[str, str | int | None]]:
    """The draft's sessions (cancelled ones too) as a release stores them."""
    return [
        snapshot_session(pure, kind=session.kind, status=session.status)
        for session, pure in programme_sessions(series=series, include_cancelled=True)
    ]


def programme_latest_release(*, series: Series) -> ProgrammeRelease | None:
    return ProgrammeRelease.objects.filter(series=series).order_by("-number").first()


def programme_draft_changes(*, series: Series) -> list[Change]:
    """What the draft changes against the latest release (everything is 'added' before the first)."""
    latest = programme_latest_release(series=series)
    return changelog(latest.sessions if latest else [], programme_snapshot(series=series))


def session_sequence(*, series: Series) -> dict[str, int]:
    """iCalendar SEQUENCE per session UID: how many releases after its first changed it."""
    sequence: dict[str, int] = {}
    for release in ProgrammeRelease.objects.filter(series=series).order_by("number").only("changelog"):
        # A session moved and re-roomed in one release has two changelog entries but one new revision.
        for uid in dict.fromkeys(change["uid"] for change in release.changelog):
            sequence[uid] = sequence[uid] + 1 if uid in sequence else 0
    return sequence


@dataclass(frozen=True)
class ReleasedSession:
    uid: str
    meeting_id: int
    meeting: str
    title: str
    kind: str
    room: str | None
    starts_at: datetime
    ends_at: datetime


def release_sessions(release: ProgrammeRelease) -> list[ReleasedSession]:
    """The scheduled (not cancelled) sessions of a release, in time order."""
    entries = [
        ReleasedSession(
            uid=str(entry["uid"]),
            meeting_id=int(entry["meeting_id"] or 0),
            meeting=str(entry["meeting"]),
            title=str(entry["title"]),
            kind=str(entry["kind"]),
            room=None if entry["room"] is None else str(entry["room"]),
            starts_at=datetime.fromisoformat(str(entry["starts_at"])),
            ends_at=datetime.fromisoformat(str(entry["ends_at"])),
        )
        for entry in release.sessions
        if entry["status"] != "cancelled"
    ]
    return sorted(entries, key=lambda s: (s.starts_at, s.uid))


def meetings_attended(*, series: Series, party: Party) -> set[int]:
    """The series' meetings the party attends: framework membership on the meeting's date, plus the chair's
    attendance additions."""
    index = MembershipIndex()
    additions = series_additions(series=series)
    return {
        meeting.pk
        for meeting in Meeting.objects.filter(series=series).select_related("body")
        if any(
            m.party.pk == party.pk
            for m in meeting_attendance(meeting=meeting, index=index, additions=additions.get(meeting.pk, []))
        )
    }


def party_week(*, series: Series, party: Party, release: ProgrammeRelease | None = None) -> list[ReleasedSession]:
    """The released sessions of every meeting the party attends (see meetings_attended). A delegation's whole
    week, with its bilaterals and deadlines, is delegations.week.party_week_get."""
    release = release or programme_latest_release(series=series)
    if release is None:
        return []
    attended = meetings_attended(series=series, party=party)
    return [entry for entry in release_sessions(release) if entry.meeting_id in attended]
