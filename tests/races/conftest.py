"""The race suite: many clients at once, each a thread with its own database connection, started together
behind a barrier. Every test here runs on SQLite and on PostgreSQL (`make test` runs the suite once per
database); the tables are committed for real (`transactional_db`) so the threads see each other's writes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connections

from mufakat.core.errors import ApplicationError


@dataclass(frozen=True)
class Outcome:
    """What one client got: the service's result, or the refusal it raised."""

    value: Any = None
    error: BaseException | None = None

    @property
    def refusal(self) -> tuple[int, str] | None:
        """(HTTP status, message) of an application refusal; an unexpected exception is re-raised."""
        if self.error is None:
            return None
        if isinstance(self.error, ApplicationError):
            return self.error.status_code, self.error.message
        raise self.error


def race(clients: int, act: Callable[[int], Any]) -> list[Outcome]:
    """Run `act(0) … act(clients - 1)` at the same moment, one thread and one connection each; the outcomes
    in client order. Each thread closes its connection, so none is left open for the test database's teardown."""
    barrier = threading.Barrier(clients)

    def client(index: int) -> Outcome:
        try:
            barrier.wait(timeout=30)
            return Outcome(value=act(index))
        except Exception as exc:
            return Outcome(error=exc)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(client, range(clients)))


@pytest.fixture(autouse=True)
def _committed(transactional_db: None) -> None:
    """Every race test commits its data for real: the clients' connections must see it."""
