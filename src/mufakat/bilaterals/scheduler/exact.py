"""Fewest idle gaps for the meetings placed, solved whole and proven: the compactness tier's exact model.

The weight search has chosen which meetings happen; each keeps exactly one of its candidate starts.
This model re-times all of them at once with the gap count as its only objective, so that CP-SAT's
bound is a bound on the gaps themselves (the mixed objective of compact.py, gaps then fairness then
preferred starts, left the bound at 0 on the business-to-business set).

Per principal p and block b (gaps.py) the gaps are

    gaps(p, b) = meetings(p, b) - links(p, b) - used(p, b)  >=  0

where a link is a grain t of the block at which one of p's meetings starts while another ended at
t - buffer (the two are back to back), and used(p, b) says the block holds a meeting. This is
exactly gaps.py's count: sorted by start, a block's meetings form runs of back-to-back meetings,
each run but the first begins with a gap. Each link is fully defined (link = starts-at-t AND
ends-at-t-buffer, both 0/1 since p's meetings never overlap), as is used (the OR of the block's
starts), and gaps(p, b) is an integer column with lower bound 0: the solver's core-based workers
then lift the bound block by block.

The model is aggregated: candidates of p that start at the same grain share one "starts" literal,
those that end at the same grain one "ends" literal. Rows are the weight program's (principals with
buffers, rooms per grain and size, precedences), restricted to these meetings, so any answer is a
schedule the rest of the solver accepts; compact.py recounts it with gaps.py's rules before taking it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from mufakat.bilaterals.scheduler.compact import Compactor

FIXED = -1  # a side of a link held by a meeting that does not move


@dataclass
class Block:
    """One principal's block: per grain, the x columns of the meetings that may start there and of those
    that may end there (by the block they start in); [FIXED] where a meeting that does not move does."""

    starts: dict[int, list[int]] = field(default_factory=dict)
    ends: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class GapModel:
    """x columns (one per candidate kept), one group per meeting (exactly one start), rows (at most
    `upper`), and the blocks of every principal involved."""

    n: int
    groups: list[list[int]]
    rows: list[tuple[list[int], int]]
    blocks: list[Block]
    hint: list[int]
    buffer: int


@dataclass
class GapAnswer:
    values: NDArray[np.bool_] | None  # the x columns of the best schedule found (None: none found)
    gaps: int | None  # its gaps by the model
    bound: int  # proven fewest gaps (0 when nothing is proven)
    optimal: bool


def solve_gaps(
    model: GapModel,
    *,
    time_limit: float,
    workers: int = 2,
    cap: int | None = None,
    redundant: bool = True,
    core: bool = True,
) -> GapAnswer:
    """Fewest gaps by CP-SAT, warm-started from `model.hint`; `cap` bounds the total from above (a
    schedule at least as good as the hint's)."""
    from ortools.sat.python import cp_model  # noqa: PLC0415 - loaded by the solver process

    began = perf_counter()  # building the model counts against the time limit (seconds on a loaded machine)
    cp = cp_model.CpModel()
    x = [cp.new_bool_var("") for _ in range(model.n)]
    for group in model.groups:
        cp.add_exactly_one(x[k] for k in group)
    _rows(cp, x, model.rows)
    literals: dict[tuple[int, ...], cp_model.IntVar] = {}

    def either(columns: list[int]) -> cp_model.IntVar:
        """A literal true iff one of `columns` is (at most one is)."""
        key = tuple(sorted(columns))
        if len(key) == 1:
            return x[key[0]]
        if key not in literals:
            lit = cp.new_bool_var("")
            cp.add(sum(x[k] for k in key) == lit)
            literals[key] = lit
        return literals[key]

    total: list[cp_model.LinearExprT] = []
    for block in model.blocks:
        starts = {t: _side(side, either) for t, side in block.starts.items()}
        ends = {t: _side(side, either) for t, side in block.ends.items()}
        forward = _gaps(cp, starts, {t + model.buffer: lit for t, lit in ends.items()}, reverse=False)
        total.append(forward)
        if redundant:
            # The same gaps counted from the other side (a run that ends while a later one starts):
            # equal in every schedule, so bounding one by the other is valid and lets a block whose
            # gaps are held at zero propagate both ways.
            backward = _gaps(cp, ends, {t - model.buffer: lit for t, lit in starts.items()}, reverse=True)
            if not isinstance(backward, int):
                cp.add(backward <= forward)
    if cap is not None:
        cp.add(sum(total) <= cap)
    cp.minimize(sum(total))
    for k, value in enumerate(model.hint):
        cp.add_hint(x[k], bool(value))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit - (perf_counter() - began))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    if core:
        solver.parameters.subsolvers.append("core")
    status = solver.solve(cp)
    bound = 0
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN) and np.isfinite(solver.best_objective_bound):
        bound = max(0, int(np.ceil(solver.best_objective_bound - 1e-6)))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return GapAnswer(None, None, bound, False)
    values = np.array([solver.boolean_value(v) for v in x], dtype=np.bool_)
    return GapAnswer(values, round(solver.objective_value), bound, status == cp_model.OPTIMAL)


def _rows(cp: Any, x: list[Any], rows: list[tuple[list[int], int]]) -> None:
    for index, upper in rows:
        if upper <= 0:
            for k in index:
                cp.add(x[k] == 0)
        elif upper == 1:
            cp.add_at_most_one(x[k] for k in index)
        else:
            cp.add(sum(x[k] for k in index) <= upper)


Literal = Any  # a CP-SAT literal, or True / False when a meeting that does not move decides it


def _side(side: list[int], either: Callable[[list[int]], Any]) -> Literal:
    return True if side == [FIXED] else either(side)


def _gaps(cp: Any, opens: dict[int, Literal], joins: dict[int, Literal], *, reverse: bool) -> Any:
    """Gaps of one block counted at the meetings that open a run: walking the block's times in order
    (backwards with `reverse`), an `opens[t]` that is true after an earlier one, with `joins[t]` false
    (no meeting back to back with it), is a gap. Returns the count as a linear expression of literals
    each forced true by its gap (the minimisation keeps the others false)."""
    fixed = 0
    literals = []
    earlier: Literal = False  # some run was opened before t
    for t in sorted(opens, reverse=reverse):
        now, join = opens[t], joins.get(t, False)
        if earlier is not False and now is not False and join is not True:
            clause = [lit.Not() for lit in (now, earlier) if lit is not True]
            if join is not False:
                clause.append(join)
            if clause:
                gap = cp.new_bool_var("")
                cp.add_bool_or([*clause, gap])
                literals.append(gap)
            else:
                fixed += 1
        if now is True:
            earlier = True
        elif earlier is not True:
            later = cp.new_bool_var("")
            cp.add_implication(now, later)
            if earlier is not False:
                cp.add_implication(earlier, later)
            earlier = later
    return fixed + sum(literals)


def build_gap_model(compactor: Compactor, requests: NDArray[np.int64]) -> tuple[GapModel, NDArray[np.int64], int]:
    """The model re-timing `requests` (all placed now; unplaced by this call, the caller places them
    back) with everything else fixed. Returns it, the candidate of each x column, and the gaps of the
    principals it does not involve (constant)."""
    s, c = compactor.search, compactor.c
    current = s.assigned[requests]
    s.unplace(requests)
    variables, sub = s.local_program(requests, None, current)
    rows = [(sub.index[sub.starts[k] : sub.starts[k + 1]].tolist(), int(sub.upper[k])) for k in range(sub.count)]
    var_req = c.var_request[variables]
    order = np.argsort(var_req, kind="stable")
    bounds = np.searchsorted(var_req[order], requests)
    ends_at = np.searchsorted(var_req[order], requests, side="right")
    groups = [order[a:b].tolist() for a, b in zip(bounds, ends_at, strict=True)]
    moving = set(requests.tolist())
    principals = sorted({p for i in requests.tolist() for p in c.members[i]})
    others = compactor.all_gaps()
    for p in principals:
        others.pop(p, None)
    columns_of: dict[int, list[int]] = {}
    for k, i in enumerate(var_req.tolist()):
        for p in c.members[i]:
            columns_of.setdefault(p, []).append(k)
    buffer = compactor.buffer
    blocks: list[Block] = []
    for p in principals:
        ids = compactor.blocks[p]
        by_block: dict[int, Block] = {}
        for start, end in compactor.meetings_of(p, leave_out=moving):
            block = by_block.setdefault(int(ids[start]), Block())
            block.starts[start] = [FIXED]
            block.ends[end] = [FIXED]
        for k in columns_of.get(p, []):
            t = int(c.var_start[variables[k]])
            block = by_block.setdefault(int(ids[t]), Block())
            for table, at in ((block.starts, t), (block.ends, t + int(c.duration[var_req[k]]))):
                if table.get(at) != [FIXED]:
                    table.setdefault(at, []).append(k)
        blocks += by_block.values()
    hint = np.isin(variables, current).astype(np.int64).tolist()
    return GapModel(int(variables.shape[0]), groups, rows, blocks, hint, buffer), variables, sum(others.values())
