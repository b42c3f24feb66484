"""Programme editing and releases on the database: the demo's releases, acknowledging conflicts, refusals
(rights, stale versions, bad times), iCalendar sequences, a party's week and its free slots."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict as ConflictError
from mufakat.core.errors import PermissionDenied, ValidationFailed
from mufakat.delegations.services import attendance_addition_create
from mufakat.meetings.models import Meeting, ProgrammeRelease, Room, Series, Session
from mufakat.meetings.programme import free_slots
from mufakat.meetings.selectors import (
    ReleasedSession,
    party_week,
    programme_conflicts,
    programme_draft_changes,
    programme_latest_release,
    release_sessions,
    session_sequence,
)
from mufakat.meetings.services import programme_release, session_change, session_create
from mufakat.reference.models import Party
from tests.factories.meetings import session_move
from tests.factories.programme import VIENTIANE, vientiane


def _meeting(series: Series, body_code: str) -> Meeting:
    return Meeting.objects.select_related("body", "venue").get(series=series, body__code=body_code)


def _session(series: Series, body_code: str, title: str = "Plenary session") -> Session:
    return Session.objects.get(meeting__series=series, meeting__body__code=body_code, title_en=title)


def _press_conference(series: Series) -> Session:
    return _session(series, "ARF", "Press conference of the Chair")


def _releases(series: Series) -> list[int]:
    return list(ProgrammeRelease.objects.filter(series=series).order_by("number").values_list("number", flat=True))


def _room(series: Series, name: str) -> Room:
    return Room.objects.get(venue=series.venue, name=name)


def _briefing_in_the_plenary_hall(series: Series, chair: SeriesViewer) -> Session:
    """A press briefing in the Plenary Hall while the AMM-57 plenary sits there: a room conflict."""
    return session_create(
        actor=chair,
        meeting=_meeting(series, "AMM"),
        title_en="Press briefing",
        kind="press_conference",
        room=_room(series, "Plenary Hall"),
        starts_at=vientiane(25, "10:00"),
        ends_at=vientiane(25, "11:00"),
    )


# The demo's releases -----------------------------------------------------------------------------------


def test_programme_conflicts_demo_is_empty(programme_demo: Series) -> None:
    conflicts = programme_conflicts(series=programme_demo)

    assert conflicts == []


def test_programme_release_demo_v1_and_v2(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    press = _press_conference(programme_demo)

    v1, v2 = ProgrammeRelease.objects.filter(series=programme_demo).order_by("number")

    assert (v1.number, v1.note, len(v1.sessions), v1.acknowledged_conflicts) == (
        1,
        "Programme as circulated before the SOM.",
        26,
        [],
    )
    assert ({c["kind"] for c in v1.changelog}, len(v1.changelog)) == ({"added"}, 26)
    assert (v2.number, v2.note, len(v2.sessions), v2.acknowledged_conflicts) == (
        2,
        "As reviewed and finalised by the SOM, 23 July 2024.",
        26,
        [],
    )
    assert v2.changelog == [
        {
            "kind": "moved",
            "uid": str(press.uid),
            "meeting": "ARF-31",
            "title": "Press conference of the Chair",
            "before": "2024-07-27T10:30:00+00:00/2024-07-27T11:15:00+00:00",
            "after": "2024-07-27T11:30:00+00:00/2024-07-27T12:15:00+00:00",
        }
    ]
    assert (v1.released_by_id, v2.released_by_id) == (chair_secretariat.user.pk, chair_secretariat.user.pk)


def test_programme_draft_changes_demo_is_empty(programme_demo: Series) -> None:
    changes = programme_draft_changes(series=programme_demo)

    assert changes == []


def test_programme_draft_changes_after_a_move(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    plenary = _session(programme_demo, "AMM")

    session_move(chair_secretariat, plenary, day=25, start="09:30", end="12:30")
    changes = programme_draft_changes(series=programme_demo)

    assert [c.as_dict() for c in changes] == [
        {
            "kind": "moved",
            "uid": str(plenary.uid),
            "meeting": "AMM-57",
            "title": "Plenary session",
            "before": "2024-07-25T02:00:00+00:00/2024-07-25T05:00:00+00:00",
            "after": "2024-07-25T02:30:00+00:00/2024-07-25T05:30:00+00:00",
        }
    ]


def test_programme_conflicts_party_from_framework_membership(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    uids = _mekong_japan_onto_pmc_us(programme_demo, chair_secretariat)

    conflicts = programme_conflicts(series=programme_demo)

    assert [(c.kind, c.subject, c.session_uids) for c in conflicts] == [
        ("party", code, uids) for code in ["KH", "LA", "MM", "TH", "VN"]
    ]


def _mekong_japan_onto_pmc_us(series: Series, chair: SeriesViewer) -> tuple[str, ...]:
    """Move the Mekong–Japan FMM onto the PMC+1 with the US: the five Mekong states in two places at once."""
    mekong_japan = _session(series, "MJ-FMM")
    session_move(chair, mekong_japan, day=26, start="18:30", end="19:15")
    return tuple(sorted((str(mekong_japan.uid), str(_session(series, "PMC-US").uid))))


def test_programme_release_by_a_group_key_acknowledges_and_records_each_party(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    uids = "+".join(_mekong_japan_onto_pmc_us(programme_demo, chair_secretariat))

    release = programme_release(
        actor=chair_secretariat, series=programme_demo, acknowledged=[f"party:KH|LA|MM|TH|VN:{uids}"]
    )

    assert [c["key"] for c in release.acknowledged_conflicts] == [
        f"party:{code}:{uids}" for code in ["KH", "LA", "MM", "TH", "VN"]
    ]


def test_programme_release_by_a_group_key_missing_a_party_is_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    uids = "+".join(_mekong_japan_onto_pmc_us(programme_demo, chair_secretariat))

    with pytest.raises(ValidationFailed) as refused:
        programme_release(actor=chair_secretariat, series=programme_demo, acknowledged=[f"party:KH|LA|MM|TH:{uids}"])

    assert refused.value.message.startswith("5 conflict(s) are not acknowledged: KH is expected in two places")
    assert _releases(programme_demo) == [1, 2]


# Releasing ------------------------------------------------------------------------------------------------


def test_programme_release_unacknowledged_conflict_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    _briefing_in_the_plenary_hall(programme_demo, chair_secretariat)

    with pytest.raises(ValidationFailed) as refused:
        programme_release(actor=chair_secretariat, series=programme_demo, acknowledged=["room:Plenary Hall:other"])

    assert (refused.value.field, refused.value.record, refused.value.message) == (
        "acknowledged",
        "programme of amm-57",
        "1 conflict(s) are not acknowledged: Room Plenary Hall is booked twice: "
        "AMM-57 – Plenary session (25 Jul 09:00–12:00) and AMM-57 – Press briefing (25 Jul 10:00–11:00).",
    )
    assert _releases(programme_demo) == [1, 2]


def test_programme_release_acknowledged_conflict_is_stored(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    briefing = _briefing_in_the_plenary_hall(programme_demo, chair_secretariat)
    plenary = _session(programme_demo, "AMM")
    key = f"room:Plenary Hall:{'+'.join(sorted((str(plenary.uid), str(briefing.uid))))}"

    release = programme_release(
        actor=chair_secretariat, series=programme_demo, acknowledged=[key], note="  Briefing added.  "
    )

    assert (release.number, release.note, len(release.sessions)) == (3, "Briefing added.", 27)
    assert release.acknowledged_conflicts == [
        {
            "key": key,
            "message": "Room Plenary Hall is booked twice: AMM-57 – Plenary session (25 Jul 09:00–12:00) "
            "and AMM-57 – Press briefing (25 Jul 10:00–11:00).",
        }
    ]
    assert release.changelog == [
        {
            "kind": "added",
            "uid": str(briefing.uid),
            "meeting": "AMM-57",
            "title": "Press briefing",
            "before": None,
            "after": "2024-07-25T03:00:00+00:00/2024-07-25T04:00:00+00:00",
        }
    ]
    assert programme_latest_release(series=programme_demo) == release
    assert _releases(programme_demo) == [1, 2, 3]


def test_programme_release_writes_audit_entry(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    plenary = _session(programme_demo, "AMM")
    session_change(actor=chair_secretariat, session_id=plenary.pk, expected_version=plenary.version, title_en="Plenary")

    release = programme_release(actor=chair_secretariat, series=programme_demo)

    entry = AuditEvent.objects.filter(action="programme.release").order_by("pk").last()
    assert entry is not None
    assert (
        entry.actor_username,
        entry.series_id,
        entry.object_type,
        entry.object_id,
        entry.object_repr,
        entry.before,
        entry.after,
    ) == (
        "lao.chair",
        programme_demo.pk,
        "meetings.programmerelease",
        str(release.pk),
        "amm-57 programme v3",
        None,
        {"number": 3, "changes": 1, "acknowledged_conflicts": 0},
    )
    assert AuditEvent.objects.filter(action="programme.release").count() == 3


def test_programme_release_without_changes_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(ValidationFailed) as refused:
        programme_release(actor=chair_secretariat, series=programme_demo)

    assert (refused.value.field, refused.value.message) == (
        "sessions",
        "nothing changed since v2; there is nothing to release.",
    )
    assert _releases(programme_demo) == [1, 2]


def test_programme_release_by_focal_point_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    plenary = _session(programme_demo, "AMM")
    session_change(actor=chair_secretariat, session_id=plenary.pk, expected_version=plenary.version, title_en="Plenary")
    audit_entries = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied) as refused:
        programme_release(actor=member_focal_point, series=programme_demo)

    assert refused.value.message == "only the chair secretariat releases the programme."
    assert _releases(programme_demo) == [1, 2]
    assert AuditEvent.objects.count() == audit_entries


# Editing sessions ---------------------------------------------------------------------------------------


def test_session_change_moves_and_bumps_version(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    press = _press_conference(programme_demo)

    changed = session_change(
        actor=chair_secretariat,
        session_id=press.pk,
        expected_version=2,
        room=_room(programme_demo, "Meeting Room 2"),
        title_en="  Press conference  ",
    )

    assert (changed.version, changed.title_en, changed.room.name if changed.room else None) == (
        3,
        "Press conference",
        "Meeting Room 2",
    )
    entry = AuditEvent.objects.filter(action="session.change").order_by("pk").last()
    assert entry is not None
    unchanged = {
        "meeting": press.meeting_id,
        "title_vi": "Họp báo của Chủ tịch",
        "kind": "press_conference",
        "starts_at": "2024-07-27T11:30:00+00:00",
        "ends_at": "2024-07-27T12:15:00+00:00",
        "status": "scheduled",
    }
    assert (entry.object_id, entry.before, entry.after) == (
        str(press.pk),
        {
            **unchanged,
            "title_en": "Press conference of the Chair",
            "room": _room(programme_demo, "Press Centre").pk,
            "version": 2,
        },
        {**unchanged, "title_en": "Press conference", "room": _room(programme_demo, "Meeting Room 2").pk, "version": 3},
    )


def test_session_change_times_sent_in_venue_time_are_audited_as_stored(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    press = _press_conference(programme_demo)

    session_change(
        actor=chair_secretariat,
        session_id=press.pk,
        expected_version=2,
        starts_at=vientiane(27, "18:30"),
        ends_at=vientiane(27, "19:30"),
    )

    entry = AuditEvent.objects.filter(action="session.change").order_by("pk").last()
    assert entry is not None
    assert (entry.before["starts_at"], entry.after["starts_at"], entry.after["ends_at"]) == (
        "2024-07-27T11:30:00+00:00",
        "2024-07-27T11:30:00+00:00",
        "2024-07-27T12:30:00+00:00",
    )


def test_session_change_stale_version_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    press = _press_conference(programme_demo)

    with pytest.raises(ConflictError) as refused:
        session_change(actor=chair_secretariat, session_id=press.pk, expected_version=1, title_en="Press conference")

    assert (refused.value.field, refused.value.record, refused.value.message) == (
        "version",
        "session 'Press conference of the Chair' of ARF-31",
        "was changed by someone else (now version 2, you edited version 1); "
        "reload to see the current state and apply your change again.",
    )
    press.refresh_from_db()
    assert (press.title_en, press.version) == ("Press conference of the Chair", 2)


@pytest.mark.parametrize(
    ("changes", "refusal", "kept"),
    [
        (
            {"ends_at": vientiane(25, "08:00")},
            ("ends_at", "ends_at 2024-07-25T08:00:00+07:00 is not after starts_at 2024-07-25T02:00:00+00:00."),
            ("ends_at", vientiane(25, "12:00")),
        ),
        (
            {"starts_at": vientiane(26, "09:00"), "ends_at": vientiane(26, "12:00")},
            (
                "starts_at",
                "2024-07-26 09:00–12:00 (Asia/Vientiane) lies outside the meeting's dates 2024-07-25..2024-07-25.",
            ),
            ("starts_at", vientiane(25, "09:00")),
        ),
    ],
    ids=["end-before-start", "outside-meeting-dates"],
)
def test_session_change_with_impossible_times_refused(
    programme_demo: Series,
    chair_secretariat: SeriesViewer,
    changes: dict[str, datetime],
    refusal: tuple[str, str],
    kept: tuple[str, datetime],
) -> None:
    plenary = _session(programme_demo, "AMM")

    with pytest.raises(ValidationFailed) as refused:
        session_change(actor=chair_secretariat, session_id=plenary.pk, expected_version=1, **changes)

    assert (refused.value.field, refused.value.message) == refusal
    plenary.refresh_from_db()
    assert (getattr(plenary, kept[0]), plenary.version) == (kept[1], 1)


def test_session_change_by_partner_delegate_refused(programme_demo: Series, partner_delegate: SeriesViewer) -> None:
    press = _press_conference(programme_demo)

    with pytest.raises(PermissionDenied) as refused:
        session_change(actor=partner_delegate, session_id=press.pk, expected_version=2, status="cancelled")

    assert refused.value.message == "only the chair secretariat edits the programme."
    press.refresh_from_db()
    assert (press.status, press.version) == ("scheduled", 2)


def test_session_create_room_of_another_venue_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    hanoi_room = Room.objects.get(venue__city_en="Hanoi", name="Retreat Room")

    with pytest.raises(ValidationFailed) as refused:
        session_create(
            actor=chair_secretariat,
            meeting=_meeting(programme_demo, "AMM"),
            title_en="Retreat",
            room=hanoi_room,
            starts_at=vientiane(25, "18:00"),
            ends_at=vientiane(25, "19:00"),
        )

    assert (refused.value.field, refused.value.message) == (
        "room",
        "room 'Retreat Room' is not at National Convention Center.",
    )


# iCalendar sequence ---------------------------------------------------------------------------------------


def test_session_sequence_demo_only_the_moved_press_conference_is_1(programme_demo: Series) -> None:
    uids = [str(uid) for uid in Session.objects.filter(meeting__series=programme_demo).values_list("uid", flat=True)]

    sequence = session_sequence(series=programme_demo)

    assert sequence == {**dict.fromkeys(uids, 0), str(_press_conference(programme_demo).uid): 1}


def test_session_sequence_counts_each_release_once(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    plenary = _session(programme_demo, "AMM")
    session_change(
        actor=chair_secretariat,
        session_id=plenary.pk,
        expected_version=1,
        room=_room(programme_demo, "Meeting Room 1"),
        starts_at=vientiane(25, "09:30"),
        ends_at=vientiane(25, "12:30"),
    )
    v3 = programme_release(actor=chair_secretariat, series=programme_demo)
    after_v3 = session_sequence(series=programme_demo)[str(plenary.uid)]
    session_change(actor=chair_secretariat, session_id=plenary.pk, expected_version=2, title_en="Plenary")
    programme_release(actor=chair_secretariat, series=programme_demo)

    after_v4 = session_sequence(series=programme_demo)[str(plenary.uid)]

    assert [c["kind"] for c in v3.changelog] == ["moved", "room_changed"]
    assert (after_v3, after_v4) == (1, 2)


# A party's week ---------------------------------------------------------------------------------------------


def _week(entries: list[ReleasedSession]) -> list[tuple[str, str, str]]:
    return [(e.meeting, e.title, f"{e.starts_at.astimezone(VIENTIANE):%d %b %H:%M}") for e in entries]


def test_party_week_japan(programme_demo: Series) -> None:
    week = party_week(series=programme_demo, party=Party.objects.get(code="JP"))

    assert _week(week) == [
        ("PMC+1 JP", "Plenary session", "26 Jul 13:30"),
        ("Mekong-Japan FMM-15", "Plenary session", "26 Jul 19:00"),
        ("APT FMM-25", "Plenary session", "27 Jul 08:30"),
        ("EAS FMM-14", "Plenary session", "27 Jul 10:15"),
        ("ARF-31", "Plenary session", "27 Jul 14:00"),
        ("ARF-31", "Press conference of the Chair", "27 Jul 18:30"),
    ]


def test_party_week_japan_in_release_v1_has_the_press_conference_at_its_old_time(programme_demo: Series) -> None:
    v1 = ProgrammeRelease.objects.get(series=programme_demo, number=1)

    week = party_week(series=programme_demo, party=Party.objects.get(code="JP"), release=v1)

    assert _week(week)[-1] == ("ARF-31", "Press conference of the Chair", "27 Jul 17:30")


def test_party_week_viet_nam_every_released_session_from_the_som(programme_demo: Series) -> None:
    release = programme_latest_release(series=programme_demo)
    assert release is not None

    week = party_week(series=programme_demo, party=Party.objects.get(code="VN"))

    assert week == release_sessions(release)
    assert (len(week), _week(week)[0]) == (26, ("SOM", "Plenary session", "23 Jul 09:00"))


def test_party_week_attendance_addition_adds_the_meeting(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    japan = Party.objects.get(code="JP")
    attendance_addition_create(
        actor=chair_secretariat, meeting=_meeting(programme_demo, "SEANWFZ-COM"), party=japan, kind="guest"
    )

    week = party_week(series=programme_demo, party=japan)

    assert _week(week)[:2] == [
        ("SEANWFZ Commission", "Plenary session", "24 Jul 09:00"),
        ("PMC+1 JP", "Plenary session", "26 Jul 13:30"),
    ]
    assert len(week) == 7


def test_party_week_series_without_release_is_empty(programme_demo: Series) -> None:
    week = party_week(series=Series.objects.get(code="amm-43"), party=Party.objects.get(code="JP"))

    assert week == []


def test_free_slots_japan_26_july(programme_demo: Series) -> None:
    week = party_week(series=programme_demo, party=Party.objects.get(code="JP"))

    slots = free_slots(
        week, day=date(2024, 7, 26), time_zone="Asia/Vientiane", opens_at=time(7, 0), closes_at=time(23, 0)
    )

    assert slots == [
        (vientiane(26, "07:00"), vientiane(26, "13:30")),
        (vientiane(26, "14:15"), vientiane(26, "19:00")),
        (vientiane(26, "19:45"), vientiane(26, "23:00")),
    ]
    assert [start.utcoffset() for start, _ in slots] == [vientiane(26, "07:00").utcoffset()] * 3


def test_free_slots_shorter_than_minimum_left_out(programme_demo: Series) -> None:
    week = party_week(series=programme_demo, party=Party.objects.get(code="JP"))

    slots = free_slots(
        week,
        day=date(2024, 7, 27),
        time_zone="Asia/Vientiane",
        opens_at=time(7, 0),
        closes_at=time(23, 0),
        minimum_minutes=60,
    )

    # The quarter of an hour between APT and EAS (10:00-10:15) is too short to list.
    assert slots == [
        (vientiane(27, "07:00"), vientiane(27, "08:30")),
        (vientiane(27, "12:00"), vientiane(27, "14:00")),
        (vientiane(27, "17:00"), vientiane(27, "18:30")),
        (vientiane(27, "19:15"), vientiane(27, "23:00")),
    ]


def test_free_slots_day_without_sessions_is_the_opening_hours(programme_demo: Series) -> None:
    week = party_week(series=programme_demo, party=Party.objects.get(code="JP"))

    slots = free_slots(
        week, day=date(2024, 7, 23), time_zone="Asia/Vientiane", opens_at=time(8, 0), closes_at=time(18, 0)
    )

    assert slots == [(datetime(2024, 7, 23, 8, 0, tzinfo=VIENTIANE), datetime(2024, 7, 23, 18, 0, tzinfo=VIENTIANE))]
