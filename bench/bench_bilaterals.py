"""Bilateral scheduler figures: per scale and demand level, the optimiser against its bound and
against the first-come-first-served baseline; then rescheduling churn.

Each instance runs in its own process so that peak memory (ru_maxrss, which counts HiGHS's C++
allocations too) belongs to that instance alone. Choose what runs with environment variables:
BENCH_BILATERALS_SCALES (default "S,M,L"), BENCH_BILATERALS_DEMANDS (default "low,balanced,heavy"),
BENCH_BILATERALS_SEED (default 0), BENCH_BILATERALS_RESCHEDULE (default "S,M"; BENCH_BILATERALS_DEMANDS=
empty runs the rescheduling rows alone),
BENCH_BILATERALS_LIMIT (seconds for every scale instead of TIME_LIMITS),
BENCH_BILATERALS_HOG (processes spinning on a core beside the solver, default 0: a loaded machine),
BENCH_BILATERALS_B2B ("1" to also run the business-to-business set, bench.bench_b2b; "only" to run just
that set, with the hogs; default "0").
Issue 19's run: BENCH_BILATERALS_DEMANDS=balanced,heavy BENCH_BILATERALS_SEED=101 BENCH_BILATERALS_RESCHEDULE=M
BENCH_BILATERALS_HOG=1 (new seeds; "a second process loading one core"). The rescheduling row gives the
previous meetings re-timed or dropped against the proven fewest at that weight, and the latency.

Wall time is measured around `solve` in the instance's process, against the limit: the limit holds
when wall <= limit + 10 %. "cut" names the phases whose solver call was killed at its budget.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from typing import Any

from bench.bench_b2b import run_b2b
from bench.bilaterals_generator import (
    DEMAND,
    arrive_a_day_late,
    busiest_parties,
    demand_ratio,
    generate,
    lose_room,
)
from mufakat.bilaterals.scheduler import Instance, Result, greedy, moves, solve, validate
from mufakat.bilaterals.scheduler.child import largest_child_mb

TIME_LIMITS = {"tiny": 5.0, "S": 15.0, "M": 60.0, "L": 120.0}
TARGET_GAP = {"tiny": 0.001, "S": 0.001, "M": 0.001, "L": 0.005}


def _limit(scale: str) -> float:
    override = os.environ.get("BENCH_BILATERALS_LIMIT")
    return float(override) if override else TIME_LIMITS[scale]


def _hog() -> None:
    while True:
        pass


def _hogs(count: int) -> list[Any]:
    context = multiprocessing.get_context("spawn")
    hogs = [context.Process(target=_hog, daemon=True) for _ in range(count)]
    for hog in hogs:
        hog.start()
    return hogs


def _in_child(job: Callable[[], dict[str, Any]], queue: Any) -> None:
    try:
        out = job()
    except Exception as exc:
        out = {"error": repr(exc)}
    # HiGHS runs in the solver's child process (started by a forkserver, so not counted in RUSAGE_CHILDREN).
    out["peak_mb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, largest_child_mb())
    queue.put(out)


def _isolated(job: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_in_child, args=(job, queue))
    process.start()
    out: dict[str, Any] = queue.get()
    process.join()
    return out


class _Solve:
    """A picklable job: generate, solve, measure."""

    def __init__(self, scale: str, demand: str, seed: int) -> None:
        self.scale, self.demand, self.seed = scale, demand, seed

    def __call__(self) -> dict[str, Any]:
        instance = generate(self.scale, self.demand, self.seed)
        baseline = greedy(instance)
        began = time.perf_counter()
        result = solve(instance, time_limit=_limit(self.scale), mip_gap=TARGET_GAP[self.scale])
        wall = time.perf_counter() - began
        violations = validate(instance, result.assignments)
        return {
            "requests": len(instance.requests),
            "rho": demand_ratio(instance),
            "weight": result.objective,
            "bound": result.bound,
            "gap": result.gap,
            "first": result.seconds_to_first,
            "one_pct": result.seconds_to_1pct,
            "proof": result.seconds_to_gap,
            "seconds": result.seconds,
            "wall": wall,
            "limit": _limit(self.scale),
            "cut": ",".join(result.cut) or "-",
            "tiers": _tiers(instance, result),
            "worst": _worst(instance, result),
            "greedy": baseline.objective,
            "violations": len(violations),
            "idle": result.gaps,
            "idle_bound": result.gaps_bound,
            "idle_worst": result.worst_gaps,
        }


def _tiers(instance: Instance, result: Result) -> str:
    placed = {a.request_id for a in result.assignments}
    parts = []
    for priority in (5, 4, 3, 2, 1):
        asked = [r for r in instance.requests if r.priority == priority]
        if asked:
            parts.append(f"{priority}:{sum(r.id in placed for r in asked) / len(asked):.0%}")
    return " ".join(parts)


def _worst(instance: Instance, result: Result) -> str:
    placed = {a.request_id for a in result.assignments}
    party = {p.id: p.party for p in instance.principals}
    asked: dict[str, int] = {}
    got: dict[str, int] = {}
    for r in instance.requests:
        for code in {party[p] for p in r.principals if p in party}:
            asked[code] = asked.get(code, 0) + 1
            got[code] = got.get(code, 0) + (r.id in placed)
    worst = min(asked, key=lambda code: (got[code] / asked[code], code))
    return f"{worst} {got[worst]}/{asked[worst]}"


class _Reschedule:
    def __init__(self, scale: str, seed: int) -> None:
        self.scale, self.seed = scale, seed

    def __call__(self) -> dict[str, Any]:
        instance = generate(self.scale, "balanced", self.seed)
        limit = _limit(self.scale)
        base = solve(instance, time_limit=limit, mip_gap=TARGET_GAP[self.scale])
        late = busiest_parties(instance, 3)
        used = {a.room_id for a in base.assignments}
        lost = next(r.id for r in instance.rooms if r.id in used and r.capacity == 2)
        changed = lose_room(arrive_a_day_late(instance, late), lost)
        began = time.perf_counter()
        kept = solve(changed, time_limit=limit, previous=base.assignments, mip_gap=TARGET_GAP[self.scale])
        latency = time.perf_counter() - began
        scratch = solve(changed, time_limit=limit, mip_gap=TARGET_GAP[self.scale])
        # Previous meetings the change itself breaks, by the independent validator: these must move.
        forced = [a for a in base.assignments if validate(changed, [a])]
        return {
            "change": f"{','.join(late)} a day late, room {lost} lost",
            "base": base.objective,
            "forced": len(forced),
            "kept_weight": kept.objective,
            "kept_moves": len(kept.moves),
            "kept_retimed_or_dropped": sum(
                1 for m in kept.moves if m.before is not None and (m.after is None or m.after.start != m.before.start)
            ),
            "kept_minimum": kept.moves_minimum,
            "kept_kinds": _kinds(kept.moves),
            "kept_gap": kept.gap,
            "latency": latency,
            "scratch_weight": scratch.objective,
            "scratch_moves": len(moves(base.assignments, scratch.assignments)),
            "violations": len(validate(changed, kept.assignments)),
        }


def _kinds(changes: list[Any]) -> str:
    timed = sum(1 for m in changes if m.before and m.after and m.before.start != m.after.start)
    roomed = sum(1 for m in changes if m.before and m.after and m.before.start == m.after.start)
    dropped = sum(1 for m in changes if m.after is None)
    added = sum(1 for m in changes if m.before is None)
    return f"{timed} re-timed, {roomed} room only, {dropped} dropped, {added} added"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def run() -> None:
    scales = os.environ.get("BENCH_BILATERALS_SCALES", "S,M,L").split(",")
    # Empty (BENCH_BILATERALS_DEMANDS=) runs no solve row: the rescheduling rows alone.
    demands = [d for d in os.environ.get("BENCH_BILATERALS_DEMANDS", ",".join(DEMAND)).split(",") if d]
    seed = int(os.environ.get("BENCH_BILATERALS_SEED", "0"))
    reschedule = os.environ.get("BENCH_BILATERALS_RESCHEDULE", "S,M").split(",")
    hog_count = int(os.environ.get("BENCH_BILATERALS_HOG", "0"))
    b2b = os.environ.get("BENCH_BILATERALS_B2B", "0")
    if b2b == "only":
        scales, reschedule = [], []
    limits = {scale: _limit(scale) for scale in scales}
    print(
        f"bilateral scheduler, seed {seed}; time limits {limits}; {os.cpu_count()} cores "
        f"(shared: timings are noisy); {hog_count} CPU hog(s) beside the solver; load average "
        f"{os.getloadavg()[0]:.1f} before it started"
    )
    header = (
        f"{'scale':<5} {'demand':<8} {'req':>5} {'rho':>5} {'weight':>7} {'bound':>7} {'gap':>7} "
        f"{'first':>6} {'1%':>6} {'target':>6} {'total':>6} {'wall':>6} {'limit':>6} {'over':>6} {'greedy':>7} "
        f"{'ratio':>6} {'peak MB':>8} {'idle':>5} {'ibound':>6} {'igap':>5} {'iworst':>6}  {'worst-served':<12} "
        f"{'cut':<14} share scheduled by priority"
    )
    if scales:
        print(header)
    hogs = _hogs(hog_count)
    try:
        for scale in scales:
            for demand in demands:
                _solve_row(scale, demand, seed)
        for scale in (s for s in reschedule if s in scales):
            _reschedule_row(scale, seed)
        if scales:
            print(f"load average over the last 5 minutes: {os.getloadavg()[1]:.1f} (on {os.cpu_count()} cores)")
        if b2b in ("1", "only"):
            run_b2b(_isolated)
    finally:
        for hog in hogs:
            hog.kill()
            hog.join()


def _solve_row(scale: str, demand: str, seed: int) -> None:
    out = _isolated(_Solve(scale, demand, seed))
    if "error" in out:
        print(f"{scale:<5} {demand:<8} failed: {out['error']}")
        return
    ratio = out["weight"] / out["greedy"] if out["greedy"] else float("inf")
    flag = f"  INVALID ({out['violations']} violations)" if out["violations"] else ""
    over = out["wall"] / out["limit"] - 1.0
    print(
        f"{scale:<5} {demand:<8} {out['requests']:>5} {out['rho']:>5.2f} {out['weight']:>7g} "
        f"{out['bound']:>7g} {out['gap']:>7.2%} {_seconds(out['first']):>6} {_seconds(out['one_pct']):>6} "
        f"{_seconds(out['proof']):>6} {out['seconds']:>6.1f} {out['wall']:>6.1f} {out['limit']:>6g} {over:>+6.1%} "
        f"{out['greedy']:>7g} {ratio:>6.3f} {out['peak_mb']:>8.0f} {out['idle']:>5} {out['idle_bound']:>6} "
        f"{out['idle'] - out['idle_bound']:>5} {out['idle_worst']:>6}  {out['worst']:<12} {out['cut']:<14} "
        f"{out['tiers']}{flag}"
    )


def _reschedule_row(scale: str, seed: int) -> None:
    out = _isolated(_Reschedule(scale, seed))
    if "error" in out:
        print(f"rescheduling {scale} failed: {out['error']}")
        return
    print(
        f"rescheduling {scale} ({out['change']}): base weight {out['base']:g}, {out['forced']} meetings "
        f"broken by the change; minimal-perturbation re-solve: weight {out['kept_weight']:g} "
        f"(gap {out['kept_gap']:.2%}), {out['kept_moves']} changes ({out['kept_kinds']}); re-timed or dropped "
        f"{out['kept_retimed_or_dropped']}, proven at least {out['kept_minimum']} needed at that weight; in "
        f"{out['latency']:.1f} s; from scratch: weight {out['scratch_weight']:g}, "
        f"{out['scratch_moves']} assignments differ"
        + (f"  INVALID ({out['violations']} violations)" if out["violations"] else "")
    )


if __name__ == "__main__":
    run()
