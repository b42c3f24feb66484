"""Fixtures for API tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


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
