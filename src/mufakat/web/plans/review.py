"""The review a meeting holds of a plan: the compiled progress report with its charts (progress by area, the
reporting timeline), the roll-ups, what changed, overdue and unreported lines, the conclusions form, and
the Word and PDF exports."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import Conflict, NotFound, ValidationFailed
from mufakat.core.i18n import active_language
from mufakat.meetings.models import Meeting
from mufakat.plans import selectors, services
from mufakat.plans.charts import TimelineItem, progress_chart_svg, timeline_svg
from mufakat.plans.exports import review_document, review_docx, review_pdf, status_label
from mufakat.plans.models import Plan
from mufakat.plans.review import COMPLETED, DISCONTINUED, NOT_STARTED, ONGOING, UNREPORTED
from mufakat.plans.rules import can_manage_plans
from mufakat.web.common import form_add_error, meeting_view, page
from mufakat.web.plans.forms import ConclusionsForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan(viewer: SeriesViewer, meeting: Meeting, plan_id: int) -> Plan:
    if meeting.series is None:
        raise NotFound(_("%(meeting)s is not part of a series.") % {"meeting": meeting.short_title})
    return selectors.plan_get(viewer=viewer, series=meeting.series, plan_id=plan_id)


def _charts(data: selectors.ReviewData) -> dict[str, str]:
    legend = {status: status_label(status) for status in (COMPLETED, ONGOING, NOT_STARTED, DISCONTINUED)}
    legend[UNREPORTED] = _("No report")
    progress = {
        phone: progress_chart_svg(
            data.compiled.by_area,
            title=_("Progress by area"),
            description=_(
                "Mean progress of the reports on each area's action lines, and how the expected reports divide by "
                "status."
            ),
            legend=legend,
            progress_label=_("Mean progress"),
            phone=phone,
        )
        for phone in (False, True)
    }
    items = []
    for row in data.timeline:
        period = row.period
        items.append(
            TimelineItem(
                label=period.label,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                due_on=period.due_at.astimezone(ZoneInfo(period.time_zone)).date(),
                caption=_("%(on_time)d on time · %(late)d late · %(missing)d missing")
                % {"on_time": row.on_time, "late": row.late, "missing": row.missing},
                review_on=period.review_meeting.start_date if period.review_meeting else None,
                current=data.period is not None and period.pk == data.period.pk,
            )
        )
    timeline = {
        phone: timeline_svg(
            items,
            title=_("Reporting timeline"),
            description=_(
                "Each reporting period, its deadline, the meeting that took its reports up, and the reports received."
            ),
            legend={"period": _("Reporting period"), "due": _("Reports due"), "review": _("Taken up by a review")},
            today=timezone.localdate(),
            phone=phone,
        )
        for phone in (False, True)
    }
    # Built from escaped text only (charts.py escapes every label). The page shows the wide drawing or, on a
    # phone, the narrow one (app.css).
    return {
        "progress_chart": mark_safe(progress[False]),  # noqa: S308
        "progress_chart_phone": mark_safe(progress[True]),  # noqa: S308
        "timeline_chart": mark_safe(timeline[False]),  # noqa: S308
        "timeline_chart_phone": mark_safe(timeline[True]),  # noqa: S308
    }


def _review_page(
    request: HttpRequest,
    meeting: Meeting,
    viewer: SeriesViewer,
    plan: Plan,
    *,
    form: ConclusionsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    data = selectors.review_get(viewer=viewer, plan=plan, meeting=meeting)
    manage = can_manage_plans(viewer) and viewer.series_id == meeting.series_id
    if form is None and manage:
        review = data.review
        form = ConclusionsForm(
            initial={
                "conclusions_en": review.conclusions_en if review else "",
                "conclusions_vi": review.conclusions_vi if review else "",
                "version": review.version if review else None,
            }
        )
    return render_review(request, meeting, viewer, data, form=form if manage else None, status=status)


def render_review(
    request: HttpRequest,
    meeting: Meeting,
    viewer: SeriesViewer,
    data: selectors.ReviewData,
    *,
    form: ConclusionsForm | None,
    status: int,
) -> HttpResponse:
    return page(
        request,
        "plan_review.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "plan": data.plan,
            "data": data,
            "compiled": data.compiled,
            "form": form,
            **_charts(data),
        },
        viewer=viewer,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@meeting_view()
def plan_review(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    plan = _plan(viewer, meeting, plan_id)
    if request.method == "GET":
        return _review_page(request, meeting, viewer, plan)
    require(
        can_manage_plans(viewer) and viewer.series_id == meeting.series_id,
        _("Only the secretariats record a meeting's conclusions."),
    )
    form = ConclusionsForm(request.POST)
    if not form.is_valid():
        return _review_page(request, meeting, viewer, plan, form=form, status=400)
    try:
        services.plan_review_record(
            actor=viewer,
            plan_id=plan.pk,
            meeting=meeting,
            conclusions_en=form.cleaned_data["conclusions_en"],
            conclusions_vi=form.cleaned_data["conclusions_vi"],
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationFailed, Conflict) as exc:
        form_add_error(form, exc)
        return _review_page(request, meeting, viewer, plan, form=form, status=exc.status_code)
    messages.success(request, _("The conclusions of %(meeting)s are recorded.") % {"meeting": meeting.short_title})
    return redirect(reverse("web:plan-review", args=[meeting.pk, plan.pk]) + "#conclusions")


def _lang(request: HttpRequest) -> Literal["en", "vi"]:
    wanted = request.GET.get("lang") or active_language()
    return "vi" if wanted == "vi" else "en"


def _review_to_export(
    request: HttpRequest, meeting: Meeting, viewer: SeriesViewer, plan_id: int
) -> tuple[Plan, Literal["en", "vi"], selectors.ReviewData]:
    """The plan, the language of the export (`?lang=`, else the page's) and the review read in it."""
    plan = _plan(viewer, meeting, plan_id)
    lang = _lang(request)
    with translation.override(lang):
        data = selectors.review_get(viewer=viewer, plan=plan, meeting=meeting)
    return plan, lang, data


@require_safe
@meeting_view(login_required=True)
def plan_review_docx(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    plan, lang, data = _review_to_export(request, meeting, viewer, plan_id)
    response = HttpResponse(review_docx(review_document(data, lang)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-review-{meeting.pk}-{lang}.docx"'
    return response


@require_safe
@meeting_view(login_required=True)
def plan_review_pdf(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    plan, lang, data = _review_to_export(request, meeting, viewer, plan_id)
    response = HttpResponse(review_pdf(review_document(data, lang), lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{plan.pk}-review-{meeting.pk}-{lang}.pdf"'
    return response
