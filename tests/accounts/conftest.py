"""A fixed clock for tokens and login throttling, so remaining times and expiry dates are exact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


# The Monday before AMM-57 opens, 09:00 UTC.
FROZEN_AT = datetime(2024, 7, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Django's clock (not ours) stands still at FROZEN_AT until the test advances it."""
    fixed = Clock(FROZEN_AT)
    monkeypatch.setattr(timezone, "now", lambda: fixed.now)
    return fixed
