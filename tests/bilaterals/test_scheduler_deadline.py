"""Hard time limits: every solver call runs in a child process killed at its budget, and the result says
which phases lost a call that way and how long the solve took. No timed asserts: a call that would never
return is the test, and the result must still be a valid schedule."""

from __future__ import annotations

import importlib
import multiprocessing
import threading
import time
from typing import Any

import pytest
from bench.bilaterals_generator import generate

from mufakat.bilaterals.scheduler import result_to_json, solve, validate
from mufakat.bilaterals.scheduler.child import SolverProcess
from tests.bilaterals import never_returns

# The package exports the function `solve` under the module's name; the module itself is wanted here.
solve_module = importlib.import_module("mufakat.bilaterals.scheduler.solve")
search_module = importlib.import_module("mufakat.bilaterals.scheduler.search")


def test_solver_process_call_past_its_budget_is_killed_and_the_next_call_gets_a_new_child() -> None:
    with SolverProcess() as process:
        first = process.call("warm-up", sum, [1, 2], budget=60)
        child = process.pid
        cut = process.call("sleep", time.sleep, 3600, budget=0.5)
        gone = process.pid
        after = process.call("sum", sum, [3, 4], budget=60)

        assert (first.value, first.cut) == (3, False)
        assert (cut.value, cut.cut) == (None, True)
        assert (child is not None, gone) == (True, None)
        assert (after.value, after.cut) == (7, False)
        assert process.pid not in (None, child)
        assert (process.cuts, process.calls, process.inline) == (
            {"sleep": 1},
            {"warm-up": 1, "sleep": 1, "sum": 1},
            False,
        )


def test_solver_process_exception_in_the_child_is_raised_in_the_caller() -> None:
    with SolverProcess() as process, pytest.raises(ValueError, match="invalid literal for int"):
        process.call("int", int, "not a number", budget=60)


def test_solver_process_called_from_a_web_server_thread() -> None:
    """A web worker's thread may solve: the child is started by the forkserver, never forked from it."""
    answers: list[object] = []

    def worker() -> None:
        with SolverProcess() as process:
            answers.append(process.call("sum", sum, [1, 2, 3], budget=60).value)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()

    assert answers == [6]


def test_solve_lp_bound_that_never_returns_is_killed_and_the_limit_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large instance and a tiny limit: the LP relaxation (which cannot be interrupted) is killed at its
    budget, the search goes on without its bound, and the schedule is complete and valid."""
    monkeypatch.setattr(solve_module, "lp_bound", never_returns.lp_bound)
    instance = generate("M", "balanced", 0)

    result = solve(instance, time_limit=4)

    assert result.cut[:1] == ["LP bound"]  # a neighbourhood may be cut too (its HiGHS ran long)
    assert any(line.startswith("solver calls killed at their budget: LP bound 1 of 1") for line in result.log)
    assert any(line.startswith("LP relaxation (killed at its budget of ") for line in result.log)
    assert result.time_limit == 4
    assert result.seconds > 0
    assert result.bound >= result.objective > 0
    assert validate(instance, result.assignments) == []


def test_solve_neighbourhoods_that_never_return_are_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sub-MIP hangs: the whole-program solve is cut first, the schedule is the first one built, valid."""
    monkeypatch.setattr(search_module, "solve_mip", never_returns.solve_mip)
    instance = generate("tiny", "balanced", 0)

    result = solve(instance, time_limit=4)

    assert result.cut[:1] == ["whole program"]
    # Compactness then has only what the hung calls left of the time; a call of its own may be cut too.
    assert set(result.cut) <= {"whole program", "neighbourhood", "compactness"}
    assert result.objective > 0
    assert validate(instance, result.assignments) == []


def test_result_json_has_the_time_limit_and_the_phases_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solve_module, "lp_bound", never_returns.lp_bound)
    instance = generate("tiny", "balanced", 0)

    data = result_to_json(solve(instance, time_limit=3), instance)

    assert (data["time_limit"], data["cut"][:1]) == (3, ["LP bound"])
    assert data["seconds"] > 0


def _solver_process_in_a_daemon(queue: Any) -> None:
    with SolverProcess() as process:
        outcome = process.call("sum", sum, [1, 2], budget=60)
        queue.put((outcome.value, outcome.cut, process.inline))


def test_solver_process_in_a_daemonic_process_runs_the_call_here() -> None:
    """A job worker may be a daemonic process, which may not have children: the call runs in it instead."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    daemon = context.Process(target=_solver_process_in_a_daemon, args=(queue,), daemon=True)
    daemon.start()
    answer = queue.get(timeout=120)
    daemon.join()

    assert answer == (3, False, True)


def test_solver_process_closed_from_another_thread_ends_the_running_call() -> None:
    """A cancellation: the solve's thread is waiting on HiGHS; closing the process from elsewhere ends the
    wait at once (well before the hour-long budget), the call counted as cut, and later calls do not run."""
    process = SolverProcess()
    process.call("warm-up", sum, [1], budget=60)
    outcomes: list[object] = []
    thread = threading.Thread(target=lambda: outcomes.append(process.call("sleep", time.sleep, 3600, budget=3600)))
    thread.start()
    while process.calls.get("sleep") is None:
        time.sleep(0.01)
    process.close()
    thread.join()
    later = process.call("sum", sum, [1, 2], budget=60)

    assert [(o.value, o.cut) for o in outcomes] == [(None, True)]  # type: ignore[attr-defined]
    assert (later.value, later.cut, process.pid) == (None, True, None)
    assert process.cuts == {"sleep": 1, "sum": 1}
