"""`serve`, `worker`, `run-deadlines`: the long-running processes (and the deadline pass run once)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from django.utils.translation import gettext as _


def _cmd_serve(args: argparse.Namespace) -> int:
    import signal
    import subprocess

    import uvicorn
    from django.conf import settings

    from mufakat.core.errors import ValidationFailed

    if args.workers < 1:
        raise ValidationFailed(_("must be at least 1."), field="--workers")
    if not settings.DEBUG:
        from django.core.management import call_command

        # Production serves hashed, compressed static files; collect them before the first request.
        call_command("collectstatic", "--noinput", verbosity=0)
    print(
        f"mufakat serving on http://{args.host}:{args.port}/ (DEBUG={settings.DEBUG}, "
        f"{args.workers} process(es)); Ctrl-C stops it."
    )
    worker = None
    if args.worker:
        # One worker beside the web server, so `make run` is one command; it stops with the server, and on
        # its own if the server dies. Production runs `mufakat worker` processes of its own (--no-worker).
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-m", "mufakat.cli", "worker", "--exit-with-parent", str(os.getpid())]
        )
        print(f"a background worker runs beside it (pid {worker.pid}; --no-worker turns it off).")
    sys.stdout.flush()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGTERM before uvicorn takes the signals over (while the app loads), and the one uvicorn raises again
    # once it has shut down, both end here: the worker is stopped and the exit status is 0.
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        # ASGI: the pages and the API as before (Django runs synchronous views in a thread pool) and the live
        # stream, many open connections on one event loop. Several --workers share the port; each runs its own
        # live poller against the events table, so no broker is needed between them.
        uvicorn.run(
            "mufakat.asgi:application",
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            access_log=False,
            proxy_headers=False,
            timeout_graceful_shutdown=5,
        )
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    import signal

    from mufakat.core.errors import ValidationFailed
    from mufakat.jobs.worker import WorkerLoop

    if args.interval <= 0:
        raise ValidationFailed(_("must be a positive number of seconds."), field="--interval")
    if args.sweep_every <= 0:
        raise ValidationFailed(_("must be a positive number of seconds."), field="--sweep-every")

    def report(line: str) -> None:
        print(line)
        sys.stdout.flush()

    loop = WorkerLoop(
        once=args.once,
        interval=args.interval,
        sweep_every=args.sweep_every,
        exit_with_parent=args.exit_with_parent,
        report=report,
    )

    def request_stop(signum: int, frame: object) -> None:
        loop.request_stop()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    if not args.once:
        report(
            f"worker {loop.worker_id}: running jobs, checking every {args.interval:g} s, overdue deadlines swept "
            f"every {args.sweep_every:g} s; SIGTERM or Ctrl-C stops it after the job under way."
        )
    try:
        loop.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    report(f"worker stopped: {loop.tasks_run} job(s) run, {loop.concluded} overdue deadline(s) concluded by the sweep.")
    return 0


def _cmd_run_deadlines(args: argparse.Namespace) -> int:
    """Conclude due silence procedures once, or every --interval seconds until SIGTERM or Ctrl-C. The
    deadlines live in the database, so a pass after a restart or a missed run concludes what is overdue."""
    import logging
    import signal
    import threading

    from django.db import DatabaseError, close_old_connections, connection
    from django.utils import timezone

    from mufakat.documents.services import silence_conclude_due

    def one_pass() -> int:
        concluded = silence_conclude_due()
        for procedure in concluded:
            document = procedure.version.document
            print(
                f"{document.title_en} (document #{document.pk}), draft {procedure.version.number}: {procedure.result}"
            )
        print(f"{len(concluded)} silence procedure(s) concluded.")
        sys.stdout.flush()
        return len(concluded)

    if not args.loop:
        one_pass()
        return 0
    if args.interval <= 0:
        from mufakat.core.errors import ValidationFailed

        raise ValidationFailed(_("must be a positive number of seconds."), field="--interval")
    log = logging.getLogger("mufakat.deadlines")
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, request_stop)
    print(f"checking silence deadlines every {args.interval:g} s; SIGTERM or Ctrl-C stops.")
    passes = 0
    try:
        while not stop.is_set():
            if not connection.in_atomic_block:
                close_old_connections()  # a long-running loop must survive the database restarting
            try:
                count = one_pass()
            except DatabaseError as exc:
                log.warning("deadline pass failed, retrying next pass: %s", exc)
                print(f"{timezone.now():%Y-%m-%d %H:%M:%S} UTC pass failed: {exc}", file=sys.stderr)
            else:
                passes += 1
                log.info("deadline pass %s: %s procedure(s) concluded", passes, count)
            stop.wait(args.interval)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(f"stopped after {passes} pass(es).")
    return 0


def add_server_commands(sub: Any) -> None:
    serve = sub.add_parser("serve", help="serve the web app and its live stream (uvicorn, ASGI)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        # All cores by default: the pages are CPU-bound Python, one process is held to one core.
        default=max(1, os.cpu_count() or 1),
        help="server processes sharing the port, each with its own live poller (default: the number of cores)",
    )
    serve.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="do not start a background worker beside the server (run `mufakat worker` processes instead)",
    )
    serve.set_defaults(func=_cmd_serve)

    worker = sub.add_parser("worker", help="run background jobs (silence deadlines, …); several may run at once")
    worker.add_argument("--once", action="store_true", help="run the jobs due now and the deadline sweep, then exit")
    worker.add_argument(
        "--interval", type=float, default=1.0, metavar="SECONDS", help="seconds between looks at the queue"
    )
    worker.add_argument(
        "--sweep-every",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="seconds between sweeps that conclude any overdue silence procedure (also done on start)",
    )
    worker.add_argument("--exit-with-parent", type=int, metavar="PID", help=argparse.SUPPRESS)
    worker.set_defaults(func=_cmd_worker)


def add_deadlines_command(sub: Any) -> None:
    deadlines = sub.add_parser("run-deadlines", help="conclude silence procedures whose deadline has passed")
    deadlines.add_argument("--loop", action="store_true", help="keep running; SIGTERM or Ctrl-C stops cleanly")
    deadlines.add_argument("--interval", type=float, default=60.0, metavar="SECONDS", help="seconds between passes")
    deadlines.set_defaults(func=_cmd_run_deadlines)
