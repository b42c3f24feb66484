"""The pure scheduler on crafted instances: who wins, why the others lose, buffers, pins, rescheduling.

Times: the instance starts at midnight on 24 Jul 2024 at +07:00 on a 15-minute grid, so grain 40 of
day 0 is 10:00 on 24 Jul. `at(day, "10:00")` writes grains the way a protocol officer reads them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from bench.bilaterals_generator import generate

from mufakat.bilaterals.scheduler import (
    Assignment,
    Day,
    Instance,
    Interval,
    Principal,
    Request,
    Room,
    Unscheduled,
    greedy,
    moves,
    solve,
    validate,
)

EPOCH = datetime(2024, 7, 23, 17, 0, tzinfo=UTC)  # 24 Jul 00:00 at +07:00
PER_DAY = 96


def at(day: int, clock: str) -> int:
    hours, minutes = clock.split(":")
    return day * PER_DAY + int(hours) * 4 + int(minutes) // 15


def span(day: int, start: str, end: str) -> Interval:
    return Interval(at(day, start), at(day, end))


def build(
    principals: dict[str, list[Interval]],
    requests: list[Request],
    *,
    rooms: list[Room] | None = None,
    buffer: int = 1,
    days: int = 2,
) -> Instance:
    return Instance(
        epoch=EPOCH,
        grain_minutes=15,
        horizon=days * PER_DAY,
        buffer=buffer,
        days=tuple(Day(f"2024-07-{24 + d}", Interval(d * PER_DAY, (d + 1) * PER_DAY)) for d in range(days)),
        principals=tuple(
            Principal(f"{code}/minister", code, "minister", tuple(free)) for code, free in principals.items()
        ),
        rooms=tuple(rooms or [Room("R1", "Room 1", 2, (Interval(0, days * PER_DAY),))]),
        requests=tuple(requests),
        name="crafted",
        utc_offset_minutes=7 * 60,
    )


def ask(rid: str, *codes: str, priority: int = 3, **extra: object) -> Request:
    return Request(rid, tuple(f"{c}/minister" for c in codes), 2, priority, label="–".join(codes), **extra)  # type: ignore[arg-type]


def placed(result_assignments: list[Assignment]) -> dict[str, tuple[int, str]]:
    return {a.request_id: (a.start, a.room_id) for a in result_assignments}


def test_solve_two_requests_for_one_slot_the_higher_priority_wins() -> None:
    slot = [span(0, "10:00", "10:30")]
    instance = build(
        {"VN": slot, "JP": slot, "KR": slot}, [ask("r1", "VN", "JP", priority=2), ask("r2", "VN", "KR", priority=5)]
    )

    result = solve(instance, time_limit=10)

    assert placed(result.assignments) == {"r2": (at(0, "10:00"), "R1")}
    assert result.unscheduled == [
        Unscheduled(
            "r1",
            "lost_to_priority",
            "Whenever VN/minister and JP/minister are free together, one of them is in another meeting: "
            "r2 (VN–KR, priority 5).",
        )
    ]
    assert (result.objective, result.bound, result.status) == (5.0, 5.0, "optimal")


def test_solve_counterpart_absent_those_days_is_no_common_day() -> None:
    instance = build({"JP": [span(0, "08:00", "20:00")], "KR": [span(1, "08:00", "20:00")]}, [ask("r1", "JP", "KR")])

    result = solve(instance, time_limit=10)

    assert result.assignments == []
    assert result.unscheduled == [
        Unscheduled(
            "r1",
            "no_common_day",
            "JP/minister is not in town on any day KR/minister is (JP/minister: 24 Jul; KR/minister: 25 Jul).",
        )
    ]


def test_solve_present_same_day_never_free_together_is_no_common_slot() -> None:
    instance = build(
        {"VN": [span(0, "09:00", "10:00")], "TH": [span(0, "10:00", "11:00")]},
        [ask("r1", "VN", "TH")],
    )

    result = solve(instance, time_limit=10)

    assert result.unscheduled == [
        Unscheduled(
            "r1",
            "no_common_slot",
            "VN/minister and TH/minister are in town together on 24 Jul but never free together for 30 min "
            "(the longest common gap is 0 min).",
        )
    ]


def test_solve_window_excluding_the_only_common_slot_is_no_common_slot() -> None:
    free = [span(0, "09:00", "12:00")]
    request = ask("r1", "VN", "TH", window=(span(0, "11:00", "11:15"),))

    result = solve(build({"VN": free, "TH": free}, [request]), time_limit=10)

    assert result.unscheduled == [
        Unscheduled(
            "r1",
            "no_common_slot",
            "VN/minister and TH/minister are in town together on 24 Jul but never free together for 30 min "
            "within its window (the longest common gap is 15 min).",
        )
    ]


def test_solve_trilateral_with_only_two_seat_rooms_is_no_room() -> None:
    free = [span(0, "09:00", "12:00")]
    instance = build({"US": free, "JP": free, "KR": free}, [ask("r1", "US", "JP", "KR")])

    result = solve(instance, time_limit=10)

    assert result.unscheduled == [
        Unscheduled("r1", "no_room", "No room seats 3 delegations; US/minister, JP/minister and KR/minister need one.")
    ]


def test_solve_trilateral_room_closed_while_all_are_free_is_no_room() -> None:
    free = [span(0, "09:00", "10:00")]
    rooms = [
        Room("R1", "Room 1", 2, (span(0, "08:00", "20:00"),)),
        Room("B1", "Big room", 3, (span(0, "14:00", "20:00"),)),
    ]
    instance = build({"US": free, "JP": free, "KR": free}, [ask("r1", "US", "JP", "KR")], rooms=rooms)

    result = solve(instance, time_limit=10)

    assert result.unscheduled == [
        Unscheduled(
            "r1",
            "no_room",
            "No room seating 3 is open at any time US/minister, JP/minister and KR/minister are free together.",
        )
    ]


def test_solve_rooms_all_taken_while_principals_are_free_is_no_room() -> None:
    free = [span(0, "10:00", "10:30")]
    instance = build(
        {"VN": free, "JP": free, "KR": free, "TH": free},
        [ask("r1", "VN", "JP", priority=5), ask("r2", "KR", "TH", priority=1)],
    )

    result = solve(instance, time_limit=10)

    assert placed(result.assignments) == {"r1": (at(0, "10:00"), "R1")}
    assert result.unscheduled == [
        Unscheduled(
            "r2",
            "no_room",
            "KR/minister and TH/minister are free at 24 Jul 10:00–10:30, but every room seating 2 is taken then.",
        )
    ]


def test_solve_buffer_forces_a_gap_between_two_meetings() -> None:
    long = [span(0, "10:00", "11:15")]  # five grains: 30 min, 15 min buffer, 30 min
    instance = build({"VN": long, "JP": long, "KR": long}, [ask("r1", "VN", "JP"), ask("r2", "VN", "KR")])

    result = solve(instance, time_limit=10)

    assert sorted(a.start for a in result.assignments) == [at(0, "10:00"), at(0, "10:45")]
    assert validate(instance, result.assignments) == []


def test_solve_buffer_leaves_no_room_for_a_second_meeting_in_an_hour() -> None:
    hour = [span(0, "10:00", "11:00")]
    instance = build({"VN": hour, "JP": hour, "KR": hour}, [ask("r1", "VN", "JP", priority=4), ask("r2", "VN", "KR")])

    result = solve(instance, time_limit=10)

    assert [a.request_id for a in result.assignments] == ["r1"]
    assert [(u.request_id, u.reason) for u in result.unscheduled] == [("r2", "lost_to_priority")]


def test_solve_pinned_meeting_is_kept_where_it_was_confirmed() -> None:
    free = [span(0, "09:00", "12:00")]
    rooms = [Room("R1", "Room 1", 2, (Interval(0, 192),)), Room("R2", "Room 2", 2, (Interval(0, 192),))]
    pinned = ask("r1", "VN", "JP", pinned_start=at(0, "11:00"), pinned_room="R2")
    instance = build({"VN": free, "JP": free, "KR": free}, [pinned, ask("r2", "VN", "KR", priority=5)], rooms=rooms)

    result = solve(instance, time_limit=10)

    assert placed(result.assignments)["r1"] == (at(0, "11:00"), "R2")
    assert len(result.assignments) == 2
    assert validate(instance, result.assignments) == []


def test_solve_infeasible_pin_is_reported_and_the_rest_scheduled() -> None:
    free = [span(0, "09:00", "12:00")]
    pinned = ask("r1", "VN", "JP", pinned_start=at(0, "14:00"))
    instance = build({"VN": free, "JP": free, "KR": free}, [pinned, ask("r2", "VN", "KR")])

    result = solve(instance, time_limit=10)

    assert [a.request_id for a in result.assignments] == ["r2"]
    assert result.unscheduled == [
        Unscheduled("r1", "infeasible_pin", "Pinned at 24 Jul 14:00–14:30, but VN/minister is not available then.")
    ]


def test_solve_pins_clashing_with_each_other_keep_the_first() -> None:
    free = [span(0, "09:00", "12:00")]
    first = ask("r1", "VN", "JP", pinned_start=at(0, "10:00"))
    second = ask("r2", "VN", "KR", pinned_start=at(0, "10:30"))
    instance = build({"VN": free, "JP": free, "KR": free}, [first, second])

    result = solve(instance, time_limit=10)

    assert placed(result.assignments) == {"r1": (at(0, "10:00"), "R1")}
    assert result.unscheduled == [
        Unscheduled(
            "r2",
            "infeasible_pin",
            "Pinned at 24 Jul 10:30–11:00, clashing with pinned r1 for VN/minister (buffers included).",
        )
    ]


def test_solve_bad_requests_are_set_aside_and_the_rest_scheduled() -> None:
    free = [span(0, "09:00", "12:00")]
    instance = build(
        {"VN": free, "JP": free},
        [
            ask("r1", "VN", "XX"),
            ask("r2", "VN", "JP", window=(Interval(500, 600),)),
            replace(ask("r3", "VN", "JP"), duration=20),
            ask("r4", "VN", "JP"),
        ],
    )

    result = solve(instance, time_limit=10)

    assert [a.request_id for a in result.assignments] == ["r4"]
    assert result.unscheduled == [
        Unscheduled(
            "r1", "unknown_principal", "requests[0].principals[1]: 'XX/minister' is not a principal of this instance."
        ),
        Unscheduled(
            "r2",
            "invalid_request",
            "requests[1].window: lies wholly outside the instance (24 Jul 00:00 – 26 Jul 00:00).",
        ),
        Unscheduled(
            "r3",
            "no_common_slot",
            "VN/minister and JP/minister are in town together on 24 Jul but never free together for 5 h "
            "(the longest common gap is 3 h).",
        ),
    ]


def test_solve_empty_instance_is_empty() -> None:
    result = solve(build({"VN": []}, []), time_limit=5)

    assert (result.status, result.assignments, result.unscheduled, result.objective) == ("empty", [], [], 0.0)


def test_greedy_takes_requests_in_order_at_the_earliest_start() -> None:
    slot = [span(0, "10:00", "10:30")]
    instance = build(
        {"VN": slot, "JP": slot, "KR": slot}, [ask("r1", "VN", "JP", priority=2), ask("r2", "VN", "KR", priority=5)]
    )

    result = greedy(instance)

    assert placed(result.assignments) == {"r1": (at(0, "10:00"), "R1")}
    assert (result.objective, result.solver, [u.reason for u in result.unscheduled]) == (
        2.0,
        "greedy",
        ["lost_to_priority"],
    )


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_solve_generated_instances_are_valid_and_at_least_greedy(seed: int) -> None:
    instance = generate("tiny", "heavy", seed)

    result = solve(instance, time_limit=10)

    assert validate(instance, result.assignments) == []
    assert greedy(instance).objective <= result.objective <= result.bound + 1e-6
    assert len(result.assignments) + len(result.unscheduled) == len(instance.requests)


def test_solve_rescheduling_moves_only_the_late_delegations_meetings() -> None:
    week = [span(0, "09:00", "12:00"), span(1, "09:00", "12:00")]
    requests = [
        ask("r1", "VN", "JP", priority=5),
        ask("r2", "TH", "KR", priority=4),
        ask("r3", "VN", "KR", priority=3),
        ask("r4", "TH", "JP", priority=2),
    ]
    rooms = [Room("R1", "Room 1", 2, (Interval(0, 192),)), Room("R2", "Room 2", 2, (Interval(0, 192),))]
    only = {"VN": [span(0, "09:00", "12:00")], "JP": week, "TH": week, "KR": week}
    instance = build(only, requests, rooms=rooms)
    before = solve(instance, time_limit=10)
    late = replace(
        instance,
        principals=tuple(
            replace(p, available=(span(1, "09:00", "12:00"),)) if p.party == "VN" else p for p in instance.principals
        ),
    )

    after = solve(late, time_limit=10, previous=before.assignments)

    assert len(before.assignments) == len(after.assignments) == 4
    assert [m.request_id for m in after.moves] == ["r1", "r3"]
    assert all(m.before is not None and m.before.start < PER_DAY for m in after.moves)
    assert all(m.after is not None and m.after.start >= PER_DAY for m in after.moves)
    assert validate(late, after.assignments) == []


def test_moves_lists_moved_dropped_and_new() -> None:
    before = [Assignment("r1", 10, "R1"), Assignment("r2", 20, "R1"), Assignment("r3", 30, "R1")]
    after = [Assignment("r1", 10, "R1"), Assignment("r2", 20, "R2"), Assignment("r4", 40, "R1")]

    assert [(m.request_id, m.before, m.after) for m in moves(before, after)] == [
        ("r2", before[1], after[1]),
        ("r3", before[2], None),
        ("r4", None, after[2]),
    ]


def _swap_case(fillers: int) -> tuple[Instance, Instance]:
    """VN meets JP at 10:00 and KR at 11:00; then JP can only come at 11:00. Keeping both meetings (full
    weight) takes exactly two moves: VN–JP to 11:00 and VN–KR to 10:00. `fillers` other pairs of
    ministers, free all week, each meet once and have no reason to move."""
    morning = [span(0, "10:00", "11:30")]
    free = {"VN": morning, "JP": [span(0, "10:00", "12:00")], "KR": morning}
    requests = [ask("r1", "VN", "JP"), ask("r2", "VN", "KR")]
    for k in range(fillers):
        free[f"A{k:02d}"] = free[f"B{k:02d}"] = [span(0, "08:00", "20:00"), span(1, "08:00", "20:00")]
        requests.append(ask(f"f{k:02d}", f"A{k:02d}", f"B{k:02d}"))
    rooms = [Room(f"R{k}", f"Room {k}", 2, (Interval(0, 2 * PER_DAY),)) for k in range(1, 4)]
    instance = build(free, requests, rooms=rooms)
    changed = replace(
        instance,
        principals=tuple(
            replace(p, available=(span(0, "11:00", "11:30"),)) if p.party == "JP" else p for p in instance.principals
        ),
    )
    return instance, changed


@pytest.mark.parametrize("fillers", [0, 40])
def test_solve_rescheduling_reaches_the_fewest_moves(fillers: int) -> None:
    """With no fillers HiGHS solves the whole program (moves are its second tier); with 40 (over 1,200
    candidate starts) the neighbourhood search runs, then the exact second stage with the weight held."""
    instance, changed = _swap_case(fillers)
    first = [Assignment("r1", at(0, "10:00"), "R1"), Assignment("r2", at(0, "11:00"), "R1")]
    first += [a for a in solve(instance, time_limit=10).assignments if a.request_id.startswith("f")]

    after = solve(changed, time_limit=20, previous=first)

    retimed_or_dropped = [
        m.request_id for m in after.moves if m.after is None or m.before is None or m.before.start != m.after.start
    ]
    swapped = placed([a for a in after.assignments if a.request_id in {"r1", "r2"}])
    # r1's room depends on where the fillers stand (the compactness stage may move them): its start does not.
    assert swapped["r1"][0] == at(0, "11:00")
    assert swapped["r1"][1] == "R1" or fillers
    assert swapped["r2"][0] in {at(0, "10:00"), at(0, "10:15")}  # ends, with VN's buffer, by 11:00
    assert (retimed_or_dropped, after.moves_minimum) == (["r1", "r2"], 2)
    assert after.objective == 3 * (fillers + 2)
    assert validate(changed, after.assignments) == []
