"""Idle gaps ("breaks") in a principal's day: what the compactness tier minimises.

A principal's time falls into *blocks*: a stretch in which the principal is available without a
break (no plenary session, no arrival or departure in between) and which lies within one half-day
of the venue's clock (midnight to noon, noon to midnight). A meeting belongs to the block in which
it starts. Within a block, consecutive meetings are back to back when the second starts exactly
the buffer after the first ends; every other pair of consecutive meetings leaves one idle gap. So a
block with n meetings forming r back-to-back runs has r - 1 gaps, and a plenary session between
two meetings is never a gap (they lie in different blocks).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from mufakat.bilaterals.scheduler import clock
from mufakat.bilaterals.scheduler.instance import Assignment, Instance

HALF_DAY_MINUTES = 720


def block_ids(instance: Instance, avail: NDArray[np.bool_]) -> NDArray[np.int64]:
    """(principals, horizon): the block each available grain belongs to, numbered per principal; -1 where
    the principal is not available."""
    horizon = avail.shape[1]
    out = np.full(avail.shape, -1, dtype=np.int64)
    if not horizon:
        return out
    first = clock.local_time(instance, 0)
    minute0 = first.hour * 60 + first.minute
    half = (minute0 + np.arange(horizon, dtype=np.int64) * instance.grain_minutes) // HALF_DAY_MINUTES
    new_half = np.concatenate(([True], half[1:] != half[:-1]))
    for p in range(avail.shape[0]):
        row = avail[p]
        opens = row & np.concatenate(([True], ~row[:-1]))
        starts = (opens | new_half) & row
        ids = np.cumsum(starts) - 1
        out[p] = np.where(row, ids, -1)
    return out


def principal_masks(instance: Instance) -> NDArray[np.bool_]:
    horizon = max(0, instance.horizon)
    avail = np.zeros((len(instance.principals), horizon), dtype=np.bool_)
    for k, principal in enumerate(instance.principals):
        for interval in principal.available:
            avail[k, max(0, interval.start) : max(0, min(horizon, interval.end))] = True
    return avail


def count_by_block(
    meetings: Sequence[tuple[int, int]], blocks: NDArray[np.int64], buffer: int
) -> dict[int, tuple[int, int]]:
    """Per block: (meetings, gaps) for one principal's (start, end) meetings."""
    by_block: dict[int, list[tuple[int, int]]] = {}
    for start, end in meetings:
        block = int(blocks[start]) if 0 <= start < blocks.shape[0] else -1
        by_block.setdefault(block, []).append((start, end))
    out = {}
    for block, items in by_block.items():
        items.sort()
        gaps = sum(1 for (_, end), (start, _) in itertools.pairwise(items) if start != end + buffer)
        out[block] = (len(items), gaps)
    return out


def gaps_by_principal(instance: Instance, assignments: Sequence[Assignment]) -> dict[str, int]:
    """Idle gaps of every principal who has at least one meeting in `assignments`."""
    requests = {r.id: r for r in instance.requests}
    index = {p.id: k for k, p in enumerate(instance.principals)}
    blocks = block_ids(instance, principal_masks(instance))
    meetings: dict[int, list[tuple[int, int]]] = {}
    for a in assignments:
        request = requests[a.request_id]
        for name in request.principals:
            if name in index:
                meetings.setdefault(index[name], []).append((a.start, a.start + request.duration))
    buffer = max(0, instance.buffer)
    return {
        instance.principals[p].id: sum(g for _, g in count_by_block(items, blocks[p], buffer).values())
        for p, items in sorted(meetings.items())
    }
