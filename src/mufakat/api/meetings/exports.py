"""The programme as files: iCalendar (a series, a meeting, a party's week) and the PDF booklet."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query

from mufakat.api.auth import PUBLIC, SIGNED_IN
from mufakat.api.common import ICS, PDF, DbInt, errors, file_doc, file_response
from mufakat.api.meetings.common import meeting_with_series, programme_router
from mufakat.api.meetings.week import week_of
from mufakat.core.conditional import cached_response
from mufakat.core.errors import NotFound
from mufakat.delegations.week import party_week_ics
from mufakat.meetings.exports import programme_booklet, programme_ics, programme_release_required
from mufakat.meetings.selectors import series_get

_ICS_DOC = file_doc(ICS, "iCalendar (RFC 5545) of the latest release, times in the venue's time zone.")


@programme_router.get(
    "/series/{code}/programme.ics", response={200: None, **errors(401, 404)}, auth=PUBLIC, openapi_extra=_ICS_DOC
)
def programme_ics_series(request: HttpRequest, code: str) -> HttpResponse:
    """The latest release as a calendar: one event per session, UIDs stable across releases, SEQUENCE
    counting the releases that changed the session."""
    series = series_get(code=code)
    release = programme_release_required(series=series)
    return cached_response(
        request,
        f"ics:{series.pk}:{release.number}",
        last_modified=release.released_at,
        build=lambda: (programme_ics(series=series), ICS),
        filename=f"{series.code}-programme.ics",
    )


@programme_router.get(
    "/meetings/{meeting_id}/programme.ics",
    response={200: None, **errors(401, 404)},
    auth=PUBLIC,
    openapi_extra=_ICS_DOC,
)
def programme_ics_meeting(request: HttpRequest, meeting_id: DbInt) -> HttpResponse:
    """The meeting's sessions in the latest release of its series, as a calendar."""
    meeting = meeting_with_series(meeting_id)
    series = meeting.series
    if series is None:
        raise NotFound(
            _("%(meeting)s is not part of a series with a programme.") % {"meeting": meeting.short_title},
            field="meeting_id",
        )
    release = programme_release_required(series=series)
    return cached_response(
        request,
        f"ics:{series.pk}:{release.number}:meeting:{meeting.pk}",
        last_modified=release.released_at,
        build=lambda: (programme_ics(series=series, meeting=meeting), ICS),
        filename=f"{series.code}-meeting-{meeting.pk}.ics",
    )


@programme_router.get(
    "/series/{code}/delegations/{party}/week.ics",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=file_doc(ICS, "iCalendar (RFC 5545) of the party's week: sessions, bilaterals and deadlines."),
)
def programme_ics_party(request: HttpRequest, code: str, party: str) -> HttpResponse:
    """The party's week (see .../week) as one calendar: sessions, bilateral meetings and deadlines, with
    stable UIDs (a session's, `bilateral-<request>`, `silence-<procedure>`, `plan-<plan>-period-<period>-
    <party>`); cancelled sessions and withdrawn bilaterals stay in it as cancelled."""
    week = week_of(request, code, party)
    return file_response(
        party_week_ics(week), media_type=ICS, filename=f"{week.series.code}-{week.party.code.lower()}-week.ics"
    )


@programme_router.get(
    "/series/{code}/programme.pdf",
    response={200: None, **errors(401, 404)},
    auth=PUBLIC,
    openapi_extra=file_doc(PDF, "The programme booklet (A4 PDF) of the latest release."),
)
def programme_pdf(request: HttpRequest, code: str, lang: Query[Literal["en", "vi"]] = "en") -> HttpResponse:
    """The printable programme booklet of the latest release: a title page, then day by day the sessions
    with times in the venue's time zone, in English or Vietnamese (`lang`)."""
    series = series_get(code=code)
    body = programme_booklet(series=series, lang=lang)
    return file_response(body, media_type=PDF, filename=f"{series.code}-programme-{lang}.pdf")
