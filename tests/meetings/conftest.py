"""The AMM-57 programme demo for every test that asks.

`programme_demo_load` (releases v1 and v2, the AMM and SOM agendas, the SOM's recommendations to the
57th AMM) runs for real the first time a worker needs it, on top of `delegations_demo`; its writes are kept
and replayed whenever the worker builds that state again (tests/demo_state.py). The loader itself is covered
by the exact values every test asserts on its result."""

from __future__ import annotations

import pytest

from mufakat.demo.delegations import DemoLogin
from mufakat.demo.programme import programme_demo_load
from mufakat.meetings.models import Series
from tests.demo_state import STATE, Snapshot

STATE.register("programme_demo", programme_demo_load)


@pytest.fixture
def programme_demo(delegations_demo: list[DemoLogin], _demo_snapshots: dict[int, Snapshot]) -> Series:
    """The delegations demo plus AMM-57's programme v1 and v2 (the ARF chair's press conference moved an
    hour), the AMM and SOM agendas and the SOM's recommendations; returns the AMM-57 series."""
    STATE.ensure_in_test(STATE.wanted(["programme_demo"]), _demo_snapshots)
    return Series.objects.select_related("venue").get(code="amm-57")
