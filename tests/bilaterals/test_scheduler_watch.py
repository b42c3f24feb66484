"""The solver watched as it runs (a background job): `observe` gets the weight, bound and gap as they move and
last the final figures; `stop` is asked between the solve's steps and stops it with SolveStopped."""

from __future__ import annotations

import itertools

import pytest
from bench.bilaterals_generator import generate

from mufakat.bilaterals.scheduler import SolveStatus, SolveStopped, solve


def test_observe_sees_the_figures_and_ends_on_the_result() -> None:
    seen: list[SolveStatus] = []

    result = solve(generate("tiny", "heavy", 0), time_limit=5, observe=seen.append)

    final = seen[-1]
    assert (final.best, final.bound, final.gap) == (result.objective, result.bound, round(result.gap, 6))
    assert all(earlier.best <= later.best for earlier, later in itertools.pairwise(seen))


@pytest.mark.parametrize("calls_before_stop", [0, 1])
def test_stop_stops_the_solve_between_its_steps(calls_before_stop: int) -> None:
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > calls_before_stop

    with pytest.raises(SolveStopped):
        solve(generate("tiny", "heavy", 0), time_limit=5, stop=stop)
    assert len(asked) == calls_before_stop + 1
