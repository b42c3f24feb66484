"""URLs of the plans-of-action pages, included by web/urls.py (names are in the `web` namespace)."""

from django.urls import path

from . import plans, reports, review

_PLAN = "series/<slug:code>/plans/<int:plan_id>"

urlpatterns = [
    path("series/<slug:code>/plans/", plans.plan_list, name="plan-list"),
    path("series/<slug:code>/plans/new/", plans.plan_new, name="plan-new"),
    path("series/<slug:code>/plans/deadlines/<str:party_code>.ics", reports.deadlines_feed, name="plan-deadlines-ics"),
    path("plans/<int:plan_id>/", plans.plan_goto, name="plan-goto"),
    path(f"{_PLAN}/", plans.plan_detail, name="plan-detail"),
    path(f"{_PLAN}/edit/", plans.plan_edit, name="plan-edit"),
    path(f"{_PLAN}/outline/", plans.plan_import, name="plan-import"),
    path(f"{_PLAN}/lines/", plans.line_add, name="plan-line-add"),
    path(f"{_PLAN}/lines/<int:line_id>/edit/", plans.line_edit, name="plan-line-edit"),
    path(f"{_PLAN}/lines/<int:line_id>/discontinue/", plans.line_discontinue, name="plan-line-discontinue"),
    path(f"{_PLAN}/revisions/", plans.revision_record, name="plan-revision"),
    path(f"{_PLAN}/periods/", plans.period_new, name="plan-period-new"),
    path(f"{_PLAN}/reports/", reports.plan_reports, name="plan-reports"),
    path(f"{_PLAN}/reports/queue/", reports.report_queue, name="plan-report-queue"),
    path(f"{_PLAN}/reports/<int:report_id>/return/", reports.report_return, name="plan-report-return"),
    path(f"{_PLAN}/reports.csv", reports.reports_csv, name="plan-reports-csv"),
    path("meetings/<int:meeting_id>/plans/<int:plan_id>/review/", review.plan_review, name="plan-review"),
    path("meetings/<int:meeting_id>/plans/<int:plan_id>/review.docx", review.plan_review_docx, name="plan-review-docx"),
    path("meetings/<int:meeting_id>/plans/<int:plan_id>/review.pdf", review.plan_review_pdf, name="plan-review-pdf"),
]
