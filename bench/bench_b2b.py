"""Business-to-business style instances (bench.b2b_generator): every meeting fits, all weigh the same, and
the figure that matters is the idle gaps. Target: every meeting placed and idle gaps within 1 of the
proven optimum on at least 90 % of instances, in at most 30 s each.

"Proven" here means the solver's own compactness bound (`Result.gaps_bound`, the proven fewest gaps for
the meetings placed; with every meeting placed that is the proven fewest of any complete schedule).
Choose with BENCH_B2B_SEEDS (default "0-19"), BENCH_B2B_LIMIT (seconds, default 30).
"""

from __future__ import annotations

import os
import time
from typing import Any

from bench.b2b_generator import generate_b2b
from mufakat.bilaterals.scheduler import greedy, solve, validate
from mufakat.bilaterals.scheduler.gaps import gaps_by_principal


class _B2B:
    """A picklable job: generate, solve, measure (run in its own process by bench_bilaterals._isolated)."""

    def __init__(self, seed: int, limit: float) -> None:
        self.seed, self.limit = seed, limit

    def __call__(self) -> dict[str, Any]:
        instance = generate_b2b(self.seed)
        baseline = greedy(instance)
        began = time.perf_counter()
        result = solve(instance, time_limit=self.limit)
        wall = time.perf_counter() - began
        return {
            "name": instance.name,
            "meetings": len(instance.requests),
            "pinned": sum(r.pinned_start is not None for r in instance.requests),
            "placed": len(result.assignments),
            "greedy_gaps": sum(gaps_by_principal(instance, baseline.assignments).values()),
            "gaps": result.gaps,
            "bound": result.gaps_bound,
            "worst": result.worst_gaps,
            "spread": result.gap_spread,
            "wall": wall,
            "violations": len(validate(instance, result.assignments)),
        }


def _seeds() -> list[int]:
    text = os.environ.get("BENCH_B2B_SEEDS", "0-19")
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in text.split(",")]


def run_b2b(isolated: Any) -> None:
    limit = float(os.environ.get("BENCH_B2B_LIMIT", "30"))
    seeds = _seeds()
    print(f"\nbusiness-to-business set (all meetings fit, equal weights), {len(seeds)} instances, limit {limit:g} s")
    print(
        f"{'seed':>4} {'instance':<62} {'pinned':>6} {'placed':>9} {'greedy':>6} {'gaps':>5} {'bound':>5} "
        f"{'gap':>4} {'worst':>5} {'spread':>6} {'wall':>5}"
    )
    rows = []
    for seed in seeds:
        out = isolated(_B2B(seed, limit))
        if "error" in out:
            print(f"{seed:>4} failed: {out['error']}")
            continue
        rows.append(out)
        flag = f"  INVALID ({out['violations']})" if out["violations"] else ""
        print(
            f"{seed:>4} {out['name'][:62]:<62} {out['pinned']:>6} {out['placed']:>4}/{out['meetings']:<4} "
            f"{out['greedy_gaps']:>6} {out['gaps']:>5} {out['bound']:>5} {out['gaps'] - out['bound']:>4} "
            f"{out['worst']:>5} {out['spread']:>6} {out['wall']:>5.1f}{flag}"
        )
    if rows:
        n = len(rows)
        complete = sum(r["placed"] == r["meetings"] for r in rows)
        within = sum(r["gaps"] - r["bound"] <= 1 for r in rows)
        in_time = sum(r["wall"] <= limit for r in rows)
        print(
            f"every meeting placed on {complete}/{n}; idle gaps within 1 of the proven bound on {within}/{n} "
            f"({within / n:.0%}; target >= 90 %); within {limit:g} s on {in_time}/{n}"
        )
