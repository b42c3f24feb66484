"""Precedences between requests: "the trilateral after both bilaterals".

`Request.after` names requests a request must come after. When both are placed, the later one starts at
or after the earlier one ends, plus the walking buffer when they share a principal (without a shared
principal nobody walks between them, so no buffer). When the earlier one is not placed, the later one
may still be: a protocol office still holds the trilateral when one of the bilaterals before it is
dropped. A cycle therefore only means the requests in it cannot all be placed.

In the time-indexed program a precedence is a set of packing rows (clique rows, like the principals'):
for each start t of the later request, its starts up to t and the earlier request's starts that end
(lag included) after t cannot be chosen together, so at most one of them is. Every stage that works on
the rows (the search, the whole program, the bound, the compactness stage, rescheduling) holds them;
pinned meetings are handled when the candidates are generated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler import clock
from mufakat.bilaterals.scheduler.instance import Instance, Unscheduled
from mufakat.core.text import Text, gettext_noop

if TYPE_CHECKING:
    from mufakat.bilaterals.scheduler.candidates import Candidates

BoolArray = NDArray[np.bool_]


def precedences(instance: Instance, excluded: dict[int, Unscheduled] | None = None) -> list[tuple[int, int, int]]:
    """(earlier, later, lag) for every `after` naming another request of the instance (an unknown id or the
    request itself is ignored here; the loaders refuse them). Lag: the buffer when they share a principal."""
    excluded = excluded or {}
    index: dict[str, int] = {}
    for i, request in enumerate(instance.requests):
        index.setdefault(request.id, i)
    out = []
    for i, request in enumerate(instance.requests):
        for name in dict.fromkeys(request.after):
            j = index.get(name)
            if j is None or j == i or i in excluded or j in excluded:
                continue
            shared = set(request.principals) & set(instance.requests[j].principals)
            out.append((j, i, max(0, instance.buffer) if shared else 0))
    return out


def pin_order_problem(c: Candidates, i: int, start: int) -> Text | None:
    """Why pinning request i at `start` breaks a precedence with a pin accepted before it; None if it does not."""
    instance = c.instance
    end = start + int(c.duration[i])
    at = clock.span_value(instance, start, end)
    for earlier, later, lag in c.precedences:
        if later == i and earlier in c.pins and start < c.pins[earlier].start + int(c.duration[earlier]) + lag:
            return Text(
                gettext_noop("Pinned at %(at)s, before pinned %(other)s ends, which it must come after."),
                {"at": at, "other": instance.requests[earlier].id},
            )
        if earlier == i and later in c.pins and c.pins[later].start < end + lag:
            return Text(
                gettext_noop("Pinned at %(at)s, ending after pinned %(other)s starts, which must come after it."),
                {"at": at, "other": instance.requests[later].id},
            )
    return None


def precede_pins(c: Candidates, i: int, ok: BoolArray) -> None:
    """Take out of `ok` (request i's possible starts) those breaking a precedence with a pinned meeting."""
    duration = int(c.duration[i])
    for earlier, later, lag in c.precedences:
        if later == i and earlier in c.pins:
            ok[: max(0, c.pins[earlier].start + int(c.duration[earlier]) + lag)] = False
        elif earlier == i and later in c.pins:
            ok[max(0, c.pins[later].start - duration - lag + 1) :] = False


def precedence_rows(c: Candidates) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]] | None:
    """The clique rows of every precedence between two requests with candidates (rows, variables, upper)."""
    rows_l: list[NDArray[np.int64]] = []
    vars_l: list[NDArray[np.int64]] = []
    n_rows = 0
    for earlier, later, lag in c.precedences:
        a0, a1 = int(c.offsets[earlier]), int(c.offsets[earlier + 1])
        b0, b1 = int(c.offsets[later]), int(c.offsets[later + 1])
        if a0 == a1 or b0 == b1:
            continue
        sa = c.var_start[a0:a1].astype(np.int64)
        tb = c.var_start[b0:b1].astype(np.int64)
        # Earlier's candidates clashing with later at t: those starting after t - duration - lag.
        first = np.searchsorted(sa, tb - int(c.duration[earlier]) - lag, side="right")
        for k in range(tb.shape[0]):
            if first[k] >= sa.shape[0]:
                continue  # nothing of the earlier request ends too late from here on
            if k + 1 < tb.shape[0] and first[k + 1] == first[k]:
                continue  # the next row holds this one's earlier candidates and more of the later
            members = np.concatenate((np.arange(b0, b0 + k + 1), np.arange(a0 + int(first[k]), a1)))
            rows_l.append(np.full(members.shape[0], n_rows, dtype=np.int64))
            vars_l.append(members.astype(np.int64))
            n_rows += 1
    if not n_rows:
        return None
    return np.concatenate(rows_l), np.concatenate(vars_l), np.ones(n_rows)
