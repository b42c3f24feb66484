"""A job's progress and result as its page shows them: each figure under its name and written for the page's
language (decimal comma in Vietnamese, the gap as a percentage as on the schedule page), the phase in words
while it runs, and the times in the reader's time zone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.bilaterals.models import SOLVER_STATUS_LABELS
from mufakat.core.timezones import is_time_zone
from mufakat.jobs.models import Job
from mufakat.web.bilaterals.solving import SOLVE_PHASES


def _number(value: object) -> str:
    return floatformat(value, "-1") if isinstance(value, int | float) else str(value)


def _seconds(value: object) -> str:
    return _("%(seconds)s s") % {"seconds": floatformat(value, 1)} if isinstance(value, int | float) else str(value)


def _percent(value: object) -> str:
    return f"{floatformat(float(value) * 100, 2)} %" if isinstance(value, int | float) else str(value)


def _phase(value: object) -> str:
    return str(SOLVE_PHASES.get(value, value)) if isinstance(value, str) else str(value)


def _solver_status(value: object) -> str:
    return str(SOLVER_STATUS_LABELS.get(value, value)) if isinstance(value, str) else str(value)


# What the keys of a job's progress and result are called on its page, and how their values are written; a key
# without a label shows as it is.
FIGURES: dict[str, tuple[Any, Callable[[object], str]]] = {
    "phase": (gettext_lazy("Phase"), _phase),
    "time_limit": (gettext_lazy("Time limit (seconds)"), _number),
    "seconds": (gettext_lazy("Running for"), _seconds),
    "best_weight": (gettext_lazy("Best weight so far"), _number),
    "weight": (gettext_lazy("Scheduled weight"), _number),
    "bound": (gettext_lazy("Proven bound"), _number),
    "gap": (gettext_lazy("Gap"), _percent),
    "idle_gaps": (gettext_lazy("Idle gaps"), _number),
    "idle_gaps_bound": (gettext_lazy("Proven fewest idle gaps"), _number),
    "worst_principal_gaps": (gettext_lazy("Worst principal's idle gaps"), _number),
    "solver_status": (gettext_lazy("Solver"), _solver_status),
    "moved": (gettext_lazy("Published meetings re-timed or dropped"), _number),
    "moves_minimum": (gettext_lazy("Fewest possible at this weight (proven)"), _number),
}
# Said once finished by "Ran for" (progress) or by the result's sentence (a solve's draft and its counts).
_WHILE_RUNNING = frozenset({"phase", "seconds"})
_IN_SOLVE_SENTENCE = frozenset({"schedule_id", "number", "scheduled", "requested"})


def figure_rows(values: dict[str, Any] | None, *, leave_out: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    # In the labels' order: PostgreSQL's jsonb keeps no order of its own.
    order = {key: index for index, key in enumerate(FIGURES)}
    rows: list[tuple[str, str]] = []
    for key, value in sorted((values or {}).items(), key=lambda item: (order.get(item[0], len(order)), item[0])):
        if key in leave_out:
            continue
        label, written = FIGURES.get(key, (key, str))
        rows.append((str(label), "—" if value is None else written(value)))
    return rows


def progress_rows(job: Job) -> list[tuple[str, str]]:
    return figure_rows(job.progress, leave_out=_WHILE_RUNNING if job.finished else frozenset())


def result_rows(job: Job) -> list[tuple[str, str]]:
    if not isinstance(job.result, dict):
        return []
    return figure_rows(job.result, leave_out=_IN_SOLVE_SENTENCE if job.kind == "bilaterals.solve" else frozenset())


def reader_time_zone(user: Any, job: Job) -> str:
    """The reader's own time zone when they set one, else the venue's of the job's series, as elsewhere."""
    own = getattr(user, "time_zone", "")
    if own and is_time_zone(own):
        return str(own)
    if job.series is not None:
        return str(job.series.venue.time_zone)
    return "UTC"
