"""The AMM-57 bilaterals demo, fresh for every test that asks, as tests/meetings/conftest.py does for the
programme demo: the loader runs for real in the first test that asks, its writes are kept, and later tests
get them replayed into their own transaction.

- `bilateral_requests_demo`: the programme demo plus four bilateral rooms, the ministers' arrivals and
  departures, Viet Nam's blocked period and 45 requests with their answers (no schedule);
- `bilaterals_demo`: the same, solved and published (schedule 1), two meetings confirmed."""

from __future__ import annotations

import pytest

from mufakat.demo.bilaterals import bilaterals_demo_dates, bilaterals_demo_load
from mufakat.meetings.models import Series
from tests.meetings.conftest import _programme_writes, _take, _Writes, programme_demo

__all__ = ["_programme_writes", "programme_demo"]


@pytest.fixture(scope="session")
def _bilateral_writes() -> dict[str, _Writes]:
    return {}


def _load(writes: dict[str, _Writes], key: str, *, solve: bool) -> Series:
    if key in writes:
        writes[key].replay()
        bilaterals_demo_dates()
    else:
        before = _take()
        bilaterals_demo_load(solve=solve)
        writes[key] = _Writes.between(before, _take())
    return Series.objects.select_related("venue", "chair").get(code="amm-57")


@pytest.fixture
def bilateral_requests_demo(programme_demo: Series, _bilateral_writes: dict[str, _Writes]) -> Series:
    """AMM-57 with its bilateral rooms, arrivals, a blocked period and the requests, not yet solved."""
    return _load(_bilateral_writes, "requests", solve=False)


@pytest.fixture
def bilaterals_demo(programme_demo: Series, _bilateral_writes: dict[str, _Writes]) -> Series:
    """AMM-57 with the bilaterals demo solved and published."""
    return _load(_bilateral_writes, "published", solve=True)
