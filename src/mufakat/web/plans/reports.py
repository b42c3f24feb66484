"""Reporting on a plan: a party's reports (what is due and what is late, a form per action line), the
secretariat's queue of reports with return-for-clarification, and the CSV and iCalendar exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from mufakat.meetings.models import Series
from mufakat.plans import selectors, services
from mufakat.plans.enums import ReportState, ReportStatus
from mufakat.plans.exports import REPORT_COLUMNS, deadlines_ics, report_rows
from mufakat.plans.membership import framework_participants
from mufakat.plans.models import ImplementationReport, Plan, ReportingPeriod
from mufakat.plans.rules import can_manage_plans, can_report_for
from mufakat.reference.models import Party
from mufakat.web.common import csv_response, form_add_error, page, series_view
from mufakat.web.plans.forms import ReportForm, ReturnForm


def _reports_url(series: Series, plan: Plan, party: Party, anchor: str = "") -> str:
    url = reverse("web:plan-reports", args=[series.code, plan.pk]) + "?" + urlencode({"party": party.code})
    return url + (f"#{anchor}" if anchor else "")


def _party(viewer: SeriesViewer, code: str | None) -> Party | None:
    """The party whose reports the page shows: the one asked for, else the viewer's own (focal point first)."""
    if code:
        party = Party.objects.filter(code=code.strip().upper()[:12]).first()
        if party is None:
            raise NotFound(_("There is no party “%(code)s”.") % {"code": code}, field="party")
        return party
    own = sorted(viewer.focal_party_ids) or sorted(viewer.party_ids)
    return Party.objects.filter(pk=own[0]).first() if own else None


def _initial(period: ReportingPeriod, line_number: str, report: ImplementationReport | None) -> dict[str, Any]:
    if report is None:
        return {"line": line_number, "period": period.label, "status": ReportStatus.NOT_STARTED, "progress": 0}
    return {
        "line": line_number,
        "period": period.label,
        "version": report.version,
        "status": report.status,
        "progress": report.progress,
        "narrative": report.narrative,
        "links": "\n".join(report.links),
    }


def _reports_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    plan: Plan,
    party: Party | None,
    *,
    bound: ReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    due = selectors.reports_due(viewer=viewer, series=series, party=party, plan=plan) if party else []
    rows = []
    for item in due:
        lines = []
        for entry in item.lines:
            prefix = f"r{item.period.pk}-{entry.line.pk}"
            form = (
                bound
                if bound is not None and bound.prefix == prefix
                else ReportForm(prefix=prefix, initial=_initial(item.period, entry.line.number, entry.report))
            )
            lines.append({"entry": entry, "form": form, "prefix": prefix})
        rows.append({"due": item, "lines": lines})
    participants = []
    if viewer.is_secretariat:
        participants = sorted(framework_participants(plan).values(), key=lambda p: p.name_en)
    return page(
        request,
        "plan_reports.html",
        {
            "series": series,
            "plan": plan,
            "party": party,
            "rows": rows,
            "can_edit": party is not None and can_report_for(viewer, party.pk),
            "participants": participants,
            "now": timezone.now(),
        },
        viewer=viewer,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def plan_reports(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    """A party's reports on the plan: every open period, late or not, with a form per action line."""
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    party = _party(viewer, request.GET.get("party"))
    if party is None and not viewer.is_secretariat:
        raise PermissionDenied(
            _("Reports are written by the delegations' focal points; you hold no party's role here.")
        )
    if request.method == "GET":
        return _reports_page(request, series, viewer, plan, party)
    if party is None:
        raise ValidationFailed(_("Say which party reports: ?party=VN."), field="party")
    prefix = str(request.POST.get("form", ""))[:40]
    form = ReportForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _reports_page(request, series, viewer, plan, party, bound=form, status=400)
    submit = request.POST.get("action") == "submit"
    try:
        report = services.report_save(actor=viewer, plan_id=plan.pk, party=party, submit=submit, **form.report_data())
    except (ValidationFailed, Conflict) as exc:
        form_add_error(form, exc)
        return _reports_page(request, series, viewer, plan, party, bound=form, status=exc.status_code)
    if report.state == ReportState.SUBMITTED:
        text = _("Your report on line %(number)s for %(period)s is submitted.")
    else:
        text = _("Your report on line %(number)s for %(period)s is saved as a draft.")
    messages.success(request, text % {"number": report.line.number, "period": report.period.label})
    return redirect(_reports_url(series, plan, party, f"line-{prefix}"))


@require_safe
@series_view(login_required=True)
def report_queue(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    """The secretariat's view of a period's reports: submitted ones first, each can be returned with a reason."""
    require(can_manage_plans(viewer), _("The queue of reports is for the secretariats."))
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    periods = selectors.plan_periods(plan=plan)
    label = request.GET.get("period")
    period = next((p for p in periods if p.label == label), None)
    if period is None:
        open_ = [p for p in periods if not p.is_frozen]
        period = open_[0] if open_ else (periods[-1] if periods else None)
    state = request.GET.get("state", ReportState.SUBMITTED)
    if state not in ReportState.values and state != "all":
        state = ReportState.SUBMITTED
    reports: list[ImplementationReport] = []
    if period is not None:
        found = selectors.report_list(viewer=viewer, series=series, plan=plan, period=period)
        reports = list(found if state == "all" else found.filter(state=state))
    return page(
        request,
        "plan_report_queue.html",
        {
            "series": series,
            "plan": plan,
            "periods": periods,
            "period": period,
            "state": state,
            "states": [*ReportState.choices, ("all", _("All"))],
            "reports": reports,
        },
        viewer=viewer,
    )


@require_POST
@series_view(login_required=True)
def report_return(
    request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int, report_id: int
) -> HttpResponse:
    require(can_manage_plans(viewer), _("Only the secretariats return reports for clarification."))
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    report = selectors.report_list(viewer=viewer, series=series, plan=plan).filter(pk=report_id).first()
    if report is None:
        raise NotFound(_("This plan has no report with id %(id)d.") % {"id": report_id}, field="report_id")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Say what the party should clarify."), field="reason")
    returned = services.report_return(
        actor=viewer,
        report_id=report.pk,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    messages.success(
        request,
        _("The report of %(party)s on line %(number)s is returned for clarification.")
        % {"party": returned.party.name, "number": returned.line.number},
    )
    query = urlencode({"period": returned.period.label})
    return redirect(reverse("web:plan-report-queue", args=[series.code, plan.pk]) + f"?{query}")


@require_safe
@series_view(login_required=True)
def reports_csv(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    period = None
    if request.GET.get("period"):
        period = ReportingPeriod.objects.filter(plan=plan, label=request.GET["period"]).first()
        if period is None:
            raise NotFound(_("This plan has no reporting period “%(label)s”.") % {"label": request.GET["period"]})
    reports = selectors.report_list(viewer=viewer, series=series, plan=plan, period=period)
    suffix = f"-{period.label}" if period else ""
    return csv_response(f"plan-{plan.pk}-reports{suffix}.csv", REPORT_COLUMNS, report_rows(reports))


@require_safe
@series_view(login_required=True)
def deadlines_feed(request: HttpRequest, series: Series, viewer: SeriesViewer, party_code: str) -> HttpResponse:
    party = Party.objects.filter(code=party_code.upper()[:12]).first()
    if party is None:
        raise NotFound(_("There is no party “%(code)s”.") % {"code": party_code}, field="party")
    deadlines = selectors.party_deadlines(viewer=viewer, series=series, party=party)
    body = deadlines_ics(name=_("%(party)s – reporting deadlines") % {"party": party.name}, deadlines=deadlines)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{party.code.lower()}-reporting-deadlines.ics"'
    return response
