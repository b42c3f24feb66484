"""Calling mufakat's ASGI application as uvicorn does, without a server: the public fast path
(publishing.fastpath.PublicFastPathASGI) in front of Django's ASGI handler, inside the test's transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from django.core import signals
from django.core.handlers.asgi import ASGIHandler
from django.db import close_old_connections

from mufakat.publishing import fastpath


class Answer:
    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes, via_django: bool) -> None:
        self.status_code = status
        self.headers = {name.decode("latin1"): value.decode("latin1") for name, value in headers}
        self.lower = {name.lower(): value for name, value in self.headers.items()}
        self.content = body
        self.via_django = via_django

    def __getitem__(self, name: str) -> str:
        return self.lower[name.lower()]


def _django() -> Callable[..., Any]:
    handler = ASGIHandler()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        app.calls += 1  # type: ignore[attr-defined]
        # As the test client does: the test's transaction keeps its connection across requests.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            await handler(scope, receive, send)
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)

    app.calls = 0  # type: ignore[attr-defined]
    return app


def asgi_caller() -> Callable[..., Answer]:
    django_app = _django()
    # The stamp read in the test's thread (its transaction); in production a thread of its own.
    app = fastpath.PublicFastPathASGI(
        django_app, stamp_reader=sync_to_async(fastpath.public_stamp, thread_sensitive=True)
    )

    def get(path: str, headers: dict[str, str] | None = None, method: str = "GET", host: str = "testserver") -> Answer:
        path, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": query.encode(),
            "headers": [(b"host", host.encode())]
            + [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()],
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000),
        }
        sent: list[dict[str, Any]] = []
        before = django_app.calls  # type: ignore[attr-defined]

        messages = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # the client stays connected; Django stops listening when done
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        async_to_sync(app)(scope, receive, send)
        start = next(m for m in sent if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return Answer(start["status"], start["headers"], body, django_app.calls > before)  # type: ignore[attr-defined]

    return get
