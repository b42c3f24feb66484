"""Reporting: a plan's periods, its reports, what each party still owes and by when."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.meetings.models import Series
from mufakat.plans.enums import COUNTED_STATES, LineKind, ReportState
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, ReportingPeriod
from mufakat.plans.rules import can_manage_plans, can_view_report_drafts, can_view_reports
from mufakat.reference.models import Party

from .plans import REPORTS_REASON, in_series, plan_participant_ids, visible_plans


def plan_periods(*, plan: Plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).select_related("review_meeting__body").order_by("starts_on"))


def report_list(
    *,
    viewer: SeriesViewer,
    series: Series,
    plan: Plan,
    period: ReportingPeriod | None = None,
    party: Party | None = None,
) -> QuerySet[ImplementationReport]:
    """The plan's reports the viewer may see: submitted and frozen ones for every participant; drafts and
    returned ones only for their own party (the secretariats see all)."""
    viewer = in_series(viewer, series)
    require(can_view_reports(viewer, plan_participant_ids(plan)), REPORTS_REASON)
    reports = ImplementationReport.objects.filter(period__plan=plan)
    if not viewer.is_secretariat:
        reports = reports.filter(Q(state__in=COUNTED_STATES) | Q(party_id__in=viewer.party_ids))
    if period is not None:
        reports = reports.filter(period=period)
    if party is not None:
        reports = reports.filter(party=party)
    return reports.select_related("line", "period", "party").order_by(
        "period__starts_on", "line__sort_key", "party__name_en"
    )


def report_is_late(report: ImplementationReport) -> bool:
    return report.submitted_at is not None and report.submitted_at > report.period.due_at


@dataclass
class DueLine:
    line: PlanLine
    report: ImplementationReport | None

    @property
    def handed_in(self) -> bool:
        return self.report is not None and self.report.state in COUNTED_STATES


@dataclass
class DuePeriod:
    """What a party owes for one open reporting period of one plan."""

    plan: Plan
    period: ReportingPeriod
    party: Party
    lines: list[DueLine]
    late: bool

    @property
    def outstanding(self) -> list[DueLine]:
        return [line for line in self.lines if not line.handed_in]

    @property
    def returned(self) -> list[DueLine]:
        return [line for line in self.lines if line.report is not None and line.report.state == ReportState.RETURNED]

    @property
    def submitted(self) -> int:
        return len(self.lines) - len(self.outstanding)


def reports_due(
    *,
    viewer: SeriesViewer,
    series: Series,
    party: Party,
    plan: Plan | None = None,
    now: datetime | None = None,
) -> list[DuePeriod]:
    """For each plan the party is responsible in and each reporting period not yet frozen: the action lines
    it owes a report on and what it has sent. A period is late once its deadline has passed. Four queries."""
    viewer = in_series(viewer, series)
    require(
        can_view_report_drafts(viewer, party.pk),
        _("what %(party)s owes is for its delegation and the secretariats.") % {"party": party.name},
    )
    plans = visible_plans(viewer=viewer, series=series)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    return party_reports_due(party=party, plans=plans, now=now)


def party_reports_due(*, party: Party, plans: QuerySet[Plan], now: datetime | None = None) -> list[DuePeriod]:
    """What reports_due returns, for the given plans and without a viewer (the CLI acts as the operator)."""
    now = now or timezone.now()
    periods = list(
        ReportingPeriod.objects.filter(plan__in=plans, frozen_at__isnull=True)
        .select_related("plan", "plan__framework")
        .order_by("due_at", "plan__title_en")
    )
    if not periods:
        return []
    through = PlanLine.responsible_parties.through.objects.filter(
        party=party,
        planline__plan__in={p.plan_id for p in periods},
        planline__kind=LineKind.ACTION,
        planline__discontinued=False,
    ).select_related("planline")
    lines_by_plan: dict[int, list[PlanLine]] = defaultdict(list)
    for row in through.order_by("planline__sort_key"):
        lines_by_plan[row.planline.plan_id].append(row.planline)
    reports = {
        (r.period_id, r.line_id): r
        for r in ImplementationReport.objects.filter(party=party, period__in=[p.pk for p in periods])
    }
    due = []
    for period in periods:
        lines = lines_by_plan.get(period.plan_id, [])
        if lines:
            due.append(
                DuePeriod(
                    plan=period.plan,
                    period=period,
                    party=party,
                    lines=[DueLine(line=line, report=reports.get((period.pk, line.pk))) for line in lines],
                    late=now > period.due_at,
                )
            )
    return due


@dataclass(frozen=True)
class Deadline:
    period: ReportingPeriod
    party_code: str
    party_name: str
    plan_title: str
    lines: int


def party_deadlines(*, viewer: SeriesViewer, series: Series, party: Party) -> list[Deadline]:
    """Every reporting deadline of the plans the viewer may see in which the party owes reports on action
    lines, past ones included (a calendar keeps them). For the party's delegation and the secretariats."""
    viewer = in_series(viewer, series)
    require(
        can_view_report_drafts(viewer, party.pk),
        _("the reporting deadlines of %(party)s are for its delegation and the secretariats.") % {"party": party.name},
    )
    plans = visible_plans(viewer=viewer, series=series)
    rows = (
        PlanLine.responsible_parties.through.objects.filter(
            party=party, planline__plan__in=plans, planline__kind=LineKind.ACTION, planline__discontinued=False
        )
        .values("planline__plan")
        .annotate(lines=Count("pk"))
    )
    counts: dict[int, int] = {row["planline__plan"]: row["lines"] for row in rows}
    periods = ReportingPeriod.objects.filter(plan_id__in=list(counts)).select_related("plan").order_by("due_at", "pk")
    return [
        Deadline(
            period=period,
            party_code=party.code,
            party_name=party.name,
            plan_title=period.plan.title,
            lines=counts[period.plan_id],
        )
        for period in periods
    ]


@dataclass(frozen=True)
class ReviewWaiting:
    """Submitted reports of one open reporting period that the secretariat has not taken up yet."""

    period: ReportingPeriod
    submitted: int


def reports_to_review(*, viewer: SeriesViewer, series: Series) -> list[ReviewWaiting]:
    """For the secretariats' desk: per open reporting period of the plans they may see, how many reports are
    submitted and waiting (to be returned for clarification or taken up by the review). Two queries."""
    viewer = in_series(viewer, series)
    if not can_manage_plans(viewer):
        return []
    counts = dict(
        ImplementationReport.objects.filter(
            period__plan__in=visible_plans(viewer=viewer, series=series),
            period__frozen_at__isnull=True,
            state=ReportState.SUBMITTED,
        )
        .values("period")
        .annotate(n=Count("pk"))
        .values_list("period", "n")
    )
    if not counts:
        return []
    periods = ReportingPeriod.objects.filter(pk__in=list(counts)).select_related("plan").order_by("due_at", "pk")
    return [ReviewWaiting(period=period, submitted=counts[period.pk]) for period in periods]
