"""The data consistency report behind `mufakat check`."""

from __future__ import annotations

from collections import defaultdict

from mufakat.core.errors import ApplicationError
from mufakat.meetings.enums import MeetingStatus
from mufakat.meetings.models import Body, Meeting, Session
from mufakat.reference.models import ChairYear, Framework, Membership
from mufakat.reference.validators import Period, validate_no_overlap


def consistency_report() -> list[str]:
    problems: list[str] = []
    if not Framework.objects.exists():
        problems.append("no reference data loaded: run `mufakat load-reference`.")
    elif not ChairYear.objects.exists():
        problems.append("no chair years recorded.")
    problems += _membership_overlaps()
    problems += _ordinal_drift()
    problems += _meetings_outside_series()
    problems += _sessions_out_of_place()
    return problems


def _membership_overlaps() -> list[str]:
    problems = []
    by_key: dict[tuple[str, str], list[tuple[str, Period]]] = defaultdict(list)
    for row in Membership.objects.select_related("framework", "party"):
        by_key[(row.framework.code, row.party.code)].append((f"row #{row.pk}", Period(row.valid_from, row.valid_to)))
    for (framework, party), periods in sorted(by_key.items()):
        try:
            validate_no_overlap(periods, record=f"framework {framework} member {party}")
        except ApplicationError as exc:
            problems.append(str(exc))
    return problems


def _ordinal_drift() -> list[str]:
    problems = []
    for body in Body.objects.all():
        number = body.prior_meetings_unrecorded
        for meeting in Meeting.objects.filter(body=body).order_by("start_date", "pk"):
            expected = None
            if body.numbered and meeting.status != MeetingStatus.CANCELLED:
                number += 1
                expected = number
            if meeting.ordinal != expected:
                problems.append(
                    f"meeting #{meeting.pk} of {body.code} on {meeting.start_date} has ordinal {meeting.ordinal}, "
                    f"its history gives {expected}."
                )
    return problems


def _meetings_outside_series() -> list[str]:
    problems = []
    for meeting in Meeting.objects.select_related("series", "body").filter(series__isnull=False):
        series = meeting.series
        if series and not (series.start_date <= meeting.start_date and meeting.end_date <= series.end_date):
            problems.append(f"meeting #{meeting.pk} ({meeting.short_title}) lies outside series {series.code}.")
    return problems


def _sessions_out_of_place() -> list[str]:
    problems = []
    for session in Session.objects.select_related("meeting", "meeting__venue", "room"):
        venue = session.meeting.venue
        if venue is None:
            continue
        start = session.starts_at.astimezone(venue.tzinfo)
        end = session.ends_at.astimezone(venue.tzinfo)
        if start.date() < session.meeting.start_date or end.date() > session.meeting.end_date:
            problems.append(f"session #{session.pk} ({session.title_en}) lies outside its meeting's dates.")
        if session.room is not None and session.room.venue_id != venue.pk:
            problems.append(f"session #{session.pk} ({session.title_en}) uses a room of another venue.")
    return problems
