"""A solve never blocks a web thread (issue 14): while a worker process spends 60 s solving a generated M-scale
instance (800 requests, the bench generator's), the chair's Solve POST, the schedule page that follows a job,
the job's API and a cancel are timed in the web process. For comparison, the same POST before background jobs
took as long as the solve itself: the demo's solve is timed as it ran inside the request.

`python -m bench solve-job` (not part of the full run: it takes over a minute). BENCH_SOLVE_JOB_SECONDS (default
60) sets the worker's solve."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client

from bench.bilaterals_generator import generate
from mufakat.accounts.models import User
from mufakat.accounts.rules import viewer_for
from mufakat.bilaterals.models import BilateralSchedule
from mufakat.bilaterals.scheduler import SolveStatus, solve
from mufakat.bilaterals.services import bilateral_schedule_solve
from mufakat.demo.bilaterals import bilaterals_demo_load
from mufakat.demo.delegations import delegations_demo_load
from mufakat.demo.meetings import demo_load
from mufakat.demo.programme import programme_demo_load
from mufakat.jobs.models import FINISHED_STATES, Job, JobState
from mufakat.jobs.services import JOB_KINDS, job_enqueue, job_progress
from mufakat.meetings.models import Series
from mufakat.meetings.services import bodies_load
from mufakat.reference.services import reference_data_load

ROOT = Path(__file__).resolve().parents[1]
BENCH_KIND = "bench.generated_solve"
WORKER = f"""
import django
django.setup()
from mufakat.jobs.services import JOB_KINDS
from mufakat.jobs.worker import WorkerLoop
JOB_KINDS[{BENCH_KIND!r}] = "bench.bench_solve_job.generated_solve"
WorkerLoop(interval=0.2, sweeps=False).run()
"""


def generated_solve(*, job: Any, scale: str, seconds: float) -> dict[str, Any]:
    """The worker's long job: the generated instance solved for `seconds`, its figures as the job's progress."""

    def observe(status: SolveStatus) -> None:
        job_progress(
            job_id=job.pk,
            progress={"phase": "solving", "seconds": status.seconds, "best_weight": status.best, "bound": status.bound},
        )

    instance = generate(scale, "heavy", 0)
    # A gap of zero keeps it searching for the whole time limit, as a hard instance would.
    result = solve(instance, time_limit=seconds, mip_gap=0.0, observe=observe)
    return {"weight": result.objective, "bound": result.bound, "seconds": round(result.seconds, 1)}


def _load_demo() -> None:
    with transaction.atomic():
        bodies_load(report=reference_data_load())
        demo_load()
        delegations_demo_load()
        programme_demo_load()
        bilaterals_demo_load(solve=False)


def _timed(timings: list[float], action: Callable[[], HttpResponseBase], status: int) -> None:
    started = time.perf_counter()
    response = action()
    timings.append((time.perf_counter() - started) * 1000)
    if response.status_code != status:
        raise SystemExit(f"HTTP {response.status_code} where {status} was expected; nothing to measure")


def _line(label: str, timings: list[float]) -> None:
    print(f"{label:<58} median {statistics.median(timings):7.1f} ms   max {max(timings):7.1f} ms   (n={len(timings)})")


def _state(job: Job) -> str:
    return str(Job.objects.values_list("state", flat=True).get(pk=job.pk))


def _while_solving(long_job: Job, chair: User) -> None:
    client = Client(HTTP_HOST="localhost")
    client.force_login(chair)
    warm: list[float] = []
    # Warm up as a running server is: URL configuration, API schemas, templates and translations loaded.
    _timed(warm, lambda: client.get("/series/amm-57/bilaterals/schedule/"), 200)
    _timed(warm, lambda: client.get(f"/api/v1/jobs/{long_job.pk}"), 404)  # a system job: not the chair's
    print(f"{'first requests of this process (imports, templates)':<58} {sum(warm):7.1f} ms")
    posts: list[float] = []
    pages: list[float] = []
    apis: list[float] = []
    cancels: list[float] = []
    while _state(long_job) == JobState.RUNNING and len(posts) < 20:
        _timed(posts, lambda: client.post("/series/amm-57/bilaterals/schedule/solve/", {"time_limit": "60"}), 302)
        url = f"/jobs/{Job.objects.filter(kind='bilaterals.solve', state=JobState.QUEUED).get().pk}"
        _timed(pages, lambda: client.get("/series/amm-57/bilaterals/schedule/"), 200)
        _timed(apis, lambda url=url: client.get(f"/api/v1{url}"), 200)
        _timed(cancels, lambda url=url: client.post(f"{url}/cancel/", {"next": "/"}), 302)
        time.sleep(1.0)
    progress = Job.objects.get(pk=long_job.pk).progress
    print(f"while the worker solves M heavy (800 requests), {progress.get('seconds')} s into its solve:")
    _line("  POST /series/amm-57/bilaterals/schedule/solve/ (queues)", posts)
    _line("  GET the schedule page following the queued job", pages)
    _line("  GET /api/v1/jobs/{id}", apis)
    _line("  POST /jobs/{id}/cancel/", cancels)


def run() -> None:
    seconds = float(os.environ.get("BENCH_SOLVE_JOB_SECONDS", "60"))
    _load_demo()
    series = Series.objects.get(code="amm-57")
    chair = User.objects.get(username="lao.chair")

    started = time.perf_counter()
    outcome = bilateral_schedule_solve(actor=viewer_for(chair, series), series=series, time_limit=10)
    print(
        f"{'before: POST solve ran the demo solve in the request':<58} "
        f"{(time.perf_counter() - started) * 1000:7.1f} ms "
        f"({len(outcome.result.assignments)} of 40 placed, solver {outcome.result.seconds:.1f} s)"
    )
    BilateralSchedule.objects.all().delete()

    JOB_KINDS[BENCH_KIND] = "bench.bench_solve_job.generated_solve"  # so job_enqueue accepts it here too
    with transaction.atomic():
        long_job = job_enqueue(kind=BENCH_KIND, params={"scale": "M", "seconds": seconds})
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])
    worker = subprocess.Popen(  # noqa: S603 - this interpreter running a fixed script
        [sys.executable, "-c", WORKER],
        env={**os.environ, "PYTHONPATH": path},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while Job.objects.get(pk=long_job.pk).progress.get("phase") != "solving":
            time.sleep(0.2)
        _while_solving(long_job, chair)
        while _state(long_job) not in FINISHED_STATES:
            time.sleep(0.5)
        done = Job.objects.get(pk=long_job.pk)
        print(f"  the worker's solve: {done.state}, {done.result}")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
