"""Writes to meetings: bodies loader, venues, series, meetings and sessions; refusals name the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest

from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.demo.meetings import demo_load
from mufakat.meetings.enums import BodyLevel
from mufakat.meetings.models import Body, Meeting, Room, Series, Session, Venue
from mufakat.meetings.services import (
    bodies_load,
    default_bodies_file,
    meeting_update,
    meeting_upsert,
    series_upsert,
    session_upsert,
    venue_upsert,
)
from mufakat.reference.models import Party
from mufakat.reference.services import LoadReport, reference_data_load
from tests.factories import body_create, framework_create, meeting_create, party_create, series_create, venue_create

VIENTIANE = ZoneInfo("Asia/Vientiane")


def _amm_57() -> Meeting:
    return Meeting.objects.select_related("venue", "body").get(body__code="AMM", start_date=date(2024, 7, 25))


def _counts() -> dict[str, int]:
    return {
        "bodies": Body.objects.count(),
        "meetings": Meeting.objects.count(),
        "sessions": Session.objects.count(),
        "series": Series.objects.count(),
        "venues": Venue.objects.count(),
        "rooms": Room.objects.count(),
    }


@pytest.fixture
def amm(db: None) -> Meeting:
    """A crafted one-day meeting in Vientiane on 25 July 2024, inside a series of 23-27 July."""
    lao = party_create(code="LA", name_en="Lao PDR")
    body = body_create(code="AMM", framework=framework_create(code="ASEAN"))
    venue = venue_create(country=lao, time_zone="Asia/Vientiane")
    series = series_create(
        code="amm-57", chair=lao, venue=venue, start_date=date(2024, 7, 23), end_date=date(2024, 7, 27)
    )
    return meeting_create(body=body, series=series, start_date=date(2024, 7, 25))


def _reload(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("venue", "body", "series", "chair").get(pk=meeting.pk)


def test_bodies_load_creates_bodies_and_history(reference_data: LoadReport) -> None:
    assert (reference_data.created["bodies"], reference_data.created["historic meetings"]) == (33, 131)
    assert Body.objects.get(code="SOM").prepares == Body.objects.get(code="AMM")
    assert Body.objects.get(code="SEANWFZ-EXCOM").prepares == Body.objects.get(code="SEANWFZ-COM")
    assert Meeting.objects.filter(body__code="AMM").count() == 58


def test_bodies_load_twice_changes_nothing(reference_data: LoadReport) -> None:
    before = _counts()
    report = reference_data_load()

    bodies_load(report=report)

    assert report.summary() == "reference data 2026.12.06-1: nothing changed"
    assert _counts() == before


def test_bodies_load_after_demo_keeps_dated_meetings(demo: object) -> None:
    before = _counts()

    report = bodies_load(report=LoadReport(version="again"))

    assert report.summary() == "reference data again: nothing changed"
    assert _counts() == before
    assert _amm_57().ordinal == 57


class BadEdit(NamedTuple):
    old: str
    new: str
    record: str
    field: str
    message: str


BAD_EDITS = [
    BadEdit('framework = "ARF"\n', 'framework = "NOPE"\n', "body ARF", "framework", "unknown framework code 'NOPE'."),
    BadEdit(
        'level = "ministers"\nnumbered = true\nhistory = [1994',
        'level = "royal"\nnumbered = true\nhistory = [1994',
        "body ARF",
        "level",
        f"'royal' is not one of {', '.join(BodyLevel.values)}.",
    ),
    BadEdit(
        "history = [1994, 1995",
        "history = [1995, 1994",
        "body ARF",
        "history",
        "must be a list of distinct years in ascending order.",
    ),
    BadEdit('prepares = "AMM"', 'prepares = "NOPE"', "body SOM", "prepares", "unknown body code 'NOPE'."),
    BadEdit('code = "MK-FMM"', 'code = "MJ-FMM"', "body MJ-FMM", "code", "code 'MJ-FMM' appears twice."),
]


@pytest.mark.parametrize("edit", BAD_EDITS, ids=lambda edit: f"{edit.record}-{edit.field}")
def test_bodies_load_bad_record_is_refused_and_nothing_written(
    reference_data: LoadReport, tmp_path: Path, edit: BadEdit
) -> None:
    text = default_bodies_file().read_text(encoding="utf-8")
    assert text.count(edit.old) == 1
    path = tmp_path / "bodies.toml"
    # An earlier change in the same file must not survive the refusal.
    path.write_text(
        text.replace(edit.old, edit.new).replace('name_en = "ASEAN Regional Forum"', 'name_en = "Changed"'), "utf-8"
    )
    before = _counts()

    with pytest.raises(ValidationFailed) as caught:
        bodies_load(report=LoadReport(version="bad"), path=path)

    assert (caught.value.record, caught.value.field, caught.value.message) == (edit.record, edit.field, edit.message)
    assert _counts() == before
    assert Body.objects.get(code="ARF").name_en == "ASEAN Regional Forum"


def test_venue_upsert_unknown_time_zone_is_refused(reference_data: object) -> None:
    with pytest.raises(ValidationFailed) as caught:
        venue_upsert(
            name_en="Hall", city_en="Vientiane", country=Party.objects.get(code="LA"), time_zone="Asia/Nowhere"
        )

    assert caught.value.as_dict() == {
        "detail": "'Asia/Nowhere' is not an IANA time zone (e.g. Asia/Vientiane).",
        "field": "time_zone",
        "record": "venue 'Hall'",
    }
    assert Venue.objects.count() == 0


def test_venue_upsert_closing_before_opening_is_refused(reference_data: object) -> None:
    with pytest.raises(ValidationFailed) as caught:
        venue_upsert(
            name_en="Hall",
            city_en="Vientiane",
            country=Party.objects.get(code="LA"),
            time_zone="Asia/Vientiane",
            opens_at=time(9, 0),
            closes_at=time(8, 0),
        )

    assert caught.value.field == "closes_at"


def test_series_upsert_end_before_start_is_refused(reference_data: object) -> None:
    lao = Party.objects.get(code="LA")

    with pytest.raises(ValidationFailed) as caught:
        series_upsert(
            code="bad",
            title_en="Bad",
            title_vi="Xấu",
            chair=lao,
            venue=venue_create(country=lao),
            start_date=date(2024, 7, 27),
            end_date=date(2024, 7, 23),
        )

    assert (caught.value.record, caught.value.field) == ("series bad", "end_date")
    assert Series.objects.count() == 0


def test_meeting_upsert_end_before_start_is_refused(reference_data: object) -> None:
    before = Meeting.objects.count()

    with pytest.raises(ValidationFailed) as caught:
        meeting_upsert(body=Body.objects.get(code="AMM"), start_date=date(2024, 7, 25), end_date=date(2024, 7, 24))

    assert caught.value.as_dict() == {
        "detail": "end_date 2024-07-24 precedes start_date 2024-07-25; a meeting cannot end before it starts.",
        "field": "end_date",
        "record": "meeting AMM 2024-07-25",
    }
    assert Meeting.objects.count() == before


def test_meeting_upsert_outside_its_series_is_refused(amm: Meeting) -> None:
    with pytest.raises(ValidationFailed) as caught:
        meeting_upsert(body=amm.body, series=amm.series, start_date=date(2024, 7, 28), end_date=date(2024, 7, 28))

    assert (caught.value.field, caught.value.message) == (
        "start_date",
        "2024-07-28..2024-07-28 lies outside the series amm-57 (2024-07-23..2024-07-27).",
    )
    assert Meeting.objects.count() == 1


def test_meeting_upsert_takes_venue_and_chair_from_series(amm: Meeting) -> None:
    meeting = _reload(amm)

    assert (meeting.venue.time_zone, meeting.chair.code, meeting.series.code, meeting.status, meeting.version) == (
        "Asia/Vientiane",
        "LA",
        "amm-57",
        "confirmed",
        1,
    )


def test_meeting_upsert_unchanged_keeps_version(amm: Meeting) -> None:
    again = meeting_upsert(body=amm.body, series=amm.series, start_date=date(2024, 7, 25), end_date=date(2024, 7, 25))

    assert (again.pk, again.version) == (amm.pk, 1)


def test_meeting_upsert_changed_bumps_version(amm: Meeting) -> None:
    again = meeting_upsert(
        body=amm.body, series=amm.series, start_date=date(2024, 7, 25), end_date=date(2024, 7, 26), note="two days"
    )

    assert (again.pk, again.version, again.end_date, again.note, again.ordinal) == (
        amm.pk,
        2,
        date(2024, 7, 26),
        "two days",
        1,
    )


def test_meeting_upsert_completes_the_year_only_history_entry(demo: object) -> None:
    amm_57 = _amm_57()

    assert (amm_57.date_precision, amm_57.version, amm_57.ordinal) == ("day", 2, 57)
    assert Meeting.objects.filter(body__code="AMM", start_date__year=2024).count() == 1


def test_meeting_update_with_stale_version_is_a_conflict(amm: Meeting) -> None:
    meeting_update(meeting_id=amm.pk, expected_version=1, note="first edit")

    with pytest.raises(Conflict) as caught:
        meeting_update(meeting_id=amm.pk, expected_version=1, note="second edit from a stale page")

    assert caught.value.status_code == 409
    assert caught.value.as_dict() == {
        "detail": "was changed by someone else (now version 2, you edited version 1); reload to see the current state "
        "and apply your change again.",
        "field": "version",
        "record": "meeting AMM-1 2024-07-25",
    }
    current = _reload(amm)
    assert (current.version, current.note) == (2, "first edit")


def test_meeting_update_with_current_version_applies_the_change(amm: Meeting) -> None:
    updated = meeting_update(meeting_id=amm.pk, expected_version=1, status="held", note="adopted the JC")

    assert (updated.version, updated.status, updated.note, updated.ordinal) == (2, "held", "adopted the JC", 1)


def test_meeting_update_unknown_field_is_refused(amm: Meeting) -> None:
    with pytest.raises(ValidationFailed) as caught:
        meeting_update(meeting_id=amm.pk, expected_version=1, ordinal=3)

    assert (caught.value.field, caught.value.message) == (
        "ordinal",
        "cannot be changed here; allowed: chair, co_chair, end_date, note, start_date, status, venue.",
    )
    assert (_reload(amm).ordinal, _reload(amm).version) == (1, 1)


def test_meeting_update_end_before_start_is_refused_and_rolled_back(amm: Meeting) -> None:
    with pytest.raises(ValidationFailed) as caught:
        meeting_update(meeting_id=amm.pk, expected_version=1, end_date=date(2024, 7, 24))

    assert caught.value.field == "end_date"
    current = _reload(amm)
    assert (current.end_date, current.version) == (date(2024, 7, 25), 1)


def test_meeting_update_outside_series_is_refused(amm: Meeting) -> None:
    with pytest.raises(ValidationFailed) as caught:
        meeting_update(meeting_id=amm.pk, expected_version=1, start_date=date(2024, 7, 20))

    assert (caught.value.record, caught.value.field) == ("meeting AMM-1 2024-07-25", "start_date")


def test_session_upsert_outside_meeting_day_in_venue_time_is_refused(amm: Meeting) -> None:
    starts_at = datetime(2024, 7, 25, 23, 30, tzinfo=UTC)  # 06:30 on 26 July in Vientiane

    with pytest.raises(ValidationFailed) as caught:
        session_upsert(meeting=amm, title_en="Late talk", starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))

    assert caught.value.as_dict() == {
        "detail": "2024-07-26 06:30-07:30 (Asia/Vientiane) lies outside the meeting's dates 2024-07-25..2024-07-25.",
        "field": "starts_at",
        "record": "session 'Late talk' of AMM-1",
    }
    assert Session.objects.count() == 0


def test_session_upsert_early_morning_local_time_on_previous_utc_day_is_inside(amm: Meeting) -> None:
    starts_at = datetime(2024, 7, 24, 23, 30, tzinfo=UTC)  # 06:30 on 25 July in Vientiane: inside

    session = session_upsert(
        meeting=amm, title_en="Breakfast", starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
    )

    assert session.starts_at.astimezone(VIENTIANE) == datetime(2024, 7, 25, 6, 30, tzinfo=VIENTIANE)


def test_session_upsert_late_evening_local_time_is_inside(amm: Meeting) -> None:
    starts_at = datetime(2024, 7, 25, 16, 0, tzinfo=UTC)  # 23:00 in Vientiane, still 25 July

    session = session_upsert(
        meeting=amm, title_en="Dinner", starts_at=starts_at, ends_at=starts_at + timedelta(minutes=45)
    )

    assert session.starts_at.astimezone(VIENTIANE) == datetime(2024, 7, 25, 23, 0, tzinfo=VIENTIANE)
    assert Session.objects.get().starts_at == datetime(2024, 7, 25, 16, 0, tzinfo=UTC)


def test_session_upsert_naive_datetime_is_refused(amm: Meeting) -> None:
    with pytest.raises(ValidationFailed) as caught:
        session_upsert(
            meeting=amm,
            title_en="Naive",
            starts_at=datetime(2024, 7, 25, 9, 0),  # noqa: DTZ001 - the naive value is the point of the test
            ends_at=datetime(2024, 7, 25, 10, 0, tzinfo=VIENTIANE),
        )

    assert caught.value.as_dict() == {
        "detail": "2024-07-25T09:00:00 has no time zone; give an offset or the venue's zone.",
        "field": "starts_at",
        "record": "session 'Naive' of AMM-1",
    }
    assert Session.objects.count() == 0


def test_session_upsert_naive_end_is_refused(amm: Meeting) -> None:
    with pytest.raises(ValidationFailed) as caught:
        session_upsert(
            meeting=amm,
            title_en="Naive",
            starts_at=datetime(2024, 7, 25, 9, 0, tzinfo=VIENTIANE),
            ends_at=datetime(2024, 7, 25, 10, 0),  # noqa: DTZ001 - the naive value is the point of the test
        )

    assert caught.value.field == "ends_at"


def test_session_upsert_end_not_after_start_is_refused(amm: Meeting) -> None:
    starts_at = datetime(2024, 7, 25, 9, 0, tzinfo=VIENTIANE)

    with pytest.raises(ValidationFailed) as caught:
        session_upsert(meeting=amm, title_en="Zero", starts_at=starts_at, ends_at=starts_at)

    assert caught.value.field == "ends_at"


def test_session_upsert_empty_title_is_refused(amm: Meeting) -> None:
    starts_at = datetime(2024, 7, 25, 9, 0, tzinfo=VIENTIANE)

    with pytest.raises(ValidationFailed) as caught:
        session_upsert(meeting=amm, title_en="  ", starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))

    assert caught.value.field == "title_en"


def test_session_upsert_unknown_kind_is_refused(amm: Meeting) -> None:
    starts_at = datetime(2024, 7, 25, 9, 0, tzinfo=VIENTIANE)

    with pytest.raises(ValidationFailed) as caught:
        session_upsert(
            meeting=amm, title_en="Party", kind="karaoke", starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
        )

    assert caught.value.field == "kind"


def test_session_upsert_room_of_another_venue_is_refused(amm: Meeting) -> None:
    elsewhere = venue_create(country=amm.chair, time_zone="Asia/Ho_Chi_Minh", name_en="Other Hall")
    starts_at = datetime(2024, 7, 25, 9, 0, tzinfo=VIENTIANE)

    with pytest.raises(ValidationFailed) as caught:
        session_upsert(
            meeting=amm,
            title_en="Wrong room",
            room=elsewhere.rooms.get(name="Room A"),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
        )

    assert (caught.value.field, caught.value.message) == ("room", "room 'Room A' is not at Test Hall.")


def test_session_upsert_same_session_twice_updates_in_place(amm: Meeting) -> None:
    starts_at = datetime(2024, 7, 25, 9, 0, tzinfo=VIENTIANE)
    room = amm.venue.rooms.get(name="Room A")
    first = session_upsert(
        meeting=amm, title_en="Plenary", room=room, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )
    same = session_upsert(
        meeting=amm, title_en="Plenary", room=room, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )

    changed = session_upsert(
        meeting=amm, title_en="Plenary", starts_at=starts_at, ends_at=starts_at + timedelta(hours=4)
    )

    assert (first.pk, first.version) == (same.pk, 1)
    assert (changed.pk, changed.version, changed.ends_at.astimezone(VIENTIANE).time(), changed.room) == (
        first.pk,
        2,
        time(13, 0),
        None,
    )
    assert Session.objects.count() == 1


def test_demo_load_counts_meetings_and_sessions(demo: object) -> None:
    assert (demo.meetings, demo.sessions) == (49, 45)
    assert [s.code for s in demo.series] == ["amm-57", "amm-43"]
    assert Series.objects.get(code="amm-57").meetings.count() == 22
    assert Series.objects.get(code="amm-43").meetings.count() == 15
    assert Session.objects.count() == 45


def test_demo_load_twice_is_idempotent(demo: object) -> None:
    before = _counts()
    versions = sorted(Meeting.objects.values_list("pk", "version", "ordinal"))

    demo_load()

    assert _counts() == before
    assert sorted(Meeting.objects.values_list("pk", "version", "ordinal")) == versions
    assert set(Session.objects.values_list("version", flat=True)) == {1}


def test_meeting_upsert_new_meeting_starts_at_version_one(db: None) -> None:
    body = body_create(code="FMM", framework=framework_create(code="FW"))

    meeting = meeting_upsert(body=body, start_date=date(2024, 1, 10), end_date=date(2024, 1, 11))

    assert (meeting.version, meeting.ordinal, meeting.status, meeting.date_precision) == (1, 1, "confirmed", "day")


def test_demo_load_biosafety_consultation_is_not_in_the_amm_57_week(demo: object) -> None:
    meeting = Meeting.objects.select_related("venue").get(
        body__code="BIOSAFETY-CONS", start_date__month=6, start_date__year=2024
    )

    assert (meeting.series_id, meeting.start_date, meeting.end_date, meeting.ordinal) == (
        None,
        date(2024, 6, 4),
        date(2024, 6, 5),
        3,
    )
    assert meeting.venue is not None
    assert (meeting.venue.city_en, meeting.venue.time_zone) == ("Vientiane Province", "Asia/Vientiane")
    assert not Meeting.objects.filter(series__code="amm-57", body__code="BIOSAFETY-CONS").exists()


def test_demo_load_marks_the_demo_series_with_the_demo_clock(demo: object) -> None:
    vientiane = ZoneInfo("Asia/Vientiane")

    # The October 2024 Summits are a record entered after the fact (demo.journey), not on the demo clock.
    marked = {
        code: when.astimezone(vientiane)
        for code, when in Series.objects.exclude(code="summit-44-45").values_list("code", "demo_as_of")
    }
    assert Series.objects.get(code="summit-44-45").demo_as_of is None

    assert marked == dict.fromkeys(["amm-57", "amm-43"], datetime(2024, 7, 27, 20, 0, tzinfo=vientiane))
