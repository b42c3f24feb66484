"""The adapter: availability derived from the released AMM-57 programme (attendance from framework membership
on the meeting's date), arrivals and departures, blocked periods, buffers; and the instance it writes for
the solver (days, rooms, only accepted requests, windows, exclusions)."""

from __future__ import annotations

from datetime import UTC, datetime

from mufakat.bilaterals.adapter import bilateral_instance_build
from mufakat.bilaterals.availability import principal_free_time
from mufakat.bilaterals.enums import RequestStatus
from mufakat.bilaterals.models import BilateralRequest, BilateralSettings
from mufakat.bilaterals.scheduler.instance import Day, Interval
from mufakat.delegations.models import Delegation
from mufakat.meetings.models import AttendanceAddition, Meeting, Series
from mufakat.reference.models import Party
from tests.factories.programme import VIENTIANE


def _free(series: Series, party: str, level: str = "minister") -> list[str]:
    return [
        f"{start.astimezone(VIENTIANE):%d %H:%M}–{end.astimezone(VIENTIANE):%H:%M}"
        for start, end in principal_free_time(series=series, party_code=party, level=level)
    ]


def test_availability_japan_minister_is_busy_in_its_sessions_plus_buffers(bilateral_requests_demo: Series) -> None:
    # In town from 25 July 14:00. Busy at PMC+1 Japan (26, 13:30–14:15), Mekong–Japan (26, 19:00–19:45),
    # APT (27, 08:30–10:00), EAS (27, 10:15–12:00) and the ARF (27, 14:00–17:00), each with 15 minutes'
    # walking time on both sides; not at the ARF chair's press conference, nor at ASEAN-only meetings.
    assert _free(bilateral_requests_demo, "JP") == [
        "25 14:00–21:00",
        "26 08:00–13:15",
        "26 14:30–18:45",
        "26 20:00–21:00",
        "27 08:00–08:15",
        "27 12:15–13:45",
        "27 17:15–21:00",
    ]


def test_availability_press_conference_binds_only_the_chair(bilateral_requests_demo: Series) -> None:
    lao_saturday = [slot for slot in _free(bilateral_requests_demo, "LA") if slot.startswith("27")]
    viet_nam_saturday = [slot for slot in _free(bilateral_requests_demo, "VN") if slot.startswith("27")]

    # The Lao minister chairs the ARF and its press conference (18:30–19:15); Viet Nam's does neither.
    assert lao_saturday == ["27 08:00–08:15", "27 17:15–18:15", "27 19:30–21:00"]
    assert viet_nam_saturday == ["27 08:00–08:15", "27 17:15–21:00"]


def test_availability_som_leader_is_busy_in_senior_officials_meetings_too(bilateral_requests_demo: Series) -> None:
    # 23 July: the SOM (09:00–12:30) and the SEANWFZ Executive Committee (14:30–16:00) bind the SOM Leader,
    # not the minister.
    assert _free(bilateral_requests_demo, "VN", "som_leader")[:5] == [
        "23 08:00–08:45",
        "23 12:45–14:15",
        "23 16:15–21:00",
        "24 08:00–08:45",
        "24 12:15–21:00",
    ]


def test_availability_minister_after_arrival_and_outside_blocked_period(bilateral_requests_demo: Series) -> None:
    # Viet Nam's minister arrives on 23 July at 21:00 and calls on the Prime Minister on 25 July 18:00–19:00
    # (a blocked period: taken as entered, no buffer).
    assert _free(bilateral_requests_demo, "VN")[:6] == [
        "24 08:00–08:45",
        "24 12:15–21:00",
        "25 08:00–08:15",
        "25 14:00–14:15",
        "25 17:15–18:00",
        "25 19:00–21:00",
    ]


def test_availability_follows_the_series_buffer(bilateral_requests_demo: Series) -> None:
    BilateralSettings.objects.create(series=bilateral_requests_demo, buffer_minutes=30)

    assert _free(bilateral_requests_demo, "JP")[1:4] == ["26 08:00–13:00", "26 14:45–18:30", "26 20:15–21:00"]


def test_availability_includes_attendance_additions(bilateral_requests_demo: Series) -> None:
    # Japan attends the 57th AMM's retreat as a guest: its minister is busy there too.
    amm = Meeting.objects.get(series=bilateral_requests_demo, body__code="AMM")
    AttendanceAddition.objects.create(meeting=amm, party=Party.objects.get(code="JP"), kind="guest")

    assert _free(bilateral_requests_demo, "JP")[:2] == ["25 14:00–14:15", "25 17:15–21:00"]


def test_instance_grid_days_and_rooms(bilateral_requests_demo: Series) -> None:
    instance = bilateral_instance_build(series=bilateral_requests_demo).instance

    assert (instance.epoch, instance.grain_minutes, instance.buffer, instance.horizon) == (
        datetime(2024, 7, 23, 1, 0, tzinfo=UTC),
        15,
        1,
        436,
    )
    assert instance.utc_offset_minutes == 420
    assert instance.days == (
        Day("2024-07-23", Interval(0, 52)),
        Day("2024-07-24", Interval(96, 148)),
        Day("2024-07-25", Interval(192, 244)),
        Day("2024-07-26", Interval(288, 340)),
        Day("2024-07-27", Interval(384, 436)),
    )
    assert [(room.name, room.capacity) for room in instance.rooms] == [
        ("Bilateral Room 1", 2),
        ("Bilateral Room 2", 2),
        ("Bilateral Room 3", 3),
        ("Champa Room", 4),
    ]
    assert {room.available for room in instance.rooms} == {tuple(day.span for day in instance.days)}


def test_instance_takes_only_accepted_requests(bilateral_requests_demo: Series) -> None:
    built = bilateral_instance_build(series=bilateral_requests_demo)

    accepted = BilateralRequest.objects.filter(series=bilateral_requests_demo, status=RequestStatus.ACCEPTED)
    assert sorted(int(r.id) for r in built.instance.requests) == sorted(accepted.values_list("pk", flat=True))
    assert len(built.instance.requests) == 40
    assert built.excluded == []
    left_out = BilateralRequest.objects.filter(series=bilateral_requests_demo).exclude(status=RequestStatus.ACCEPTED)
    assert sorted(left_out.values_list("status", flat=True)) == [
        "declined",
        "declined",
        "requested",
        "requested",
        "withdrawn",
    ]


def test_instance_request_principals_window_and_preferences(bilateral_requests_demo: Series) -> None:
    built = bilateral_instance_build(series=bilateral_requests_demo)
    by_label = {r.label: r for r in built.instance.requests}

    trilateral = by_label["US–JP–KR (minister)"]
    assert (trilateral.principals, trilateral.duration, trilateral.priority) == (
        ("US/minister", "JP/minister", "KR/minister"),
        3,
        5,
    )
    # Not before 26 July 10:00, not after 27 July 20:00 (Vientiane).
    assert trilateral.window == (Interval(296, 432),)
    assert by_label["US–CN (minister)"].preferred == (Interval(296, 312),)
    assert by_label["VN–LA (som_leader)"].principals == ("VN/som_leader", "LA/som_leader")
    principals = {p.id for p in built.instance.principals}
    assert {"US/minister", "JP/minister", "KR/minister", "VN/som_leader", "SG/som_leader"} <= principals
    assert "KP/minister" not in principals  # Japan's request to meet the DPRK was declined


def test_instance_leaves_out_a_request_whose_party_has_no_delegation(bilateral_requests_demo: Series) -> None:
    Delegation.objects.filter(series=bilateral_requests_demo, party__code="MN").delete()
    request = BilateralRequest.objects.get(series=bilateral_requests_demo, requester__code="MN")

    built = bilateral_instance_build(series=bilateral_requests_demo)

    assert str(request.pk) not in {r.id for r in built.instance.requests}
    assert [(e.request_id, e.reason, e.detail) for e in built.excluded] == [
        (request.pk, "invalid_request", "MN–KR (minister): MN has no delegation in amm-57.")
    ]
