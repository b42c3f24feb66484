"""`documents_demo`: the AMM-57 register of outcome documents on top of `programme_demo`.

`documents_demo_load` runs for real the first time a worker needs it; its writes are kept and replayed
after that (tests/demo_state.py)."""

from __future__ import annotations

import pytest

from mufakat.demo.documents import documents_demo_load
from mufakat.demo.journey import journey_demo_load
from mufakat.meetings.models import Series
from tests.demo_state import STATE, Snapshot
from tests.meetings.conftest import programme_demo

__all__ = ["documents_demo", "journey_demo", "programme_demo"]

STATE.register("documents_demo", documents_demo_load)
STATE.register("journey_demo", journey_demo_load)


@pytest.fixture
def documents_demo(programme_demo: Series, _demo_snapshots: dict[int, Snapshot]) -> Series:
    """The programme demo plus AMM-57's 28 outcome documents as on 27 July 2024, 20:00: the Joint Communiqué of
    the 57th AMM in negotiation (draft 3, brackets from VN, PH, KH, SG, MY), the ARF Work Plan on Maritime
    Security under silence procedure, the ARF Chairman's statement in drafting, the other 25 decided at their
    meetings (the Mekong–U.S. Plan of Action adopted). Returns the AMM-57 series."""
    STATE.ensure_in_test(STATE.wanted(["programme_demo", "documents_demo"]), _demo_snapshots)
    return programme_demo


@pytest.fixture
def journey_demo(delegations_demo: object, _demo_snapshots: dict[int, Snapshot]) -> Series:
    """The delegations demo plus the 44th Summit's register (tests/../demo/journey.py): the Biosafety and
    Biosecurity declaration's journey from its 1st consultation to its adoption on 9 October 2024, the
    Chairman's Statement (planned) and an ASEAN-only draft the SOM discussed. Returns the Summits' series."""
    STATE.ensure_in_test(STATE.wanted(["journey_demo"]), _demo_snapshots)
    return Series.objects.get(code="summit-44-45")
