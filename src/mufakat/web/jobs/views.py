"""A background job's page: its state, progress, result or error (for whoever enqueued it and the chair)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mufakat.core.errors import ApplicationError
from mufakat.documents.models import SilenceProcedure
from mufakat.jobs.models import Job, JobState
from mufakat.jobs.selectors import job_for_reader
from mufakat.web.common import error_page, login_required_view


@login_required_view
@require_safe
def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    try:
        job = job_for_reader(user=request.user, job_id=job_id)
    except ApplicationError as exc:
        return error_page(request, exc)
    finished = job.state in (JobState.SUCCEEDED, JobState.FAILED)
    return render(
        request,
        "web/job_detail.html",
        {"job": job, "finished": finished, "series": job.series, "subject": _subject(job)},
    )


def _subject(job: Job) -> tuple[str, str] | None:
    """What the job is about, as (link, label): a silence deadline links to its document's positions board."""
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
