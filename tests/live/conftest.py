"""The live room's tests run against a real ASGI server (uvicorn in a thread, the app `mufakat serve` runs) on
the test database, and read the stream's raw bytes: what a browser would receive."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import DocumentVersion, OutcomeDocument
from mufakat.meetings.models import Meeting, Series
from tests.factories.documents import document_with_text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class AsgiServer:
    """uvicorn serving the ASGI app (with static files, as under DEBUG) in a thread; `restart` drops every open
    connection, as a server restart or a dead network would."""

    host: str
    port: int
    server: Any = None
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        import uvicorn
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from django.core.asgi import get_asgi_application

        config = uvicorn.Config(
            ASGIStaticFilesHandler(get_asgi_application()),
            host=self.host,
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise AssertionError("uvicorn did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(timeout=15)

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[AsgiServer]:
    server = AsgiServer("127.0.0.1", _free_port())
    server.start()
    yield server
    server.stop()


def session_cookie(viewer: SeriesViewer) -> str:
    client = Client()
    client.force_login(viewer.user)
    return f"sessionid={client.cookies['sessionid'].value}"


@dataclass
class Frame:
    id: int | None
    event: str
    data: dict[str, Any]
    raw: str


@dataclass
class Stream:
    """One open stream, read as raw bytes; `frames` is every event received so far, `raw` every byte."""

    connection: http.client.HTTPConnection
    response: http.client.HTTPResponse
    frames: list[Frame] = field(default_factory=list)
    raw: str = ""

    def read_until(self, predicate: Any, seconds: float = 10.0) -> Frame:
        deadline = time.monotonic() + seconds
        for frame in self.frames:
            if predicate(frame):
                return frame
        while time.monotonic() < deadline:
            frame = self._next_frame(deadline)
            if frame is not None and predicate(frame):
                return frame
        raise AssertionError(f"no such event within {seconds} s; received: {self.raw!r}")

    def read_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._next_frame(deadline)

    def _next_frame(self, deadline: float) -> Frame | None:
        lines: list[str] = []
        while True:
            self.connection.sock.settimeout(max(0.05, deadline - time.monotonic()))  # type: ignore[union-attr]
            try:
                line = self.response.fp.readline().decode()
            except TimeoutError:
                return None
            if line == "":
                raise AssertionError(f"the stream ended; received: {self.raw!r}")
            self.raw += line
            if line in ("\n", "\r\n"):
                break
            lines.append(line.rstrip("\n"))
        fields: dict[str, str] = {}
        for line in lines:
            if line.startswith(":"):
                continue
            name, _sep, value = line.partition(": ")
            fields[name] = value
        if "event" not in fields and "id" not in fields:
            return None
        frame = Frame(
            id=int(fields["id"]) if fields.get("id", "").isdigit() else None,
            event=fields.get("event", "message"),
            data=json.loads(fields["data"]) if fields.get("data") else {},
            raw="\n".join(lines),
        )
        self.frames.append(frame)
        return frame

    def close(self) -> None:
        self.connection.close()


def open_stream(
    server: AsgiServer, code: str, topics: list[str], *, cookie: str = "", last_event_id: int | None = None
) -> tuple[int, Stream]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    query = "&".join(f"topic={t}" for t in topics)
    headers = {"Accept": "text/event-stream"}
    if cookie:
        headers["Cookie"] = cookie
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    connection.request("GET", f"/series/{code}/live/?{query}", headers=headers)
    response = connection.getresponse()
    return response.status, Stream(connection, response)


@pytest.fixture
def streams() -> Iterator[list[Stream]]:
    opened: list[Stream] = []
    yield opened
    for stream in opened:
        stream.close()


@pytest.fixture
def room(amm_57: Series, chair_secretariat: SeriesViewer) -> dict[str, tuple[OutcomeDocument, DocumentVersion]]:
    """Two texts under negotiation: an ASEAN-only one (the AMM's) and an ARF one (Japan takes part)."""
    amm = Meeting.objects.get(series=amm_57, body__code="AMM")
    arf = Meeting.objects.get(series=amm_57, body__code="ARF")
    return {
        "asean": document_with_text(
            actor=chair_secretariat,
            meeting=amm,
            texts=["The Ministers discussed the South China Sea.", "They agreed to meet again."],
            title_en="Secret ASEAN Statement on Reefs",
        ),
        "arf": document_with_text(
            actor=chair_secretariat,
            meeting=arf,
            texts=["The Forum discussed maritime security.", "It welcomed the work plan."],
            title_en="ARF Statement on Maritime Security",
        ),
    }
