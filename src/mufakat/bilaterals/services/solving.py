"""A solve as a background job: the chair asks, the request returns at once with the job, a worker solves
(mufakat.jobs.kinds.bilaterals_solve) and the schedule page follows its progress."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict
from mufakat.jobs.models import ACTIVE_STATES, Job
from mufakat.jobs.services import job_enqueue
from mufakat.meetings.models import Series

from .common import require_chair
from .schedules import CHAIR_ONLY, solve_time_limit

SOLVE_KIND = "bilaterals.solve"


@transaction.atomic
def bilateral_solve_start(*, actor: SeriesViewer, series: Series, time_limit: float | None = None) -> Job:
    """Queue a solve of the series' accepted requests (chair secretariat), refused the way the solve itself
    refuses, and refused while another solve of the series is queued or running: two would race to save the
    draft (a Conflict carrying that job, so a page can link to it). The job solves as the actor who started it;
    a failed attempt is retried with back-off, but a refusal (the actor no longer chair) is not. Audited."""
    require_chair(actor, series.pk, CHAIR_ONLY)
    limit = solve_time_limit(series=series, time_limit=time_limit)
    # The series row is the lock two chairs pressing Solve at once queue behind.
    Series.objects.select_for_update().filter(pk=series.pk).first()
    running = Job.objects.filter(kind=SOLVE_KIND, series=series, state__in=ACTIVE_STATES).first()
    if running is not None:
        raise Conflict(
            _("a solve of %(series)s is already %(state)s (job %(job)s); wait for it or cancel it first.")
            % {"series": series.title, "state": running.get_state_display(), "job": running.pk},
            record=f"bilateral schedule of {series.code}",
            current_object=running,
        )
    job = job_enqueue(
        kind=SOLVE_KIND,
        params={"series_id": series.pk, "time_limit": limit},
        series_id=series.pk,
        enqueued_by=actor.user if actor.is_authenticated else None,
    )
    audit_record(viewer=actor, action="bilateral_schedule.solve_start", obj=job, after={"time_limit": limit})
    return job
