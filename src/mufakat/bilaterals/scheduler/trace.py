"""What the search has reached and when: the weight, the bound and the gap over time, as log lines and
as `SolveStatus` for whoever watches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter

import numpy as np

from mufakat.bilaterals.scheduler.instance import Observe, SolveStatus

Progress = Callable[[str], None]


@dataclass
class Trace:
    """When the schedule reached what, in seconds since `started`."""

    started: float
    progress: Progress | None
    observe: Observe | None = None
    first: float | None = None
    within_1pct: float | None = None
    proven: float | None = None
    best: float = 0.0
    bound: float = float("inf")
    lines: list[str] = field(default_factory=list)
    last_said: float = -10.0

    def now(self) -> float:
        return perf_counter() - self.started

    def gap(self) -> float:
        if not np.isfinite(self.bound) or self.bound <= 0:
            return 0.0 if np.isfinite(self.bound) else 1.0
        return max(0.0, (self.bound - self.best) / self.bound)

    def update(self, *, best: float | None = None, bound: float | None = None, mip_gap: float = 0.0) -> None:
        now = self.now()
        if best is not None:
            if self.first is None:
                self.first = now
            self.best = max(self.best, best)
        if bound is not None:
            self.bound = min(self.bound, bound)
        gap = self.gap()
        if self.within_1pct is None and np.isfinite(self.bound) and self.first is not None and gap <= 0.01:
            self.within_1pct = now
        if self.proven is None and np.isfinite(self.bound) and self.first is not None and gap <= mip_gap:
            self.proven = now
        self.say(force=False)

    def say(self, *, force: bool, note: str = "") -> None:
        now = self.now()
        if not force and now - self.last_said < 1.0:
            return
        self.last_said = now
        bound = f", bound {self.bound:g}, gap {self.gap():.2%}" if np.isfinite(self.bound) else ""
        line = f"{now:6.1f} s  scheduled weight {self.best:g}{bound}{note}"
        self.lines.append(line)
        if self.progress is not None:
            self.progress(line)
        if self.observe is not None:
            finite = bool(np.isfinite(self.bound))
            self.observe(
                SolveStatus(
                    seconds=round(now, 1),
                    best=float(self.best),
                    bound=float(self.bound) if finite else None,
                    gap=round(self.gap(), 6) if finite else None,
                )
            )
