"""The JSON instance format: round trip, and bad input named by record and field."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from bench.bilaterals_generator import generate

from mufakat.bilaterals.scheduler import (
    InstanceError,
    Interval,
    Unscheduled,
    assignments_from_json,
    instance_from_json,
    instance_to_json,
    result_to_json,
    solve,
    validate,
)


def _minimal() -> dict[str, Any]:
    return {
        "format": "mufakat-bilaterals-instance/1",
        "name": "two days",
        "start": "2024-07-24T00:00:00+07:00",
        "end": "2024-07-26T00:00:00+07:00",
        "grain_minutes": 15,
        "buffer_minutes": 15,
        "principals": [
            {
                "id": "VN/minister",
                "available": [{"start": "2024-07-24T09:10:00+07:00", "end": "2024-07-24T10:50:00+07:00"}],
            },
            {"id": "JP/minister", "available": [{"start": "2024-07-24T02:00:00Z", "end": "2024-07-24T05:00:00Z"}]},
        ],
        "rooms": [{"id": "R1", "capacity": 2}],
        "requests": [{"id": "r1", "principals": ["VN/minister", "JP/minister"], "duration_minutes": 30, "priority": 4}],
    }


def test_instance_json_round_trip_keeps_every_field() -> None:
    instance = generate("tiny", "balanced", 0)
    pinned = replace(instance.requests[0], pinned_start=instance.principals[0].available[0].start, pinned_room="R1")
    instance = replace(instance, requests=(pinned, *instance.requests[1:]))

    again = instance_from_json(json.loads(json.dumps(instance_to_json(instance))))

    assert again == instance


def test_instance_from_json_converts_times_to_grains_and_shrinks_onto_the_grid() -> None:
    instance = instance_from_json(_minimal())

    vn, jp = instance.principals
    assert (vn.party, vn.level, vn.available) == ("VN", "minister", (Interval(37, 43),))  # 09:15-10:45
    assert jp.available == (Interval(36, 48),)  # 09:00-12:00 at +07:00
    assert (instance.horizon, instance.buffer, instance.utc_offset_minutes) == (192, 1, 420)
    assert [(d.label, d.span) for d in instance.days] == [
        ("2024-07-24", Interval(0, 96)),
        ("2024-07-25", Interval(96, 192)),
    ]
    assert instance.rooms[0].available == (Interval(0, 192),)


def test_instance_from_json_refuses_a_malformed_file_naming_record_and_field() -> None:
    data = _minimal()
    data["start"] = "2024-07-24T00:00:00"
    data["principals"][1]["available"][0]["end"] = "noon"
    data["rooms"][0]["capacity"] = 0

    with pytest.raises(InstanceError) as caught:
        instance_from_json(data)

    assert caught.value.problems == [
        "start: '2024-07-24T00:00:00' has no UTC offset (write e.g. 2024-07-24T00:00:00+07:00 or 2024-07-24T00:00:00Z)"
    ]
    data["start"] = "2024-07-24T00:00:00+07:00"
    with pytest.raises(InstanceError) as caught:
        instance_from_json(data)
    assert caught.value.problems == [
        "principals[1].available[0].end: 'noon' is not an ISO 8601 datetime",
        "rooms[0].capacity: must be at least 1, not 0",
    ]


def test_instance_from_json_bad_requests_are_reported_and_the_rest_scheduled() -> None:
    data = _minimal()
    data["requests"] += [
        {"id": "r2", "principals": ["VN/minister", "XX/minister"], "duration_minutes": 30},
        {"id": "r3", "principals": ["VN/minister", "JP/minister"], "duration_minutes": "half an hour"},
        {
            "id": "r4",
            "principals": ["VN/minister", "JP/minister"],
            "duration_minutes": 30,
            "pinned": {"start": "2024-07-24T10:10:00+07:00"},
        },
        {
            "id": "r5",
            "principals": ["VN/minister", "JP/minister"],
            "duration_minutes": 30,
            "window": [{"start": "2024-07-30T09:00:00+07:00", "end": "2024-07-30T12:00:00+07:00"}],
        },
    ]

    instance = instance_from_json(data)
    result = solve(instance, time_limit=10)

    assert [a.request_id for a in result.assignments] == ["r1"]
    assert result.unscheduled == [
        Unscheduled(
            "r2", "unknown_principal", "requests[1].principals[1]: 'XX/minister' is not a principal of this instance."
        ),
        Unscheduled(
            "r3", "invalid_request", "requests[2].duration_minutes: expected a whole number, got 'half an hour'."
        ),
        Unscheduled(
            "r4", "infeasible_pin", "requests[3].pinned.start: 2024-07-24T10:10:00+07:00 is not on the 15-minute grid."
        ),
        Unscheduled(
            "r5",
            "invalid_request",
            "requests[4].window: lies wholly outside the instance (24 Jul 00:00 – 26 Jul 00:00).",
        ),
    ]


def test_result_to_json_writes_times_at_the_venue_and_reads_back() -> None:
    instance = instance_from_json(_minimal())
    result = solve(instance, time_limit=10)

    data = json.loads(json.dumps(result_to_json(result, instance)))

    assert data["assignments"] == [
        {
            "request": "r1",
            "label": "",
            "principals": ["VN/minister", "JP/minister"],
            "start": "2024-07-24T09:15:00+07:00",
            "end": "2024-07-24T09:45:00+07:00",
            "room": "R1",
        }
    ]
    assert (data["status"], data["objective"], data["bound"], data["gap"], data["scheduled"]) == (
        "optimal",
        4.0,
        4.0,
        0.0,
        1,
    )
    assert data["by_priority"] == {"4": {"requested": 1, "scheduled": 1}}
    assert assignments_from_json(data, instance) == result.assignments
    assert validate(instance, assignments_from_json(data, instance)) == []


def test_assignments_from_json_names_the_bad_field() -> None:
    instance = instance_from_json(_minimal())

    with pytest.raises(InstanceError) as caught:
        assignments_from_json({"assignments": [{"request": "r1", "start": "09:00", "room": "R1"}]}, instance)

    assert caught.value.problems == ["assignments[0].start: '09:00' is not an ISO 8601 datetime"]
