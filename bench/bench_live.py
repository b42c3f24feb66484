"""The live room under load, one server process (`mufakat serve`, uvicorn) on the demo:

- 300 clients connected to one document's stream (delegates of Viet Nam and Japan, the chair); a proposal made
  through the API reaches every one of them: latency from just before the POST to each client's receipt of the
  event, median and p99 over several proposals (goal: median < 200 ms, p99 < 1 s);
- 1,000 idle connections: the server process' resident memory before and with them (goal: < 300 MB for them);
- the document page's own speed: median time of the bracketed page through the old server (waitress, WSGI) and
  through the new one (uvicorn, ASGI) idle, and with the 1,000 streams connected (goal: no worse).

`python -m bench live`; POSTGRES: set DATABASE_URL to a PostgreSQL database to measure LISTEN/NOTIFY instead
of SQLite's polling. Figures on a shared, loaded machine are what they are."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.db import connection, transaction
from django.test import Client

from mufakat.accounts.models import User
from mufakat.accounts.rules import viewer_for
from mufakat.accounts.services import api_token_create
from mufakat.demo.delegations import delegations_demo_load
from mufakat.demo.documents import documents_demo_load
from mufakat.demo.meetings import demo_load
from mufakat.documents.enums import ProposalStatus
from mufakat.documents.models import OutcomeDocument, Paragraph, Proposal
from mufakat.documents.services import proposal_withdraw
from mufakat.meetings.services import bodies_load
from mufakat.reference.services import reference_data_load

CLIENTS = int(os.environ.get("BENCH_LIVE_CLIENTS", "300"))
IDLE = int(os.environ.get("BENCH_LIVE_IDLE", "1000"))
PROPOSALS = int(os.environ.get("BENCH_LIVE_PROPOSALS", "5"))
PAGE_RUNS = int(os.environ.get("BENCH_LIVE_PAGE_RUNS", "30"))
SRC = Path(__file__).resolve().parents[1] / "src"
POST_TIMES: list[float] = []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return os.environ["DATABASE_URL"]


def _environment(home: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MUFAKAT_HOME": home,
        "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }


def _wait_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on {port} did not come up")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _setup() -> tuple[OutcomeDocument, dict[str, str], str]:
    """The demo, an open ARF text with a fresh draft of many paragraphs, session cookies and an API token."""
    with transaction.atomic():
        report = reference_data_load()
        bodies_load(report=report)
        demo_load()
        delegations_demo_load()
        documents_demo_load()
    document = OutcomeDocument.objects.select_related("meeting__series").get(
        title_en="Chairman's Statement of the 31st ASEAN Regional Forum"
    )
    # A database kept from an earlier run (PostgreSQL) holds that run's proposals: withdraw them first.
    viet_nam = viewer_for(User.objects.get(username="vn.focal"), document.meeting.series)
    for proposal in Proposal.objects.filter(document=document, party__code="VN", status=ProposalStatus.OPEN):
        proposal_withdraw(actor=viet_nam, proposal=proposal)
    cookies = {}
    for name in ("vn.focal", "jp.delegate", "lao.chair"):
        client = Client()
        client.force_login(User.objects.get(username=name))
        cookies[name] = client.cookies["sessionid"].value
    token = api_token_create(user=User.objects.get(username="vn.focal"), name="bench live").plaintext
    return document, cookies, token


class Listener:
    """One SSE client on raw asyncio streams: connects, waits for `hello`, records when each proposal arrives."""

    def __init__(self, port: int, path: str, cookie: str) -> None:
        self.port, self.path, self.cookie = port, path, cookie
        self.ready = asyncio.Event()
        self.arrivals: dict[int, float] = {}
        self.writer: asyncio.StreamWriter | None = None

    async def run(self) -> None:
        reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            f"Cookie: sessionid={self.cookie}\r\n\r\n".encode()
        )
        await self.writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"stream refused: {status!r}")
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"event: hello"):
                self.ready.set()
            elif line.startswith(b"data: {") and b'"kind":"proposal"' in line:
                marker = line.split(b'"proposal":', 1)[1].split(b",", 1)[0]
                self.arrivals[int(marker)] = time.perf_counter()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _connect(
    port: int, path: str, cookies: list[str], count: int
) -> tuple[list[Listener], list[asyncio.Task[None]]]:
    listeners = [Listener(port, path, cookies[i % len(cookies)]) for i in range(count)]
    tasks = []
    for i, listener in enumerate(listeners):
        tasks.append(asyncio.create_task(listener.run()))
        if i % 50 == 49:
            await asyncio.sleep(0.2)  # a room filling up, not a SYN flood
    await asyncio.wait_for(asyncio.gather(*(lst.ready.wait() for lst in listeners)), 120)
    return listeners, tasks


def _post_proposal(port: int, token: str, document: OutcomeDocument, paragraph: Paragraph, n: int) -> int:
    words = paragraph.text.split()[1 + n // 4]
    start = paragraph.text.index(words)
    body = json.dumps(
        {
            "version_id": document.current_version_id,
            "party": "VN",
            "kind": "replace",
            "paragraph_uid": str(paragraph.uid),
            "start": start,
            "end": start + len(words),
            "text": f"bench wording {n}",
        }
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/series/amm-57/documents/{document.pk}/proposals",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return int(json.loads(response.read())["id"])


def _page_times(port: int, path: str, cookie: str, runs: int) -> float:
    times = []
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={cookie}")]
    for _ in range(runs):
        start = time.perf_counter()
        opener.open(f"http://127.0.0.1:{port}{path}", timeout=30).read()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _latency(
    port: int, document: OutcomeDocument, paragraphs: list[Paragraph], cookies: dict[str, str], token: str
) -> tuple[list[float], int]:
    path = f"/series/amm-57/live/?topic=doc:{document.pk}"
    listeners, tasks = await _connect(port, path, list(cookies.values()), CLIENTS)
    latencies: list[float] = []
    missing = 0
    loop = asyncio.get_running_loop()
    for n in range(PROPOSALS):
        await asyncio.sleep(0.5)
        sent = time.perf_counter()
        proposal_id = await loop.run_in_executor(
            None, _post_proposal, port, token, document, paragraphs[n % len(paragraphs)], n
        )
        POST_TIMES.append((time.perf_counter() - sent) * 1000)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and sum(proposal_id in lst.arrivals for lst in listeners) < len(listeners):
            await asyncio.sleep(0.01)
        for listener in listeners:
            if proposal_id in listener.arrivals:
                latencies.append((listener.arrivals[proposal_id] - sent) * 1000)
            else:
                missing += 1
    for listener in listeners:
        listener.close()
    for task in tasks:
        task.cancel()
    return latencies, missing


async def _idle(
    port: int, document: OutcomeDocument, cookies: dict[str, str], pid: int, page_cookie: str
) -> tuple[float, float, float]:
    before = _rss_mb(pid)
    listeners, tasks = await _connect(
        port, f"/series/amm-57/live/?topic=doc:{document.pk}", list(cookies.values()), IDLE
    )
    await asyncio.sleep(2)
    after = _rss_mb(pid)
    loop = asyncio.get_running_loop()
    page = await loop.run_in_executor(
        None, _page_times, port, f"/series/amm-57/documents/{document.pk}/", page_cookie, PAGE_RUNS
    )
    for listener in listeners:
        listener.close()
    for task in tasks:
        task.cancel()
    return before, after, page


def _start(args: list[str], home: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, *args], env=_environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _waitress(port: int, home: str) -> subprocess.Popen[bytes]:
    """The server `mufakat serve` ran before: waitress with 8 threads on the WSGI app."""
    code = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mufakat.settings');"
        "from waitress import serve; from mufakat.wsgi import application;"
        f"serve(application, host='127.0.0.1', port={port}, threads=8, _quiet=True)"
    )
    return _start(["-c", code], home)


def run() -> None:
    home = tempfile.mkdtemp(prefix="mufakat-bench-live-")
    document, cookies, token = _setup()
    page_path = f"/series/amm-57/documents/{document.pk}/"
    print(
        f"\nlive room ({connection.vendor}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
        f"{Paragraph.objects.filter(version_id=document.current_version_id).count()} paragraphs)"
    )
    port_old = _free_port()
    old = _waitress(port_old, home)
    try:
        _wait_up(port_old)
        _page_times(port_old, page_path, cookies["vn.focal"], 3)
        page_old = _page_times(port_old, page_path, cookies["vn.focal"], PAGE_RUNS)
    finally:
        old.terminate()
        old.wait(timeout=30)
    port = _free_port()
    server = _start(["-m", "mufakat.cli", "serve", "--no-worker", "--port", str(port)], home)
    try:
        _wait_up(port)
        _page_times(port, page_path, cookies["vn.focal"], 3)
        page_new = _page_times(port, page_path, cookies["vn.focal"], PAGE_RUNS)
        paragraphs = list(
            Paragraph.objects.filter(version_id=document.current_version_id, kind="paragraph").order_by("position")
        )
        latencies, missing = asyncio.run(_latency(port, document, paragraphs, cookies, token))
        print(
            f"  {CLIENTS} clients on one document, {PROPOSALS} proposals through the API: event received "
            f"median {statistics.median(latencies):.0f} ms, p99 {_percentile(latencies, 0.99):.0f} ms, "
            f"max {max(latencies):.0f} ms ({len(latencies)} receipts, {missing} missing; "
            "goal median < 200 ms, p99 < 1 s); "
            f"the API's answer to the POST itself took {statistics.median(POST_TIMES):.0f} ms (median)"
        )
        before, after, page_loaded = asyncio.run(_idle(port, document, cookies, server.pid, cookies["vn.focal"]))
        print(
            f"  {IDLE} idle connections: server RSS {before:.0f} MB -> {after:.0f} MB "
            f"(+{after - before:.0f} MB, {(after - before) * 1024 / IDLE:.0f} kB each; goal < 300 MB)"
        )
        print(
            f"  document page (Viet Nam, median of {PAGE_RUNS}): waitress/WSGI {page_old:.0f} ms, "
            f"uvicorn/ASGI {page_new:.0f} ms, uvicorn with {IDLE} streams open {page_loaded:.0f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
