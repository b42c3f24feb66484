"""A small integer program (minimise, bounded integer columns, ranged rows) with two back-ends:
HiGHS's branch and bound and CP-SAT. The compactness stage builds one model and can hand it to
either, which is how the two were measured against each other (see compact.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

INF = float("inf")


@dataclass
class Linear:
    """min cost @ x  subject to  row_lo <= A x <= row_hi,  lower <= x <= upper,  x integer."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    row_lo: list[float] = field(default_factory=list)
    row_hi: list[float] = field(default_factory=list)
    rows: list[tuple[list[int], list[float]]] = field(default_factory=list)

    def column(self, lower: float, upper: float, cost: float = 0.0) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        return len(self.cost) - 1

    def row(self, index: list[int], value: list[float], lo: float, hi: float) -> None:
        self.rows.append((index, value))
        self.row_lo.append(lo)
        self.row_hi.append(hi)

    @property
    def n(self) -> int:
        return len(self.cost)


@dataclass
class Answer:
    values: NDArray[np.float64]
    optimal: bool
    bound: float  # a proven lower bound on the minimum (the warm start's cost when nothing better is known)


def solve_highs(model: Linear, warm: NDArray[np.float64], *, time_limit: float) -> Answer:
    import highspy  # noqa: PLC0415 - a C++ extension; loaded only when a solve needs it

    from mufakat.bilaterals.scheduler.milp import new_highs  # noqa: PLC0415

    n = model.n
    highs = new_highs()
    highs.setOptionValue("time_limit", max(0.05, time_limit))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("presolve", "off")  # as for the weight's neighbourhoods: it costs more than it saves
    empty_i, empty_f = np.zeros(0, np.int32), np.zeros(0)
    highs.addCols(n, np.array(model.cost), np.array(model.lower), np.array(model.upper), 0, empty_i, empty_i, empty_f)
    if model.rows:
        starts = np.concatenate(([0], np.cumsum([len(ix) for ix, _ in model.rows]))).astype(np.int32)
        index = np.concatenate([np.asarray(ix, dtype=np.int32) for ix, _ in model.rows])
        value = np.concatenate([np.asarray(v, dtype=np.float64) for _, v in model.rows])
        lo = np.where(np.isfinite(model.row_lo), model.row_lo, -highspy.kHighsInf)
        hi = np.where(np.isfinite(model.row_hi), model.row_hi, highspy.kHighsInf)
        highs.addRows(len(model.rows), lo, hi, int(index.shape[0]), starts[:-1], index, value)
    highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    highs.setSolution(n, np.arange(n, dtype=np.int32), warm)
    highs.run()
    info = highs.getInfo()
    values = warm
    if info.primal_solution_status == 2:  # kSolutionStatusFeasible
        values = np.asarray(np.round(np.asarray(highs.getSolution().col_value)), dtype=np.float64)
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    bound = float(info.mip_dual_bound)
    return Answer(values, optimal, bound if np.isfinite(bound) else -INF)


def solve_cpsat(model: Linear, warm: NDArray[np.float64], *, time_limit: float, workers: int = 1) -> Answer:
    from ortools.sat.python import cp_model  # noqa: PLC0415

    cp = cp_model.CpModel()
    big, wide = 2**40, 10**6  # rows' open sides; columns' open bounds (counts of meetings, far below)
    xs = [
        cp.new_int_var(int(lo) if np.isfinite(lo) else -wide, int(hi) if np.isfinite(hi) else wide, "")
        for lo, hi in zip(model.lower, model.upper, strict=True)
    ]
    for (index, value), lo, hi in zip(model.rows, model.row_lo, model.row_hi, strict=True):
        expr = cp_model.LinearExpr.weighted_sum([xs[k] for k in index], [int(v) for v in value])
        cp.add_linear_constraint(expr, int(lo) if np.isfinite(lo) else -big, int(hi) if np.isfinite(hi) else big)
    cp.minimize(cp_model.LinearExpr.weighted_sum(xs, [int(v) for v in model.cost]))
    for x, w in zip(xs, warm, strict=True):
        cp.add_hint(x, round(w))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    status = solver.solve(cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Answer(warm, False, -INF)
    values = np.array([solver.value(x) for x in xs], dtype=np.float64)
    return Answer(values, status == cp_model.OPTIMAL, float(solver.best_objective_bound))


def solve_linear(
    model: Linear, warm: NDArray[np.float64], *, time_limit: float, backend: str, workers: int = 1
) -> Answer:
    """The model by `backend` ("cp-sat" or "highs"); `workers` for CP-SAT."""
    if backend == "highs":
        return solve_highs(model, warm, time_limit=time_limit)
    return solve_cpsat(model, warm, time_limit=time_limit, workers=workers)
