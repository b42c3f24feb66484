"""Peer comparison of the published pages: mufakat against another server (e.g. pretalx) serving the same
released week. Installs nothing and starts nothing: give it the base URL(s) of servers already running.

    python bench/bench_public.py --ours http://127.0.0.1:8107 \
        [--peer http://127.0.0.1:8200 --peer-event amm57 --peer-talk ABCDEF] [--duration 10] [--meeting 132]

Pairs (ours ↔ pretalx's): the schedule page (our released programme page and our public series page ↔
/<event>/schedule/), the JSON export (/api/v1/series/<code>/programme ↔ …/schedule/export/schedule.json), the
iCalendar (…/programme.ics ↔ …/schedule/export/schedule.ics) and a meeting page (/meetings/<id>/ ↔
/<event>/talk/<code>/). `--pair NAME OURS_PATH PEER_PATH` adds or replaces one.

Each pair runs interleaved (ours, then the peer's, at 16 then 64 connections) with wrk when it is on PATH
(`--latency`: requests/s, p50, p99), else with a Python load generator (threads with keep-alive connections;
on a small machine it is itself the bottleneck, so its figures are a floor). Before every run it waits until
the server under test answers a probe quickly again (its queue drained). Then it measures a conditional GET
(If-None-Match with the ETag just served) one request at a time: the 304's latency. Prints one table."""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
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


def drain(base: str, path: str, *, quick_ms: float = 100.0, patience_s: float = 30.0) -> None:
    """Wait until three probes in a row answer within `quick_ms` (the server's queue is empty again)."""
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
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{int(duration)}s", "--latency", url],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", required=True, help="base URL of mufakat, e.g. http://127.0.0.1:8107")
    parser.add_argument("--peer", help="base URL of the peer (pretalx), e.g. http://127.0.0.1:8200")
    parser.add_argument("--series", default="amm-57")
    parser.add_argument("--meeting", type=int, default=132, help="our meeting id for the meeting page")
    parser.add_argument("--peer-event", default="amm57", help="the peer's event slug")
    parser.add_argument("--peer-talk", default="", help="the peer's talk code for the talk page")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--pair", nargs=3, action="append", default=[], metavar=("NAME", "OURS", "PEER"))
    parser.add_argument("--python", action="store_true", help="use the Python load generator even if wrk is there")
    args = parser.parse_args()

    s, e = args.series, args.peer_event
    pairs = {
        "schedule page": (f"/series/{s}/programme/", f"/{e}/schedule/"),
        "public series page": (f"/public/en/series/{s}/", f"/{e}/schedule/"),
        "schedule JSON": (f"/api/v1/series/{s}/programme", f"/{e}/schedule/export/schedule.json"),
        "iCal": (f"/api/v1/series/{s}/programme.ics", f"/{e}/schedule/export/schedule.ics"),
        "meeting/talk page": (f"/meetings/{args.meeting}/", f"/{e}/talk/{args.peer_talk}/"),
        "healthz": ("/healthz", "/"),
    }
    for name, ours, peer in args.pair:
        pairs[name] = (ours, peer)

    use_wrk = shutil.which("wrk") is not None and not args.python
    load = wrk_load if use_wrk else python_load
    print(
        f"load generator: {'wrk' if use_wrk else 'python threads (a floor, not a ceiling)'}; {args.duration:g}s a run"
    )
    header = f"{'page':<20} {'conn':>4} {'ours req/s':>11} {'p50 ms':>8} {'p99 ms':>8}"
    if args.peer:
        header += f" {'peer req/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'×':>6}"
    rows = [header, "-" * len(header)]
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


if __name__ == "__main__":
    main()
