"""Precedences ("the trilateral after both bilaterals") on crafted instances: the optimum changes and the
precedence holds in every stage (greedy, whole program, search, compactness, pins, rescheduling), the
validator catches a violation, and the instance file carries it.

Times as in test_scheduler: midnight 24 Jul 2024 at +07:00, 15-minute grains."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from mufakat.bilaterals.scheduler import Assignment, Interval, Request, Room, greedy, solve, validate
from mufakat.bilaterals.scheduler.jsonio import instance_from_json
from mufakat.bilaterals.scheduler.jsonwrite import instance_to_json
from mufakat.bilaterals.scheduler.validate import check_compactness
from tests.bilaterals.test_scheduler import PER_DAY, at, build, span

BIG = Room("R1", "Room 1", 3, (Interval(0, 2 * PER_DAY),))


def _meeting(
    name: str, *principals: str, after: tuple[str, ...] = (), start: int | None = None, priority: int = 3
) -> Request:
    return Request(
        name, tuple(f"{p}/minister" for p in principals), duration=2, priority=priority, after=after, pinned_start=start
    )


def _free(codes: Iterable[str], start: str, end: str) -> dict[str, list[Interval]]:
    return {code: [span(0, start, end)] for code in codes}


def _starts(result_assignments: list[Assignment]) -> dict[str, int]:
    return {a.request_id: a.start for a in result_assignments}


def test_the_trilateral_comes_after_both_bilaterals() -> None:
    # The trilateral's principals are free only 08:00-11:00; the bilaterals only then too. Without the
    # precedence the solver may put the trilateral first; with it, it must be last (10:00-10:30 at the
    # earliest after 08:00 + 08:45 + buffers).
    free = _free(["US", "JP", "KR"], "08:00", "11:00")
    requests = [
        _meeting("us-jp", "US", "JP"),
        _meeting("us-kr", "US", "KR"),
        _meeting("tri", "US", "JP", "KR", after=("us-jp", "us-kr")),
    ]
    instance = build(free, requests, rooms=[BIG])

    for result in (solve(instance, time_limit=5), greedy(instance)):
        starts = _starts(result.assignments)
        assert result.objective == 9, result.solver
        assert validate(instance, result.assignments) == []
        # Shared principal (US): each bilateral ends plus the 15-minute buffer before the trilateral.
        assert starts["tri"] >= max(starts["us-jp"], starts["us-kr"]) + 2 + 1


def test_the_precedence_changes_the_optimum() -> None:
    # A and B are free 08:00-09:00 only (room for one 30-minute meeting plus buffer... two back to back
    # need 08:00-08:30, 08:45-09:15: they do not fit). "late" (heavy) must come after "early" (light),
    # but "early" can only be at 09:00 while "late" can only be at 08:00: they cannot both be placed.
    free = {"A": [span(0, "08:00", "10:00")], "B": [span(0, "08:00", "10:00")], "C": [span(0, "08:00", "10:00")]}
    early = replace(_meeting("early", "A", "B", priority=2), window=(span(0, "09:00", "09:30"),))
    late = replace(_meeting("late", "A", "C", priority=5, after=("early",)), window=(span(0, "08:00", "08:30"),))
    free_of_order = build(free, [early, replace(late, after=())])
    ordered = build(free, [early, late])

    assert solve(free_of_order, time_limit=5).objective == 7
    result = solve(ordered, time_limit=5)
    assert result.objective == 5  # the heavier one alone: an unplaced earlier request does not block the later
    assert result.status == "optimal"
    assert _starts(result.assignments) == {"late": at(0, "08:00")}
    assert validate(ordered, result.assignments) == []
    (why,) = result.unscheduled
    assert (why.request_id, why.reason) == ("early", "lost_to_priority")
    assert "would break its order with late (A–C, priority 5)" in why.detail


def test_validator_catches_a_broken_precedence() -> None:
    free = _free("ABCD", "08:00", "12:00")
    rooms = [Room(r, r, 2, (Interval(0, 2 * PER_DAY),)) for r in ("R1", "R2")]
    requests = [
        _meeting("ab", "A", "B"),
        _meeting("bc", "B", "C", after=("ab",)),
        _meeting("cd", "C", "D", after=("ab",)),
    ]
    instance = build(free, requests, rooms=rooms)
    schedule = [
        Assignment("ab", at(0, "09:00"), "R1"),
        Assignment("bc", at(0, "08:00"), "R1"),  # before ab, though no clash for B (08:30 + buffer < 09:00)
        Assignment("cd", at(0, "09:15"), "R2"),  # no shared principal: needs 09:30, starts at 09:15
    ]

    problems = validate(instance, schedule)

    assert len(problems) == 2, problems
    assert any(p.startswith("bc starts") and "plus the buffer of 1" in p and "must come after" in p for p in problems)
    assert any(p.startswith("cd starts") and "before ab ends" in p and "buffer" not in p for p in problems)
    # Without a shared principal no buffer: right at the end is fine.
    assert validate(instance, [Assignment("ab", at(0, "09:00"), "R1"), Assignment("cd", at(0, "09:30"), "R2")]) == []


def test_pins_and_precedences_hold_together() -> None:
    free = _free("ABC", "08:00", "12:00")
    requests = [
        _meeting("ab", "A", "B", start=at(0, "10:00"), after=("ac",)),  # pinned, and after ac
        _meeting("bc", "B", "C", after=("ab",)),  # must start at 10:45 or later (shared B)
        _meeting("ac", "A", "C"),  # must end by 09:45 (shared A: plus the buffer before 10:00)
    ]
    instance = build(free, requests)

    result = solve(instance, time_limit=5)
    starts = _starts(result.assignments)

    assert starts["ab"] == at(0, "10:00")
    assert starts["bc"] >= at(0, "10:45")
    assert starts["ac"] + 2 + 1 <= at(0, "10:00")
    assert validate(instance, result.assignments) == []
    assert check_compactness(instance, result) == []


def test_a_pin_breaking_a_precedence_with_an_earlier_pin_is_reported() -> None:
    free = _free("ABC", "08:00", "12:00")
    instance = build(
        free,
        [_meeting("ab", "A", "B", start=at(0, "10:00")), _meeting("bc", "B", "C", after=("ab",), start=at(0, "09:00"))],
    )

    result = solve(instance, time_limit=5)

    assert _starts(result.assignments) == {"ab": at(0, "10:00")}
    (why,) = [u for u in result.unscheduled if u.request_id == "bc"]
    assert why.reason == "infeasible_pin"
    assert "before pinned ab ends" in why.detail


def test_a_cycle_only_keeps_its_requests_from_all_being_placed() -> None:
    free = _free("ABC", "08:00", "12:00")
    instance = build(free, [_meeting("ab", "A", "B", after=("bc",)), _meeting("bc", "B", "C", after=("ab",))])

    result = solve(instance, time_limit=5)

    assert result.objective == 3
    assert validate(instance, result.assignments) == []


def test_compactness_keeps_precedences() -> None:
    # A meets B, C, D, E; "ae" must follow "ab". Compact optimum: four back to back, ab before ae.
    free = _free("ABCDE", "08:00", "12:00")
    requests = [_meeting(f"a{c.lower()}", "A", c) for c in "EDCB"]
    requests[0] = replace(requests[0], after=("ab",))
    instance = build(free, requests)

    result = solve(instance, time_limit=5)
    starts = _starts(result.assignments)

    assert result.objective == 12
    assert result.gaps == 0
    assert starts["ae"] >= starts["ab"] + 3
    assert validate(instance, result.assignments) == []


def test_rescheduling_keeps_precedences() -> None:
    free = _free("ABC", "08:00", "12:00")
    instance = build(free, [_meeting("ab", "A", "B"), _meeting("bc", "B", "C", after=("ab",))])
    first = solve(instance, time_limit=5)
    # B now only from 09:00: the previous schedule (ab at 08:00 probably) must move.
    smaller = replace(
        instance,
        principals=tuple(
            replace(p, available=(span(0, "09:00", "12:00"),)) if p.id == "B/minister" else p
            for p in instance.principals
        ),
    )

    again = solve(smaller, time_limit=5, previous=first.assignments)
    starts = _starts(again.assignments)

    assert again.objective == 6
    assert starts["bc"] >= starts["ab"] + 3
    assert validate(smaller, again.assignments) == []


def test_instance_files_carry_after_and_refuse_unknown_or_self() -> None:
    free = _free("ABC", "08:00", "12:00")
    instance = build(free, [_meeting("ab", "A", "B"), _meeting("bc", "B", "C", after=("ab",))])
    data = instance_to_json(instance)

    assert data["requests"][1]["after"] == ["ab"]
    assert instance_from_json(data).requests[1].after == ("ab",)

    data["requests"][0]["after"] = ["ab"]
    data["requests"][1]["after"] = ["zz"]
    rejected = {u.request_id: u for u in instance_from_json(data).rejected}
    assert rejected["ab"].reason == "invalid_request"
    assert rejected["ab"].detail == "requests[0].after[0]: 'ab' is the request itself."
    assert rejected["bc"].detail == "requests[1].after[0]: 'zz' is not a request of this instance."
