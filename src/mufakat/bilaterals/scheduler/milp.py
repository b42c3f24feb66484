"""The time-indexed 0/1 program, built with numpy and solved with HiGHS.

One column per candidate (request, start). Rows:
- per request: at most one start;
- per principal and grain: at most one meeting occupying it, where a meeting occupies its duration
  plus the buffer after it. Only maximal cliques are kept: a grain's row is dropped when the set of
  meetings covering it is contained in another grain's set;
- per grain and capacity class c: meetings needing at least c seats <= rooms seating at least c
  that are free then (pinned meetings' rooms already taken out);
- per precedence: clique rows keeping the later request after the earlier (scheduler.precedence).

The room rows aggregate rooms, so a solution can still fail to colour into concrete rooms when rooms
open and close during the day; `rooms.assign_rooms` repairs that case.

Where the LP is weak (issue 19, S heavy seed 101: LP 1,178.09, best schedule ever seen 1,106): the LP
takes 337 requests whole (weight 1,153) but at fractional starts (1,518 fractional columns, 3 at 1), each
principal's meetings spread over starts a grain or two apart, which no single principal's rows forbid
(an interval graph's cliques are exact) but the partners cannot all follow. Measured, not kept:
- clique rows over principal triangles (requests with two members in {a, b, c} covering a grain): six
  separation rounds moved the LP 1,178.09 -> 1,177.98;
- HiGHS's own root cuts, 117 s on the whole program: 1,178.09 -> 1,176.5, and no schedule above 1,089;
- CP-SAT, one worker, no hint: no schedule in 45 s.
The large-neighbourhood search levels off at 1,100-1,106 in 40 s whatever the neighbourhood size or
LP-guided seeding, so the open gap on heavy demand is mostly this bound.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler.candidates import Candidates
from mufakat.bilaterals.scheduler.precedence import precedence_rows


@dataclass
class Rows:
    """A CSR matrix of 0/1 coefficients with an upper bound per row (every row is `<= upper`)."""

    upper: NDArray[np.float64]
    starts: NDArray[np.int32]
    index: NDArray[np.int32]

    @property
    def count(self) -> int:
        return int(self.upper.shape[0])

    @property
    def nnz(self) -> int:
        return int(self.index.shape[0])


def build_rows(c: Candidates) -> Rows:
    """Every constraint row of the program, as one CSR block."""
    horizon = c.horizon
    nv = c.n_vars
    row_parts: list[NDArray[np.int64]] = []
    var_parts: list[NDArray[np.int64]] = []
    uppers: list[NDArray[np.float64]] = []
    next_row = 0

    def emit(rows: NDArray[np.int64], variables: NDArray[np.int64], upper: NDArray[np.float64]) -> None:
        nonlocal next_row
        row_parts.append(rows + next_row)
        var_parts.append(variables)
        uppers.append(upper)
        next_row += int(upper.shape[0])

    counts = np.diff(c.offsets)
    multi = np.flatnonzero(counts >= 2)
    if multi.shape[0]:
        row_of_request = np.full(counts.shape[0], -1, dtype=np.int64)
        row_of_request[multi] = np.arange(multi.shape[0])
        rows = row_of_request[c.var_request]
        keep = rows >= 0
        emit(rows[keep], np.flatnonzero(keep), np.ones(multi.shape[0]))

    if nv:
        principal_rows = _principal_rows(c)
        if principal_rows is not None:
            emit(*principal_rows)
        for room_rows in _room_rows(c, horizon):
            emit(*room_rows)
        ordered = precedence_rows(c)
        if ordered is not None:
            emit(*ordered)

    if not row_parts:
        return Rows(np.zeros(0), np.zeros(1, dtype=np.int32), np.zeros(0, dtype=np.int32))
    rows_all = np.concatenate(row_parts)
    vars_all = np.concatenate(var_parts)
    order = np.argsort(rows_all, kind="stable")
    starts = np.concatenate(([0], np.cumsum(np.bincount(rows_all, minlength=next_row))))
    return Rows(np.concatenate(uppers), starts.astype(np.int32), vars_all[order].astype(np.int32))


def _expand(starts: NDArray[np.int32], lengths: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(candidate, offset) for every grain each candidate covers."""
    owner = np.repeat(np.arange(starts.shape[0], dtype=np.int64), lengths)
    first = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, np.arange(owner.shape[0], dtype=np.int64) - first


def _principal_rows(c: Candidates) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]] | None:
    horizon = c.horizon
    n_principals = c.avail.shape[0]
    occupied = c.duration[c.var_request] + max(0, c.instance.buffer)
    owner, offset = _expand(c.var_start, occupied)
    grain = c.var_start[owner].astype(np.int64) + offset
    inside = grain < horizon
    # A buffer clipped by the horizon ends at its last grain, which is then that candidate's end.
    last = inside & ((offset == occupied[owner] - 1) | (grain == horizon - 1))
    width = max((len(m) for m in c.members), default=0)
    padded = np.full((len(c.members), width), -1, dtype=np.int64)
    for i, m in enumerate(c.members):
        padded[i, : len(m)] = m
    keys_l, vars_l, first_l, last_l = [], [], [], []
    for j in range(width):
        principal = padded[c.var_request[owner], j]
        ok = inside & (principal >= 0)
        keys_l.append(principal[ok] * horizon + grain[ok])
        vars_l.append(owner[ok])
        first_l.append(offset[ok] == 0)
        last_l.append(last[ok])
    keys, variables = np.concatenate(keys_l), np.concatenate(vars_l)
    size = n_principals * horizon
    count = np.bincount(keys, minlength=size).reshape(n_principals, horizon)
    starts = np.bincount(keys[np.concatenate(first_l)], minlength=size).reshape(n_principals, horizon) > 0
    ends = np.bincount(keys[np.concatenate(last_l)], minlength=size).reshape(n_principals, horizon) > 0
    # The set at grain g is contained in the set at the next start g' unless something ends in [g, g').
    positions = np.where(starts, np.arange(horizon), horizon)
    next_start_incl = np.minimum.accumulate(positions[:, ::-1], axis=1)[:, ::-1]
    next_start = np.concatenate((next_start_incl[:, 1:], np.full((n_principals, 1), horizon)), axis=1)
    ends_sum: NDArray[np.int64] = np.concatenate(
        (np.zeros((n_principals, 1), dtype=np.int64), np.cumsum(ends, axis=1, dtype=np.int64)), axis=1
    )
    ends_between = np.take_along_axis(ends_sum, next_start.astype(np.int64), axis=1) - ends_sum[:, :horizon] > 0
    keep = (starts & ends_between & (count >= 2)).reshape(-1)
    row_of_key = np.full(size, -1, dtype=np.int64)
    n_rows = int(keep.sum())
    if not n_rows:
        return None
    row_of_key[keep] = np.arange(n_rows)
    rows = row_of_key[keys]
    ok = rows >= 0
    return rows[ok], variables[ok], np.ones(n_rows)


def _room_rows(c: Candidates, horizon: int) -> list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]]:
    """Per capacity class: meetings covering grain g <= rooms open at g. Where a room closes or
    opens, also: meetings covering both g and g + j <= rooms open throughout [g, g + j], since a
    meeting cannot change rooms halfway; rows that add nothing to the single-grain ones are left out."""
    out = []
    var_size = c.size[c.var_request]
    var_duration = c.duration[c.var_request]
    longest = int(var_duration.max()) if var_duration.shape[0] else 0
    for seats in np.unique(var_size):
        big_enough = var_size >= seats
        open_rooms = c.room_free[c.capacity >= seats]
        single = open_rooms.sum(axis=0).astype(np.int64)
        for span in range(longest):
            # Candidates covering both g and g + span: g in [start, start + duration - span).
            lengths = np.where(big_enough, np.maximum(var_duration - span, 0), 0)
            owner, offset = _expand(c.var_start, lengths)
            grain = c.var_start[owner].astype(np.int64) + offset
            count = np.bincount(grain, minlength=horizon)
            if span == 0:
                rooms = single
                starts = np.bincount(grain[offset == 0], minlength=horizon) > 0
                fewer = np.concatenate(([False], rooms[1:] < rooms[:-1]))
                keep = (count > rooms) & (starts | fewer)
            else:
                through = open_rooms[:, : horizon - span].copy()
                for step in range(1, span + 1):
                    through &= open_rooms[:, step : horizon - span + step]
                rooms = np.concatenate((through.sum(axis=0), np.zeros(span, dtype=np.int64))).astype(np.int64)
                keep = (count > rooms) & (rooms < single)
            n_rows = int(keep.sum())
            if not n_rows:
                continue
            row_of_grain = np.full(horizon, -1, dtype=np.int64)
            row_of_grain[keep] = np.arange(n_rows)
            rows = row_of_grain[grain]
            ok = rows >= 0
            out.append((rows[ok], owner[ok], rooms[keep].astype(np.float64)))
    return out


_banner_lock = threading.Lock()
_banner_shown = False


def new_highs() -> Any:
    """A silent HiGHS. Its first construction in a process prints a banner on standard output, which
    would corrupt a JSON schedule written there, so that one is sent to standard error instead."""
    global _banner_shown  # noqa: PLW0603 - the banner is printed once per process, so is the redirect
    import highspy  # noqa: PLC0415 - a C++ extension; loaded only when a solve needs it

    with _banner_lock:
        if _banner_shown:
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                os.dup2(2, 1)
                highs = highspy.Highs()  # type: ignore[no-untyped-call]
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _banner_shown = True
    highs.setOptionValue("output_flag", False)
    return highs


def _load(highs: Any, rows: Rows, cost: NDArray[np.float64], *, integral: bool) -> None:
    import highspy  # noqa: PLC0415

    n = int(cost.shape[0])
    empty_i, empty_f = np.zeros(0, np.int32), np.zeros(0)
    highs.addCols(n, cost, np.zeros(n), np.ones(n), 0, empty_i, empty_i, empty_f)
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    if rows.count:
        lower = np.full(rows.count, -highspy.kHighsInf)
        highs.addRows(rows.count, lower, rows.upper, rows.nnz, rows.starts[:-1], rows.index, np.ones(rows.nnz))
    if integral:
        highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))


@dataclass
class Relaxation:
    bound: float  # certified: no 0/1 solution scores more than this under `cost`
    values: NDArray[np.float64]  # the (approximate) LP optimum, to guide the first schedule
    seconds: float
    solver_status: str


def lp_bound(rows: Rows, cost: NDArray[np.float64], *, ceiling: float, time_limit: float) -> Relaxation:
    """The LP relaxation's bound, certified by weak duality rather than trusted to the solver.

    PDLP (a first-order method) solves these large, very degenerate packing LPs in seconds where
    simplex takes minutes, but only to a tolerance. Any y >= 0 proves
        cost @ x <= upper @ y + sum_j max(0, cost_j - (A^T y)_j)   for every x in [0, 1]^n with Ax <= upper,
    so the approximate duals still give a sound bound, only a hair weaker than the LP optimum.
    `ceiling` is a bound known without the LP (the weight of every request that has a start)."""
    from time import perf_counter  # noqa: PLC0415

    started = perf_counter()
    n = int(cost.shape[0])
    if n == 0:
        return Relaxation(0.0, np.zeros(0), 0.0, "empty")
    highs = new_highs()
    highs.setOptionValue("solver", "pdlp")
    # cuPDLP-C stops on these tolerances (not on pdlp_optimality_tolerance); 1e-4 is far tighter than
    # the bound needs once rounded down, and stops S heavy in 11 s instead of 55 s.
    for option in ("primal_feasibility_tolerance", "dual_feasibility_tolerance", "optimality_tolerance"):
        highs.setOptionValue(option, 1e-4)
    highs.setOptionValue("time_limit", max(0.5, time_limit))
    _load(highs, rows, cost, integral=False)
    highs.run()
    status = highs.modelStatusToString(highs.getModelStatus())
    solution = highs.getSolution()
    values = np.clip(np.asarray(solution.col_value, dtype=np.float64), 0.0, 1.0)
    duals = np.asarray(solution.row_dual, dtype=np.float64)
    bound = ceiling
    if values.shape[0] == n and duals.shape[0] == rows.count:
        y = np.maximum(duals, 0.0)
        row_of_entry = np.repeat(np.arange(rows.count), np.diff(rows.starts))
        aty = np.bincount(rows.index, weights=y[row_of_entry], minlength=n)
        bound = min(ceiling, float(rows.upper @ y + np.maximum(0.0, cost - aty).sum()))
    else:
        values = np.zeros(n)
    return Relaxation(bound, values, perf_counter() - started, status)


@dataclass
class SubSolution:
    values: NDArray[np.float64]
    optimal: bool
    dual_bound: float


def solve_mip(
    rows: Rows,
    cost: NDArray[np.float64],
    *,
    warm: NDArray[np.float64] | None,
    time_limit: float,
    rel_gap: float = 0.0,
    presolve: bool = False,
) -> SubSolution:
    """A 0/1 program solved by HiGHS's branch and bound: the whole problem when it is small, else
    one neighbourhood of the large-neighbourhood search."""
    n = int(cost.shape[0])
    highs = new_highs()
    highs.setOptionValue("time_limit", max(0.05, time_limit))
    highs.setOptionValue("mip_rel_gap", rel_gap)
    highs.setOptionValue("random_seed", 0)
    if not presolve:
        # Presolve spends longer on small neighbourhoods than it saves (measured on S-scale
        # neighbourhoods: often 1-2 s with it, 0.1 s without).
        highs.setOptionValue("presolve", "off")
    _load(highs, rows, cost, integral=True)
    if warm is not None:
        highs.setSolution(n, np.arange(n, dtype=np.int32), warm)
    highs.run()
    return _mip_solution(highs, cost, warm)


def _mip_solution(highs: Any, cost: NDArray[np.float64], warm: NDArray[np.float64] | None) -> SubSolution:
    import highspy  # noqa: PLC0415

    n = int(cost.shape[0])
    info = highs.getInfo()
    feasible = info.primal_solution_status == 2  # kSolutionStatusFeasible
    values = np.asarray(highs.getSolution().col_value, dtype=np.float64) if feasible else warm
    if values is None or values.shape[0] != n:
        values = np.zeros(n)
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    dual = float(info.mip_dual_bound)
    return SubSolution(np.round(values), optimal, dual if np.isfinite(dual) else float(cost.clip(min=0).sum()))


def most_kept(
    rows: Rows,
    keep: NDArray[np.float64],
    weight: NDArray[np.float64],
    *,
    floor: float,
    warm: NDArray[np.float64],
    time_limit: float,
) -> SubSolution:
    """Among the 0/1 solutions of `rows` weighing at least `floor`, one keeping the most candidates
    marked in `keep` (the previous schedule's starts): rescheduling's second stage, the weight of the
    first held. Its dual bound bounds the number kept, so the moves have a proven minimum."""
    import highspy  # noqa: PLC0415

    n = int(keep.shape[0])
    highs = new_highs()
    highs.setOptionValue("time_limit", max(0.05, time_limit))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("random_seed", 0)
    # With presolve on it overran a 2 s limit by 5.6 s on S (presolve does not look at the clock).
    highs.setOptionValue("presolve", "off")
    _load(highs, rows, keep, integral=True)
    heavy = np.flatnonzero(weight > 0).astype(np.int32)
    highs.addRow(floor, highspy.kHighsInf, int(heavy.shape[0]), heavy, weight[heavy])
    highs.setSolution(n, np.arange(n, dtype=np.int32), warm)
    highs.run()
    return _mip_solution(highs, keep, warm)
