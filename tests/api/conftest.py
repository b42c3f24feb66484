"""Fixtures for API tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from mufakat.demo.delegations import DemoLogin, delegations_demo_load
from mufakat.demo.meetings import DemoReport
from mufakat.demo.programme import programme_demo_load
from mufakat.meetings.models import Series
from tests.bilaterals.conftest import _bilateral_writes, bilateral_requests_demo, bilaterals_demo
from tests.meetings.conftest import _programme_writes, programme_demo

# The bilaterals demo (tests/bilaterals/conftest.py), replayed on the programme demo.
__all__ = ["_bilateral_writes", "_programme_writes", "bilateral_requests_demo", "bilaterals_demo", "programme_demo"]


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
def api_access_demo(request: pytest.FixtureRequest, demo: DemoReport, settings: Any) -> list[DemoLogin]:
    """The demo plus AMM-57's delegations, participants, circulars and the four demo accounts (lao.chair,
    vn.focal, jp.delegate, tl.observer), as delegations_demo_load writes them. Where tests/conftest.py
    offers its snapshot of that load (`delegations_demo`), that is used: same rows, a fraction of the time."""
    try:
        logins: list[DemoLogin] = request.getfixturevalue("delegations_demo")
    except pytest.FixtureLookupError:
        # The tests log in with force_login or tokens; a fast hasher stands in for the demo accounts' Argon2.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        logins = delegations_demo_load()
    return logins


@pytest.fixture
def api_programme_demo(api_access_demo: list[DemoLogin]) -> Series:
    """The access demo plus AMM-57's programme v1 and v2 (the ARF chair's press conference moved an hour),
    the AMM and SOM agendas and the SOM's recommendations, as programme_demo_load writes them; returns the
    AMM-57 series."""
    programme_demo_load()
    return Series.objects.select_related("venue").get(code="amm-57")
