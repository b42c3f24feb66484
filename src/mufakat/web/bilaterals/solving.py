"""The solve job as the schedule page shows it: the latest solve of the series, its phase and figures while it
runs (the page reloads itself every few seconds until it is done), then its draft, its error, or its cancel."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mufakat.bilaterals.selectors import bilateral_solve_job_latest
from mufakat.meetings.models import Series

# What each phase a solve job reports is called on the page.
SOLVE_PHASES = {
    "queued": _("waiting for a worker"),
    "building": _("reading the requests and building the model"),
    "solving": _("solving"),
    "saving": _("checking the schedule and saving the draft"),
    "saved": _("saved"),
}
REFRESH_SECONDS = 2


def solve_job_context(series: Series) -> dict[str, Any]:
    job = bilateral_solve_job_latest(series=series)
    if job is None:
        return {"solve_job": None}
    progress = job.progress or {}
    gap = progress.get("gap")
    return {
        "solve_job": job,
        "solve_phase": SOLVE_PHASES.get(progress.get("phase", "queued"), progress.get("phase")),
        "solve_progress": progress,
        "solve_gap_percent": gap * 100 if gap is not None else None,
        "solve_refresh": REFRESH_SECONDS if not job.finished else None,
    }
