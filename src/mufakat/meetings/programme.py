"""The programme as pure data: conflict detection, the changelog between two releases, free slots in a day.

No ORM here: the selectors (meetings.selectors.programme) load sessions into these dataclasses, so the
rules can be tested and benchmarked on their own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from mufakat.core.text import Text, gettext_noop


@dataclass(frozen=True)
class ProgrammeSession:
    uid: str
    meeting_id: int
    meeting_title: str
    level: str
    title: str
    room: str | None
    starts_at: datetime
    ends_at: datetime
    meeting_start: date
    meeting_end: date
    time_zone: str
    opens_at: time
    closes_at: time
    parties: frozenset[str] = field(default_factory=frozenset)
    participants: frozenset[str] = field(default_factory=frozenset)  # names of participants named on the session

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.time_zone))

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(ZoneInfo(self.time_zone))

    def label(self) -> str:
        return f"{self.meeting_title} – {self.title} ({self.local_start:%d %b %H:%M}–{self.local_end:%H:%M})"

    def label_text(self) -> Text:
        return Text(
            gettext_noop("%(meeting)s – %(session)s (%(start)s–%(end)s)"),
            {
                "meeting": self.meeting_title,
                "session": self.title,
                "start": format(self.local_start, "%d %b %H:%M"),
                "end": format(self.local_end, "%H:%M"),
            },
        )


class ConflictKind:
    ROOM = "room"
    PARTY = "party"
    PARTICIPANT = "participant"
    OUTSIDE_DATES = "outside_dates"
    OUTSIDE_HOURS = "outside_hours"


@dataclass(frozen=True)
class Conflict:
    kind: str
    subject: str
    session_uids: tuple[str, ...]
    message: str
    # The same sentence as a template and its values, for showing it in the reader's language.
    text: Text | None = field(default=None, compare=False)
    # The two sessions, for conflicts between two (a row grouping several conflicts names them once).
    where: Text | None = field(default=None, compare=False)

    @classmethod
    def because(
        cls, kind: str, subject: str, session_uids: tuple[str, ...], text: Text, where: Text | None = None
    ) -> Conflict:
        return cls(kind, subject, session_uids, str(text), text, where)

    @property
    def key(self) -> str:
        """Stable identity, so a release can acknowledge a conflict and the next one recognise it."""
        return f"{self.kind}:{self.subject}:{'+'.join(self.session_uids)}"


@dataclass(frozen=True)
class ConflictGroup:
    """Conflicts of one kind between the same sessions: a session moved onto another of the same level puts
    every party attending both in two places at once, one conflict each; the chair sees (and acknowledges)
    them as one."""

    kind: str
    session_uids: tuple[str, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(c.subject for c in self.conflicts)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.conflicts)

    @property
    def key(self) -> str:
        """A single conflict's own key; for several, one naming each subject, so that acknowledging it covers
        exactly these conflicts: a party that joins one of the meetings later makes a new key, unacknowledged."""
        if len(self.conflicts) == 1:
            return self.conflicts[0].key
        return f"{self.kind}:{'|'.join(self.subjects)}:{'+'.join(self.session_uids)}"


def group_conflicts(conflicts: Sequence[Conflict]) -> list[ConflictGroup]:
    """Conflicts grouped by kind and sessions, in the order their first member comes."""
    grouped: dict[tuple[str, tuple[str, ...]], list[Conflict]] = {}
    for conflict in conflicts:
        grouped.setdefault((conflict.kind, conflict.session_uids), []).append(conflict)
    return [ConflictGroup(kind, uids, tuple(members)) for (kind, uids), members in grouped.items()]


def acknowledged_conflict_keys(conflicts: Sequence[Conflict], acknowledged: Iterable[str]) -> set[str]:
    """The conflict keys acknowledged, a group's key standing for each of its conflicts' keys."""
    keys = set(acknowledged)
    for group in group_conflicts(conflicts):
        if group.key in keys:
            keys.update(group.keys)
    return keys


def _overlapping_pairs(sessions: Sequence[ProgrammeSession]) -> Iterable[tuple[ProgrammeSession, ProgrammeSession]]:
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.uid))
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            yield first, second


def detect_conflicts(sessions: Sequence[ProgrammeSession]) -> list[Conflict]:
    """Every conflict in a programme, in a stable order.

    - room: two sessions overlap in one room;
    - party: a party attends two overlapping sessions of meetings at the same level (its minister, or
      its SOM Leader, cannot be in two places; different levels send different people);
    - participant: one named participant is on two overlapping sessions;
    - outside_dates / outside_hours: a session outside its meeting's dates or the venue's opening hours."""
    conflicts: list[Conflict] = []
    for first, second in _overlapping_pairs(sessions):
        uids = tuple(sorted((first.uid, second.uid)))
        both = (first.label_text(), second.label_text())
        where = Text(gettext_noop("%(first)s and %(second)s"), {"first": both[0], "second": both[1]})
        if first.room and first.room == second.room:
            conflicts.append(
                Conflict.because(
                    ConflictKind.ROOM,
                    first.room,
                    uids,
                    Text(
                        gettext_noop("Room %(room)s is booked twice: %(sessions)s."),
                        {"room": first.room, "sessions": both},
                    ),
                    where,
                )
            )
        if first.meeting_id != second.meeting_id and first.level == second.level:
            for party in sorted(first.parties & second.parties):
                conflicts.append(
                    Conflict.because(
                        ConflictKind.PARTY,
                        party,
                        uids,
                        Text(
                            gettext_noop("%(party)s is expected in two places at once: %(sessions)s."),
                            {"party": party, "sessions": both},
                        ),
                        where,
                    )
                )
        for name in sorted(first.participants & second.participants):
            conflicts.append(
                Conflict.because(
                    ConflictKind.PARTICIPANT,
                    name,
                    uids,
                    Text(
                        gettext_noop("%(name)s is named on two sessions at once: %(sessions)s."),
                        {"name": name, "sessions": both},
                    ),
                    where,
                )
            )
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.uid)):
        start, end = session.local_start, session.local_end
        if start.date() < session.meeting_start or end.date() > session.meeting_end:
            conflicts.append(
                Conflict.because(
                    ConflictKind.OUTSIDE_DATES,
                    str(session.meeting_id),
                    (session.uid,),
                    Text(
                        gettext_noop("%(session)s lies outside its meeting's dates (%(start)s–%(end)s)."),
                        {
                            "session": session.label_text(),
                            "start": format(session.meeting_start, "%d %b"),
                            "end": format(session.meeting_end, "%d %b"),
                        },
                    ),
                )
            )
        if start.time() < session.opens_at or end.time() > session.closes_at or end.date() != start.date():
            conflicts.append(
                Conflict.because(
                    ConflictKind.OUTSIDE_HOURS,
                    session.room or "-",
                    (session.uid,),
                    Text(
                        gettext_noop("%(session)s is outside the venue's opening hours (%(opens)s–%(closes)s)."),
                        {
                            "session": session.label_text(),
                            "opens": format(session.opens_at, "%H:%M"),
                            "closes": format(session.closes_at, "%H:%M"),
                        },
                    ),
                )
            )
    return conflicts


# Releases and their changelog ------------------------------------------------------------------------


def snapshot_session(session: ProgrammeSession, *, kind: str, status: str) -> dict[str, str | int | None]:
    """The JSON form a release stores for each session."""
    return {
        "uid": session.uid,
        "meeting_id": session.meeting_id,
        "meeting": session.meeting_title,
        "title": session.title,
        "kind": kind,
        "room": session.room,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "status": status,
    }


class ChangeKind:
    ADDED = "added"
    CANCELLED = "cancelled"
    REMOVED = "removed"
    MOVED = "moved"
    ROOM_CHANGED = "room_changed"
    RETITLED = "retitled"
    REINSTATED = "reinstated"


@dataclass(frozen=True)
class Change:
    kind: str
    uid: str
    meeting: str
    title: str
    before: str | None
    after: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "uid": self.uid,
            "meeting": self.meeting,
            "title": self.title,
            "before": self.before,
            "after": self.after,
        }


def _when(entry: dict[str, str | int | None]) -> str:
    return f"{entry['starts_at']}/{entry['ends_at']}"


def changelog(
    previous: Sequence[dict[str, str | int | None]], current: Sequence[dict[str, str | int | None]]
) -> list[Change]:
    """What moved, was added, cancelled, removed, re-roomed or retitled between two snapshots."""
    before = {str(entry["uid"]): entry for entry in previous}
    after = {str(entry["uid"]): entry for entry in current}
    changes: list[Change] = []

    def change(kind: str, entry: dict[str, str | int | None], old: str | None, new: str | None) -> None:
        changes.append(Change(kind, str(entry["uid"]), str(entry["meeting"]), str(entry["title"]), old, new))

    for uid, entry in after.items():
        old = before.get(uid)
        if old is None:
            if entry["status"] != "cancelled":
                change(ChangeKind.ADDED, entry, None, _when(entry))
            continue
        if old["status"] != "cancelled" and entry["status"] == "cancelled":
            change(ChangeKind.CANCELLED, entry, _when(old), None)
            continue
        if old["status"] == "cancelled" and entry["status"] != "cancelled":
            change(ChangeKind.REINSTATED, entry, None, _when(entry))
            continue
        if entry["status"] == "cancelled":
            continue
        if _when(old) != _when(entry):
            change(ChangeKind.MOVED, entry, _when(old), _when(entry))
        if old["room"] != entry["room"]:
            change(ChangeKind.ROOM_CHANGED, entry, _opt(old["room"]), _opt(entry["room"]))
        if old["title"] != entry["title"]:
            change(ChangeKind.RETITLED, entry, str(old["title"]), str(entry["title"]))
    for uid, old in before.items():
        if uid not in after and old["status"] != "cancelled":
            change(ChangeKind.REMOVED, old, _when(old), None)
    order = defaultdict(
        lambda: 99,
        {
            k: i
            for i, k in enumerate(
                [
                    ChangeKind.ADDED,
                    ChangeKind.MOVED,
                    ChangeKind.ROOM_CHANGED,
                    ChangeKind.RETITLED,
                    ChangeKind.REINSTATED,
                    ChangeKind.CANCELLED,
                    ChangeKind.REMOVED,
                ]
            )
        },
    )
    return sorted(
        changes, key=lambda c: (order[c.kind], after.get(c.uid, before.get(c.uid, {})).get("starts_at") or "", c.uid)
    )


def _opt(value: str | int | None) -> str | None:
    return None if value is None else str(value)


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
