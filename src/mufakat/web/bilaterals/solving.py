"""The solve job as the schedule page shows it: the latest solve of the series, its phase and figures while it
runs (the page reloads itself every few seconds until it is done), then its draft, its error, or its cancel;
the solve form's time limit as last used, and the refusal of a second solve while one runs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.bilaterals.models import BilateralSettings
from mufakat.bilaterals.selectors import bilateral_solve_job_latest
from mufakat.core.errors import Conflict
from mufakat.jobs.models import Job
from mufakat.meetings.models import Series

from .forms import SolveForm

# What each phase a solve job reports is called on the page.
SOLVE_PHASES = {
    "queued": gettext_lazy("waiting for a worker"),
    "building": gettext_lazy("reading the requests and building the model"),
    "solving": gettext_lazy("solving"),
    "saving": gettext_lazy("checking the schedule and saving the draft"),
    "saved": gettext_lazy("saved"),
}
REFRESH_SECONDS = 2


def job_ran_seconds(job: Job) -> float | None:
    """How long a finished job ran, from its start to its end: its last progress report may be older (a solve
    reports between steps) and a job cancelled while queued never started."""
    if not job.finished or job.started_at is None or job.finished_at is None:
        return None
    return max(0.0, (job.finished_at - job.started_at).total_seconds())


def solve_job_context(series: Series) -> dict[str, Any]:
    job = bilateral_solve_job_latest(series=series)
    if job is None:
        return {"solve_job": None, "solve_busy": False}
    progress = job.progress or {}
    gap = progress.get("gap")
    return {
        "solve_job": job,
        "solve_busy": not job.finished,
        "solve_phase": SOLVE_PHASES.get(progress.get("phase", "queued"), progress.get("phase")),
        "solve_progress": progress,
        "solve_ran_seconds": job_ran_seconds(job),
        "solve_gap_percent": gap * 100 if gap is not None else None,
        "solve_refresh": REFRESH_SECONDS if not job.finished else None,
    }


def solve_form(settings: BilateralSettings, latest: Job | None) -> SolveForm:
    """The solve form with the time limit of the latest solve (the chair's last choice), else the series'
    setting; held within what the form accepts (the API and the CLI allow longer)."""
    field: Any = SolveForm.base_fields["time_limit"]
    limit = latest.params.get("time_limit") if latest is not None else None
    if not isinstance(limit, int | float):
        limit = settings.time_limit_seconds
    return SolveForm(initial={"time_limit": min(max(round(limit), field.min_value), field.max_value)})


def solve_refusal(series: Series, exc: Conflict) -> str | SafeString:
    """A second solve refused while one is queued or running, as a sentence naming the series, with a link
    to that job's page."""
    running = exc.current_object
    if not isinstance(running, Job):
        return exc.message
    return format_html(
        '{} <a href="{}" id="running-solve-link">{}</a>',
        _("A solve of %(series)s is already %(state)s; wait for it or cancel it first.")
        % {"series": series.title, "state": running.get_state_display()},
        reverse("web:job-detail", args=[running.pk]),
        _("The job's page"),
    )
