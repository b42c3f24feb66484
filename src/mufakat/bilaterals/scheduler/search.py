"""Finding good schedules for the time-indexed program: a first schedule, then a large-neighbourhood
search in which HiGHS re-optimises one neighbourhood at a time.

Why not HiGHS's branch and bound on the whole program: these packing LPs are so degenerate (most
columns have reduced cost zero) that its root node alone outlasts the time limits at S scale and up,
while a neighbourhood of a few thousand columns (a handful of principals on one day, or every
principal in a three-hour slice) solves to optimality in a fraction of a second. The bound comes
from the LP relaxation (`milp.lp_bound`); the search stops once the schedule reaches it within the
requested gap.

Within a neighbourhood the objective is lexicographic, by integer tiers: priority weight first,
then (when rescheduling) keeping previous starts, then the secondary terms: a fairness bonus for
meetings of the delegations that have lost most so far (the gradient of the sum over delegations of
their squared lost share, recomputed for every neighbourhood) and a bonus for preferred starts.
Because every neighbourhood is warm-started with the current schedule, no step lowers a higher tier.
"""

from __future__ import annotations

import random

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler.candidates import Candidates
from mufakat.bilaterals.scheduler.child import SolverProcess
from mufakat.bilaterals.scheduler.milp import Rows, solve_mip
from mufakat.bilaterals.scheduler.trace import Trace

# Trace lives in trace.py (search.py stays under 400 lines); solve.py imports it from here.
__all__ = ["EXACT_LIMIT", "FAIRNESS_SCALE", "KINDS", "PREFERRED_BONUS", "Search", "Trace", "solve_mip"]

FAIRNESS_SCALE = 10  # the most a meeting of the worst-served delegation earns in the secondary tier
PREFERRED_BONUS = 3
KINDS = ("day", "week", "slice", "sampled")
EXACT_LIMIT = 1200  # candidates up to which the whole program is first tried as one neighbourhood


class Search:
    def __init__(
        self,
        c: Candidates,
        rows: Rows,
        *,
        keep: NDArray[np.bool_],
        pinned_weight: float,
        trace: Trace,
        seed: int = 0,
        process: SolverProcess | None = None,
    ) -> None:
        self.c = c
        # Where HiGHS runs, so that a neighbourhood that outlasts its time limit is killed; None: here.
        self.process = process
        # Rescheduling: the proven fewest previous meetings re-timed or dropped at the weight reached.
        self.moves_minimum: int | None = None
        self.rows = rows
        self.keep = keep
        self.pinned_weight = pinned_weight
        self.trace = trace
        self.random = random.Random(seed)  # noqa: S311 - picks neighbourhoods, not secrets
        nv = c.n_vars
        self.var_weight = c.weight[c.var_request] if nv else np.zeros(0)
        row_of_entry = np.repeat(np.arange(rows.count, dtype=np.int32), np.diff(rows.starts))
        order = np.argsort(rows.index, kind="stable")
        self.col_rows = row_of_entry[order]
        self.col_starts = np.concatenate(([0], np.cumsum(np.bincount(rows.index, minlength=nv)))).astype(np.int64)
        self.upper = rows.upper.astype(np.int64)
        self.usage = np.zeros(rows.count, dtype=np.int64)
        n = len(c.instance.requests)
        self.assigned = np.full(n, -1, dtype=np.int64)
        self.movable = np.flatnonzero(np.diff(c.offsets) > 0)
        self.day_of_grain = _day_of_grain(c)
        self.var_day = self.day_of_grain[c.var_start] if nv else np.zeros(0, dtype=np.int64)
        self.requests_of: list[list[int]] = [[] for _ in range(c.avail.shape[0])]
        for i in self.movable:
            for p in c.members[i]:
                self.requests_of[p].append(int(i))
        self._fairness_setup()
        # Candidates per neighbourhood, per kind of neighbourhood, adapted to how fast HiGHS proves them.
        self.budgets = dict.fromkeys(KINDS, 300.0)
        self.kind = KINDS[0]
        self.allowed_vars: NDArray[np.bool_] | None = None  # set by a neighbourhood that picks candidates itself

    # -- the current schedule ------------------------------------------------------------------

    def _entries(self, variables: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(position in `variables`, row) for every coefficient of those columns."""
        counts = self.col_starts[variables + 1] - self.col_starts[variables]
        owner = np.repeat(np.arange(variables.shape[0], dtype=np.int64), counts)
        first = np.repeat(self.col_starts[variables] - (np.cumsum(counts) - counts), counts)
        return owner, self.col_rows[first + np.arange(owner.shape[0])].astype(np.int64)

    def place(self, variables: NDArray[np.int64]) -> None:
        if variables.shape[0]:
            _, rows = self._entries(variables)
            self.usage += np.bincount(rows, minlength=self.rows.count)
            self.assigned[self.c.var_request[variables]] = variables

    def unplace(self, requests: NDArray[np.int64]) -> None:
        variables = self.assigned[requests]
        variables = variables[variables >= 0]
        if variables.shape[0]:
            _, rows = self._entries(variables)
            self.usage -= np.bincount(rows, minlength=self.rows.count)
            self.assigned[self.c.var_request[variables]] = -1

    def primary(self) -> float:
        chosen = self.assigned[self.assigned >= 0]
        return self.pinned_weight + float(self.var_weight[chosen].sum())

    def kept(self) -> int:
        chosen = self.assigned[self.assigned >= 0]
        return int(self.keep[chosen].sum())

    def fill(self, order: NDArray[np.int64]) -> None:
        """Place each request of `order` (not yet placed) at its first candidate that still fits."""
        c = self.c
        for i in order:
            if self.assigned[i] >= 0:
                continue
            variables = np.arange(c.offsets[i], c.offsets[i + 1])
            fits = self.fits(variables)
            if fits.any():
                self.place(variables[np.argmax(fits)][None])

    def fill_vars(self, variables: NDArray[np.int64]) -> None:
        """Place candidates in the given order, skipping those whose request is placed or that clash."""
        for v in variables:
            if self.assigned[self.c.var_request[v]] < 0 and self.fits(np.array([v]))[0]:
                self.place(np.array([v]))

    def fits(self, variables: NDArray[np.int64]) -> NDArray[np.bool_]:
        owner, rows = self._entries(variables)
        clash = np.bincount(owner, weights=(self.usage[rows] >= self.upper[rows]), minlength=variables.shape[0])
        return np.asarray(clash == 0)

    # -- secondary terms -----------------------------------------------------------------------

    def _fairness_setup(self) -> None:
        c = self.c
        parties = sorted({p.party for p in c.instance.principals})
        self.party_index = {party: k for k, party in enumerate(parties)}
        self.parties_of: list[tuple[int, ...]] = []
        for i in range(len(c.instance.requests)):
            self.parties_of.append(tuple(sorted({self.party_index[c.party_of(p)] for p in c.members[i]})))
        self.party_total = np.zeros(len(parties), dtype=np.float64)
        self.party_pinned = np.zeros(len(parties), dtype=np.float64)
        for i in self.movable.tolist():
            for d in self.parties_of[i]:
                self.party_total[d] += 1
        for i in c.pins:
            for d in self.parties_of[i]:
                self.party_total[d] += 1
                self.party_pinned[d] += 1

    def party_scheduled(self) -> NDArray[np.float64]:
        scheduled = self.party_pinned.copy()
        for i in np.flatnonzero(self.assigned >= 0):
            for d in self.parties_of[i]:
                scheduled[d] += 1
        return scheduled

    def secondary(self, variables: NDArray[np.int64]) -> NDArray[np.int64]:
        """Integer secondary value of each candidate: fairness gradient plus preferred start."""
        lost = self.party_total - self.party_scheduled()
        total = np.maximum(self.party_total, 1.0)
        marginal = (2.0 * lost + 1.0) / (total * total)
        requests = self.c.var_request[variables]
        unique, inverse = np.unique(requests, return_inverse=True)
        per_request = np.array([sum(marginal[d] for d in self.parties_of[i]) for i in unique])
        top = per_request.max() if per_request.shape[0] else 0.0
        fair = np.round(FAIRNESS_SCALE * per_request / top).astype(np.int64) if top > 0 else np.zeros_like(unique)
        return np.asarray(fair[inverse] + PREFERRED_BONUS * self.c.var_preferred[variables].astype(np.int64))

    def tiered_cost(self, variables: NDArray[np.int64], *, secondary: bool) -> tuple[NDArray[np.float64], float]:
        """Lexicographic costs as one integer objective, and the factor of the weight tier."""
        keep = self.keep[variables].astype(np.float64)
        extra = self.secondary(variables).astype(np.float64) if secondary else np.zeros(variables.shape[0])
        requests = np.unique(self.c.var_request[variables])
        keep_tier = float(extra.max() * requests.shape[0] + 1) if extra.shape[0] else 1.0
        weight_tier = keep_tier * (float(min(keep.sum(), requests.shape[0])) + 1.0)
        return self.var_weight[variables] * weight_tier + keep * keep_tier + extra, weight_tier

    # -- neighbourhoods ------------------------------------------------------------------------

    def local_program(
        self, requests: NDArray[np.int64], allowed: NDArray[np.bool_] | None, current: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], Rows]:
        """The candidates of `requests` (not placed now) that fit beside everything placed, limited to
        starts where `allowed` holds (their `current` ones always stay), and the rows that bind them."""
        c = self.c
        counts = c.offsets[requests + 1] - c.offsets[requests]
        variables = np.repeat(c.offsets[requests] - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
        if allowed is not None:
            variables = variables[allowed[c.var_start[variables]]]
        if self.allowed_vars is not None:
            variables = variables[self.allowed_vars[variables]]
            self.allowed_vars = None
        variables = np.union1d(variables, current).astype(np.int64)
        residual = self.upper - self.usage
        owner, rows = self._entries(variables)
        blocked = np.bincount(owner, weights=residual[rows] <= 0, minlength=variables.shape[0]) > 0
        blocked[np.isin(variables, current)] = False
        variables = variables[~blocked]
        owner, rows = self._entries(variables)
        demand = np.bincount(rows, minlength=self.rows.count)
        binding = demand[rows] > residual[rows]
        owner, rows = owner[binding], rows[binding]
        local_rows, row_index = np.unique(rows, return_inverse=True)
        order = np.argsort(row_index, kind="stable")
        starts = np.concatenate(([0], np.cumsum(np.bincount(row_index, minlength=local_rows.shape[0]))))
        sub = Rows(residual[local_rows].astype(np.float64), starts.astype(np.int32), owner[order].astype(np.int32))
        return variables, sub

    def reoptimise(
        self,
        requests: NDArray[np.int64],
        allowed: NDArray[np.bool_] | None,
        *,
        secondary: bool,
        time_limit: float,
        budget: float | None = None,
        phase: str = "neighbourhood",
    ) -> tuple[bool, float]:
        """Re-place `requests` optimally (within `time_limit`) with everything else fixed.
        Candidates are limited to starts where `allowed` holds (the current ones always stay).
        Returns whether HiGHS proved the neighbourhood optimal, and its bound in weight units.

        In the solver process, HiGHS is killed after `budget` seconds (default: half as long again
        as `time_limit`); the neighbourhood then keeps its current placement, counted as cut under `phase`."""
        current = self.assigned[requests]
        current = current[current >= 0]
        self.unplace(requests)
        variables, sub = self.local_program(requests, allowed, current)
        cost, weight_tier = self.tiered_cost(variables, secondary=secondary)
        warm = np.isin(variables, current).astype(np.float64)
        if self.process is None:
            solution = solve_mip(sub, cost, warm=warm, time_limit=time_limit)
        else:
            outcome = self.process.call(
                phase,
                solve_mip,
                sub,
                cost,
                warm=warm,
                time_limit=time_limit,
                budget=1.5 * time_limit if budget is None else budget,
            )
            if outcome.value is None:
                self.place(current.astype(np.int64))
                return False, float("inf")
            solution = outcome.value
        chosen = variables[solution.values > 0.5]
        if float(cost[solution.values > 0.5].sum()) + 1e-6 < float(cost @ warm):
            chosen = current  # HiGHS came back worse than its warm start (a time-out); keep what we had
        self.place(chosen.astype(np.int64))
        return solution.optimal, float(np.floor(solution.dual_bound / weight_tier + 1e-6))

    def neighbourhood(self) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
        """Requests to re-place and where they may start: a few principals on one day (seeded by an
        unscheduled request when there is one), every principal in a slice of a day, or a couple
        of principals across all days."""
        # Measured on S and M: one principal's week and a few principals' day gain the most per
        # second; slices (every principal, a few hours) are needed for rooms but cost the most.
        self.kind = self.random.choices(KINDS, weights=(35, 40, 10, 15))[0]
        if self.kind == "slice":
            return self._slice()
        if self.kind == "week":
            return self._principals(all_days=True)
        if self.kind == "sampled":
            return self._sampled()
        return self._principals(all_days=False)

    @property
    def budget(self) -> float:
        return self.budgets[self.kind]

    def adapt(self, *, optimal: bool, took: float, target: float) -> None:
        """Grow the current kind's neighbourhoods while HiGHS proves them fast, shrink them when not."""
        if optimal and took < 0.5 * target:
            self.budgets[self.kind] = min(40000.0, self.budgets[self.kind] * 1.2)
        elif not optimal or took > 2 * target:
            self.budgets[self.kind] = max(60.0, self.budgets[self.kind] * 0.7)

    def _sampled(self) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
        """Many requests at once, each limited to its current start and a few random others, so
        meetings can trade days and times across the whole week in one step."""
        c = self.c
        per_request = 3
        count = int(min(self.movable.shape[0], max(10, self.budget / (per_request + 1))))
        requests = np.array(sorted(self.random.sample(list(self.movable), count)), dtype=np.int64)
        allowed = np.zeros(c.n_vars, dtype=np.bool_)
        for i in requests:
            lo, hi = int(c.offsets[i]), int(c.offsets[i + 1])
            for v in self.random.sample(range(lo, hi), min(per_request, hi - lo)):
                allowed[v] = True
        self.allowed_vars = allowed
        return requests, None

    def _principals(self, *, all_days: bool) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
        c = self.c
        unplaced = self.movable[self.assigned[self.movable] < 0]
        if unplaced.shape[0] and self.random.random() < 0.8:
            seed = int(self.random.choice(unplaced))
            members = list(c.members[seed])
            day = int(self.var_day[self.random.randrange(c.offsets[seed], c.offsets[seed + 1])])
        else:
            seed_var = self.random.randrange(c.n_vars)
            members = list(c.members[int(c.var_request[seed_var])])
            day = int(self.var_day[seed_var])
        budget = self.budget
        chosen: list[int] = []
        requests: set[int] = set()
        size = 0.0
        queue = list(members)
        while queue and size < budget:
            p = queue.pop(self.random.randrange(len(queue)))
            if p in chosen:
                continue
            chosen.append(p)
            for i in self.requests_of[p]:
                if i in requests:
                    continue
                v = self.assigned[i]
                if not all_days and v >= 0 and self.var_day[v] != day:
                    continue
                requests.add(i)
                size += self._size(i, None if all_days else day)
                partners = [q for q in c.members[i] if q not in chosen]
                # Partners of scheduled meetings must make room; an unscheduled one's only sometimes.
                if v >= 0 or self.random.random() < 0.3:
                    queue.extend(partners)
        allowed = None if all_days else self.day_of_grain == day
        return np.array(sorted(requests), dtype=np.int64), allowed

    def _size(self, i: int, day: int | None) -> float:
        lo, hi = int(self.c.offsets[i]), int(self.c.offsets[i + 1])
        if day is None:
            return float(hi - lo)
        return float(np.count_nonzero(self.var_day[lo:hi] == day))

    def _slice(self) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
        c = self.c
        seed_var = self.random.randrange(c.n_vars)
        centre = int(c.var_start[seed_var])
        density = max(1.0, c.n_vars / max(1, c.horizon))
        width = int(max(4, min(c.horizon, self.budget / density)))
        lo = max(0, centre - width // 2)
        allowed = np.zeros(c.horizon, dtype=np.bool_)
        allowed[lo : lo + width] = True
        in_slice = np.unique(c.var_request[allowed[c.var_start]])
        return in_slice.astype(np.int64), allowed


def _day_of_grain(c: Candidates) -> NDArray[np.int64]:
    days = np.zeros(c.horizon, dtype=np.int64)
    if not c.instance.days:
        return days
    days[:] = -1
    for k, day in enumerate(c.instance.days):
        days[max(0, day.span.start) : max(0, min(c.horizon, day.span.end))] = k
    # Grains outside every day count as days of their own, so neighbourhoods never straddle them.
    outside = np.flatnonzero(days < 0)
    days[outside] = len(c.instance.days) + outside // max(1, 24 * 60 // max(1, c.instance.grain_minutes))
    return days
