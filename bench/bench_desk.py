""" "My desk" figures on the whole AMM-57 demo (what `mufakat demo` loads) with a silence procedure running:
the median time of the desk page (the whole request: middleware, desk_for, template), of desk_for alone and of
the API's /me/desk, per persona, with the page's query count (tests/desk asserts that it does not grow with
the number of documents, proposals, requests or reports). Goal: under 150 ms."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.accounts.rules import viewer_for
from mufakat.demo.bilaterals import bilaterals_demo_load
from mufakat.demo.delegations import delegations_demo_load
from mufakat.demo.documents import documents_demo_load
from mufakat.demo.plans import plans_demo_load
from mufakat.demo.programme import programme_demo_load
from mufakat.desk import desk_for
from mufakat.documents.enums import SilenceStatus
from mufakat.documents.models import OutcomeDocument, SilenceProcedure
from mufakat.documents.services import silence_start

ARF_STATEMENT = "Chairman's Statement of the 31st ASEAN Regional Forum"
PERSONAS = ("vn.focal", "lao.chair", "jp.delegate", "tl.observer")


def _demo() -> None:
    """The demo's loaders are idempotent: whatever an earlier benchmark loaded stays as it is."""
    with transaction.atomic():
        delegations_demo_load()
        programme_demo_load()
        bilaterals_demo_load()
        documents_demo_load()
        plans_demo_load()
        document = OutcomeDocument.objects.select_related("meeting__series").get(title_en=ARF_STATEMENT)
        if not SilenceProcedure.objects.filter(version__document=document, status=SilenceStatus.RUNNING).exists():
            chair = viewer_for(User.objects.get(username="lao.chair"), document.meeting.series)
            silence_start(
                actor=chair,
                document=document,
                version_id=document.current_version_id or 0,
                deadline=timezone.now() + timedelta(days=2),
                time_zone="Asia/Vientiane",
            )


def _median(action: Callable[[], Any], repeat: int = 15) -> float:
    action()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _get(client: Client, path: str) -> Callable[[], Any]:
    def fetch() -> Any:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path}: HTTP {response.status_code}")
        return response

    return fetch


def run() -> None:
    _demo()
    # Keep one connection across requests, as a pooled server would, so queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    for username in PERSONAS:
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        _get(client, "/desk/")()  # warm caches and translations
        reset_queries()  # the query log is bounded; start from empty so the capture's indexes hold
        with CaptureQueriesContext(connection) as queries:
            _get(client, "/desk/")()
        # Counted now: the next request's start empties the query log the capture reads from.
        query_count = len(queries)
        rows = len(desk_for(user).rows)
        page = _median(_get(client, "/desk/"))
        alone = _median(lambda user=user: desk_for(user))
        api = _median(_get(client, "/api/v1/me/desk"))
        print(
            f"desk of {username:<12} {rows:3d} rows   page median {page:6.1f} ms   desk_for {alone:6.1f} ms   "
            f"API {api:6.1f} ms   page queries {query_count}"
        )
