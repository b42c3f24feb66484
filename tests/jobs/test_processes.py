"""The real processes: `mufakat worker` runs a due job and stops cleanly on SIGTERM; `mufakat serve` starts
one worker beside it and both stop together. They run against the test database (committed data)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from mufakat.jobs.models import Job
from tests.jobs.conftest import past_silence

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(autouse=True)
def _committed(transactional_db: None) -> None:
    """The processes' connections must see the test's rows: commit them."""


def _environment() -> dict[str, str]:
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**database)
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "true",
        "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }


def _wait_for(condition: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_worker_runs_a_due_job_and_stops_cleanly_on_sigterm(drafted, chair_secretariat) -> None:
    procedure = past_silence(chair_secretariat, drafted)
    worker = subprocess.Popen(
        [sys.executable, "-m", "mufakat.cli", "worker", "--interval", "0.2"],
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # The deadline job and its two reminder jobs (which find the deadline passed).
        _wait_for(lambda: not Job.objects.exclude(state="succeeded").exists())
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0
    assert output.splitlines()[-1] == "worker stopped: 3 job(s) run, 0 overdue deadline(s) concluded by the sweep."
    assert Job.objects.get(kind="silence.deadline").result == {
        "procedure_id": procedure.pk,
        "concluded": True,
        "status": "held",
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_starts_one_worker_and_both_stop_on_sigterm(amm_57, tmp_path) -> None:
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        serve = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "mufakat.cli", "serve", "--port", str(_free_port())],
            env=_environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            # Ready when the worker has said so (its signal handlers are set by then).
            _wait_for(lambda: "SIGTERM or Ctrl-C stops it" in log.read_text())
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=40)
    text = log.read_text()
    worker_pid = int(re.search(r"a background worker runs beside it \(pid (\d+);", text)[1])  # type: ignore[index]
    assert serve.returncode == 0
    assert text.splitlines()[-1] == "worker stopped: 0 job(s) run, 0 overdue deadline(s) concluded by the sweep."
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)
