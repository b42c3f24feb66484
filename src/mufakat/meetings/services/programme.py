"""Programme editing and releases: the chair edits the draft (the live sessions), checks conflicts,
and releases numbered versions with a changelog. Writes check rights, versions and audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import NotFound, ValidationFailed, require_choice
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.meetings.enums import SessionKind, SessionStatus
from mufakat.meetings.models import Meeting, ProgrammeRelease, Room, Series, Session
from mufakat.meetings.notices import programme_release_notify
from mufakat.meetings.programme import acknowledged_conflict_keys, changelog
from mufakat.meetings.rules import is_series_chair
from mufakat.meetings.selectors import programme_conflicts, programme_latest_release, programme_snapshot
from mufakat.meetings.validators import validate_aware

SESSION_AUDIT_FIELDS = ["meeting", "title_en", "title_vi", "kind", "room", "starts_at", "ends_at", "status", "version"]


@transaction.atomic
def programme_release(
    *, actor: SeriesViewer, series: Series, acknowledged: list[str] | None = None, note: str = ""
) -> ProgrammeRelease:
    """Release the draft as the next numbered version. Every conflict must be acknowledged by its key, or by
    its group's (programme.ConflictGroup.key); the release records each conflict acknowledged."""
    require(is_series_chair(actor, series.pk), _("only the chair secretariat releases the programme."))
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
    current = programme_snapshot(series=series)
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
    if latest is not None:
        programme_release_notify(actor=actor, series=series, release=release, previous=latest.sessions, changes=changes)
    return release


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
    require(is_series_chair(actor, meeting.series_id), _("only the chair secretariat edits the programme."))
    record = f"new session of {meeting.short_title}"
    if not title_en.strip():
        raise ValidationFailed(_("is empty."), field="title_en", record=record)
    require_choice(kind, SessionKind.values, field="kind", record=record)
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
    require(is_series_chair(actor, meeting.series_id), _("only the chair secretariat edits the programme."))
    check_fresh(session, expected_version=expected_version, record=record)
    if "status" in changes:
        require_choice(changes["status"], SessionStatus.values, field="status", record=record)
    if "kind" in changes:
        require_choice(changes["kind"], SessionKind.values, field="kind", record=record)

    def validate(changed: Session) -> None:
        if not changed.title_en:
            raise ValidationFailed(_("is empty."), field="title_en", record=record)
        _validate_times(meeting, changed.starts_at, changed.ends_at, record=record)
        _validate_room(meeting, changed.room, record=record)

    return versioned_update(
        session,
        expected_version=expected_version,
        record=record,
        changes={
            key: value.strip() if isinstance(value, str) and key.startswith("title") else value
            for key, value in changes.items()
        },
        apply=validate,
        audit=AuditTrail(actor, "session.change", SESSION_AUDIT_FIELDS),
    )
