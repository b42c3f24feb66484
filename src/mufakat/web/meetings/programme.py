"""The released programme: the timetable of the latest release (or of any release), the list of releases with
their changelogs, the printable booklet and a delegation's week. Public: only released sessions show here."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.conditional import anonymous_conditional
from mufakat.core.errors import NotFound
from mufakat.core.i18n import active_language
from mufakat.delegations.week import party_week_get
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.enums import SessionKind
from mufakat.meetings.models import ProgrammeRelease, Series
from mufakat.meetings.rules import is_series_chair
from mufakat.meetings.selectors import ReleasedSession, programme_latest_release, release_sessions
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Party
from mufakat.web.common import page, series_view

from .timetable import change_rows, kind_label, timetable_days, week_days


def api_links(series: Series) -> dict[str, str]:
    """The exports the API serves (meetings.exports behind /api/v1/); the booklet in the page's language."""
    base = f"/api/v1/series/{series.code}"
    lang = "vi" if active_language() == "vi" else "en"
    return {"ics": f"{base}/programme.ics", "pdf": f"{base}/programme.pdf?lang={lang}"}


def _session_titles(uids: list[str]) -> dict[str, str]:
    """Session titles in the active language: a release keeps the English title, Vietnamese comes from the
    sessions as stored now."""
    if active_language() != "vi":
        return {}
    return {uid: title for uid, title in meeting_selectors.session_titles_vi(uids=uids).items() if title}


def _titles(entries: list[ReleasedSession]) -> dict[str, str]:
    return _session_titles([e.uid for e in entries])


def _release_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    release: ProgrammeRelease | None,
    *,
    latest_number: int | None,
) -> HttpResponse:
    venue = series.venue
    context: dict[str, Any] = {
        "series": series,
        "release": release,
        "latest_number": latest_number,
        "can_manage": is_series_chair(viewer, series.pk),
        "links": api_links(series),
        "time_zone": venue.time_zone,
    }
    if release is not None:
        entries = release_sessions(release)
        rooms = [room.name for room in meeting_selectors.room_list(venue=venue)]
        context |= {
            "days": timetable_days(entries, time_zone=venue.time_zone, room_order=rooms, titles=_titles(entries)),
            "session_count": len(entries),
            "changes": change_rows(release.changelog, time_zone=venue.time_zone),
            "today": timezone.now().astimezone(ZoneInfo(venue.time_zone)).date().isoformat(),
        }
    return page(request, "programme.html", context, viewer=viewer)


@require_safe
@series_view()
def programme(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    release = programme_latest_release(series=series)
    today = timezone.now().astimezone(ZoneInfo(series.venue.time_zone)).date().isoformat()
    return anonymous_conditional(
        request,
        # What an anonymous reader's page shows: the release, the series, the language and today's date.
        key=f"programme:{series.pk}:{series.version}:{release.number}:{active_language()}:{today}" if release else None,
        last_modified=release.released_at if release else None,
        render=lambda: _release_page(
            request, series, viewer, release, latest_number=release.number if release else None
        ),
    )


@require_safe
@series_view()
def release_detail(request: HttpRequest, series: Series, viewer: SeriesViewer, number: int) -> HttpResponse:
    release = meeting_selectors.programme_release_get(series=series, number=number)
    latest = programme_latest_release(series=series)
    return _release_page(request, series, viewer, release, latest_number=latest.number if latest else None)


@require_safe
@series_view()
def release_list(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    time_zone = series.venue.time_zone
    releases = [
        (release, change_rows(release.changelog, time_zone=time_zone))
        for release in meeting_selectors.programme_release_list(series=series)
    ]
    return page(
        request,
        "release_list.html",
        {
            "series": series,
            "releases": releases,
            "time_zone": time_zone,
            "can_manage": is_series_chair(viewer, series.pk),
        },
        viewer=viewer,
    )


@require_safe
@series_view()
def booklet(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    """The printable booklet: a title page, then one page per day (print CSS: A4, no navigation)."""
    release = programme_latest_release(series=series)
    days: list[tuple[date, list[dict[str, Any]]]] = []
    if release is not None:
        zone = ZoneInfo(series.venue.time_zone)
        entries = release_sessions(release)
        titles = _titles(entries)
        meetings = {meeting.pk: meeting for meeting in meeting_selectors.meeting_list(series=series)}
        by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
        for entry in entries:
            start = entry.starts_at.astimezone(zone)
            meeting = meetings.get(entry.meeting_id)
            title = titles.get(entry.uid) or entry.title
            kind = "" if entry.kind == SessionKind.PLENARY else kind_label(entry.kind)
            by_day[start.date()].append(
                {
                    "starts_at": start,
                    "ends_at": entry.ends_at.astimezone(zone),
                    "meeting": meeting.title if meeting else entry.meeting,
                    "title": title,
                    "kind": "" if kind.lower() in title.lower() else kind,
                    "room": entry.room,
                }
            )
        days = sorted(by_day.items())
    return page(
        request,
        "programme_booklet.html",
        {"series": series, "release": release, "days": days, "time_zone": series.venue.time_zone},
        viewer=viewer,
    )


def _party(code: str) -> Party:
    try:
        return reference_selectors.party_get(code=code)
    except Party.DoesNotExist as exc:
        raise NotFound(_("There is no party “%(code)s”.") % {"code": code}, field="party") from exc


@require_safe
@series_view(login_required=True)
def party_week_page(request: HttpRequest, series: Series, viewer: SeriesViewer, party_code: str) -> HttpResponse:
    """A delegation's week (its own people and the chair): its sessions from the latest release, its published
    bilateral meetings and its deadlines, day by day, with the free time between them in the working day
    bilaterals.availability.working_hours defines (the API and the calendar feed read the same week)."""
    party = _party(party_code)
    week = party_week_get(viewer=viewer, series=series, party=party)
    sessions = [e for e in week.events if e.kind == "session"]
    days = week_days(week, titles=_session_titles([e.uid for e in sessions]))
    return page(
        request,
        "party_week.html",
        {
            "series": series,
            "party": party,
            "week": week,
            "release": week.release,
            "days": days,
            "session_count": sum(day.session_count for day in days),
            "bilateral_count": sum(day.bilateral_count for day in days),
            "other_deadlines": week.other_deadlines,
            "time_zone": week.time_zone,
            "ics_url": f"/api/v1/series/{series.code}/delegations/{party.code}/week.ics",
            "is_own": party.code in viewer.party_codes,
            "today": timezone.now().astimezone(ZoneInfo(week.time_zone)).date().isoformat(),
        },
        viewer=viewer,
    )
