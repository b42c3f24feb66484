"""Tighter proofs (issue 19): the whole program's dual bound once the search stalls, and the LP bound on the
meetings a reschedule keeps. Crafted so the optimum is known: five ministers in a ring, each free for one
half hour, asking to meet their two neighbours: the LP takes every meeting by halves (2.5 meetings) where
only two can happen."""

from __future__ import annotations

import importlib
import time

import numpy as np
import pytest

from mufakat.bilaterals.scheduler import Assignment, Interval, Request, Room, solve, validate
from mufakat.bilaterals.scheduler.bound import Tightener, highs_bound
from mufakat.bilaterals.scheduler.candidates import prepare
from mufakat.bilaterals.scheduler.milp import Rows, build_rows, lp_bound
from mufakat.bilaterals.scheduler.reschedule import fewest_moves, kept_lp_bound
from mufakat.bilaterals.scheduler.search import Search, Trace
from tests.bilaterals import never_returns
from tests.bilaterals.test_scheduler import PER_DAY, _swap_case, ask, at, build, span

bound_module = importlib.import_module("mufakat.bilaterals.scheduler.bound")
reschedule_module = importlib.import_module("mufakat.bilaterals.scheduler.reschedule")

RING = ["AU", "BN", "CA", "DE", "EU"]


def _rows(members: list[list[int]], upper: list[float] | None = None) -> Rows:
    index = np.array([j for row in members for j in row], dtype=np.int32)
    starts = np.concatenate(([0], np.cumsum([len(row) for row in members]))).astype(np.int32)
    return Rows(np.array(upper or [1.0] * len(members)), starts, index)


def _five_cycle() -> Rows:
    """x0..x4, neighbours in the cycle exclude each other: at most two of five."""
    return _rows([[k, (k + 1) % 5] for k in range(5)])


def test_highs_bound_closes_an_odd_cycle_the_lp_leaves_open() -> None:
    rows, cost = _five_cycle(), np.full(5, 2.0)

    lp = lp_bound(rows, cost, ceiling=10.0, time_limit=5)
    mip = highs_bound(rows, cost, warm=np.array([1.0, 0, 0, 0, 0]), time_limit=10)

    assert np.floor(lp.bound + 1e-6) == 5.0  # 2.5 meetings of weight 2
    assert (np.floor(mip.bound + 1e-6), mip.optimal) == (4.0, True)
    assert mip.values is not None
    assert float(cost @ mip.values) == 4.0  # heavier than the warm start's 2


def test_tightener_answers_from_its_own_child() -> None:
    tightener = Tightener()
    try:
        tightener.start(_five_cycle(), np.full(5, 2.0), warm=np.zeros(5), deadline=time.perf_counter() + 60)
        answer = tightener.wait()
    finally:
        tightener.close()

    assert answer is not None
    assert (np.floor(answer.bound + 1e-6), answer.optimal, tightener.cut) == (4.0, True, False)


def test_tightener_that_never_returns_is_killed_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bound_module, "highs_bound", never_returns.solve_mip)
    monkeypatch.setattr(bound_module, "TIGHTEN_SECONDS", 1.0)
    tightener = Tightener()
    try:
        tightener.start(_five_cycle(), np.full(5, 2.0), warm=np.zeros(5), deadline=time.perf_counter() + 2)
        answer = tightener.wait()
    finally:
        tightener.close()

    assert (answer, tightener.cut) == (None, True)


def test_tightener_with_too_little_time_left_does_not_start() -> None:
    """Under TIGHTEN_SECONDS to the deadline it would only take a core from the search: it stays idle."""
    tightener = Tightener()
    try:
        tightener.start(_five_cycle(), np.full(5, 2.0), warm=np.zeros(5), deadline=time.perf_counter() + 2)
        assert (tightener.started, tightener.wait()) == (False, None)
    finally:
        tightener.close()


def _ring_and_fillers(fillers: int) -> tuple[list[Request], dict[str, list[Interval]]]:
    slot = [span(0, "10:00", "10:30")]
    free: dict[str, list[Interval]] = dict.fromkeys(RING, slot)
    requests = [ask(f"ring{k}", RING[k], RING[(k + 1) % 5], priority=5) for k in range(5)]
    for k in range(fillers):
        free[f"A{k:03d}"] = free[f"B{k:03d}"] = [span(0, "08:00", "20:00"), span(1, "08:00", "20:00")]
        requests.append(ask(f"f{k:03d}", f"A{k:03d}", f"B{k:03d}", priority=5))
    return requests, free


def test_solve_stalled_search_is_proven_optimal_by_the_whole_program_bound() -> None:
    """100 independent pairs (every one fits; over 9,000 candidate starts, so no whole-program solve first)
    and the ring: the optimum is 102 meetings of weight 5 = 510, the LP's bound 512 (0.4 % above). No
    neighbourhood can prove a bound; the whole program's, computed once the search stalls, does."""
    requests, free = _ring_and_fillers(100)
    rooms = [Room(f"R{k}", f"Room {k}", 2, (Interval(0, 2 * PER_DAY),)) for k in range(1, 11)]
    instance = build(free, requests, rooms=rooms)

    result = solve(instance, time_limit=30)

    assert (result.objective, result.bound, result.status) == (510.0, 510.0, "optimal")
    assert any(line.startswith("LP relaxation") and line.endswith("bound 512") for line in result.log)
    assert any(line.startswith("whole-program bound") for line in result.log)
    assert validate(instance, result.assignments) == []


def test_kept_lp_bound_is_the_lp_of_keeping_under_a_weight_floor() -> None:
    """A kept start (weight 1) clashes with a new one (weight 3); at weight >= 2.5 the LP keeps at most a
    quarter of the old one: x_old + x_new <= 1 and x_old + 3 x_new >= 2.5 give x_old <= 0.25."""
    rows = _rows([[0, 1]])

    kept = kept_lp_bound(rows, np.array([1.0, 0.0]), np.array([1.0, 3.0]), floor=2.5, time_limit=5)
    loose = kept_lp_bound(rows, np.array([1.0, 0.0]), np.array([1.0, 3.0]), floor=0.5, time_limit=5)

    assert kept == pytest.approx(0.25, abs=1e-3)
    assert loose == pytest.approx(1.0, abs=1e-3)


def test_kept_lp_bound_at_the_exact_weight_proves_a_move_more_than_half_a_unit_below() -> None:
    """Two kept starts A and B (weight 1 each) each clash with a new meeting N (weight 1); each has another
    start A', B' clashing with nothing. The heaviest schedules (weight 3: N, A', B') move both. Weights are
    whole, so the floor is the weight itself: the LP then keeps nothing (3 - max(x_A, x_B) >= 3), where half
    a unit below it keeps one (x_A = x_B = 0.5) and would prove a single move."""
    a, b, n, a_alt, b_alt = range(5)
    rows = _rows([[a, n], [b, n], [a, a_alt], [b, b_alt]])
    keep, weight = np.array([1.0, 1.0, 0.0, 0.0, 0.0]), np.ones(5)

    exact = kept_lp_bound(rows, keep, weight, floor=3.0, time_limit=5)
    below = kept_lp_bound(rows, keep, weight, floor=2.5, time_limit=5)

    assert np.floor(exact + 1e-6) == 0
    assert below == pytest.approx(1.0, abs=1e-3)


def test_solve_rescheduling_too_large_for_the_exact_stage_proves_its_minimum_by_the_lp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The swap (VN–JP and VN–KR trade places once JP can only come at 11:00) with 40 unmoving pairs, the
    exact stage ruled out by size: the LP of keeping previous starts at full weight still proves the two moves."""
    monkeypatch.setattr(reschedule_module, "FEWEST_MOVES_LIMIT", 0)
    instance, changed = _swap_case(40)
    first = [Assignment("r1", at(0, "10:00"), "R1"), Assignment("r2", at(0, "11:00"), "R1")]
    first += [a for a in solve(instance, time_limit=10).assignments if a.request_id.startswith("f")]

    after = solve(changed, time_limit=20, previous=first)

    assert (after.moved, after.moves_minimum, after.objective) == (2, 2, 3 * 42)
    assert any("proven by the LP relaxation" in line for line in after.log)
    assert validate(changed, after.assignments) == []


def test_solve_whole_program_bound_that_never_returns_is_killed_and_the_search_keeps_its_schedule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same ring and pairs, the whole program's solver hanging: it is killed at the deadline, the LP's
    bound stands, and the schedule the search found is returned, valid."""
    monkeypatch.setattr(bound_module, "highs_bound", never_returns.solve_mip)
    monkeypatch.setattr(bound_module, "TIGHTEN_SECONDS", 1.0)
    requests, free = _ring_and_fillers(100)
    rooms = [Room(f"R{k}", f"Room {k}", 2, (Interval(0, 2 * PER_DAY),)) for k in range(1, 11)]
    instance = build(free, requests, rooms=rooms)

    result = solve(instance, time_limit=8)

    assert (result.objective, result.bound, result.status) == (510.0, 512.0, "feasible")
    assert "whole-program bound: killed at its budget, no bound from it" in result.log
    assert validate(instance, result.assignments) == []


def test_fewest_moves_too_large_for_the_exact_stage_puts_needless_moves_back_and_proves_the_minimum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The swap with three unmoving pairs, but a schedule that also moved two of them for nothing (one
    re-timed within its day, one dropped): with the whole program ruled out by size, the days of the
    previous starts not kept are re-placed exactly, both go back, and the LP proves the two moves left."""
    monkeypatch.setattr(reschedule_module, "FEWEST_MOVES_LIMIT", 0)
    _, changed = _swap_case(3)
    fillers = {f"f{k:02d}": at(0, f"{9 + k}:00") for k in range(3)}
    first = [Assignment("r1", at(0, "10:00"), "R1"), Assignment("r2", at(0, "11:00"), "R1")]
    first += [Assignment(rid, start, "R2") for rid, start in fillers.items()]
    c = prepare(changed, previous=first)
    rows = build_rows(c)
    index = {r.id: i for i, r in enumerate(changed.requests)}
    keep = np.zeros(c.n_vars, dtype=np.bool_)
    for a in first:
        v = c.var_of(index[a.request_id], a.start)
        if v is not None:
            keep[v] = True
    search = Search(c, rows, keep=keep, pinned_weight=0.0, trace=Trace(time.perf_counter(), None, None))
    # The optimum for VN (JP at 11:00, KR at 10:00), f00 re-timed to 15:00 and f01 dropped, f02 kept.
    schedule = [("r1", at(0, "11:00")), ("r2", at(0, "10:00")), ("f00", at(0, "15:00")), ("f02", fillers["f02"])]
    for rid, start in schedule:
        v = c.var_of(index[rid], start)
        assert v is not None
        search.place(np.array([v], dtype=np.int64))
    assert search.primary() == 3 * 4

    minimum = fewest_moves(search, previous_count=5, deadline=time.perf_counter() + 10)

    assert search.primary() == 3 * 5  # the dropped one is back: the weight comes first
    assert (5 - search.kept(), minimum) == (2, 2)
    assert any("by re-placing the days of the previous starts not kept" in line for line in search.trace.lines)
