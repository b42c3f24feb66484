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
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test import Client

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
    from bench.bilaterals_generator import generate
    from mufakat.bilaterals.scheduler import SolveStatus, solve
    from mufakat.jobs.services import job_progress

    def observe(status: SolveStatus) -> None:
        job_progress(
            job_id=job.pk,
            progress={"phase": "solving", "seconds": status.seconds, "best_weight": status.best, "bound": status.bound},
        )

    instance = generate(scale, "heavy", 0)
    # A gap of zero keeps it searching for the whole time limit, as a hard instance would.
    result = solve(instance, time_limit=seconds, mip_gap=0.0, observe=observe)
    return {"weight": result.objective, "bound": result.bound, "seconds": result.seconds}


def _load_demo() -> None:
    from mufakat.demo.bilaterals import bilaterals_demo_load
    from mufakat.demo.delegations import delegations_demo_load
    from mufakat.demo.meetings import demo_load
    from mufakat.demo.programme import programme_demo_load
    from mufakat.meetings.services import bodies_load
    from mufakat.reference.services import reference_data_load

    with transaction.atomic():
        bodies_load(report=reference_data_load())
        demo_load()
        delegations_demo_load()
        programme_demo_load()
        bilaterals_demo_load(solve=False)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _line(label: str, timings: list[float]) -> None:
    print(
        f"{label:<58} median {statistics.median(timings):7.1f} ms   max {max(timings):7.1f} ms   (n={len(timings)})"
    )


def run() -> None:
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.bilaterals.models import BilateralSchedule
    from mufakat.bilaterals.services import bilateral_schedule_solve
    from mufakat.jobs.models import Job, JobState
    from mufakat.jobs.services import JOB_KINDS, job_enqueue
    from mufakat.meetings.models import Series

    seconds = float(os.environ.get("BENCH_SOLVE_JOB_SECONDS", "60"))
    _load_demo()
    series = Series.objects.get(code="amm-57")
    chair = User.objects.get(username="lao.chair")

    started = time.perf_counter()
    outcome = bilateral_schedule_solve(actor=viewer_for(chair, series), series=series, time_limit=10)
    print(
        f"{'before: POST solve ran the demo solve in the request':<58} {_ms(started):7.1f} ms "
        f"({len(outcome.result.assignments)} of 40 placed, solver {outcome.result.seconds:.1f} s)"
    )
    BilateralSchedule.objects.all().delete()

    JOB_KINDS[BENCH_KIND] = "bench.bench_solve_job.generated_solve"  # so job_enqueue accepts it here too
    with transaction.atomic():
        long_job = job_enqueue(kind=BENCH_KIND, params={"scale": "M", "seconds": seconds})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while Job.objects.get(pk=long_job.pk).progress.get("phase") != "solving":
            time.sleep(0.2)
        client = Client(HTTP_HOST="localhost")
        client.force_login(chair)
        t = time.perf_counter()
        # Warm up as a running server is: URL configuration, API schemas, templates and translations loaded.
        assert client.get("/series/amm-57/bilaterals/schedule/").status_code == 200
        assert client.get(f"/api/v1/jobs/{long_job.pk}").status_code == 404  # not the chair's: a system job
        print(f"{'first requests of this process (imports, templates)':<58} {_ms(t):7.1f} ms")
        posts, pages, apis, cancels = [], [], [], []
        while Job.objects.get(pk=long_job.pk).state == JobState.RUNNING and len(posts) < 20:
            t = time.perf_counter()
            response = client.post("/series/amm-57/bilaterals/schedule/solve/", {"time_limit": "60"})
            posts.append(_ms(t))
            assert response.status_code == 302, response.status_code
            job = Job.objects.filter(kind="bilaterals.solve", state=JobState.QUEUED).get()
            t = time.perf_counter()
            assert client.get("/series/amm-57/bilaterals/schedule/").status_code == 200
            pages.append(_ms(t))
            t = time.perf_counter()
            assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 200
            apis.append(_ms(t))
            t = time.perf_counter()
            assert client.post(f"/jobs/{job.pk}/cancel/", {"next": "/"}).status_code == 302
            cancels.append(_ms(t))
            time.sleep(1.0)
        progress = Job.objects.get(pk=long_job.pk).progress
        print(f"while the worker solves M heavy (800 requests) for {seconds:g} s, at {progress.get('seconds')} s:")
        _line("  POST /series/amm-57/bilaterals/schedule/solve/ (queues)", posts)
        print("  each POST, ms:", " ".join(f"{t:.0f}" for t in posts))
        _line("  GET the schedule page following the queued job", pages)
        _line("  GET /api/v1/jobs/{id}", apis)
        _line("  POST /jobs/{id}/cancel/", cancels)
        while Job.objects.get(pk=long_job.pk).state not in (JobState.SUCCEEDED, JobState.FAILED):
            time.sleep(0.5)
        done = Job.objects.get(pk=long_job.pk)
        print(f"  the worker's solve: {done.state}, {done.result}")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
