"""A delegation's week: one read of everything a party has on its plate at a series, for its page, the API
and its calendar feed alike.

- the sessions of the latest programme release in every meeting the party attends;
- its meetings in the published bilateral schedule;
- its deadlines: silence procedures on the series' documents the party may see, and the reporting
  deadlines of the plans of action it reports on;
- its free time each day: the gaps between sessions and bilaterals within one working day,
  bilaterals.availability.working_hours (the same hours the bilateral scheduler and the bilaterals page use).

Seen by the party's own people and the chair secretariat only. What is listed follows what the *party* may
see, not the viewer: the chair looking at Japan's week never finds an ASEAN-only document's deadline in it.
Cancelled sessions and withdrawn bilaterals stay in `events` (the feed tells subscribed calendars about
them); the days, the API and the page show only what takes place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.bilaterals.availability import series_days, working_hours
from mufakat.bilaterals.enums import Level, RequestStatus, ScheduleStatus
from mufakat.bilaterals.exports import bilateral_sequence, bilateral_uid
from mufakat.bilaterals.models import BilateralSchedule
from mufakat.bilaterals.selectors import bilateral_assignment_list
from mufakat.documents.enums import SilenceStatus
from mufakat.documents.models import OutcomeDocument, SilenceProcedure
from mufakat.documents.rules import document_visible_q
from mufakat.meetings.ics import UID_DOMAIN, calendar_add_entries, calendar_bytes, calendar_new
from mufakat.meetings.models import ProgrammeRelease, Series
from mufakat.meetings.programme import free_slots
from mufakat.meetings.selectors import meetings_attended, programme_latest_release, session_sequence
from mufakat.plans.models import ReportingPeriod
from mufakat.plans.selectors import party_deadlines
from mufakat.reference.models import Party

from .rules import can_view_party_week

EventKind = Literal["session", "bilateral"]
DeadlineKind = Literal["silence", "report"]


@dataclass(frozen=True)
class WeekEvent:
    """A session or a bilateral meeting. `kind` tells which; `session_kind` is the session's kind (plenary,
    retreat, ...) or "bilateral"."""

    kind: EventKind
    uid: str
    starts_at: datetime
    ends_at: datetime
    meeting: str
    title: str
    room: str | None
    session_kind: str
    status: Literal["scheduled", "cancelled"] = "scheduled"
    meeting_id: int | None = None
    parties: tuple[Party, ...] = ()  # a bilateral's parties, the requester first
    level: str = ""  # a bilateral's level (minister, SOM Leader)
    confirmed: bool = False


@dataclass(frozen=True)
class WeekDeadline:
    """A silence procedure's deadline on a document, or a reporting deadline of a plan of action."""

    kind: DeadlineKind
    uid: str
    at: datetime
    time_zone: str
    sequence: int
    status: Literal["scheduled", "cancelled"] = "scheduled"
    document: OutcomeDocument | None = None
    silence: SilenceProcedure | None = None
    period: ReportingPeriod | None = None
    lines: int = 0  # action lines the party reports on

    @property
    def local_at(self) -> datetime:
        return self.at.astimezone(ZoneInfo(self.time_zone))

    @property
    def title(self) -> str:
        """In the active language."""
        if self.period is not None:
            return f"{self.period.plan.title}, {self.period.label}"
        return self.document.title if self.document is not None else ""


@dataclass(frozen=True)
class WeekDay:
    day: date
    events: list[WeekEvent]
    free: list[tuple[datetime, datetime]]
    deadlines: list[WeekDeadline]


@dataclass(frozen=True)
class PartyWeek:
    series: Series
    party: Party
    release: ProgrammeRelease | None
    schedule: BilateralSchedule | None  # the published bilateral schedule
    time_zone: str
    day_starts: time
    day_ends: time
    days: list[WeekDay]
    events: list[WeekEvent]  # cancelled ones included, for the feed
    deadlines: list[WeekDeadline]  # every deadline, cancelled silence procedures included, for the feed
    other_deadlines: list[WeekDeadline] = field(default_factory=list)  # outside the series' days

    @property
    def session_count(self) -> int:
        return sum(len([e for e in d.events if e.kind == "session"]) for d in self.days)

    @property
    def bilateral_count(self) -> int:
        return sum(len([e for e in d.events if e.kind == "bilateral"]) for d in self.days)


def party_as_viewer(series: Series, party: Party) -> SeriesViewer:
    """What the party itself may see: a delegate of it and of nothing else."""
    return SeriesViewer(
        user=None,
        series_id=series.pk,
        roles=frozenset({SeriesRole.DELEGATE}),
        party_ids=frozenset({party.pk}),
        focal_party_ids=frozenset(),
        party_codes=(party.code,),
    )


def _sessions(
    series: Series, party: Party, release: ProgrammeRelease | None, after: datetime | None = None
) -> list[WeekEvent]:
    if release is None:
        return []
    entries = [e for e in release.sessions if after is None or datetime.fromisoformat(str(e["ends_at"])) > after]
    if not entries:
        return []  # nothing left to attend: who attends what need not be worked out
    attended = meetings_attended(series=series, party=party)
    return [
        WeekEvent(
            kind="session",
            uid=str(entry["uid"]),
            starts_at=datetime.fromisoformat(str(entry["starts_at"])),
            ends_at=datetime.fromisoformat(str(entry["ends_at"])),
            meeting=str(entry["meeting"]),
            title=str(entry["title"]),
            room=None if entry["room"] is None else str(entry["room"]),
            session_kind=str(entry["kind"]),
            status="cancelled" if entry["status"] == "cancelled" else "scheduled",
            meeting_id=int(entry["meeting_id"] or 0),
        )
        for entry in entries
        if entry["meeting_id"] in attended
    ]


def _bilaterals(
    viewer: SeriesViewer, schedule: BilateralSchedule | None, party: Party, after: datetime | None = None
) -> list[WeekEvent]:
    if schedule is None:
        return []
    assignments = bilateral_assignment_list(viewer=viewer, schedule=schedule, party_id=party.pk)
    if after is not None:
        assignments = assignments.filter(ends_at__gt=after)
    events = []
    for assignment in assignments:
        request = assignment.request
        parties = (request.requester, *(response.party for response in request.responses.all()))
        events.append(
            WeekEvent(
                kind="bilateral",
                uid=bilateral_uid(request.pk),
                starts_at=assignment.starts_at,
                ends_at=assignment.ends_at,
                meeting="Bilateral " + "–".join(p.code for p in parties),
                title=" – ".join(p.name_en for p in parties),
                room=assignment.room.room.name,
                session_kind="bilateral",
                status="cancelled" if request.status == RequestStatus.WITHDRAWN else "scheduled",
                parties=parties,
                level=request.level,
                confirmed=assignment.confirmed,
            )
        )
    return events


def _silence_deadlines(series: Series, party: Party) -> list[WeekDeadline]:
    visible = OutcomeDocument.objects.filter(meeting__series=series).filter(
        document_visible_q(party_as_viewer(series, party), series_start=series.start_date)
    )
    procedures = (
        SilenceProcedure.objects.filter(version__document__in=visible)
        .select_related("version__document")
        .order_by("deadline", "pk")
    )
    return [
        WeekDeadline(
            kind="silence",
            uid=f"silence-{procedure.pk}",
            at=procedure.deadline,
            time_zone=procedure.time_zone,
            sequence=0,
            status="cancelled" if procedure.status == SilenceStatus.CANCELLED else "scheduled",
            document=procedure.version.document,
            silence=procedure,
        )
        for procedure in procedures
    ]


def _report_deadlines(series: Series, party: Party) -> list[WeekDeadline]:
    return [
        WeekDeadline(
            kind="report",
            # The UID of the plans' own deadline feed, so a calendar subscribed to both keeps one event.
            uid=f"plan-{deadline.period.plan_id}-period-{deadline.period.pk}-{party.code.lower()}",
            at=deadline.period.due_at,
            time_zone=deadline.period.time_zone,
            sequence=deadline.period.version - 1,
            period=deadline.period,
            lines=deadline.lines,
        )
        for deadline in party_deadlines(viewer=party_as_viewer(series, party), series=series, party=party)
    ]


def _published(series: Series) -> BilateralSchedule | None:
    return BilateralSchedule.objects.filter(series=series, status=ScheduleStatus.PUBLISHED).first()


def _events(
    series: Series,
    party: Party,
    release: ProgrammeRelease | None,
    schedule: BilateralSchedule | None,
    after: datetime | None = None,
) -> list[WeekEvent]:
    return sorted(
        _sessions(series, party, release, after) + _bilaterals(party_as_viewer(series, party), schedule, party, after),
        key=lambda e: (e.starts_at, e.kind != "session", e.uid),
    )


def party_events(*, series: Series, party: Party, after: datetime | None = None) -> list[WeekEvent]:
    """The week's sessions and bilateral meetings alone (cancelled and withdrawn ones included), in time
    order, those ending after `after` if given, without its deadlines and free time: for "my desk", which
    reads its deadlines elsewhere. No viewer's check: the caller shows them to the party's own people only."""
    return _events(series, party, programme_latest_release(series=series), _published(series), after)


def party_week_get(*, viewer: SeriesViewer, series: Series, party: Party) -> PartyWeek:
    """The party's week (see the module's docstring), for its delegation and the chair secretariat."""
    require(
        can_view_party_week(viewer, series.pk, party.pk),
        _("a delegation's week is for its own people and the chair secretariat."),
    )
    return party_week_build(series=series, party=party)


def party_week_build(*, series: Series, party: Party) -> PartyWeek:
    """The party's week without a viewer's check: for party_week_get, and for the operator's command line.
    Everything in it is read as the party sees it."""
    venue = series.venue
    zone = venue.tzinfo
    release = programme_latest_release(series=series)
    schedule = _published(series)
    events = _events(series, party, release, schedule)
    deadlines = sorted(
        _silence_deadlines(series, party) + _report_deadlines(series, party), key=lambda d: (d.at, d.uid)
    )
    day_starts, day_ends = working_hours(series)
    taking_place = [e for e in events if e.status == "scheduled"]
    shown_deadlines = [d for d in deadlines if d.status == "scheduled"]
    days = []
    for day in series_days(series):
        day_events = [e for e in taking_place if e.starts_at.astimezone(zone).date() == day]
        days.append(
            WeekDay(
                day=day,
                events=day_events,
                free=free_slots(
                    day_events, day=day, time_zone=venue.time_zone, opens_at=day_starts, closes_at=day_ends
                ),
                deadlines=[d for d in shown_deadlines if d.at.astimezone(zone).date() == day],
            )
        )
    return PartyWeek(
        series=series,
        party=party,
        release=release,
        schedule=schedule,
        time_zone=venue.time_zone,
        day_starts=day_starts,
        day_ends=day_ends,
        days=days,
        events=events,
        deadlines=deadlines,
        other_deadlines=[
            d for d in shown_deadlines if not series.start_date <= d.at.astimezone(zone).date() <= series.end_date
        ],
    )


# The calendar feed --------------------------------------------------------------------------------------


def _entry(event: WeekEvent) -> dict[str, str | int | None]:
    title = event.title
    if event.kind == "bilateral":
        title = f"{title} ({Level(event.level).label if event.level in Level.values else event.level})"
    return {
        "uid": event.uid,
        "meeting": event.meeting,
        "title": title,
        "room": event.room,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "status": event.status,
    }


def _deadline_event(deadline: WeekDeadline, party: Party, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{deadline.uid}@{UID_DOMAIN}")
    event.add("sequence", deadline.sequence)
    event.add("dtstamp", stamp)
    # A moment, not a stretch of time: no DTEND, and transparent, so it never shows the party as busy.
    event.add("dtstart", deadline.local_at)
    event.add("transp", "TRANSPARENT")
    if deadline.period is not None:
        event.add(
            "summary",
            _("%(party)s: reports due for %(plan)s, %(period)s")
            % {"party": party.name, "plan": deadline.period.plan.title, "period": deadline.period.label},
        )
        event.add(
            "description",
            _("Implementation reports on %(count)d action lines for the period %(period)s.")
            % {"count": deadline.lines, "period": deadline.period.label},
        )
    elif deadline.silence is not None and deadline.document is not None:
        event.add(
            "summary",
            _("End of the silence procedure on %(document)s (version %(number)d)")
            % {"document": deadline.document.title, "number": deadline.silence.version.number},
        )
    event.add("status", "CANCELLED" if deadline.status == "cancelled" else "CONFIRMED")
    return event


def party_week_ics(week: PartyWeek) -> bytes:
    """The week as one calendar: sessions (UID: the session's), bilaterals (`bilateral-<request>`, as in the
    bilaterals-only feed) and deadlines (`silence-<procedure>`, `plan-<plan>-period-<period>-<party>`, as in
    the plans' deadline feed). UIDs stay put across releases and schedules; SEQUENCE counts the releases or
    published schedules that changed an event, so subscribed calendars move it instead of doubling it."""
    series, party = week.series, week.party
    venue = series.venue
    calendar = calendar_new(
        name=f"{party.name_en} – {series.title_en} – week", time_zone=venue.time_zone, product="week"
    )
    calendar_add_entries(
        calendar,
        entries=[_entry(event) for event in week.events],
        time_zone=venue.time_zone,
        location=f"{venue.name_en}, {venue.city_en}",
        sequence=session_sequence(series=series) | bilateral_sequence(series),
    )
    stamp = timezone.now()
    for deadline in week.deadlines:
        calendar.add_component(_deadline_event(deadline, party, stamp))
    return calendar_bytes(calendar)
