"""The compactness tiers, below the weight: fewest idle gaps (see gaps.py), then fairness of gaps
(no principal more than `d` gaps above the least served among those with meetings), then preferred
starts.

The stage runs after the weight search, on the meetings it placed: each keeps exactly one start, so
the weight never drops (the set of meetings, chosen by weight and then by the delegations' fairness,
stays). Per principal and block the model has an occupancy indicator z (the block is not empty) and
a link y per grain at which a meeting starts exactly the buffer after another ends; gaps of a block
are its meetings minus its links minus z. Everything is bounded from above (y <= starts there,
y <= ends there, z <= meetings of the block), so minimising gaps pushes y and z up to the truth.

Neighbourhoods: a principal's day with the partners of its meetings (seeded by the principals with
most gaps), or a whole day; CP-SAT solves them (measured on the business-to-business set, loaded
machine: it proved neighbourhoods where HiGHS's branch and bound on the same model mostly stopped at
its time limit), HiGHS stays as a back-end. The bound comes from exact.py: the whole placed set with
the gaps as its only objective (this model's mixed objective left CP-SAT's bound at 0).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from time import perf_counter

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler.anneal import anneal
from mufakat.bilaterals.scheduler.exact import build_gap_model, solve_gaps
from mufakat.bilaterals.scheduler.gaps import block_ids
from mufakat.bilaterals.scheduler.linear import INF, Linear, solve_linear
from mufakat.bilaterals.scheduler.search import Search

EXACT_LIMIT = 8000  # candidates of the placed meetings up to which the exact gap model (exact.py) runs first
WHOLE_LIMIT = 30000  # up to which it runs last, for its bound and a last polish
BACKEND = "cp-sat"
ANNEAL_SHARE = 0.4  # of the stage's time for the annealing (anneal.py) before the exact model


@dataclass
class Compactness:
    """What the stage reached: total gaps, the proven fewest for these meetings (None: not proven
    beyond zero), and whether the fairness bound holds."""

    gaps: int = 0
    bound: int = 0
    proven: bool = False
    lines: list[str] = field(default_factory=list)


class Compactor:
    def __init__(self, search: Search, *, fairness: int, backend: str = BACKEND, seed: int = 0) -> None:
        self.search = search
        self.c = search.c
        self.fairness = fairness
        self.backend = backend
        self.random = random.Random(seed)  # noqa: S311 - picks neighbourhoods, not secrets
        c = self.c
        self.blocks = block_ids(c.instance, c.avail)
        self.buffer = max(0, c.instance.buffer)
        self.pins_of: list[list[tuple[int, int]]] = [[] for _ in range(c.avail.shape[0])]
        for i, pin in c.pins.items():
            for p in c.members[i]:
                self.pins_of[p].append((pin.start, pin.start + int(c.duration[i])))
        # Candidates per neighbourhood, adapted to how fast they are proven. Measured on the business-to-
        # business set (seed 1, 15 s, CP-SAT, 0.2 s each): 30 -> 6 gaps left, 45 -> 10, 60 -> 5, 100 -> 11
        # (0.3 s), 300 -> 16 (0.3 s); HiGHS on the same neighbourhoods: 60 -> 13, 100 -> 9, 300 -> 37.
        self.budget = 60.0
        # Rescheduling: a meeting at its previous start stays there (keeping starts ranks above compactness).
        self.frozen = np.zeros(len(c.instance.requests), dtype=np.bool_)
        placed = search.movable[search.assigned[search.movable] >= 0]
        self.frozen[placed] = search.keep[search.assigned[placed]]
        # Every (movable request, member) pair and every pinned meeting per member, for counting all gaps at
        # once. Recounted principal by principal in Python, a thousand counts of 193 principals took 22 of the
        # stage's 28 s at L under a profiler (without it the rounds are bound by CP-SAT's time, about 0.1 s each).
        pairs = [(i, p) for p in range(c.avail.shape[0]) for i in search.requests_of[p]]
        self._pair_request = np.array([i for i, _ in pairs], dtype=np.int64)
        self._pair_principal = np.array([p for _, p in pairs], dtype=np.int64)
        pinned = [(p, start, end) for p in range(c.avail.shape[0]) for start, end in self.pins_of[p]]
        self._pinned = np.array(pinned, dtype=np.int64).reshape(-1, 3)

    # -- counting ------------------------------------------------------------------------------

    def meetings_of(self, p: int, *, leave_out: set[int] = frozenset()) -> list[tuple[int, int]]:  # type: ignore[assignment]
        s, c = self.search, self.c
        out = list(self.pins_of[p])
        for i in s.requests_of[p]:
            v = s.assigned[i]
            if v >= 0 and i not in leave_out:
                start = int(c.var_start[v])
                out.append((start, start + int(c.duration[i])))
        return out

    def all_gaps(self) -> dict[int, int]:
        """Gaps of every principal with a meeting, as gaps.py counts them: within a block, sorted by start, every
        meeting that does not start exactly the buffer after the one before it ends begins a gap."""
        s, c = self.search, self.c
        chosen = s.assigned[self._pair_request]
        placed = chosen >= 0
        starts = c.var_start[chosen[placed]].astype(np.int64)
        principal = np.concatenate((self._pair_principal[placed], self._pinned[:, 0]))
        ends = np.concatenate((starts + c.duration[self._pair_request[placed]], self._pinned[:, 2]))
        starts = np.concatenate((starts, self._pinned[:, 1]))
        block = self.blocks[principal, starts]
        order = np.lexsort((starts, block, principal))
        principal, block, starts, ends = principal[order], block[order], starts[order], ends[order]
        same_block = (principal[1:] == principal[:-1]) & (block[1:] == block[:-1])
        gap = same_block & (starts[1:] != ends[:-1] + self.buffer)
        counts = np.bincount(principal[1:][gap], minlength=c.avail.shape[0])
        return {int(p): int(counts[p]) for p in np.unique(principal)}

    def value(self) -> tuple[int, int, int]:
        """The tiers' values, lower is better: total gaps, fairness excess, minus preferred starts."""
        gaps = self.all_gaps()
        spread = max(gaps.values()) - min(gaps.values()) if gaps else 0
        chosen = self.search.assigned[self.search.assigned >= 0]
        return sum(gaps.values()), max(0, spread - self.fairness), -int(self.c.var_preferred[chosen].sum())

    # -- the model -----------------------------------------------------------------------------

    def build(
        self, requests: NDArray[np.int64], allowed: NDArray[np.bool_] | None
    ) -> tuple[Linear, NDArray[np.float64], NDArray[np.int64], tuple[int, int]]:
        """The model re-placing `requests` (all placed now; they are unplaced by this call) with everything
        else fixed. Returns it, its warm start, the candidate of each x column, and (constant gaps of
        the principals involved, the weight of a gap in the objective)."""
        s, c = self.search, self.c
        current = s.assigned[requests]
        s.unplace(requests)
        variables, sub = s.local_program(requests, allowed, current)
        model = Linear()
        for v in variables:
            model.column(0, 1, -1.0 if c.var_preferred[v] else 0.0)
        for k in range(sub.count):
            index = sub.index[sub.starts[k] : sub.starts[k + 1]].tolist()
            model.row(index, [1.0] * len(index), -INF, float(sub.upper[k]))
        var_req = c.var_request[variables]
        for i in requests:
            index = np.flatnonzero(var_req == i).tolist()
            model.row(index, [1.0] * len(index), 1, 1)
        warm = list(np.isin(variables, current).astype(np.float64))
        moving = set(requests.tolist())
        principals = sorted({p for i in requests for p in c.members[int(i)]})
        others = self.all_gaps()
        inside: dict[int, tuple[list[int], float]] = {}
        constant_total = 0
        most = 0
        columns_of: dict[int, list[int]] = {}
        for k, i in enumerate(var_req.tolist()):
            for p in c.members[i]:
                columns_of.setdefault(p, []).append(k)
        for p in principals:
            terms, constant, count = self._principal(
                model, warm, p, variables, mine=columns_of.get(p, []), moving=moving
            )
            inside[p] = (terms, constant)
            constant_total += int(constant)
            most = max(most, count)
            others.pop(p, None)
        n_req = len(requests)
        fair_weight = float(n_req + 1)
        gap_weight = fair_weight * (most + max(others.values(), default=0) + 1) + n_req + 1
        for k in range(model.n):
            if k >= len(variables):
                model.cost[k] = -gap_weight  # every y and z column lowers the gaps by one
        high = model.column(max(others.values(), default=0), INF)
        low = model.column(0, min(others.values(), default=10**6))
        excess = model.column(0, INF, fair_weight)
        now = {p: int(constant - sum(warm[k] for k in terms)) for p, (terms, constant) in inside.items()}
        every = list(now.values()) + list(others.values())
        warm += [float(max(every, default=0)), float(min(every, default=0))]
        warm.append(float(max(0, warm[high] - warm[low] - self.fairness)))
        for _p, (terms, constant) in inside.items():
            model.row([high, *terms], [1.0] * (len(terms) + 1), constant, INF)
            model.row([low, *terms], [1.0] * (len(terms) + 1), -INF, constant)
        model.row([excess, high, low], [1.0, -1.0, 1.0], -self.fairness, INF)
        return model, np.array(warm), variables, (constant_total + sum(others.values()), int(gap_weight))

    def _principal(
        self,
        model: Linear,
        warm: list[float],
        p: int,
        variables: NDArray[np.int64],
        *,
        mine: list[int],
        moving: set[int],
    ) -> tuple[list[int], float, int]:
        """Columns y and z of principal p; returns them, p's gaps when all are zero, and p's meetings."""
        c, blocks, buffer = self.c, self.blocks[p], self.buffer
        fixed = self.meetings_of(p, leave_out=moving)
        var_req = c.var_request[variables]
        count = len(fixed) + len({int(var_req[k]) for k in mine})
        starts: dict[tuple[int, int], list[int]] = {}
        ends: dict[tuple[int, int], list[int]] = {}
        fixed_starts, fixed_ends, fixed_blocks = set(), set(), set()
        for start, end in fixed:
            b = int(blocks[start])
            fixed_starts.add((b, start))
            fixed_ends.add((b, end))
            fixed_blocks.add(b)
        for k in mine:
            t = int(c.var_start[variables[k]])
            b = int(blocks[t])
            starts.setdefault((b, t), []).append(k)
            ends.setdefault((b, t + int(c.duration[var_req[k]])), []).append(k)
        terms: list[int] = []
        constant = float(count)
        by_block: dict[int, list[int]] = {}
        for (b, _t), ks in starts.items():
            by_block.setdefault(b, []).extend(ks)
        constant -= len(fixed_blocks)
        for b, ks in by_block.items():
            if b in fixed_blocks:
                continue
            z = model.column(0, 1)
            model.row([z, *ks], [1.0] + [-1.0] * len(ks), -INF, 0)
            terms.append(z)
            warm.append(float(any(warm[k] for k in ks)))
        for b, t in fixed_starts | set(starts):
            before = (b, t - buffer)
            if before not in fixed_ends and before not in ends:
                continue
            if (b, t) in fixed_starts and before in fixed_ends:
                constant -= 1
                continue
            y = model.column(0, 1)
            for side, fixed_side in (
                (starts.get((b, t), []), (b, t) in fixed_starts),
                (ends.get(before, []), before in fixed_ends),
            ):
                if not fixed_side:
                    model.row([y, *side], [1.0] + [-1.0] * len(side), -INF, 0)
            terms.append(y)
            s_on = (b, t) in fixed_starts or any(warm[k] for k in starts.get((b, t), []))
            e_on = before in fixed_ends or any(warm[k] for k in ends.get(before, []))
            warm.append(float(s_on and e_on))
        return terms, constant, count

    def reoptimise(
        self,
        requests: NDArray[np.int64],
        allowed: NDArray[np.bool_] | None,
        *,
        time_limit: float,
        budget: float,
        phase: str,
        workers: int = 1,
    ) -> tuple[bool, int | None]:
        """Re-place `requests` with the fewest gaps; never worse than now in any tier. Returns whether the
        neighbourhood was proven optimal and, for the whole program, the proven fewest gaps."""
        s = self.search
        before = self.value()
        current = s.assigned[requests].copy()
        model, warm, variables, (constant, gap_weight) = self.build(requests, allowed)
        if s.process is None:
            answer = solve_linear(model, warm, time_limit=time_limit, backend=self.backend, workers=workers)
        else:
            outcome = s.process.call(
                phase,
                solve_linear,
                model,
                warm,
                time_limit=time_limit,
                backend=self.backend,
                workers=workers,
                budget=budget,
            )
            if outcome.value is None:
                s.place(current)
                return False, None
            answer = outcome.value
        chosen = variables[answer.values[: variables.shape[0]] > 0.5]
        s.place(chosen.astype(np.int64))
        # Only a strictly better schedule replaces the current one: no meeting moves for nothing.
        if (s.usage > s.upper).any() or self.value() >= before:
            s.unplace(requests)
            s.place(current)
        fewest = None
        if np.isfinite(answer.bound):
            n_fair = len(requests) + 1
            most_excess = (gap_weight - len(requests) - 1) // n_fair
            fewest = constant + int(np.ceil((answer.bound - n_fair * most_excess) / gap_weight - 1e-9))
        return answer.optimal, fewest

    # -- neighbourhoods ------------------------------------------------------------------------

    def placed(self) -> NDArray[np.int64]:
        s = self.search
        placed = s.movable[s.assigned[s.movable] >= 0]
        return placed[~self.frozen[placed]]

    def neighbourhood(self, gaps: dict[int, int]) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
        s, c = self.search, self.c
        placed = self.placed()
        if not placed.shape[0]:
            return placed, None
        if self.random.random() < 0.3:
            i = int(self.random.choice(placed.tolist()))
            day = int(s.var_day[s.assigned[i]])
            on_day = placed[s.var_day[s.assigned[placed]] == day]
            if self._size(on_day, day) <= self.budget:
                return on_day, s.day_of_grain == day
            seeds = list(c.members[i])
        else:
            worst = [p for p, g in gaps.items() if g > 0] or list(gaps)
            seeds = [self.random.choice(worst)]
            mine = [i for i in s.requests_of[seeds[0]] if s.assigned[i] >= 0]
            day = int(s.var_day[s.assigned[self.random.choice(mine)]]) if mine else 0
        chosen: set[int] = set()
        requests: set[int] = set()
        queue = list(seeds)
        while queue and self._size(np.array(sorted(requests), dtype=np.int64), day) < self.budget:
            p = queue.pop(self.random.randrange(len(queue)))
            if p in chosen:
                continue
            chosen.add(p)
            for i in s.requests_of[p]:
                v = s.assigned[i]
                if v >= 0 and s.var_day[v] == day and i not in requests and not self.frozen[i]:
                    requests.add(i)
                    queue.extend(q for q in c.members[i] if q not in chosen)
        return np.array(sorted(requests), dtype=np.int64), s.day_of_grain == day

    def _size(self, requests: NDArray[np.int64], day: int) -> float:
        s = self.search
        return float(sum(np.count_nonzero(s.var_day[s.c.offsets[i] : s.c.offsets[i + 1]] == day) for i in requests))


def compact(search: Search, *, fairness: int, deadline: float, backend: str | None = None) -> Compactness:
    """Lower the gaps of the placed meetings until `deadline`, the weight held. Returns the figures.

    At every size the annealing (anneal.py) runs first for ANNEAL_SHARE of the time (it stops at zero
    gaps). Then, up to EXACT_LIMIT candidates, the exact gap model (exact.py: gaps as the only objective,
    CP-SAT's core-based search beside its neighbourhood search) for 55 % of the rest: it proves the
    fewest gaps or lifts the bound, and finds compact schedules; the neighbourhoods below then use the
    rest, for fewer gaps still and for the fairness and preferred-start tiers. Larger programs get the
    neighbourhoods first and the exact model last, for its bound. Measured on the business-to-business
    set (bench, seeds 0-9, 30 s, load 3-4 on 2 cores): 0 gaps proven on 7 of 10 in 1-10 s (before, with
    the mixed-objective whole program: 0 found on 4, every bound 0, 26 s on most), a bound of 1 on one
    more; the three left have every slot's tables nearly full (9-19 gaps found). With the
    neighbourhoods first the exact model stalled (seed 5: 39 gaps kept, against 11 with it first)."""
    backend = backend or BACKEND
    search.allowed_vars = None  # a weight neighbourhood picked but skipped may have left its mask
    out = Compactness()
    compactor = Compactor(search, fairness=fairness, backend=backend)
    placed = compactor.placed()
    total, _, _ = compactor.value()
    out.gaps = first = total
    if not placed.shape[0] or deadline - perf_counter() < 0.2:
        out.lines.append(f"compactness: {total} idle gap(s); no time to lower them")
        return out
    size = float(np.diff(search.c.offsets)[placed].sum())
    rounds = 0
    _anneal(compactor, out, until=perf_counter() + ANNEAL_SHARE * (deadline - perf_counter()))
    if size <= EXACT_LIMIT:
        # Also at zero gaps: its answer replaces the schedule when a lower tier (fairness, preferred starts) gains.
        _exact(compactor, out, deadline=deadline, share=0.55)
        rounds += _neighbourhoods(compactor, out, until=deadline - 0.1, deadline=deadline)
    else:
        search_until = perf_counter() + 0.8 * (deadline - perf_counter()) if size <= WHOLE_LIMIT else deadline
        rounds += _neighbourhoods(compactor, out, until=search_until, deadline=deadline)
        if not out.proven and size <= WHOLE_LIMIT and deadline - perf_counter() > 0.3:
            _exact(compactor, out, deadline=deadline, share=0.85)
    if rounds:
        out.lines.append(f"compactness neighbourhoods: {rounds} rounds, {first} -> {compactor.value()[0]} idle gap(s)")
    total, excess, _ = compactor.value()
    out.gaps = total
    if excess:
        out.lines.append(f"gap fairness: the worst principal has {excess} gap(s) more than the {fairness} allowed")
    return out


def _neighbourhoods(compactor: Compactor, out: Compactness, *, until: float, deadline: float) -> int:
    """Neighbourhoods until `until`, or until the gaps are proven fewest and the fairness holds (they
    also serve the fairness and preferred-start tiers). Returns the rounds run."""
    rounds = 0
    while until - perf_counter() > 0.1 and not (out.proven and not compactor.value()[1]):
        requests, allowed = compactor.neighbourhood(compactor.all_gaps())
        if not requests.shape[0]:
            break
        limit = min(0.3, 0.8 * (until - perf_counter()))
        began = perf_counter()
        optimal, _ = compactor.reoptimise(
            requests, allowed, time_limit=limit, budget=min(1.5 * limit, deadline - perf_counter()), phase="compactness"
        )
        took = perf_counter() - began
        rounds += 1
        if optimal and took < 0.05:
            compactor.budget = min(2000.0, compactor.budget * 1.1)
        elif not optimal or took > 0.2:
            compactor.budget = max(20.0, compactor.budget * 0.8)
        out.proven = compactor.value()[0] <= out.bound
    return rounds


def _anneal(compactor: Compactor, out: Compactness, *, until: float) -> None:
    """The annealing descent (anneal.py) until `until`; zero gaps is proven fewest."""
    done = anneal(compactor, until=until)
    total = compactor.value()[0]
    out.proven = total <= out.bound
    out.lines.append(
        f"compactness, annealing: {done.before} -> {done.after} idle gap(s) of the meetings that may move, "
        f"{done.kept} of {done.steps} steps kept, the best after {done.seconds_to_best:.1f} s"
    )


def _exact(
    compactor: Compactor, out: Compactness, *, deadline: float, share: float, workers: int = 2, core: bool = True
) -> None:
    """The exact gap model (exact.py) on every placed meeting, for `share` of the time left: its answer
    replaces the schedule when it has fewer gaps (recounted here), and its bound is the stage's."""
    s = compactor.search
    requests = compactor.placed()
    before = compactor.value()
    current = s.assigned[requests].copy()
    model, variables, constant = build_gap_model(compactor, requests)
    left = deadline - perf_counter()
    limit = share * left
    if s.process is None:
        answer = solve_gaps(model, time_limit=limit, cap=before[0] - constant, workers=workers, core=core)
    else:
        outcome = s.process.call(
            "compactness",
            solve_gaps,
            model,
            time_limit=limit,
            cap=before[0] - constant,
            workers=workers,
            core=core,
            budget=min(left, limit + max(1.0, 0.1 * left)),
        )
        if outcome.value is None:
            s.place(current)
            out.lines.append("compactness, exact model: cut at its budget")
            return
        answer = outcome.value
    if answer.values is not None:
        s.place(variables[answer.values].astype(np.int64))
        if (s.usage > s.upper).any() or compactor.value() >= before:
            s.unplace(requests)
            s.place(current)
    else:
        s.place(current)
    total = compactor.value()[0]
    out.bound = max(out.bound, min(total, constant + answer.bound))
    out.proven = out.bound >= total
    out.lines.append(
        f"compactness, exact model (CP-SAT, {'optimal' if answer.optimal else 'stopped'}): "
        f"{before[0]} -> {total} idle gap(s), at least {out.bound}"
    )
