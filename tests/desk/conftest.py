"""Fixtures of the desk tests: the AMM-57 register of documents and the published bilateral schedule, replayed
together on the programme demo (tests/demo_state.py), and a running silence procedure on an ASEAN-only draft."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import SilenceProcedure
from mufakat.documents.services import silence_start
from mufakat.meetings.models import Series
from tests.bilaterals.conftest import bilaterals_demo
from tests.documents.conftest import documents_demo
from tests.factories.documents import amm_draft
from tests.meetings.conftest import programme_demo

__all__ = ["bilaterals_demo", "documents_demo", "programme_demo"]

VIENTIANE = ZoneInfo("Asia/Vientiane")
# Far enough ahead that the test never runs past it; desk_for is given its own `now` two days before.
SILENCE_DEADLINE = datetime(2099, 1, 15, 18, 0, tzinfo=VIENTIANE)
DESK_NOW = datetime(2099, 1, 13, 18, 0, tzinfo=VIENTIANE)


@pytest.fixture
def full_demo(documents_demo: Series, bilaterals_demo: Series) -> Series:
    """AMM-57 with its documents (27 July 2024, 20:00) and its published bilateral schedule."""
    return bilaterals_demo


@pytest.fixture
def asean_silence(full_demo: Series, chair_secretariat: SeriesViewer) -> SilenceProcedure:
    """A draft statement of the 57th AMM (restricted to ASEAN) circulated under silence until
    15 January 2099, 18:00 Vientiane."""
    document, version = amm_draft(actor=chair_secretariat, series=full_demo, texts=["The Ministers welcomed the desk."])
    return silence_start(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        deadline=SILENCE_DEADLINE,
        time_zone="Asia/Vientiane",
    )
