"""The exact gap model (scheduler.exact): it counts exactly what gaps.py counts on any schedule, and the
bound it proves is a true lower bound, equal to the optimum on crafted instances where that is known.

Times as in test_scheduler: midnight 24 Jul 2024 at +07:00, 15-minute grains, buffer one grain."""

from __future__ import annotations

import random
from time import perf_counter

import numpy as np
import pytest

from mufakat.bilaterals.scheduler import Assignment, Instance, Request, Room, solve, validate
from mufakat.bilaterals.scheduler.candidates import prepare
from mufakat.bilaterals.scheduler.compact import Compactor
from mufakat.bilaterals.scheduler.exact import build_gap_model, solve_gaps
from mufakat.bilaterals.scheduler.gaps import gaps_by_principal
from mufakat.bilaterals.scheduler.milp import build_rows
from mufakat.bilaterals.scheduler.search import Search
from mufakat.bilaterals.scheduler.trace import Trace
from mufakat.bilaterals.scheduler.validate import check_compactness
from tests.bilaterals.test_scheduler import at, build, span


def _meeting(name: str, principals: str, duration: int = 2, *, start: int | None = None) -> Request:
    return Request(name, tuple(f"{p}/minister" for p in principals), duration=duration, priority=3, pinned_start=start)


def _varied():
    """Meetings of two and three grains; A in a plenary 10:00-11:00, E away before 09:00, one pin."""
    day = [span(0, "08:00", "12:00"), span(0, "13:00", "17:00")]
    free = dict.fromkeys("BCDF", day)
    free["A"] = [span(0, "08:00", "10:00"), span(0, "11:00", "17:00")]
    free["E"] = [span(0, "09:00", "12:00"), span(0, "13:00", "17:00")]
    requests = [
        _meeting("ab", "AB"),
        _meeting("ac", "AC", 3),
        _meeting("ad", "AD"),
        _meeting("ae", "AE"),
        _meeting("af", "AF", 3),
        _meeting("bc", "BC"),
        _meeting("bd", "BD", 3),
        _meeting("ce", "CE"),
        _meeting("de", "DE"),
        _meeting("ef", "EF"),
        _meeting("bf", "BF", start=at(0, "13:00")),
    ]
    return build(free, requests, days=1)


def _search(instance):
    c = prepare(instance)
    keep = np.zeros(c.n_vars, dtype=np.bool_)
    search = Search(c, build_rows(c), keep=keep, pinned_weight=0.0, trace=Trace(0.0, None))
    return c, search


def _randomly_filled(instance, rng):
    """A search whose schedule places candidates in a random order, each where it still fits."""
    c, search = _search(instance)
    order = np.arange(c.n_vars)
    rng.shuffle(order)
    search.fill_vars(order)
    return c, search


def test_the_model_counts_the_gaps_of_any_schedule_as_gaps_py_does() -> None:
    instance = _varied()
    rng = random.Random(7)  # noqa: S311 - sample schedules
    for _ in range(25):
        c, search = _randomly_filled(instance, rng)
        compactor = Compactor(search, fairness=2)
        requests = compactor.placed()
        current = search.assigned[requests].copy()
        ids = [instance.requests[i].id for i in requests]
        schedule = [Assignment(r, int(c.var_start[v]), "") for r, v in zip(ids, current, strict=True)]
        schedule += [Assignment(instance.requests[i].id, pin.start, "") for i, pin in c.pins.items()]
        model, _, constant = build_gap_model(compactor, requests)
        search.place(current)
        # Each meeting may only start where it is: the model's minimum is the schedule's count.
        model.groups = [[k for k in group if model.hint[k]] for group in model.groups]
        answer = solve_gaps(model, time_limit=5, workers=1)

        assert answer.optimal
        assert answer.gaps is not None
        assert answer.gaps + constant == sum(gaps_by_principal(instance, schedule).values())
        assert answer.bound == answer.gaps


def test_the_compactor_counts_every_principal_s_gaps_as_gaps_py_does() -> None:
    instance = _varied()
    rng = random.Random(11)  # noqa: S311 - sample schedules
    seen = set()
    for _ in range(40):
        c, search = _randomly_filled(instance, rng)
        schedule = [
            Assignment(instance.requests[i].id, int(c.var_start[search.assigned[i]]), "")
            for i in np.flatnonzero(search.assigned >= 0)
        ]
        schedule += [Assignment(instance.requests[i].id, pin.start, "") for i, pin in c.pins.items()]
        expected = gaps_by_principal(instance, schedule)

        counted = Compactor(search, fairness=2).all_gaps()

        assert {instance.principals[p].id: gaps for p, gaps in counted.items()} == expected
        seen.add(sum(counted.values()))
    assert len(seen) > 3  # the sampled schedules differ in their gaps: the comparison is not vacuous


def test_the_bound_never_exceeds_a_schedule_found() -> None:
    instance = _varied()
    _, search = _search(instance)
    search.fill(search.movable)
    compactor = Compactor(search, fairness=2)
    found = compactor.value()[0]
    model, _, constant = build_gap_model(compactor, compactor.placed())

    answer = solve_gaps(model, time_limit=3, cap=found - constant)

    assert answer.gaps is not None
    assert 0 <= answer.bound <= answer.gaps <= found - constant
    # Whatever schedule the weight search leaves, the bound is below its gaps: sampled here.
    rng = random.Random(3)  # noqa: S311 - sample schedules
    for _ in range(10):
        _, search = _randomly_filled(instance, rng)
        if (search.assigned[search.movable] >= 0).all():
            assert constant + answer.bound <= Compactor(search, fairness=2).value()[0]


def test_solve_proves_two_unavoidable_gaps_in_two_blocks() -> None:
    # B is free only 08:00-08:30 and D only 11:00-11:30: A's third morning meeting touches one of them,
    # never both (one gap). The same in the afternoon for E with F, G, H. Nothing else leaves a gap.
    morning, afternoon = span(0, "08:00", "12:00"), span(0, "13:00", "17:00")
    free = {p: [morning, afternoon] for p in "ACEG"}
    free |= {"B": [span(0, "08:00", "08:30")], "D": [span(0, "11:00", "11:30")]}
    free |= {"F": [span(0, "13:00", "13:30")], "H": [span(0, "16:00", "16:30")]}
    requests = [_meeting(n, n.upper()) for n in ("ab", "ac", "ad", "ef", "eg", "eh")]
    instance = build(free, requests, days=1)

    result = solve(instance, time_limit=10)

    assert result.objective == 18
    assert (result.gaps, result.gaps_bound) == (2, 2)
    assert result.gaps_by_principal["A/minister"] == result.gaps_by_principal["E/minister"] == 1
    assert any("exact model" in line and "at least 2" in line for line in result.log)
    assert validate(instance, result.assignments) == []
    assert check_compactness(instance, result) == []


@pytest.mark.parametrize("seed", [3, 11])
def test_solve_on_a_small_random_all_fit_instance_is_valid_and_its_bound_holds(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - an instance
    names = "ABCDEFGHIJ"
    free = {n: [span(0, "08:00", "12:00"), span(0, "14:00", "17:00")] for n in names}
    for n in rng.sample(names, 3):  # some leave early
        free[n] = [span(0, "08:00", "12:00"), span(0, "14:00", "15:00")]
    pairs = rng.sample([a + b for k, a in enumerate(names) for b in names[k + 1 :]], 18)
    requests = [_meeting(p.lower(), p, 1) for p in pairs]
    instance = build(free, requests, days=1, buffer=0)

    began = perf_counter()
    result = solve(instance, time_limit=10)

    assert perf_counter() - began < 15
    assert len(result.assignments) == len(requests)
    assert 0 <= result.gaps_bound <= result.gaps
    assert result.gaps == sum(gaps_by_principal(instance, result.assignments).values())
    assert validate(instance, result.assignments) == []
    assert check_compactness(instance, result) == []


def _full_tables() -> Instance:
    """Two tables for three quarter-hours, six meetings: the tables are exactly full. A meets B (free only
    08:00-08:15) and C (free only 08:30-08:45), so A keeps one gap; D, E, F and G can meet back to back."""
    free = {p: [span(0, "08:00", "08:45")] for p in "ADEFG"}
    free |= {"B": [span(0, "08:00", "08:15")], "C": [span(0, "08:30", "08:45")]}
    tables = [Room(f"T{k}", f"Table {k}", 2, (span(0, "08:00", "08:45"),)) for k in (1, 2)]
    requests = [_meeting(n, n.upper(), 1) for n in ("ab", "ac", "de", "fg", "df", "eg")]
    return build(free, requests, rooms=tables, days=1, buffer=0)


def test_solve_on_exactly_full_tables_places_every_meeting_and_proves_the_one_gap_left() -> None:
    instance = _full_tables()

    result = solve(instance, time_limit=10)

    assert len(result.assignments) == 6
    assert (result.gaps, result.gaps_bound) == (1, 1)
    assert result.gaps_by_principal["A/minister"] == 1
    assert validate(instance, result.assignments) == []
    assert check_compactness(instance, result) == []
