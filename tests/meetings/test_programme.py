"""The programme as pure data: conflicts on a crafted programme and the changelog between two snapshots.
No database: ProgrammeSession dataclasses in, Conflict and Change values out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from django.utils import translation
from django.utils.translation import gettext

from mufakat.core.text import render
from mufakat.meetings.programme import (
    Change,
    Conflict,
    ProgrammeSession,
    acknowledged_conflict_keys,
    changelog,
    detect_conflicts,
    group_conflicts,
    snapshot_session,
)
from tests.factories.programme import programme_session_build


def _found(conflicts: list[Conflict]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.kind, c.subject, c.session_uids) for c in conflicts]


# Conflicts -------------------------------------------------------------------------------------------


def test_detect_conflicts_room_double_booked() -> None:
    amm = programme_session_build("amm-plenary", start="09:00", end="12:00", parties=("LA", "VN"))
    som = programme_session_build(
        "som-plenary", start="11:30", end="12:30", meeting_id=3, meeting_title="SOM", level="senior_officials"
    )

    conflicts = detect_conflicts([som, amm])

    assert _found(conflicts) == [("room", "Plenary Hall", ("amm-plenary", "som-plenary"))]
    assert conflicts[0].message == (
        "Room Plenary Hall is booked twice: AMM-57 – Plenary session (25 Jul 09:00–12:00) "
        "and SOM – Plenary session (25 Jul 11:30–12:30)."
    )


def test_conflict_message_renders_in_the_readers_language() -> None:
    amm = programme_session_build("amm-plenary", start="09:00", end="12:00", parties=("LA", "VN"))
    som = programme_session_build(
        "som-plenary", start="11:30", end="12:30", meeting_id=3, meeting_title="SOM", level="senior_officials"
    )

    (conflict,) = detect_conflicts([som, amm])

    assert conflict.text is not None
    assert str(conflict.text) == conflict.message
    with translation.override("vi"):
        vietnamese = render(conflict.text, gettext)
    assert vietnamese == (
        "Phòng Plenary Hall bị đặt trùng: AMM-57 – Plenary session (25 Jul 09:00–12:00) "
        "và SOM – Plenary session (25 Jul 11:30–12:30)."
    )


def test_detect_conflicts_party_in_two_meetings_at_the_same_level() -> None:
    amm = programme_session_build("amm-plenary", start="09:00", end="12:00", parties=("LA", "VN"))
    arf = programme_session_build(
        "arf-plenary",
        start="11:00",
        end="13:00",
        meeting_id=2,
        meeting_title="ARF-31",
        room="Meeting Room 1",
        parties=("JP", "LA", "VN"),
    )

    conflicts = detect_conflicts([amm, arf])

    assert _found(conflicts) == [
        ("party", "LA", ("amm-plenary", "arf-plenary")),
        ("party", "VN", ("amm-plenary", "arf-plenary")),
    ]
    assert conflicts[1].message == (
        "VN is expected in two places at once: AMM-57 – Plenary session (25 Jul 09:00–12:00) "
        "and ARF-31 – Plenary session (25 Jul 11:00–13:00)."
    )


def _amm_and_arf_in_one_room() -> list[Conflict]:
    amm = programme_session_build("amm-plenary", start="09:00", end="12:00", parties=("LA", "VN"))
    arf = programme_session_build(
        "arf-plenary", start="11:00", end="13:00", meeting_id=2, meeting_title="ARF-31", parties=("JP", "LA", "VN")
    )
    return detect_conflicts([amm, arf])


def test_group_conflicts_parties_between_the_same_sessions_are_one_group() -> None:
    conflicts = _amm_and_arf_in_one_room()

    groups = group_conflicts(conflicts)

    assert [(g.kind, g.subjects, g.key, g.keys) for g in groups] == [
        (
            "room",
            ("Plenary Hall",),
            "room:Plenary Hall:amm-plenary+arf-plenary",
            ("room:Plenary Hall:amm-plenary+arf-plenary",),
        ),
        (
            "party",
            ("LA", "VN"),
            "party:LA|VN:amm-plenary+arf-plenary",
            ("party:LA:amm-plenary+arf-plenary", "party:VN:amm-plenary+arf-plenary"),
        ),
    ]
    assert str(groups[1].conflicts[0].where) == (
        "AMM-57 – Plenary session (25 Jul 09:00–12:00) and ARF-31 – Plenary session (25 Jul 11:00–13:00)"
    )


def test_acknowledged_conflict_keys_a_group_key_stands_for_exactly_its_conflicts() -> None:
    conflicts = _amm_and_arf_in_one_room()

    by_group = acknowledged_conflict_keys(conflicts, ["party:LA|VN:amm-plenary+arf-plenary"])
    stale = acknowledged_conflict_keys(conflicts, ["party:LA:amm-plenary+arf-plenary|x", "party:LA|JP:amm-plenary"])

    assert by_group == {
        "party:LA|VN:amm-plenary+arf-plenary",
        "party:LA:amm-plenary+arf-plenary",
        "party:VN:amm-plenary+arf-plenary",
    }
    assert stale == {"party:LA:amm-plenary+arf-plenary|x", "party:LA|JP:amm-plenary"}


def test_detect_conflicts_party_at_different_levels_is_no_conflict() -> None:
    amm = programme_session_build("amm-plenary", start="09:00", end="12:00", parties=("LA", "VN"))
    som = programme_session_build(
        "som-plenary",
        start="10:00",
        end="11:00",
        meeting_id=3,
        meeting_title="SOM",
        level="senior_officials",
        room="Meeting Room 1",
        parties=("LA", "VN"),
    )

    conflicts = detect_conflicts([amm, som])

    assert conflicts == []


def test_detect_conflicts_sessions_of_one_meeting_is_no_party_conflict() -> None:
    plenary = programme_session_build("amm-plenary", start="09:00", end="12:00", parties=("LA", "VN"))
    side = programme_session_build(
        "amm-side", start="10:00", end="11:00", title="Side event", room="Meeting Room 2", parties=("LA", "VN")
    )

    conflicts = detect_conflicts([plenary, side])

    assert conflicts == []


def test_detect_conflicts_sessions_touching_end_to_start_is_no_conflict() -> None:
    amm = programme_session_build(
        "amm-plenary", start="09:00", end="12:00", parties=("LA", "VN"), participants=("Bùi Thanh Sơn",)
    )
    pmc = programme_session_build(
        "pmc-jp",
        start="12:00",
        end="13:00",
        meeting_id=4,
        meeting_title="PMC+1 JP",
        parties=("JP", "LA", "VN"),
        participants=("Bùi Thanh Sơn",),
    )

    conflicts = detect_conflicts([amm, pmc])

    assert conflicts == []


def test_detect_conflicts_named_participant_in_two_places() -> None:
    som = programme_session_build(
        "som-plenary",
        start="09:00",
        end="12:30",
        meeting_id=3,
        meeting_title="SOM",
        level="senior_officials",
        room="Meeting Room 1",
        participants=("Đỗ Hùng Việt", "Phan Thị Illustrative"),
    )
    excom = programme_session_build(
        "excom-plenary",
        start="12:00",
        end="13:30",
        meeting_id=5,
        meeting_title="SEANWFZ ExCom",
        level="ministers",
        room="Meeting Room 2",
        participants=("Đỗ Hùng Việt",),
    )

    conflicts = detect_conflicts([som, excom])

    assert _found(conflicts) == [("participant", "Đỗ Hùng Việt", ("excom-plenary", "som-plenary"))]
    assert conflicts[0].message == (
        "Đỗ Hùng Việt is named on two sessions at once: SOM – Plenary session (25 Jul 09:00–12:30) "
        "and SEANWFZ ExCom – Plenary session (25 Jul 12:00–13:30)."
    )


def test_detect_conflicts_session_outside_its_meeting_dates() -> None:
    press = programme_session_build(
        "arf-press",
        day=26,
        start="09:00",
        end="09:45",
        meeting_id=2,
        meeting_title="ARF-31",
        title="Press conference of the Chair",
        room="Press Centre",
    )

    conflicts = detect_conflicts([press])

    assert _found(conflicts) == [("outside_dates", "2", ("arf-press",))]
    assert conflicts[0].message == (
        "ARF-31 – Press conference of the Chair (26 Jul 09:00–09:45) lies outside its meeting's dates (25 Jul–25 Jul)."
    )


def test_detect_conflicts_session_outside_venue_opening_hours() -> None:
    early = programme_session_build("amm-early", start="06:30", end="07:30", title="Breakfast briefing")
    late = programme_session_build(
        "amm-dinner", start="22:30", end="23:30", title="Working dinner", room="Banquet Hall"
    )
    until_closing = programme_session_build("amm-reception", start="21:00", end="23:00", title="Reception", room=None)

    conflicts = detect_conflicts([late, until_closing, early])

    assert _found(conflicts) == [
        ("outside_hours", "Plenary Hall", ("amm-early",)),
        ("outside_hours", "Banquet Hall", ("amm-dinner",)),
    ]
    assert conflicts[1].message == (
        "AMM-57 – Working dinner (25 Jul 22:30–23:30) is outside the venue's opening hours (07:00–23:00)."
    )


def test_detect_conflicts_session_across_midnight_is_outside_hours_and_dates() -> None:
    late = programme_session_build("amm-late", start="22:30", end="23:00", room=None)
    across = replace(late, ends_at=datetime(2024, 7, 25, 17, 30, tzinfo=UTC))  # 00:30 on 26 July in Vientiane

    conflicts = detect_conflicts([across])

    assert _found(conflicts) == [("outside_dates", "1", ("amm-late",)), ("outside_hours", "-", ("amm-late",))]


def test_detect_conflicts_reads_dates_and_hours_in_the_venue_time_zone() -> None:
    # 23:30 UTC on 24 July is 06:30 on 25 July in Vientiane: inside the meeting's day, before opening.
    session = replace(
        programme_session_build("amm-early", start="09:00", end="10:00"),
        starts_at=datetime(2024, 7, 24, 23, 30, tzinfo=UTC),
        ends_at=datetime(2024, 7, 25, 0, 30, tzinfo=UTC),
    )

    conflicts = detect_conflicts([session])

    assert [c.message for c in conflicts] == [
        "AMM-57 – Plenary session (25 Jul 06:30–07:30) is outside the venue's opening hours (07:00–23:00)."
    ]


def _crafted_programme() -> list[ProgrammeSession]:
    return [
        programme_session_build(
            "amm-plenary", start="09:00", end="12:00", parties=("LA", "VN"), participants=("Bùi Thanh Sơn",)
        ),
        programme_session_build(
            "arf-plenary",
            start="11:00",
            end="13:00",
            meeting_id=2,
            meeting_title="ARF-31",
            room="Meeting Room 1",
            parties=("JP", "LA", "VN"),
        ),
        programme_session_build(
            "som-plenary",
            start="11:30",
            end="12:30",
            meeting_id=3,
            meeting_title="SOM",
            level="senior_officials",
            parties=("LA", "VN"),
            participants=("Bùi Thanh Sơn",),
        ),
        programme_session_build(
            "pmc-jp", start="12:00", end="13:00", meeting_id=4, meeting_title="PMC+1 JP", parties=("JP", "LA", "VN")
        ),
        programme_session_build(
            "amm-dinner", start="22:30", end="23:30", title="Working dinner", room="Banquet Hall", parties=("LA", "VN")
        ),
        programme_session_build(
            "arf-press",
            day=26,
            start="09:00",
            end="09:45",
            meeting_id=2,
            meeting_title="ARF-31",
            title="Press conference of the Chair",
            room="Press Centre",
        ),
    ]


def test_detect_conflicts_crafted_programme_every_kind_in_stable_order() -> None:
    sessions = _crafted_programme()

    conflicts = detect_conflicts(sessions)

    assert _found(conflicts) == [
        ("party", "LA", ("amm-plenary", "arf-plenary")),
        ("party", "VN", ("amm-plenary", "arf-plenary")),
        ("room", "Plenary Hall", ("amm-plenary", "som-plenary")),
        ("participant", "Bùi Thanh Sơn", ("amm-plenary", "som-plenary")),
        ("party", "JP", ("arf-plenary", "pmc-jp")),
        ("party", "LA", ("arf-plenary", "pmc-jp")),
        ("party", "VN", ("arf-plenary", "pmc-jp")),
        ("room", "Plenary Hall", ("pmc-jp", "som-plenary")),
        ("outside_hours", "Banquet Hall", ("amm-dinner",)),
        ("outside_dates", "2", ("arf-press",)),
    ]


def test_conflict_key_stable_across_input_order_and_retitling() -> None:
    sessions = _crafted_programme()
    retitled = [replace(s, title="Plenary (revised)") if s.uid == "som-plenary" else s for s in sessions]

    forward = detect_conflicts(sessions)
    backward = detect_conflicts(list(reversed(sessions)))
    after_retitle = detect_conflicts(retitled)

    assert forward[2].key == "room:Plenary Hall:amm-plenary+som-plenary"
    assert forward[9].key == "outside_dates:2:arf-press"
    assert [c.key for c in backward] == [c.key for c in forward]
    assert [c.key for c in after_retitle] == [c.key for c in forward]
    assert after_retitle[2].message != forward[2].message


# Changelog -------------------------------------------------------------------------------------------


def _entry(
    uid: str,
    *,
    start: str,
    end: str,
    title: str = "Plenary session",
    room: str | None = "Plenary Hall",
    status: str = "scheduled",
    kind: str = "plenary",
) -> dict[str, str | int | None]:
    session = programme_session_build(uid, start=start, end=end, title=title, room=room)
    return snapshot_session(session, kind=kind, status=status)


def _when(start: str, end: str) -> str:
    return f"2024-07-25T{start}:00+07:00/2024-07-25T{end}:00+07:00"


def test_snapshot_session_json_form() -> None:
    session = programme_session_build("amm-plenary", start="09:00", end="12:00")

    entry = snapshot_session(session, kind="plenary", status="scheduled")

    assert entry == {
        "uid": "amm-plenary",
        "meeting_id": 1,
        "meeting": "AMM-57",
        "title": "Plenary session",
        "kind": "plenary",
        "room": "Plenary Hall",
        "starts_at": "2024-07-25T09:00:00+07:00",
        "ends_at": "2024-07-25T12:00:00+07:00",
        "status": "scheduled",
    }


def test_changelog_unchanged_programme_is_empty() -> None:
    entries = [_entry("a", start="09:00", end="12:00"), _entry("b", start="14:30", end="17:00", status="cancelled")]

    changes = changelog(entries, [dict(e) for e in entries])

    assert changes == []


def test_changelog_first_release_everything_added_except_cancelled() -> None:
    current = [
        _entry("b", start="14:30", end="17:00", title="Retreat"),
        _entry("a", start="09:00", end="12:00"),
        _entry("c", start="12:15", end="13:45", status="cancelled"),
    ]

    changes = changelog([], current)

    assert changes == [
        Change("added", "a", "AMM-57", "Plenary session", None, _when("09:00", "12:00")),
        Change("added", "b", "AMM-57", "Retreat", None, _when("14:30", "17:00")),
    ]


def test_changelog_moved() -> None:
    previous = [_entry("a", start="09:00", end="12:00")]
    current = [_entry("a", start="09:30", end="12:30")]

    changes = changelog(previous, current)

    assert changes == [
        Change("moved", "a", "AMM-57", "Plenary session", _when("09:00", "12:00"), _when("09:30", "12:30"))
    ]


def test_changelog_room_changed_including_to_and_from_no_room() -> None:
    previous = [
        _entry("a", start="09:00", end="12:00"),
        _entry("b", start="13:00", end="14:00", room=None),
        _entry("c", start="15:00", end="16:00", room="Meeting Room 2"),
    ]
    current = [
        _entry("a", start="09:00", end="12:00", room="Meeting Room 1"),
        _entry("b", start="13:00", end="14:00", room="Retreat Room"),
        _entry("c", start="15:00", end="16:00", room=None),
    ]

    changes = changelog(previous, current)

    assert changes == [
        Change("room_changed", "a", "AMM-57", "Plenary session", "Plenary Hall", "Meeting Room 1"),
        Change("room_changed", "b", "AMM-57", "Plenary session", None, "Retreat Room"),
        Change("room_changed", "c", "AMM-57", "Plenary session", "Meeting Room 2", None),
    ]


def test_changelog_retitled() -> None:
    previous = [_entry("a", start="08:30", end="09:00", title="Opening ceremony")]
    current = [_entry("a", start="08:30", end="09:00", title="Opening ceremony and keynote")]

    changes = changelog(previous, current)

    assert changes == [
        Change(
            "retitled",
            "a",
            "AMM-57",
            "Opening ceremony and keynote",
            "Opening ceremony",
            "Opening ceremony and keynote",
        )
    ]


def test_changelog_cancelled() -> None:
    previous = [_entry("a", start="12:15", end="13:45", title="Working lunch")]
    current = [_entry("a", start="12:15", end="13:45", title="Working lunch", status="cancelled")]

    changes = changelog(previous, current)

    assert changes == [Change("cancelled", "a", "AMM-57", "Working lunch", _when("12:15", "13:45"), None)]


def test_changelog_reinstated_reports_the_new_time_only() -> None:
    previous = [_entry("a", start="14:30", end="17:00", title="Retreat", status="cancelled")]
    current = [_entry("a", start="15:00", end="17:30", title="Retreat")]

    changes = changelog(previous, current)

    assert changes == [Change("reinstated", "a", "AMM-57", "Retreat", None, _when("15:00", "17:30"))]


def test_changelog_removed_unless_it_was_cancelled() -> None:
    previous = [
        _entry("a", start="17:30", end="18:15", title="Press conference"),
        _entry("b", start="19:00", end="21:00", title="Gala dinner", status="cancelled"),
    ]

    changes = changelog(previous, [])

    assert changes == [Change("removed", "a", "AMM-57", "Press conference", _when("17:30", "18:15"), None)]


def test_changelog_ordered_by_kind_then_start_then_uid() -> None:
    previous = [
        _entry("p-open", start="08:30", end="09:00", title="Opening ceremony"),
        _entry("p-plen", start="09:00", end="12:00"),
        _entry("p-lunch", start="12:15", end="13:45", title="Working lunch", room="Banquet Hall"),
        _entry("p-retreat", start="14:30", end="17:00", title="Retreat", room="Retreat Room", status="cancelled"),
        _entry("p-press", start="17:30", end="18:15", title="Press conference", room="Press Centre"),
        _entry("p-dinner", start="19:00", end="21:00", title="Gala dinner", status="cancelled"),
        _entry("p-same", start="21:00", end="22:00", title="Cultural performance"),
    ]
    current = [
        _entry("p-same", start="21:00", end="22:00", title="Cultural performance"),
        _entry("p-z-brief", start="13:00", end="13:30", title="Press briefing", room="Press Centre"),
        _entry("p-ghost", start="13:00", end="13:30", title="Cancelled at once", status="cancelled"),
        _entry("p-a-brief", start="13:00", end="13:30", title="Media briefing", room="Meeting Room 2"),
        _entry("p-early", start="07:30", end="08:00", title="Breakfast"),
        _entry("p-retreat", start="14:30", end="17:00", title="Retreat", room="Retreat Room"),
        _entry("p-lunch", start="12:15", end="13:45", title="Working lunch", room="Banquet Hall", status="cancelled"),
        _entry("p-plen", start="09:30", end="12:30", room="Meeting Room 1"),
        _entry("p-open", start="08:30", end="09:00", title="Opening ceremony and keynote"),
    ]

    changes = changelog(previous, current)

    assert [(c.kind, c.uid) for c in changes] == [
        ("added", "p-early"),
        ("added", "p-a-brief"),
        ("added", "p-z-brief"),
        ("moved", "p-plen"),
        ("room_changed", "p-plen"),
        ("retitled", "p-open"),
        ("reinstated", "p-retreat"),
        ("cancelled", "p-lunch"),
        ("removed", "p-press"),
    ]
    assert changes[3].as_dict() == {
        "kind": "moved",
        "uid": "p-plen",
        "meeting": "AMM-57",
        "title": "Plenary session",
        "before": _when("09:00", "12:00"),
        "after": _when("09:30", "12:30"),
    }
