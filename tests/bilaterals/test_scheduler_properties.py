"""Properties on random small instances: every solve validates, beats or equals greedy, stays under its bound."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mufakat.bilaterals.scheduler import Instance, Interval, Request, Room, greedy, solve, validate
from tests.bilaterals.test_scheduler import build

CODES = ("VN", "JP", "KR", "TH", "US")


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    count = draw(st.integers(3, len(CODES)))
    codes = CODES[:count]
    principals = {}
    for code in codes:
        start = draw(st.integers(30, 50))
        principals[code] = [Interval(start, start + draw(st.integers(0, 16)))]
    rooms = [
        Room(f"R{k}", f"Room {k}", draw(st.integers(2, 3)), (Interval(draw(st.integers(28, 40)), 80),))
        for k in range(draw(st.integers(1, 2)))
    ]
    requests = []
    for k in range(draw(st.integers(1, 8))):
        parties = draw(st.lists(st.sampled_from(codes), min_size=2, max_size=3, unique=True))
        requests.append(
            Request(
                f"r{k}",
                tuple(f"{c}/minister" for c in parties),
                draw(st.integers(1, 3)),
                draw(st.integers(1, 5)),
                pinned_start=draw(st.none() | st.integers(30, 60)) if k == 0 else None,
            )
        )
    return build(principals, requests, rooms=rooms, buffer=draw(st.integers(0, 1)), days=1)


@settings(max_examples=15, deadline=None)
@given(instances())
def test_solve_random_instances_validate_and_beat_greedy(instance: Instance) -> None:
    result = solve(instance, time_limit=5)

    assert validate(instance, result.assignments) == []
    assert greedy(instance).objective <= result.objective + 1e-6
    assert result.objective <= result.bound + 1e-6
    assert {a.request_id for a in result.assignments} | {u.request_id for u in result.unscheduled} == {
        r.id for r in instance.requests
    }
