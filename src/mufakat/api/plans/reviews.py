"""The compiled review of a meeting, its conclusions, and the review as Word and PDF."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import SIGNED_IN, request_viewer
from mufakat.api.common import DOCX, PDF, DbInt, errors, file_doc, file_response, presents_conflict
from mufakat.api.plans.common import plans_router
from mufakat.api.plans.schemas import (
    ConclusionsIn,
    ConclusionsNowOut,
    LineListOut,
    ReviewOut,
    RollUpOut,
    StatusChangeOut,
)
from mufakat.core.errors import NotFound, get_or_not_found
from mufakat.meetings.models import Meeting
from mufakat.plans import selectors, services
from mufakat.plans.exports import review_document, review_docx, review_pdf
from mufakat.plans.models import Plan, PlanReview
from mufakat.plans.review import RollUp


def _review_target(request: HttpRequest, meeting_id: int, plan_id: int) -> tuple[Meeting, SeriesViewer, Plan]:
    meeting: Meeting = get_or_not_found(
        Meeting.objects.select_related("body", "body__framework", "series"),
        what=_("meeting"),
        field="meeting_id",
        value=meeting_id,
        pk=meeting_id,
    )
    if meeting.series is None:
        raise NotFound(_("%(meeting)s is not part of a series.") % {"meeting": meeting.short_title}, field="meeting_id")
    viewer = request_viewer(request, meeting.series)
    return meeting, viewer, selectors.plan_get(viewer=viewer, series=meeting.series, plan_id=plan_id)


def _review_compiled(
    request: HttpRequest, meeting_id: int, plan_id: int, lang: str
) -> tuple[Meeting, Plan, selectors.ReviewData]:
    """The meeting, the plan and its review as the viewer may read it, compiled in `lang`."""
    meeting, viewer, plan = _review_target(request, meeting_id, plan_id)
    with translation.override(lang):
        return meeting, plan, selectors.review_get(viewer=viewer, plan=plan, meeting=meeting)


@presents_conflict(PlanReview)
def _conclusions_now(request: HttpRequest, review: PlanReview) -> ConclusionsNowOut:
    """A 409 on a review's conclusions: the version and the English conclusions that hold now."""
    return ConclusionsNowOut(version=review.version, conclusions_en=review.conclusions_en)


def _rollup(row: RollUp) -> RollUpOut:
    return RollUpOut(
        key=row.key,
        label=row.label,
        expected=row.expected,
        completed=row.completed,
        ongoing=row.ongoing,
        not_started=row.not_started,
        discontinued=row.discontinued,
        unreported=row.unreported,
        mean_progress=row.mean_progress,
    )


def _review(data: selectors.ReviewData) -> ReviewOut:
    compiled, review = data.compiled, data.review
    return ReviewOut(
        plan=data.plan.pk,
        meeting=data.meeting.pk,
        period=data.period.label if data.period else None,
        previous_period=data.previous.label if data.previous else None,
        recorded=review is not None,
        recorded_at=review.recorded_at if review else None,
        conclusions_en=review.conclusions_en if review else "",
        conclusions_vi=review.conclusions_vi if review else "",
        version=review.version if review else None,
        action_lines=compiled.action_lines,
        overall=_rollup(compiled.overall),
        by_area=[_rollup(row) for row in compiled.by_area],
        by_party=[_rollup(row) for row in compiled.by_party],
        changes=[
            StatusChangeOut(
                number=c.number,
                title=c.title,
                party=c.party,
                before=c.before,
                after=c.after,
                before_progress=c.before_progress,
                after_progress=c.after_progress,
            )
            for c in compiled.changes
        ],
        overdue=[
            LineListOut(number=o.number, title=o.title, parties=list(o.parties), target_year=o.target_year)
            for o in compiled.overdue
        ],
        unreported=[LineListOut(number=u.number, title=u.title, parties=list(u.parties)) for u in compiled.unreported],
    )


@plans_router.get(
    "/meetings/{meeting_id}/plans/{plan_id}/review",
    response={200: ReviewOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def review_get(request: HttpRequest, meeting_id: DbInt, plan_id: DbInt) -> ReviewOut:
    """The progress report the meeting reviews: roll-ups per area and per party, what changed since the
    period before, overdue and unreported action lines; as recorded with the conclusions, or compiled now."""
    _meeting, _plan, data = _review_compiled(request, meeting_id, plan_id, "en")
    return _review(data)


@plans_router.post(
    "/meetings/{meeting_id}/plans/{plan_id}/review",
    response={200: ReviewOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def review_record(request: HttpRequest, meeting_id: DbInt, plan_id: DbInt, data: ConclusionsIn) -> ReviewOut:
    """Record the meeting's conclusions (secretariats of the meeting's series). The first time, the period the
    meeting takes up is frozen and the figures are kept with the review; later, only the conclusions change,
    against the review's `version`."""
    meeting, viewer, plan = _review_target(request, meeting_id, plan_id)
    services.plan_review_record(
        actor=viewer,
        plan_id=plan.pk,
        meeting=meeting,
        conclusions_en=data.conclusions_en,
        conclusions_vi=data.conclusions_vi,
        expected_version=data.version,
    )
    with translation.override("en"):
        return _review(selectors.review_get(viewer=viewer, plan=plan, meeting=meeting))


@plans_router.get(
    "/meetings/{meeting_id}/plans/{plan_id}/review.docx",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=file_doc(DOCX, "The compiled review as a Word document."),
)
def review_word(
    request: HttpRequest, meeting_id: DbInt, plan_id: DbInt, lang: Query[Literal["en", "vi"]] = "en"
) -> HttpResponse:
    """The compiled review as Word (.docx), in English or Vietnamese (`lang`)."""
    meeting, plan, data = _review_compiled(request, meeting_id, plan_id, lang)
    return file_response(
        review_docx(review_document(data, lang)),
        media_type=DOCX,
        filename=f"plan-{plan.pk}-review-{meeting.pk}-{lang}.docx",
        attachment=True,
    )


@plans_router.get(
    "/meetings/{meeting_id}/plans/{plan_id}/review.pdf",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=file_doc(PDF, "The compiled review as an A4 PDF."),
)
def review_pdf_file(
    request: HttpRequest, meeting_id: DbInt, plan_id: DbInt, lang: Query[Literal["en", "vi"]] = "en"
) -> HttpResponse:
    """The compiled review as PDF (A4, with a chart of progress by area), in English or Vietnamese (`lang`)."""
    meeting, plan, data = _review_compiled(request, meeting_id, plan_id, lang)
    return file_response(
        review_pdf(review_document(data, lang), lang),
        media_type=PDF,
        filename=f"plan-{plan.pk}-review-{meeting.pk}-{lang}.pdf",
    )
