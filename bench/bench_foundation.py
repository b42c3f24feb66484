"""Foundation figures: demo load time, series page and API meeting list latency and query counts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, reset_queries, transaction
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.demo.meetings import demo_load
from mufakat.meetings.models import Meeting
from mufakat.meetings.services import bodies_load
from mufakat.reference.services import reference_data_load


def _measure(label: str, action: Callable[[], HttpResponseBase], repeat: int = 30) -> None:
    response = action()  # warm caches and translations
    if response.status_code != 200:
        raise SystemExit(f"{label}: HTTP {response.status_code}, nothing to measure")
    timings = []
    reset_queries()  # DEBUG keeps a bounded log; start from empty so the capture's indexes hold
    with CaptureQueriesContext(connection) as queries:
        action()
    query_count = len(queries.captured_queries)
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:<44} median {statistics.median(timings):7.1f} ms   p90 {sorted(timings)[int(repeat * 0.9)]:7.1f} ms"
        f"   queries {query_count}"
    )


def run() -> None:
    started = time.perf_counter()
    with transaction.atomic():
        bodies_load(report=reference_data_load())
        demo_load()
    print(f"{'first load (reference data + demo)':<44} {(time.perf_counter() - started) * 1000:7.1f} ms")
    started = time.perf_counter()
    with transaction.atomic():
        bodies_load(report=reference_data_load())
        demo_load()
    print(f"{'reload (idempotent, nothing changes)':<44} {(time.perf_counter() - started) * 1000:7.1f} ms")

    # Keep one connection across requests, as a pooled server would, so queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    amm57 = Meeting.objects.get(series__code="amm-57", body__code="AMM")
    client = Client(HTTP_HOST="localhost")
    _measure("GET /series/amm-57/ (23 meetings)", lambda: client.get("/series/amm-57/"))
    _measure("GET /meetings/<AMM-57>/", lambda: client.get(f"/meetings/{amm57.pk}/"))
    _measure("GET /api/v1/meetings?series=amm-57", lambda: client.get("/api/v1/meetings?series=amm-57"))
    _measure("GET /api/v1/frameworks/ARF/members", lambda: client.get("/api/v1/frameworks/ARF/members?on=2024-07-27"))
