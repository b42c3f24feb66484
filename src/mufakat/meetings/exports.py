"""Exports of the released programme: iCalendar for a series or a meeting, and the PDF
booklet. Adapters: load the latest release and the series facts, call the pure builders (ics, booklet).
Only released sessions leave the building: the draft is the chair's."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mufakat.core.errors import NotFound

from .booklet import BookletFacts, BookletSession, Language, booklet_pdf
from .ics import calendar_from_release
from .models import Meeting, ProgrammeRelease, Series, Session
from .selectors import programme_latest_release, release_sessions, session_sequence


def programme_release_required(*, series: Series) -> ProgrammeRelease:
    release = programme_latest_release(series=series)
    if release is None:
        raise NotFound(_("no programme of %(series)s has been released yet.") % {"series": series.code}, field="code")
    return release


def programme_ics(*, series: Series, meeting: Meeting | None = None) -> bytes:
    """The latest release as iCalendar: the whole series, or one meeting's sessions. A party's week (with its
    bilaterals and deadlines) is delegations.week.party_week_ics."""
    release = programme_release_required(series=series)
    entries = release.sessions
    name = f"{series.title_en} – programme v{release.number}"
    if meeting is not None:
        entries = [entry for entry in entries if entry["meeting_id"] == meeting.pk]
        name = f"{meeting.title_en} – programme v{release.number}"
    venue = series.venue
    return calendar_from_release(
        name=name,
        entries=entries,
        time_zone=venue.time_zone,
        location=f"{venue.name_en}, {venue.city_en}",
        sequence=session_sequence(series=series),
        # The release's own time, not now: the same release always gives the same bytes (ETag, caches).
        stamp=release.released_at,
    )


def programme_booklet(*, series: Series, lang: Language = "en") -> bytes:
    """The latest release as the printable PDF booklet, in English or Vietnamese."""
    release = programme_release_required(series=series)
    venue = series.venue
    vi = lang == "vi"
    entries = release_sessions(release)
    # A release keeps the English title only; the Vietnamese one is the session's as stored now.
    titles_vi = (
        {
            str(uid): title
            for uid, title in Session.objects.filter(uid__in=[e.uid for e in entries]).values_list("uid", "title_vi")
        }
        if vi
        else {}
    )
    facts = BookletFacts(
        title=(series.title_vi if vi else "") or series.title_en,
        theme=(series.theme_vi if vi else "") or series.theme_en,
        venue=f"{(venue.name_vi if vi else '') or venue.name_en}, {(venue.city_vi if vi else '') or venue.city_en}",
        start_date=series.start_date,
        end_date=series.end_date,
        time_zone=venue.time_zone,
        release_number=release.number,
        released_at=release.released_at,
    )
    sessions = [
        BookletSession(
            meeting=entry.meeting,
            title=titles_vi.get(entry.uid) or entry.title,
            room=entry.room,
            starts_at=entry.starts_at,
            ends_at=entry.ends_at,
        )
        for entry in entries
    ]
    return booklet_pdf(facts=facts, sessions=sessions, lang=lang)
