"""The AMM-57 bilaterals demo for every test that asks, as tests/meetings/conftest.py does for the programme
demo: the loader runs for real the first time a worker needs it, its writes are kept and replayed after that
(tests/demo_state.py), the requests and answers dated as in July 2024 again.

- `bilateral_requests_demo`: the programme demo plus four bilateral rooms, the ministers' arrivals and
  departures, Viet Nam's blocked period and 45 requests with their answers (no schedule);
- `bilaterals_demo`: the same, solved and published (schedule 1), two meetings confirmed."""

from __future__ import annotations

import pytest

from mufakat.demo.bilaterals import bilaterals_demo_dates, bilaterals_demo_load
from mufakat.meetings.models import Series
from tests.demo_state import STATE, Snapshot
from tests.meetings.conftest import programme_demo

__all__ = ["programme_demo"]

STATE.register("bilateral_requests_demo", lambda: bilaterals_demo_load(solve=False), bilaterals_demo_dates)
STATE.register("bilaterals_demo", lambda: bilaterals_demo_load(solve=True), bilaterals_demo_dates)


def _load(name: str, snapshots: dict[int, Snapshot]) -> Series:
    STATE.ensure_in_test(STATE.wanted(["programme_demo", name]), snapshots)
    return Series.objects.select_related("venue", "chair").get(code="amm-57")


@pytest.fixture
def bilateral_requests_demo(programme_demo: Series, _demo_snapshots: dict[int, Snapshot]) -> Series:
    """AMM-57 with its bilateral rooms, arrivals, a blocked period and the requests, not yet solved."""
    return _load("bilateral_requests_demo", _demo_snapshots)


@pytest.fixture
def bilaterals_demo(programme_demo: Series, _demo_snapshots: dict[int, Snapshot]) -> Series:
    """AMM-57 with the bilaterals demo solved and published."""
    return _load("bilaterals_demo", _demo_snapshots)
