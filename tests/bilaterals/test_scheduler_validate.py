"""The independent validator catches each kind of broken schedule, naming what is broken."""

from __future__ import annotations

from dataclasses import replace

from mufakat.bilaterals.scheduler import Assignment, Instance, Interval, Room, validate
from tests.bilaterals.test_scheduler import ask, at, build, span

FREE = [span(0, "09:00", "12:00")]
ROOMS = [Room("R1", "Room 1", 2, (span(0, "08:00", "20:00"),)), Room("R2", "Room 2", 2, (span(0, "08:00", "11:00"),))]


def _instance() -> Instance:
    return build(
        {"VN": FREE, "JP": FREE, "KR": [span(0, "09:00", "10:00")], "TH": FREE, "US": FREE},
        [
            ask("r1", "VN", "JP"),
            ask("r2", "VN", "KR"),
            ask("r3", "JP", "KR", window=(span(0, "09:00", "10:00"),)),
            ask("r4", "TH", "US"),
        ],
        rooms=ROOMS,
    )


def test_validate_valid_schedule_has_no_violations() -> None:
    schedule = [Assignment("r1", at(0, "10:00"), "R1"), Assignment("r2", at(0, "09:15"), "R2")]

    assert validate(_instance(), schedule) == []


def test_validate_principal_in_two_meetings_at_once() -> None:
    schedule = [Assignment("r1", at(0, "09:00"), "R1"), Assignment("r2", at(0, "09:15"), "R2")]

    assert validate(_instance(), schedule) == ["VN/minister is in r1 and r2 at once (24 Jul 09:15–09:30)."]


def test_validate_buffer_breach_between_two_meetings() -> None:
    schedule = [Assignment("r1", at(0, "10:00"), "R1"), Assignment("r2", at(0, "09:15"), "R2")]
    tight = replace(_instance(), buffer=2)

    assert validate(tight, schedule) == [
        "VN/minister has 1 grain(s) between r2 and r1, fewer than the buffer of 2 (24 Jul 09:45–10:00)."
    ]


def test_validate_room_holding_two_meetings_at_once() -> None:
    schedule = [Assignment("r1", at(0, "10:00"), "R1"), Assignment("r4", at(0, "10:15"), "R1")]

    assert validate(_instance(), schedule) == ["room R1 holds r1 and r4 at once (24 Jul 10:15–10:30)."]


def test_validate_meeting_outside_availability_window_and_room_hours() -> None:
    schedule = [Assignment("r3", at(0, "10:30"), "R2")]

    assert validate(_instance(), schedule) == [
        "r3 at 24 Jul 10:30–11:00: KR/minister is not available for all of it.",
        "r3 at 24 Jul 10:30–11:00: outside its window.",
    ]


def test_validate_room_too_small_closed_unknown() -> None:
    instance = build(
        {"US": FREE, "JP": FREE, "KR": FREE},
        [ask("t1", "US", "JP", "KR"), ask("t2", "US", "JP")],
        rooms=ROOMS,
    )
    schedule = [Assignment("t1", at(0, "09:00"), "R1"), Assignment("t2", at(0, "11:00"), "R2")]

    assert validate(instance, schedule) == [
        "t1 at 24 Jul 09:00–09:30: room R1 seats 2, the meeting has 3 parties.",
        "t2 at 24 Jul 11:00–11:30: room R2 is not available for all of it.",
    ]
    assert validate(instance, [Assignment("t2", at(0, "09:00"), "R9")]) == [
        "t2 at 24 Jul 09:00–09:30: no room 'R9' in this instance."
    ]


def test_validate_unknown_duplicate_and_pins() -> None:
    instance = build(
        {"VN": FREE, "JP": FREE},
        [ask("p1", "VN", "JP", pinned_start=at(0, "09:00"), pinned_room="R1")],
        rooms=ROOMS,
    )
    schedule = [
        Assignment("p1", at(0, "10:00"), "R2"),
        Assignment("p1", at(0, "11:00"), "R1"),
        Assignment("zz", at(0, "09:00"), "R1"),
    ]

    assert validate(instance, schedule) == [
        "p1 at 24 Jul 10:00–10:30: pinned at 24 Jul 09:00–09:15.",
        "p1 at 24 Jul 10:00–10:30: pinned to room R1, placed in R2.",
        "p1: scheduled more than once.",
        "zz: no such request in this instance.",
    ]


def test_validate_meeting_outside_the_instance() -> None:
    instance = build({"VN": [Interval(0, 192)], "JP": [Interval(0, 192)]}, [ask("r1", "VN", "JP")], rooms=ROOMS)

    assert validate(instance, [Assignment("r1", 191, "R1")]) == [
        "r1 at grains 191-193: outside the instance (grains 0 to 192).",
        "r1 at grains 191-193: VN/minister is not available for all of it.",
        "r1 at grains 191-193: JP/minister is not available for all of it.",
        "r1 at grains 191-193: room R1 is not available for all of it.",
    ]
