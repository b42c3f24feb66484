"""Fixtures for API tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from mufakat.demo.delegations import DemoLogin
from mufakat.meetings.models import Series
from tests.bilaterals.conftest import bilateral_requests_demo, bilaterals_demo
from tests.meetings.conftest import programme_demo

# The bilaterals demo (tests/bilaterals/conftest.py), replayed on the programme demo.
__all__ = ["bilateral_requests_demo", "bilaterals_demo", "programme_demo"]


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open() -> Iterator[None]:
    """Requests sent straight to the WSGI application (schemathesis' from_wsgi), not through Django's test
    client, end with close_old_connections, which closes a connection that is inside the test's
    transaction on PostgreSQL. The test client disconnects it for the same reason; do so here too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_access_demo(delegations_demo: list[DemoLogin]) -> list[DemoLogin]:
    """The demo plus AMM-57's delegations, participants, circulars and the four demo accounts (lao.chair,
    vn.focal, jp.delegate, tl.observer), as delegations_demo_load writes them (tests/conftest.py's snapshot of
    that load); returns the demo logins."""
    return delegations_demo


@pytest.fixture
def api_programme_demo(programme_demo: Series) -> Series:
    """The access demo plus AMM-57's programme v1 and v2 (the ARF chair's press conference moved an hour),
    the AMM and SOM agendas and the SOM's recommendations, as programme_demo_load writes them (replayed by
    tests/meetings/conftest.py); returns the AMM-57 series."""
    return programme_demo
