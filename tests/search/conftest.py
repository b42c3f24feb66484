from __future__ import annotations

import pytest

from mufakat.demo.precedents import precedents_demo_load
from mufakat.meetings.models import Series
from tests.documents.conftest import documents_demo
from tests.meetings.conftest import programme_demo

__all__ = ["documents_demo", "precedents_archive", "programme_demo"]


@pytest.fixture
def precedents_archive(documents_demo: Series) -> Series:
    """The documents demo plus the agreed-language archive (the 55th and 56th AMM Joint Communiqués, adopted,
    and the ASEAN-only record of the 56th AMM retreat), written in the test's transaction. Returns AMM-57."""
    assert precedents_demo_load() == 3
    return documents_demo
