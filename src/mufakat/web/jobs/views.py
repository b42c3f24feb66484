"""A background job's page: its state, progress, result or error (for whoever enqueued it and the chair), and
its cancel button."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mufakat.accounts.rules import viewer_for
from mufakat.core.errors import ApplicationError, ValidationFailed
from mufakat.documents.models import SilenceProcedure
from mufakat.jobs.models import Job
from mufakat.jobs.rules import can_cancel_job
from mufakat.jobs.selectors import job_for_reader
from mufakat.jobs.services import CANCELLABLE_KINDS
from mufakat.jobs.services import job_cancel as cancel
from mufakat.web.bilaterals.solving import job_ran_seconds
from mufakat.web.common import error_page, login_required_view

from .figures import progress_rows, reader_time_zone, result_rows


@login_required_view
@require_safe
def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    try:
        job = job_for_reader(user=request.user, job_id=job_id)
    except ApplicationError as exc:
        return error_page(request, exc)
    cancellable = (
        not job.finished and job.kind in CANCELLABLE_KINDS and can_cancel_job(viewer_for(request.user, job.series), job)
    )
    return render(
        request,
        "web/job_detail.html",
        {
            "job": job,
            "finished": job.finished,
            "cancellable": cancellable,
            "progress_rows": progress_rows(job),
            "result_rows": result_rows(job),
            "ran_seconds": job_ran_seconds(job),
            "time_zone": reader_time_zone(request.user, job),
            "series": job.series,
            "subject": _subject(job),
        },
    )


@login_required_view
@require_POST
def job_cancel(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """Cancel, then back to the page the button was on (the schedule page), else the job's page."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = reverse("web:job-detail", args=[job_id])
    try:
        job = job_for_reader(user=request.user, job_id=job_id)
    except ApplicationError as exc:
        return error_page(request, exc)
    try:
        cancel(actor=viewer_for(request.user, job.series), job=job)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect(back)
    except ApplicationError as exc:
        return error_page(request, exc, series=job.series)
    messages.success(request, _("The job is cancelled; a running solve stops within a few seconds and saves nothing."))
    return redirect(back)


def _subject(job: Job) -> tuple[str, str] | None:
    """What the job is about, as (link, label): a silence deadline links to its document's positions board."""
    if job.kind == "bilaterals.solve" and job.series is not None:
        link = reverse("web:bilateral-schedule", kwargs={"code": job.series.code})
        return link, _("The bilateral schedule of %(series)s") % {"series": job.series.title}
    if job.kind == "silence.deadline":
        procedure = (
            SilenceProcedure.objects.select_related("version__document__meeting__series")
            .filter(pk=job.params.get("procedure_id"))
            .first()
        )
        series = procedure.version.document.meeting.series if procedure is not None else None
        if procedure is not None and series is not None:
            document = procedure.version.document
            link = reverse("web:document-board", args=[series.code, document.pk])
            return link, document.title
    return None
