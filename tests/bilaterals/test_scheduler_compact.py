"""The compactness tiers on crafted instances whose compact optimum is known: idle gaps counted as defined
(a plenary or the half-day between two meetings is no gap; back to back means the buffer apart), the
fewest gaps at full weight, gap fairness, pins kept, and the independent recount.

Times as in test_scheduler: midnight 24 Jul 2024 at +07:00, 15-minute grains."""

from __future__ import annotations

from dataclasses import replace

from mufakat.bilaterals.scheduler import Assignment, Interval, Request, Room, solve, validate
from mufakat.bilaterals.scheduler.gaps import gaps_by_principal
from mufakat.bilaterals.scheduler.validate import check_compactness, recount_gaps
from tests.bilaterals.test_scheduler import at, build, span

MORNING = [span(0, "08:00", "12:00")]


def _meeting(name: str, *principals: str, start: int | None = None, window: list[Interval] | None = None) -> Request:
    return Request(
        name,
        tuple(f"{p}/minister" for p in principals),
        duration=2,
        priority=3,
        window=tuple(window) if window else None,
        pinned_start=start,
    )


def test_gaps_count_back_to_back_with_the_buffer_as_no_gap() -> None:
    instance = build(
        dict.fromkeys("ABCD", MORNING), [_meeting("ab", "A", "B"), _meeting("ac", "A", "C"), _meeting("ad", "A", "D")]
    )
    # 08:00-08:30, buffer 08:30-08:45, next at 08:45: back to back; the third at 10:00 leaves a gap.
    schedule = [
        Assignment("ab", at(0, "08:00"), "R1"),
        Assignment("ac", at(0, "08:45"), "R1"),
        Assignment("ad", at(0, "10:00"), "R1"),
    ]

    assert gaps_by_principal(instance, schedule) == {"A/minister": 1, "B/minister": 0, "C/minister": 0, "D/minister": 0}
    assert recount_gaps(instance, schedule) == gaps_by_principal(instance, schedule)


def test_gaps_a_plenary_or_noon_between_two_meetings_is_no_gap() -> None:
    # A is in a plenary 10:00-11:00; its meetings at 08:00 and 11:00 lie in different blocks.
    free = {
        "A": [span(0, "08:00", "10:00"), span(0, "11:00", "18:00")],
        "B": [span(0, "08:00", "18:00")],
        "C": [span(0, "08:00", "18:00")],
    }
    free["D"] = free["C"]
    requests = [_meeting("ab", "A", "B"), _meeting("ac", "A", "C"), _meeting("bc", "B", "C"), _meeting("bd", "B", "D")]
    instance = build(free, requests)
    schedule = [
        Assignment("ab", at(0, "08:00"), "R1"),
        Assignment("ac", at(0, "11:00"), "R1"),
        Assignment("bc", at(0, "14:00"), "R1"),  # B 08:00 and 14:00, C 11:00 and 14:00: across noon, no gap
        Assignment("bd", at(0, "16:00"), "R1"),  # B 14:00 and 16:00: a gap
    ]

    assert gaps_by_principal(instance, schedule) == {"A/minister": 0, "B/minister": 1, "C/minister": 0, "D/minister": 0}
    assert recount_gaps(instance, schedule) == gaps_by_principal(instance, schedule)


def test_solve_packs_meetings_back_to_back_when_they_can() -> None:
    instance = build(dict.fromkeys("ABCDE", MORNING), [_meeting(f"a{c.lower()}", "A", c) for c in "BCDE"])

    result = solve(instance, time_limit=5)

    assert result.objective == 12
    assert (result.gaps, result.gaps_bound) == (0, 0)
    assert result.gaps_by_principal["A/minister"] == 0
    assert validate(instance, result.assignments) == []
    assert check_compactness(instance, result) == []


def test_solve_leaves_the_fewest_gaps_its_windows_allow() -> None:
    # A's first meeting must be at 08:00 and its last at 11:00: the middle one touches one of them, so
    # one gap is the optimum, and the solver proves it.
    requests = [
        _meeting("ab", "A", "B", window=[span(0, "08:00", "08:30")]),
        _meeting("ac", "A", "C"),
        _meeting("ad", "A", "D", window=[span(0, "11:00", "11:30")]),
    ]
    instance = build(dict.fromkeys("ABCD", MORNING), requests)

    result = solve(instance, time_limit=5)

    assert result.objective == 9
    assert (result.gaps, result.gaps_bound, result.worst_gaps) == (1, 1, 1)
    assert check_compactness(instance, result) == []


def test_solve_holds_gap_fairness_among_equally_compact_schedules() -> None:
    # One-grain meetings, no buffer, grains 0..5 from 08:00. A is pinned at 0, 2 and 4; B at 0 and 2.
    # Trilaterals A-P-Q (at 1 or 5) and B-R-S (at 1 or 3) need the only room seating three.
    #   A-P-Q at 1, B-R-S at 3: A has 1 gap, B has 1 -> total 2, worst 1
    #   B-R-S at 1, A-P-Q at 5: A has 2 gaps, B has 0 -> total 2, worst 2
    # Everyone else has one meeting (no gap), so with fairness 1 only the first is fair.
    g = at(0, "08:00")
    free = {c: [Interval(g, g + 6)] for c in "ABPQRSVWXYZ"}

    def one(name: str, principals: str, *, start: int | None = None, windows: tuple[int, ...] = ()) -> Request:
        return Request(
            name,
            tuple(f"{p}/minister" for p in principals),
            duration=1,
            priority=3,
            window=tuple(Interval(g + w, g + w + 1) for w in windows) or None,
            pinned_start=None if start is None else g + start,
        )

    requests = [
        one("ax", "AX", start=0),
        one("ay", "AY", start=2),
        one("aw", "AW", start=4),
        one("bz", "BZ", start=0),
        one("bv", "BV", start=2),
        one("apq", "APQ", windows=(1, 5)),
        one("brs", "BRS", windows=(1, 3)),
    ]
    rooms = [
        Room("T", "Trilateral room", 3, (Interval(g, g + 6),)),
        Room("R1", "Room 1", 2, (Interval(g, g + 6),)),
        Room("R2", "Room 2", 2, (Interval(g, g + 6),)),
    ]
    instance = build(free, requests, rooms=rooms, buffer=0, days=1)

    fair = solve(instance, time_limit=5, gap_fairness=1)

    starts = {a.request_id: a.start - g for a in fair.assignments}
    assert (starts["apq"], starts["brs"]) == (1, 3)
    assert (fair.gaps, fair.gaps_by_principal["A/minister"], fair.gaps_by_principal["B/minister"]) == (2, 1, 1)
    assert fair.gap_spread == 1
    # Pins hold whatever the tiers prefer.
    assert {starts[k] for k in ("ax", "ay", "aw", "bz", "bv")} == {0, 2, 4}
    assert (starts["ax"], starts["ay"], starts["aw"], starts["bz"], starts["bv"]) == (0, 2, 4, 0, 2)
    assert validate(instance, fair.assignments) == []
    assert check_compactness(instance, fair) == []


def test_solve_never_gives_up_weight_for_compactness() -> None:
    # C's meeting fits only at 11:00; leaving it out would give A no gap, but weight comes first.
    requests = [
        _meeting("ab", "A", "B", window=[span(0, "08:00", "08:30")]),
        _meeting("ac", "A", "C", window=[span(0, "11:00", "11:30")]),
    ]
    instance = build(dict.fromkeys("ABC", MORNING), requests)

    result = solve(instance, time_limit=5)

    assert {a.request_id for a in result.assignments} == {"ab", "ac"}
    assert (result.gaps, result.gaps_bound) == (1, 1)


def test_check_compactness_names_a_wrong_count_and_a_fairness_breach() -> None:
    requests = [_meeting("ab", "A", "B"), _meeting("ac", "A", "C"), _meeting("ad", "A", "D")]
    instance = build(dict.fromkeys("ABCD", MORNING), requests)
    result = solve(instance, time_limit=5)
    schedule = [
        Assignment("ab", at(0, "08:00"), "R1"),
        Assignment("ac", at(0, "09:00"), "R1"),
        Assignment("ad", at(0, "10:00"), "R1"),
    ]
    claimed = replace(
        result, assignments=schedule, gaps=0, gaps_bound=0, gaps_by_principal={"A/minister": 0}, gap_fairness=1
    )

    assert check_compactness(instance, claimed) == [
        "A/minister: the solver reports 0 idle gap(s), the recount finds 2.",
        "the solver reports 0 idle gaps in all, the recount finds 2.",
        "A/minister has 2 idle gaps, more than 1 above the fewest (0).",
    ]
