"""Peer comparison of the published pages: mufakat against another server (e.g. pretalx) serving the same
released week. Installs nothing and never starts the peer: it takes the peer's base URL.

    python -m bench public --peer http://127.0.0.1:8200 [--peer-event amm57] [--peer-talk ABCDEF] [--duration 10]
        (loads the demo into a throwaway SQLite database and runs ours: `mufakat serve`, its default workers,
        DEBUG off, on --port, 8104 unless told; stopped at the end)
    python bench/bench_public.py --ours http://127.0.0.1:8104 --meeting 132 [--peer …]   (ours already running)

Pairs (ours ↔ pretalx's), the pages an anonymous reader gets: the programme page (our public series page, the
released programme by day ↔ /<event>/schedule/), the JSON export (/api/v1/series/<code>/programme ↔
…/schedule/export/schedule.json), the iCalendar (…/programme.ics ↔ …/schedule/export/schedule.ics) and a
meeting page (/public/en/meetings/<id>/ ↔ /<event>/talk/<code>/; without --peer-talk, the first talk of the
peer's JSON export). `--pair NAME OURS_PATH PEER_PATH` adds or replaces one.

Each pair runs interleaved (ours, then the peer's, at 16 then 64 connections) with wrk when it is on PATH
(`--latency`: requests/s, p50, p99), else with a Python load generator (threads with keep-alive connections;
on a small machine it is itself the bottleneck, so its figures are a floor). Before every run it waits until
the server under test answers a probe quickly again (its queue drained). Then it measures a conditional GET
(If-None-Match with the ETag just served) one request at a time: the 304's latency. Prints one table."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0


def _connection(base: str) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=30)


def _get(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str]]:
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}


_IDLE_MS: dict[tuple[str, str], float] = {}


def idle_ms(base: str, path: str) -> float:
    """The URL's answer time on an idle server (median of five probes after one to warm up), measured once."""
    if (base, path) not in _IDLE_MS:
        times = []
        for _ in range(6):
            conn = _connection(base)
            started = time.perf_counter()
            try:
                _get(conn, path)
            finally:
                conn.close()
            times.append((time.perf_counter() - started) * 1000)
        _IDLE_MS[base, path] = statistics.median(times[1:])
    return _IDLE_MS[base, path]


def drain(base: str, path: str, *, quick_ms: float | None = None, patience_s: float = 30.0) -> None:
    """Wait until three probes in a row answer about as fast as on the idle server (the queue is empty again):
    within twice its idle time plus 10 ms, unless `quick_ms` is given."""
    if quick_ms is None:
        quick_ms = 2 * idle_ms(base, path) + 10
    deadline = time.monotonic() + patience_s
    streak = 0
    while time.monotonic() < deadline and streak < 3:
        conn = _connection(base)
        started = time.perf_counter()
        try:
            _get(conn, path)
            elapsed = (time.perf_counter() - started) * 1000
            streak = streak + 1 if elapsed < quick_ms else 0
        except OSError:
            streak = 0
        finally:
            conn.close()
        time.sleep(0.2)


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def python_load(url: str, connections: int, duration: float) -> Result:
    parts = urlsplit(url)
    base, path = f"{parts.scheme}://{parts.netloc}", parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    stop = time.monotonic() + duration

    def worker(index: int) -> None:
        conn = _connection(base)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, _ = _get(conn, path)
                if status >= 400:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = _connection(base)
                continue
            latencies[index].append((time.perf_counter() - started) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    every = [value for values in latencies for value in values]
    return Result(
        rps=len(every) / elapsed, p50_ms=_percentile(every, 0.5), p99_ms=_percentile(every, 0.99), errors=sum(errors)
    )


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def wrk_load(url: str, connections: int, duration: float) -> Result:
    threads = max(1, min(connections, 2))
    wrk = shutil.which("wrk") or "wrk"
    output = subprocess.run(  # noqa: S603 - wrk from PATH, with our own arguments
        # A 10 s timeout (wrk's default, 2 s, would cut a slow peer's tail off and count it as errors).
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{int(duration)}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Result(
        rps=float(rps.group(1)) if rps else 0.0,
        p50_ms=_ms(p50.group(1)) if p50 else float("nan"),
        p99_ms=_ms(p99.group(1)) if p99 else float("nan"),
        errors=(int(errors.group(1)) if errors else 0) + (sum(int(g) for g in socket.groups()) if socket else 0),
    )


def conditional_latency(base: str, path: str, requests: int = 200) -> tuple[str, float, float]:
    """(status seen, p50 ms, p99 ms) of GETs carrying the ETag the server just sent, one at a time."""
    conn = _connection(base)
    status, headers = _get(conn, path)
    etag = headers.get("etag")
    if not etag:
        conn.close()
        return ("no ETag", float("nan"), float("nan"))
    times: list[float] = []
    seen = set()
    for _ in range(requests):
        started = time.perf_counter()
        status, _ = _get(conn, path, {"If-None-Match": etag})
        times.append((time.perf_counter() - started) * 1000)
        seen.add(status)
    conn.close()
    return ("/".join(str(s) for s in sorted(seen)), statistics.median(times), _percentile(times, 0.99))


def peer_first_talk(base: str, event: str) -> str:
    """The code of the first talk in the peer's JSON export (pretalx's schedule.json)."""
    conn = _connection(base)
    try:
        conn.request("GET", f"/{event}/schedule/export/schedule.json")
        data = json.loads(conn.getresponse().read())
    finally:
        conn.close()
    for day in data["schedule"]["conference"]["days"]:
        for talks in day["rooms"].values():
            for talk in talks:
                return str(talk["url"]).rstrip("/").rsplit("/", 1)[-1]
    raise SystemExit("the peer's schedule has no talk")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", required=True, help="base URL of mufakat, e.g. http://127.0.0.1:8104")
    parser.add_argument("--peer", help="base URL of the peer (pretalx), e.g. http://127.0.0.1:8200")
    parser.add_argument("--series", default="amm-57")
    parser.add_argument("--meeting", type=int, default=132, help="our meeting id for the meeting page")
    parser.add_argument("--peer-event", default="amm57", help="the peer's event slug")
    parser.add_argument("--peer-talk", default="", help="the peer's talk code for the talk page")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--pair", nargs=3, action="append", default=[], metavar=("NAME", "OURS", "PEER"))
    parser.add_argument("--python", action="store_true", help="use the Python load generator even if wrk is there")
    args = parser.parse_args(argv)
    if args.peer and not args.peer_talk:
        args.peer_talk = peer_first_talk(args.peer, args.peer_event)

    s, e = args.series, args.peer_event
    pairs = {
        "programme page": (f"/public/en/series/{s}/", f"/{e}/schedule/"),
        "programme JSON": (f"/api/v1/series/{s}/programme", f"/{e}/schedule/export/schedule.json"),
        "programme .ics": (f"/api/v1/series/{s}/programme.ics", f"/{e}/schedule/export/schedule.ics"),
        "meeting/talk page": (f"/public/en/meetings/{args.meeting}/", f"/{e}/talk/{args.peer_talk}/"),
    }
    for name, ours, peer in args.pair:
        pairs[name] = (ours, peer)

    use_wrk = shutil.which("wrk") is not None and not args.python
    load = wrk_load if use_wrk else python_load
    print(
        f"load generator: {'wrk' if use_wrk else 'python threads (a floor, not a ceiling)'}; {args.duration:g}s a run; "
        f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )
    header = f"{'page':<20} {'conn':>4} {'ours req/s':>11} {'p50 ms':>8} {'p99 ms':>8}"
    if args.peer:
        header += f" {'peer req/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'×':>6}"
    rows = [header, "-" * len(header)]
    for _name, (ours_path, peer_path) in pairs.items():
        # Idle answer times first (each server alone), the drain's yardstick.
        idle_ms(args.ours, ours_path)
        if args.peer:
            idle_ms(args.peer, peer_path)
    for name, (ours_path, peer_path) in pairs.items():
        for connections in args.connections:
            drain(args.ours, ours_path)
            ours = load(args.ours + ours_path, connections, args.duration)
            row = f"{name:<20} {connections:>4} {ours.rps:>11.0f} {ours.p50_ms:>8.1f} {ours.p99_ms:>8.1f}"
            if ours.errors:
                row += f" ({ours.errors} errors)"
            if args.peer:
                drain(args.peer, peer_path)
                peer = load(args.peer + peer_path, connections, args.duration)
                ratio = ours.rps / peer.rps if peer.rps else float("inf")
                row += f" {peer.rps:>11.0f} {peer.p50_ms:>8.1f} {peer.p99_ms:>8.1f} {ratio:>6.1f}"
                if peer.errors:
                    row += f" (peer: {peer.errors} errors)"
            row += f"  load {os.getloadavg()[0]:.1f}"
            rows.append(row)
            print(row, flush=True)
    print()
    print("conditional GET (If-None-Match with the served ETag), one connection, 200 requests:")
    for name, (ours_path, peer_path) in pairs.items():
        status, p50, p99 = conditional_latency(args.ours, ours_path)
        line = f"  {name:<20} ours {status:>8} p50 {p50:6.2f} ms p99 {p99:6.2f} ms"
        if args.peer:
            status, p50, p99 = conditional_latency(args.peer, peer_path)
            line += f" | peer {status:>8} p50 {p50:6.2f} ms p99 {p99:6.2f} ms"
        print(line)


def _wait_up(base: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn = _connection(base)
        try:
            if _get(conn, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
        finally:
            conn.close()
    raise RuntimeError(f"{base} did not come up")


def run(argv: list[str]) -> None:
    """`python -m bench public …` (Django set up and migrated by bench/__main__): the demo, ours started on
    --port with `mufakat serve` (default workers), the comparison, ours stopped."""
    from django.db import connection  # noqa: PLC0415 - Django is set up by bench/__main__

    from mufakat.meetings.models import Meeting  # noqa: PLC0415

    port = "8104"
    if "--port" in argv:
        index = argv.index("--port")
        port = argv[index + 1]
        argv = argv[:index] + argv[index + 2 :]
    series = argv[argv.index("--series") + 1] if "--series" in argv else "amm-57"
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database['NAME']}"
        if database["ENGINE"].endswith("sqlite3")
        else os.environ["DATABASE_URL"],
        "MUFAKAT_HOME": tempfile.mkdtemp(prefix="mufakat-bench-home-"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    # The whole demo as `mufakat demo` loads it (the programme released twice, the adopted texts).
    subprocess.run([sys.executable, "-m", "mufakat.cli", "demo"], env=environment, check=True, capture_output=True)
    meeting = Meeting.objects.get(series__code=series, body__code="AMM")
    connection.close()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "mufakat.cli", "serve", "--no-worker", "--host", "127.0.0.1", "--port", port],
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base)
        print(f"ours: `mufakat serve` (default workers: {os.cpu_count()}), pid {server.pid}, on {base}")
        main(["--ours", base, "--meeting", str(meeting.pk), *argv])
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
