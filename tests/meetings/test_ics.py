"""iCalendar export of a release, read back with the icalendar library: Vientiane time (UTC+7) with its
VTIMEZONE, UIDs stable across exports, SEQUENCE from the releases, cancelled sessions kept as STATUS:CANCELLED."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.ics import calendar_from_release
from mufakat.meetings.models import ProgrammeRelease, Series, Session
from mufakat.meetings.selectors import session_sequence
from mufakat.meetings.services import programme_release, session_change
from tests.factories.programme import vientiane


def _release(series: Series, number: int = 2) -> ProgrammeRelease:
    """v2 is the demo's latest release."""
    return ProgrammeRelease.objects.get(series=series, number=number)


def _export(series: Series, release: ProgrammeRelease) -> Calendar:
    ical = calendar_from_release(
        name=series.title_en,
        entries=release.sessions,
        time_zone=series.venue.time_zone,
        location=series.venue.name_en,
        sequence=session_sequence(series=series),
    )
    return Calendar.from_ical(ical)


def _press_conference(series: Series) -> Session:
    return Session.objects.get(meeting__series=series, meeting__body__code="ARF", kind="press_conference")


def test_calendar_from_release_one_vevent_per_session_and_the_vientiane_vtimezone(programme_demo: Series) -> None:
    calendar = _export(programme_demo, _release(programme_demo))

    assert len(calendar.walk("VEVENT")) == 26
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Vientiane"]
    assert (str(calendar["X-WR-CALNAME"]), str(calendar["X-WR-TIMEZONE"]), str(calendar["VERSION"])) == (
        "57th ASEAN Foreign Ministers' Meeting and Related Meetings",
        "Asia/Vientiane",
        "2.0",
    )


def test_calendar_from_release_times_in_vientiane_utc_plus_7(programme_demo: Series) -> None:
    calendar = _export(programme_demo, _release(programme_demo))

    som = calendar.walk("VEVENT")[0]
    starts, ends = som.decoded("DTSTART"), som.decoded("DTEND")

    assert str(som["SUMMARY"]) == "SOM: Plenary session"
    assert (getattr(starts.tzinfo, "key", None), starts.utcoffset()) == ("Asia/Vientiane", timedelta(hours=7))
    assert (starts, ends) == (vientiane(23, "09:00"), vientiane(23, "12:30"))
    assert starts.astimezone(UTC) == datetime(2024, 7, 23, 2, 0, tzinfo=UTC)
    assert (starts.hour, starts.minute, ends.hour, ends.minute) == (9, 0, 12, 30)


def test_calendar_from_release_press_conference_summary_location_and_moved_time(programme_demo: Series) -> None:
    uid = f"{_press_conference(programme_demo).uid}@mufakat"

    calendar = _export(programme_demo, _release(programme_demo))

    [press] = [event for event in calendar.walk("VEVENT") if str(event["UID"]) == uid]
    assert (
        str(press["SUMMARY"]),
        str(press["LOCATION"]),
        press.decoded("DTSTART"),
        press.decoded("DTEND"),
        press.decoded("SEQUENCE"),
    ) == (
        "ARF-31: Press conference of the Chair",
        "Press Centre, National Convention Center",
        vientiane(27, "18:30"),
        vientiane(27, "19:15"),
        1,
    )


def test_calendar_from_release_uids_stable_across_exports(programme_demo: Series) -> None:
    release = _release(programme_demo)

    first = _export(programme_demo, release)
    second = _export(programme_demo, _release(programme_demo))

    uids = [str(event["UID"]) for event in first.walk("VEVENT")]
    assert uids == [str(event["UID"]) for event in second.walk("VEVENT")]
    assert uids == [f"{entry['uid']}@mufakat" for entry in release.sessions]


def test_calendar_from_release_sequence_1_only_for_the_moved_press_conference(programme_demo: Series) -> None:
    press_uid = f"{_press_conference(programme_demo).uid}@mufakat"

    calendar = _export(programme_demo, _release(programme_demo))

    sequences = {str(event["UID"]): event.decoded("SEQUENCE") for event in calendar.walk("VEVENT")}
    assert sequences == {**dict.fromkeys(sequences, 0), press_uid: 1}
    assert sorted(sequences.values()) == [0] * 25 + [1]


def test_calendar_from_release_v1_has_the_press_conference_at_its_old_time(programme_demo: Series) -> None:
    uid = f"{_press_conference(programme_demo).uid}@mufakat"

    calendar = _export(programme_demo, _release(programme_demo, 1))

    [press] = [event for event in calendar.walk("VEVENT") if str(event["UID"]) == uid]
    assert (press.decoded("DTSTART"), press.decoded("DTEND")) == (vientiane(27, "17:30"), vientiane(27, "18:15"))


def test_calendar_from_release_cancelled_session_is_marked_cancelled(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    lunch = Session.objects.get(meeting__series=programme_demo, meeting__body__code="AMM", kind="working_lunch")
    session_change(actor=chair_secretariat, session_id=lunch.pk, expected_version=1, status="cancelled")
    v3 = programme_release(actor=chair_secretariat, series=programme_demo)

    calendar = _export(programme_demo, v3)

    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    cancelled = events[f"{lunch.uid}@mufakat"]
    assert (len(v3.sessions), len(events)) == (26, 26)
    assert (str(cancelled["STATUS"]), cancelled.decoded("SEQUENCE")) == ("CANCELLED", 1)
    assert sorted({str(e["STATUS"]) for uid, e in events.items() if uid != f"{lunch.uid}@mufakat"}) == ["CONFIRMED"]
    assert [c["kind"] for c in v3.changelog] == ["cancelled"]
