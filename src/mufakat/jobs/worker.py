"""The worker loop behind `mufakat worker`: run the tasks that are due (django_tasks_db claims each with
SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, an exclusive transaction on SQLite, so several workers never
run one task twice), and sweep on start and every `sweep_every` seconds: for overdue silence deadlines, so a
deadline whose task was lost, or that passed while no worker ran, is still concluded, exactly once; and for jobs
a dead worker left running, which are retried (or failed after their last attempt)."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, close_old_connections, connection
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from mufakat.documents.services import silence_conclude_due
from mufakat.jobs.services import job_reap_stale

log = logging.getLogger("mufakat.jobs")

# What else the worker's periodic sweep runs, each `function(*, now=None) -> int | list` and safe to run from
# several workers at once: notices with no job left to send them and digests due; silence reminders whose job
# was lost or due while no worker ran; reporting reminders; old live events.
SWEEPS: list[str] = [
    "mufakat.notifications.services.notifications_sweep",
    "mufakat.documents.services.silence_notices.silence_reminders_due",
    "mufakat.plans.services.reporting_reminders_due",
    # The live room's events past their retention (reconnection needs only the last hours) and stale presence.
    "mufakat.live.services.live_events_prune",
]


@dataclass
class WorkerLoop:
    once: bool = False
    interval: float = 1.0
    sweep_every: float = 300.0
    sweeps: bool = True
    worker_id: str = field(default_factory=lambda: get_random_string(32))
    exit_with_parent: int | None = None
    report: Callable[[str], None] = log.info
    stop: threading.Event = field(default_factory=threading.Event)
    tasks_run: int = 0
    concluded: int = 0
    reaped: int = 0

    def __post_init__(self) -> None:
        # batch: run every task that is due, then return to this loop (which sleeps, sweeps, or stops).
        self._worker = Worker(
            queue_names=["*"],
            interval=self.interval,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )

    def request_stop(self) -> None:
        """Finish the task under way, then stop (SIGTERM, Ctrl-C)."""
        self.stop.set()
        self._worker.running = False

    def sweep(self) -> None:
        try:
            for procedure in silence_conclude_due():
                self.concluded += 1
                self.report(f"silence procedure {procedure.pk} concluded by the sweep: {procedure.result}")
        except DatabaseError as exc:
            log.warning("deadline sweep failed, retrying at the next one: %s", exc)
        try:
            for job in job_reap_stale():
                self.reaped += 1
                self.report(f"job {job.pk} ({job.kind}) left running by a dead worker: {job.state}")
        except DatabaseError as exc:
            log.warning("stale job sweep failed, retrying at the next one: %s", exc)
        for path in SWEEPS:
            try:
                import_string(path)()
            except DatabaseError as exc:
                log.warning("sweep %s failed, retrying at the next one: %s", path, exc)

    def _parent_gone(self) -> bool:
        return self.exit_with_parent is not None and os.getppid() != self.exit_with_parent

    def run(self) -> None:
        """Run the due tasks, then sweep (at once on start, then every `sweep_every`), then wait; until stopped,
        or after one round with `once`."""
        last_sweep: float | None = None
        try:
            while not self.stop.is_set():
                if not connection.in_atomic_block:
                    close_old_connections()  # survive the database restarting under a long-running worker
                before = self._worker._run_tasks
                try:
                    self._worker.running = not self.stop.is_set()
                    self._worker.run()
                except DatabaseError as exc:
                    log.warning("could not reach the queue, trying again: %s", exc)
                self.tasks_run += self._worker._run_tasks - before
                if self.sweeps and (last_sweep is None or time.monotonic() - last_sweep >= self.sweep_every):
                    self.sweep()
                    last_sweep = time.monotonic()
                if self.once or self._parent_gone():
                    break
                self.stop.wait(self.interval)
        finally:
            if not connection.in_atomic_block:
                connection.close()
