"""`documents_demo`: the AMM-57 register of outcome documents on top of `programme_demo`.

`documents_demo_load` runs for real in the first test of a worker that asks for it; later tests get its
writes replayed (the same mechanism as `programme_demo`, see tests/meetings/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from mufakat.demo.documents import documents_demo_load
from mufakat.meetings.models import Series
from tests.meetings.conftest import _programme_writes, _take, _Writes, programme_demo

__all__ = ["_documents_writes", "_programme_writes", "documents_demo", "programme_demo"]


@pytest.fixture(scope="session")
def _documents_writes() -> dict[str, Any]:
    return {}


@pytest.fixture
def documents_demo(programme_demo: Series, _documents_writes: dict[str, Any]) -> Series:
    """The programme demo plus AMM-57's 28 outcome documents as on 27 July 2024, 20:00: the Joint Communiqué of
    the 57th AMM in negotiation (draft 3, brackets from VN, PH, KH, SG, MY), the ARF Work Plan on Maritime
    Security under silence procedure, the ARF Chairman's statement in drafting, the other 25 decided at their
    meetings (the Mekong–U.S. Plan of Action adopted). Returns the AMM-57 series."""
    if "writes" in _documents_writes:
        _documents_writes["writes"].replay()
    else:
        before = _take()
        documents_demo_load()
        _documents_writes["writes"] = _Writes.between(before, _take())
    return programme_demo
