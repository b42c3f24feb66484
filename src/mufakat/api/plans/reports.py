"""Implementation reports: listed, put, returned, and exported as CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from mufakat.api.auth import SIGNED_IN
from mufakat.api.common import (
    CSV,
    DbInt,
    Text,
    errors,
    file_doc,
    file_response,
    party_from_body,
    presents_conflict,
)
from mufakat.api.plans.common import (
    manager_viewer,
    party_or_404,
    plan_found,
    plans_router,
    report_now,
    report_out,
)
from mufakat.api.plans.schemas import ReportIn, ReportOut, ReturnIn
from mufakat.core.errors import NotFound, get_or_not_found
from mufakat.plans import selectors, services
from mufakat.plans.exports import reports_csv
from mufakat.plans.models import ImplementationReport, Plan, ReportingPeriod


def _period_by_label(plan: Plan, label: str | None) -> ReportingPeriod | None:
    if not label:
        return None
    period = ReportingPeriod.objects.filter(plan=plan, label=label).first()
    if period is None:
        raise NotFound(
            _("plan %(pk)s has no reporting period %(label)r.") % {"pk": plan.pk, "label": label}, field="period"
        )
    return period


@presents_conflict(ImplementationReport)
def _report_now(request: HttpRequest, report: ImplementationReport) -> ReportOut:
    """A 409 on a report shows it as it is now (its own party and the secretariats see it)."""
    return report_out(report)


@plans_router.get(
    "/series/{code}/plans/{plan_id}/reports",
    response={200: list[ReportOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def report_list(
    request: HttpRequest, code: str, plan_id: DbInt, period: Text | None = None, party: Text | None = None
) -> list[ReportOut]:
    """The plan's reports the caller may see: submitted and frozen ones for every participant, drafts and
    returned ones for their own party (the secretariats see all)."""
    series, viewer, plan = plan_found(request, code, plan_id)
    reports = selectors.report_list(
        viewer=viewer,
        series=series,
        plan=plan,
        period=_period_by_label(plan, period),
        party=party_or_404(party),
    )
    return [report_out(report) for report in reports]


@plans_router.put(
    "/series/{code}/plans/{plan_id}/reports",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def report_put(request: HttpRequest, code: str, plan_id: DbInt, data: ReportIn) -> ReportOut:
    """Write a party's report on an action line for a period, as a draft or submitted (`submit`) — the
    party's focal point only. Refused with 400 naming the line: a line or period the plan does not have, a
    party not responsible for the line, progress outside 0–100, a frozen period. A report that exists is
    changed only against its `version` (409 with the current report otherwise)."""
    _series, viewer, plan = plan_found(request, code, plan_id)
    party = party_from_body(data.party, field="party")
    report = services.report_save(
        actor=viewer,
        plan_id=plan.pk,
        line_number=data.line,
        period_label=data.period,
        party=party,
        status=data.status.value,
        progress=data.progress,
        narrative=data.narrative,
        links=list(data.links),
        submit=data.submit,
        expected_version=data.version,
    )
    return report_now(report.pk)


@plans_router.post(
    "/series/{code}/plans/{plan_id}/reports/{report_id}/return",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def report_return(request: HttpRequest, code: str, plan_id: DbInt, report_id: DbInt, data: ReturnIn) -> ReportOut:
    """Return a submitted report to its party for clarification, saying why (secretariats)."""
    series, _viewer, plan = plan_found(request, code, plan_id)
    viewer = manager_viewer(request, series)
    report = get_or_not_found(
        ImplementationReport.objects,
        what=_("report"),
        field="report_id",
        value=report_id,
        pk=report_id,
        period__plan=plan,
    )
    services.report_return(actor=viewer, report_id=report.pk, reason=data.reason, expected_version=data.version)
    return report_now(report.pk)


@plans_router.get(
    "/series/{code}/plans/{plan_id}/reports.csv",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=file_doc(CSV, "The reports the caller may see, one row per report (UTF-8 with BOM)."),
)
def report_csv(request: HttpRequest, code: str, plan_id: DbInt, period: Text | None = None) -> HttpResponse:
    """The reports as CSV: plan, period, line, line_title, party, status, progress, state, submitted_at (in the
    period's time zone), late, narrative, links, returned_reason."""
    series, viewer, plan = plan_found(request, code, plan_id)
    found = _period_by_label(plan, period)
    reports = selectors.report_list(viewer=viewer, series=series, plan=plan, period=found)
    suffix = f"-{found.label}" if found else ""
    return file_response(
        reports_csv(reports), media_type=CSV, filename=f"plan-{plan.pk}-reports{suffix}.csv", attachment=True
    )
