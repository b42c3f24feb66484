"""What the plans operations share: the router, finding the plan through the access check, the
manager's check, and the shapes of plans, lines, periods, revisions and reports."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.api.auth import request_viewer, series_viewer
from mufakat.api.plans.schemas import LineOut, PeriodOut, PlanDetailOut, ReportOut, ReviewRefOut, RevisionOut
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.meetings.models import Meeting, Series
from mufakat.plans import selectors
from mufakat.plans.enums import LineKind
from mufakat.plans.models import ImplementationReport, Plan, PlanRevision, ReportingPeriod
from mufakat.plans.rules import can_manage_plans
from mufakat.plans.services.common import MANAGE_REASON
from mufakat.reference.models import Party

plans_router = Router(tags=["plans"])


def plan_found(request: HttpRequest, code: str, plan_id: int) -> tuple[Series, SeriesViewer, Plan]:
    series, viewer = series_viewer(request, code)
    return series, viewer, selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)


def manager_viewer(request: HttpRequest, series: Series) -> SeriesViewer:
    viewer = request_viewer(request, series)
    require(can_manage_plans(viewer), MANAGE_REASON)
    return viewer


def meeting_from_body(meeting_id: int | None, *, field: str) -> Meeting | None:
    if meeting_id is None:
        return None
    meeting = Meeting.objects.select_related("body", "body__framework", "series").filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationFailed(
            _("no meeting with id %(meeting_id)s; see /api/v1/meetings.") % {"meeting_id": meeting_id}, field=field
        )
    return meeting


def plan_fields(plan: Plan, action_lines: int) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title_en": plan.title_en,
        "title_vi": plan.title_vi,
        "framework": plan.framework.code,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
        "classification": plan.classification,
        "restricted_to": plan.restricted_to.code if plan.restricted_to else None,
        "adopted_at_meeting": plan.adopted_at_meeting_id,
        "adopted_by_document": plan.adopted_by_document_id,
        "revision": plan.revision,
        "action_lines": action_lines,
        "version": plan.version,
    }


def line_out(entry: selectors.OutlineLine) -> LineOut:
    line = entry.line
    return LineOut(
        id=line.pk,
        number=line.number,
        kind=line.kind,
        parent_id=line.parent_id,
        title_en=line.title_en,
        title_vi=line.title_vi,
        text_en=line.text_en,
        text_vi=line.text_vi,
        target_year=line.target_year,
        indicator_en=line.indicator_en,
        indicator_vi=line.indicator_vi,
        discontinued=line.discontinued,
        lead=[party.code for party in entry.lead],
        responsible=[party.code for party in entry.responsible],
        version=line.version,
    )


def period_out(period: ReportingPeriod) -> PeriodOut:
    return PeriodOut(
        id=period.pk,
        label=period.label,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_at=period.due_at,
        due_at_local=period.due_at.astimezone(ZoneInfo(period.time_zone)),
        time_zone=period.time_zone,
        review_meeting=period.review_meeting_id,
        frozen_at=period.frozen_at,
        version=period.version,
    )


def revision_out(revision: PlanRevision) -> RevisionOut:
    return RevisionOut(
        number=revision.number,
        meeting=revision.meeting_id,
        recorded_at=revision.recorded_at,
        note=revision.note,
        changelog=revision.changelog,
    )


def detail_out(plan: Plan) -> PlanDetailOut:
    plan = Plan.objects.select_related("framework", "restricted_to", "adopted_at_meeting").get(pk=plan.pk)
    outline = selectors.plan_outline(plan=plan)
    action_lines = sum(1 for e in outline if e.line.kind == LineKind.ACTION and not e.line.discontinued)
    return PlanDetailOut(
        **plan_fields(plan, action_lines),
        lines=[line_out(entry) for entry in outline],
        periods=[period_out(period) for period in selectors.plan_periods(plan=plan)],
        revisions=[revision_out(r) for r in PlanRevision.objects.filter(plan=plan).order_by("number")],
        reviews=[
            ReviewRefOut(
                meeting=review.meeting_id,
                period=review.period.label if review.period else None,
                recorded_at=review.recorded_at,
            )
            for review in selectors.review_list(plan=plan)
        ],
    )


def report_out(report: ImplementationReport) -> ReportOut:
    return ReportOut(
        id=report.pk,
        line=report.line.number,
        line_title=report.line.title_en,
        period=report.period.label,
        party=report.party.code,
        status=report.status,
        progress=report.progress,
        narrative=report.narrative,
        links=list(report.links),
        state=report.state,
        returned_reason=report.returned_reason,
        submitted_at=report.submitted_at,
        late=selectors.report_is_late(report),
        version=report.version,
    )


def report_now(report_id: int) -> ReportOut:
    return report_out(ImplementationReport.objects.select_related("line", "period", "party").get(pk=report_id))


def party_required(code: str) -> Party:
    if not code.strip():
        raise ValidationFailed(_("is empty; give a party code such as VN."), field="party")
    party = party_or_404(code)
    assert party is not None  # noqa: S101 - a non-empty code is found or refused
    return party


def party_or_404(code: str | None) -> Party | None:
    if not code:
        return None
    party = Party.objects.filter(code=code.strip().upper()[:12]).first()
    if party is None:
        raise NotFound(_("no party with code %(code)r.") % {"code": code}, field="party")
    return party
