"""Simulated annealing of the idle gaps: the compactness stage's fast descent, before CP-SAT.

The meetings placed by the weight search stay; each may change its start to another of its
candidates (a move), or two meetings may trade starts (a swap: each takes the other's start, where
each has a candidate there). A step is kept when every row of the program still holds (principals
with their buffers, rooms per grain and size, precedences: the same rows as everywhere else, so
any state is a schedule the rest of the solver accepts), and when the gaps fall, stay level, or
rise by d with probability exp(-d / temperature), the temperature falling geometrically over the
time given. The best state seen is the answer.

A Kempe chain is what makes full tables tractable: moving one meeting to another start takes along
every meeting there that shares a principal with it, which moves the other way, and so on; the
principals involved swap their two starts, so no principal is double-booked, and single moves and
swaps (which full tables mostly refuse) are no longer the only way through.

Why: on the business-to-business set, where every slot's tables are full, CP-SAT on the exact gap
model (exact.py) lowered the gaps by about one a second and stalled above the proven optimum (5 of
20 instances more than one gap above it in 30 s). Measured with the annealing first (bench, seeds
0-19, 30 s, one CPU hog beside the solver): every instance at its proven optimum, 19 of 20 within
15 s; seeds 5, 7 and 19, left at 14, 2 and 16 gaps before, reach 0 in 5-8 s. Without the Kempe
chains (moves and swaps only) three of them stayed at 3-7 gaps. CP-SAT then runs warm-started from
the answer when it is not zero, for its bound and for what the annealing missed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from time import perf_counter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from mufakat.bilaterals.scheduler.compact import Compactor

HOT = 0.6  # a step adding one gap is kept with probability exp(-1 / 0.6) = 0.19 at the start
COLD = 0.02  # and 5e-22 at the end: a descent
MOVE, SWAP = 0.4, 0.3  # the share of steps that move one meeting, that swap two; the rest move a Kempe chain


@dataclass
class Annealed:
    before: int  # gaps of the meetings involved at the start
    after: int  # and at the end (the best state seen)
    steps: int  # steps tried (moves, swaps, Kempe chains)
    kept: int  # and kept
    seconds_to_best: float = 0.0


def anneal(compactor: Compactor, *, until: float, seed: int = 0) -> Annealed:
    """Lower the gaps by annealing until `until` (or zero gaps); the search's schedule becomes the best
    state seen when it has fewer gaps than now."""
    requests = compactor.placed().tolist()
    if not requests:
        return Annealed(0, 0, 0, 0)
    state = _State(compactor, requests)
    original = dict(state.start_of)
    done = state.run(until=until, rng=random.Random(seed))  # noqa: S311 - a search, not a secret
    if done.after < done.before and not state.install(strictly=True):
        done.after = done.before
    elif done.after < done.before:
        # The walk also moved meetings whose moves the gaps do not need (steps that leave the gaps level
        # are kept): those go back where they were, so that no meeting moves for nothing.
        settled = _State(compactor, requests)
        if settled.settle(original):
            settled.install(strictly=False)
    return done


def _metropolis(delta: int, *, rng: random.Random, temperature: float) -> bool:
    """Keep a step that lowers the gaps or leaves them level; one that adds d with probability exp(-d / T)."""
    return delta <= 0 or rng.random() < math.exp(-delta / temperature)


class _State:
    """The moving meetings' starts, the rows' usage and every principal's gaps, kept current step by step."""

    def __init__(self, compactor: Compactor, requests: list[int]) -> None:
        search, c = compactor.search, compactor.c
        self.compactor = compactor
        self.requests = requests
        self.usage: list[int] = search.usage.tolist()
        self.upper: list[int] = search.upper.tolist()
        self.current: dict[int, int] = {}  # request -> its candidate now
        self.by_start: dict[int, dict[int, int]] = {}  # request -> start -> its candidate there
        self.rows_of: dict[int, list[int]] = {}  # candidate -> its rows
        self.moving_at: dict[int, list[int]] = {}  # start -> moving requests placed there
        for i in requests:
            v = int(search.assigned[i])
            self.current[i] = v
            table: dict[int, int] = {}
            for w in range(int(c.offsets[i]), int(c.offsets[i + 1])):
                table[int(c.var_start[w])] = w
                self.rows_of[w] = search.col_rows[search.col_starts[w] : search.col_starts[w + 1]].tolist()
            self.by_start[i] = table
            self.moving_at.setdefault(int(c.var_start[v]), []).append(i)
        self.start_of = {i: int(c.var_start[v]) for i, v in self.current.items()}
        self.duration = {i: int(c.duration[i]) for i in requests}
        self.members = {i: c.members[i] for i in requests}
        principals = sorted({p for i in requests for p in self.members[i]})
        # Per principal: the meetings that stay put, its moving requests, its blocks (gaps.py).
        self.fixed = {p: compactor.meetings_of(p, leave_out=set(requests)) for p in principals}
        self.mine: dict[int, list[int]] = {p: [] for p in principals}
        for i in requests:
            for p in self.members[i]:
                self.mine[p].append(i)
        self.blocks = {p: compactor.blocks[p].tolist() for p in principals}
        self.buffer = compactor.buffer
        self.gap = {p: self.gaps(p, {}) for p in principals}
        self.starts = sorted({t for table in self.by_start.values() for t in table})
        self.best_starts = dict(self.start_of)

    def gaps(self, p: int, changed: dict[int, int]) -> int:
        """p's gaps, as gaps.py counts them, with the requests in `changed` at their new starts."""
        meetings = list(self.fixed[p])
        for i in self.mine[p]:
            t = changed.get(i, self.start_of[i])
            meetings.append((t, t + self.duration[i]))
        meetings.sort()
        row, buffer = self.blocks[p], self.buffer
        count = 0
        for k in range(1, len(meetings)):
            t = meetings[k][0]
            before_start, before_end = meetings[k - 1]
            if row[t] == row[before_start] and t != before_end + buffer:
                count += 1
        return count

    def fits(self, add: list[int], remove: list[int]) -> bool:
        """Apply the change to the usage when every row still holds; otherwise leave it as it was."""
        usage, upper, rows_of = self.usage, self.upper, self.rows_of
        for w in remove:
            for r in rows_of[w]:
                usage[r] -= 1
        done: list[int] = []
        for w in add:
            for r in rows_of[w]:
                usage[r] += 1
                done.append(r)
                if usage[r] > upper[r]:
                    for back in done:
                        usage[back] -= 1
                    for u in remove:
                        for back in rows_of[u]:
                            usage[back] += 1
                    return False
        return True

    def chain(self, i: int, t: int) -> dict[int, int] | None:
        """A Kempe chain: i goes to t, the moving meetings at t sharing a principal with it go to i's start,
        those there sharing one with them go to t, and so on. None when one of them cannot."""
        changed = {i: t}
        queue = [i]
        while queue:
            k = queue.pop()
            leaves = self.start_of[k]
            for p in self.members[k]:
                for m in self.mine[p]:
                    if m not in changed and self.start_of[m] == changed[k]:
                        if leaves not in self.by_start[m]:
                            return None
                        changed[m] = leaves
                        queue.append(m)
        return changed

    def propose(self, rng: random.Random) -> dict[int, int] | None:
        """A random step: requests and their new starts (None: none drawn that the candidates allow)."""
        i = self.requests[rng.randrange(len(self.requests))]
        t = self.starts[rng.randrange(len(self.starts))]
        t_i = self.start_of[i]
        if t == t_i or t not in self.by_start[i]:
            return None
        there = self.moving_at.get(t)
        pick = rng.random()
        if not there or pick < MOVE:
            return {i: t}
        if pick < MOVE + SWAP:
            j = there[rng.randrange(len(there))]
            return {i: t, j: t_i} if t_i in self.by_start[j] else None
        return self.chain(i, t)

    def step(self, changed: dict[int, int], accept: Callable[[int], bool]) -> int | None:
        """Take the step when every row still holds and `accept` takes its change of gaps; returns that
        change, or None (the state unchanged)."""
        add = [self.by_start[k][t_k] for k, t_k in changed.items()]
        remove = [self.current[k] for k in changed]
        if not self.fits(add, remove):
            return None
        touched = {p for k in changed for p in self.members[k]}
        delta = sum(self.gaps(p, changed) - self.gap[p] for p in touched)
        if not accept(delta):
            self.fits(remove, add)  # undo: what was there fits again
            return None
        self.commit(changed, touched)
        return delta

    def commit(self, changed: dict[int, int], touched: set[int]) -> None:
        for k, t_k in changed.items():
            self.moving_at[self.start_of[k]].remove(k)
            self.moving_at.setdefault(t_k, []).append(k)
            self.start_of[k] = t_k
            self.current[k] = self.by_start[k][t_k]
        for p in touched:
            self.gap[p] = self.gaps(p, {})

    def run(self, *, until: float, rng: random.Random) -> Annealed:
        total = first = best = sum(self.gap.values())
        began = perf_counter()
        span = max(1e-3, until - began)
        temperature = HOT
        steps = kept = 0
        best_at = 0.0
        while total > 0:
            steps += 1
            if not steps & 255:
                now = perf_counter()
                if now >= until:
                    break
                temperature = HOT * (COLD / HOT) ** ((now - began) / span)
            changed = self.propose(rng)
            if changed is None:
                continue
            delta = self.step(changed, partial(_metropolis, rng=rng, temperature=temperature))
            if delta is None:
                continue
            kept += 1
            total += delta
            if total < best:
                best, self.best_starts = total, dict(self.start_of)
                best_at = perf_counter() - began
        return Annealed(first, best, steps, kept, best_at)

    def settle(self, original: dict[int, int]) -> bool:
        """Move back to its original start, alone or trading starts with the meeting now there, every
        meeting that can go back without adding a gap. Returns whether any did (the state is then the
        best one to install)."""
        moved = False
        progress = True
        while progress:
            progress = False
            for i in self.requests:
                home = original[i]
                if self.start_of[i] == home:
                    continue
                # Alone, or trading starts with a meeting there that is not at its own start either: each step
                # puts at least one more meeting back, so this ends.
                here = self.start_of[i]
                steps = [{i: home}]
                steps += [
                    {i: home, j: here}
                    for j in self.moving_at.get(home, [])
                    if self.start_of[j] != original[j] and here in self.by_start[j]
                ]
                if any(self.step(changed, lambda d: d <= 0) is not None for changed in steps):
                    moved = progress = True
        self.best_starts = dict(self.start_of)
        return moved

    def install(self, *, strictly: bool) -> bool:
        """Put the best state into the search when its rows hold and it has fewer gaps (`strictly`) or no
        more; False if not."""
        search, compactor = self.compactor.search, self.compactor
        requests = np.array(self.requests, dtype=np.int64)
        chosen = np.array([self.by_start[i][self.best_starts[i]] for i in self.requests], dtype=np.int64)
        previous = search.assigned[requests].copy()
        before = compactor.value()[0]
        search.unplace(requests)
        search.place(chosen)
        after = compactor.value()[0]
        if (search.usage > search.upper).any() or after > before or (strictly and after == before):
            search.unplace(requests)
            search.place(previous)
            return False
        return True
