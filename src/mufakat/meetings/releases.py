"""Programme editing and releases: the chair edits the draft (the live sessions), checks conflicts,
and releases numbered versions with a changelog. Writes check rights, versions and audit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, can_manage_series, require
from mufakat.core.errors import NotFound, ValidationFailed, check_version
from mufakat.core.locking import lock_then_read
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .enums import SessionKind, SessionStatus
from .models import Meeting, ProgrammeRelease, Room, Series, Session
from .programme import (
    Change,
    Conflict,
    ProgrammeSession,
    acknowledged_conflict_keys,
    changelog,
    detect_conflicts,
    snapshot_session,
)
from .selectors import meeting_attendance, series_additions
from .validators import validate_aware

SESSION_AUDIT_FIELDS = ["meeting", "title_en", "title_vi", "kind", "room", "starts_at", "ends_at", "status", "version"]


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


def _snapshot(series: Series) -> list[dict[str, str | int | None]]:
    return [
        snapshot_session(pure, kind=session.kind, status=session.status)
        for session, pure in programme_sessions(series=series, include_cancelled=True)
    ]


def programme_latest_release(*, series: Series) -> ProgrammeRelease | None:
    return ProgrammeRelease.objects.filter(series=series).order_by("-number").first()


def programme_draft_changes(*, series: Series) -> list[Change]:
    """What the draft changes against the latest release (everything is 'added' before the first)."""
    latest = programme_latest_release(series=series)
    return changelog(latest.sessions if latest else [], _snapshot(series))


@transaction.atomic
def programme_release(
    *, actor: SeriesViewer, series: Series, acknowledged: list[str] | None = None, note: str = ""
) -> ProgrammeRelease:
    """Release the draft as the next numbered version. Every conflict must be acknowledged by its key, or by
    its group's (programme.ConflictGroup.key); the release records each conflict acknowledged."""
    require(
        can_manage_series(actor) and actor.series_id == series.pk,
        _("only the chair secretariat releases the programme."),
    )
    Series.objects.select_for_update().filter(pk=series.pk).first()
    conflicts = programme_conflicts(series=series)
    acknowledged_keys = acknowledged_conflict_keys(conflicts, acknowledged or [])
    open_conflicts = [c for c in conflicts if c.key not in acknowledged_keys]
    if open_conflicts:
        raise ValidationFailed(
            _("%(count)s conflict(s) are not acknowledged: %(conflicts)s")
            % {
                "count": len(open_conflicts),
                "conflicts": "; ".join(c.message for c in open_conflicts[:5])
                + ("; …" if len(open_conflicts) > 5 else ""),
            },
            field="acknowledged",
            record=f"programme of {series.code}",
        )
    latest = programme_latest_release(series=series)
    current = _snapshot(series)
    changes = changelog(latest.sessions if latest else [], current)
    if latest is not None and not changes:
        raise ValidationFailed(
            _("nothing changed since v%(number)s; there is nothing to release.") % {"number": latest.number},
            field="sessions",
            record=f"programme of {series.code}",
        )
    number = (ProgrammeRelease.objects.filter(series=series).aggregate(n=Max("number"))["n"] or 0) + 1
    release = ProgrammeRelease.objects.create(
        series=series,
        number=number,
        released_by=actor.user if actor.is_authenticated else None,
        note=note.strip(),
        sessions=current,
        changelog=[c.as_dict() for c in changes],
        acknowledged_conflicts=[{"key": c.key, "message": c.message} for c in conflicts],
    )
    audit_record(
        viewer=actor,
        action="programme.release",
        obj=release,
        after={"number": number, "changes": len(changes), "acknowledged_conflicts": len(conflicts)},
    )
    return release


def session_sequence(*, series: Series) -> dict[str, int]:
    """iCalendar SEQUENCE per session UID: how many releases after its first changed it."""
    sequence: dict[str, int] = {}
    for release in ProgrammeRelease.objects.filter(series=series).order_by("number").only("changelog"):
        # A session moved and re-roomed in one release has two changelog entries but one new revision.
        for uid in dict.fromkeys(change["uid"] for change in release.changelog):
            sequence[uid] = sequence[uid] + 1 if uid in sequence else 0
    return sequence


def _validate_times(meeting: Meeting, starts_at: datetime, ends_at: datetime, *, record: str) -> None:
    validate_aware(starts_at, field="starts_at", record=record)
    validate_aware(ends_at, field="ends_at", record=record)
    if ends_at <= starts_at:
        raise ValidationFailed(
            _("ends_at %(when)s is not after starts_at %(when2)s.")
            % {"when": ends_at.isoformat(), "when2": starts_at.isoformat()},
            field="ends_at",
            record=record,
        )
    venue = meeting.venue
    if venue is not None:
        local_start, local_end = starts_at.astimezone(venue.tzinfo), ends_at.astimezone(venue.tzinfo)
        if local_start.date() < meeting.start_date or local_end.date() > meeting.end_date:
            raise ValidationFailed(
                _(
                    "%(local_start)s–%(local_end)s (%(time_zone)s) lies outside the meeting's dates "
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


def _validate_room(meeting: Meeting, room: Room | None, *, record: str) -> None:
    if room is not None and meeting.venue is not None and room.venue_id != meeting.venue_id:
        raise ValidationFailed(
            _("room %(name)r is not at %(venue)s.") % {"name": room.name, "venue": meeting.venue.name},
            field="room",
            record=record,
        )


@transaction.atomic
def session_create(
    *,
    actor: SeriesViewer,
    meeting: Meeting,
    title_en: str,
    starts_at: datetime,
    ends_at: datetime,
    title_vi: str = "",
    kind: str = SessionKind.PLENARY,
    room: Room | None = None,
) -> Session:
    require(
        can_manage_series(actor) and meeting.series_id is not None and actor.series_id == meeting.series_id,
        _("only the chair secretariat edits the programme."),
    )
    record = f"new session of {meeting.short_title}"
    if not title_en.strip():
        raise ValidationFailed(_("is empty."), field="title_en", record=record)
    if kind not in SessionKind.values:
        raise ValidationFailed(
            _("%(kind)r is not one of %(values)s.") % {"kind": kind, "values": ", ".join(SessionKind.values)},
            field="kind",
            record=record,
        )
    _validate_times(meeting, starts_at, ends_at, record=record)
    _validate_room(meeting, room, record=record)
    session = Session.objects.create(
        meeting=meeting,
        title_en=title_en.strip(),
        title_vi=title_vi.strip(),
        kind=kind,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    audit_record(viewer=actor, action="session.create", obj=session, after=snapshot(session, SESSION_AUDIT_FIELDS))
    return session


@transaction.atomic
def session_change(*, actor: SeriesViewer, session_id: int, expected_version: int, **changes: Any) -> Session:
    """Move, re-room, retitle, cancel or reinstate a session of the draft; a stale version is refused."""
    allowed = {"title_en", "title_vi", "kind", "room", "starts_at", "ends_at", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("cannot be changed; allowed: %(values)s.") % {"values": ", ".join(sorted(allowed))},
            field=sorted(unknown)[0],
        )
    session = lock_then_read(Session.objects.select_related("meeting", "meeting__venue", "room"), pk=session_id)
    if session is None:
        raise NotFound(_("no session with id %(session_id)s.") % {"session_id": session_id}, field="session_id")
    meeting = session.meeting
    record = f"session {session.title_en!r} of {meeting.short_title}"
    require(
        can_manage_series(actor) and meeting.series_id is not None and actor.series_id == meeting.series_id,
        _("only the chair secretariat edits the programme."),
    )
    check_version(current=session.version, expected=expected_version, record=record)
    if "status" in changes and changes["status"] not in SessionStatus.values:
        raise ValidationFailed(
            _("%(value)r is not one of %(values)s.")
            % {"value": changes["status"], "values": ", ".join(SessionStatus.values)},
            field="status",
            record=record,
        )
    if "kind" in changes and changes["kind"] not in SessionKind.values:
        raise ValidationFailed(
            _("%(value)r is not one of %(values)s.")
            % {"value": changes["kind"], "values": ", ".join(SessionKind.values)},
            field="kind",
            record=record,
        )
    before = snapshot(session, SESSION_AUDIT_FIELDS)
    for key, value in changes.items():
        setattr(session, key, value.strip() if isinstance(value, str) and key.startswith("title") else value)
    if not session.title_en:
        raise ValidationFailed(_("is empty."), field="title_en", record=record)
    _validate_times(meeting, session.starts_at, session.ends_at, record=record)
    _validate_room(meeting, session.room, record=record)
    session.version = F("version") + 1
    session.save()
    session.refresh_from_db()
    audit_record(
        viewer=actor, action="session.change", obj=session, before=before, after=snapshot(session, SESSION_AUDIT_FIELDS)
    )
    return session


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


class Timed(Protocol):
    @property
    def starts_at(self) -> datetime: ...

    @property
    def ends_at(self) -> datetime: ...


def free_slots(
    entries: Sequence[Timed],
    *,
    day: date,
    time_zone: str,
    opens_at: time,
    closes_at: time,
    minimum_minutes: int = 30,
) -> list[tuple[datetime, datetime]]:
    """Gaps of at least `minimum_minutes` between the day's sessions (or any timed entries), from `opens_at`
    to `closes_at` (a delegation's week counts within bilaterals.availability.working_hours)."""
    zone = ZoneInfo(time_zone)
    cursor = datetime.combine(day, opens_at, tzinfo=zone)
    day_end = datetime.combine(day, closes_at, tzinfo=zone)
    busy = sorted(
        (e.starts_at.astimezone(zone), e.ends_at.astimezone(zone))
        for e in entries
        if e.starts_at.astimezone(zone).date() == day
    )
    gaps = []
    for start, end in busy:
        if (start - cursor).total_seconds() >= minimum_minutes * 60:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if (day_end - cursor).total_seconds() >= minimum_minutes * 60:
        gaps.append((cursor, day_end))
    return gaps
