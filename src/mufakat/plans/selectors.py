"""Reads of plans of action, always through the viewer's rights in the series the request is made in.

A plan is Classified: an ASEAN-only plan (restricted to ASEAN or SEANWFZ) never reaches a dialogue partner,
in any list, page, export or feed. Reports and the compiled review are for the secretariats and the parties
taking part in the plan's framework; drafts and returned reports only for the reporting party and the
secretariats. Every function here runs a fixed number of queries, whatever the size of the plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.accounts.classification import classified_visible_q
from mufakat.accounts.rules import SeriesViewer, require, viewer_for
from mufakat.core.errors import NotFound
from mufakat.core.i18n import active_language
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.selectors import document_list
from mufakat.meetings.models import Meeting, Series
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .enums import COUNTED_STATES, LineKind, ReportState
from .membership import framework_members, framework_participants
from .models import ImplementationReport, Plan, PlanLine, PlanReview, ReportingPeriod
from .review import (
    CompiledReview,
    LineFacts,
    OverdueLine,
    PartyFacts,
    ReviewInput,
    RollUp,
    StatusChange,
    UnreportedLine,
    compile_review,
    compiled_from_dict,
)
from .rules import can_view_report_drafts, can_view_reports

REPORTS_REASON = gettext_lazy(
    "the implementation reports of a plan are for the secretariats and the parties taking part in its framework."
)


def _in_series(viewer: SeriesViewer, series: Series) -> SeriesViewer:
    """Roles hold in one series only; in any other the viewer is the public."""
    return viewer if viewer.series_id == series.pk else viewer_for(None, series)


def visible_plans(*, viewer: SeriesViewer, series: Series) -> QuerySet[Plan]:
    viewer = _in_series(viewer, series)
    return Plan.objects.filter(classified_visible_q(Plan, viewer, series.start_date))


def plan_list(*, viewer: SeriesViewer, series: Series) -> QuerySet[Plan]:
    """The plans in force during the series (its year falls in their period), and those adopted or reviewed
    at one of its meetings; each with its number of action lines (discontinued ones left out)."""
    reviewed = Exists(PlanReview.objects.filter(plan=OuterRef("pk"), meeting__series=series))
    taken_up = Exists(ReportingPeriod.objects.filter(plan=OuterRef("pk"), review_meeting__series=series))
    return (
        visible_plans(viewer=viewer, series=series)
        .filter(
            Q(start_year__lte=series.end_date.year, end_year__gte=series.start_date.year)
            | Q(adopted_at_meeting__series=series)
            | reviewed
            | taken_up
        )
        .select_related("framework", "restricted_to", "adopted_at_meeting__body", "adopted_by_document")
        .annotate(
            action_line_count=Count(
                "lines", filter=Q(lines__kind=LineKind.ACTION, lines__discontinued=False), distinct=True
            )
        )
        .order_by("-start_year", "title_en", "pk")
    )


def plan_adopting_document(*, viewer: SeriesViewer, series: Series, plan: Plan) -> OutcomeDocument | None:
    """The register entry that adopted the plan, if the viewer may see that document: a plan and the
    document adopting it carry classifications of their own, and the plan's page must not quote the title
    of a draft its reader may not see. The viewer's roles are those of the document's own series."""
    document = plan.adopted_by_document
    if document is None or document.meeting.series is None:
        return None
    document_series = document.meeting.series
    if document_series.pk != series.pk:
        viewer = viewer_for(viewer.user, document_series)
    visible = document_list(viewer=viewer, series=document_series).filter(pk=document.pk)
    return document if visible.exists() else None


def plan_get(*, viewer: SeriesViewer, series: Series, plan_id: int) -> Plan:
    plan = (
        visible_plans(viewer=viewer, series=series)
        .select_related(
            "framework", "restricted_to", "adopted_at_meeting__body", "adopted_by_document__meeting__series"
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        # Someone who may not see it learns nothing, not even that it exists.
        raise NotFound(
            _("no plan of action with id %(plan_id)s in %(series)s.") % {"plan_id": plan_id, "series": series.code},
            field="plan_id",
        )
    return plan


def plans_for_meeting(*, viewer: SeriesViewer, meeting: Meeting) -> dict[str, list[Plan]]:
    """For a meeting's page: the plans it adopted, and those it reviews (a reporting period taken up by it,
    or a recorded review)."""
    if meeting.series is None:
        return {"adopted": [], "reviewed": []}
    plans = visible_plans(viewer=viewer, series=meeting.series).select_related("framework")
    reviewed = Exists(PlanReview.objects.filter(plan=OuterRef("pk"), meeting=meeting)) | Exists(
        ReportingPeriod.objects.filter(plan=OuterRef("pk"), review_meeting=meeting)
    )
    found = list(plans.filter(Q(adopted_at_meeting=meeting) | reviewed).annotate(is_reviewed=reviewed))
    return {
        "adopted": [plan for plan in found if plan.adopted_at_meeting_id == meeting.pk],
        "reviewed": [plan for plan in found if plan.is_reviewed],
    }


def plan_participant_ids(plan: Plan, *, index: MembershipIndex | None = None) -> set[int]:
    return {party.pk for party in framework_participants(plan, index=index).values()}


# The outline ------------------------------------------------------------------------------------


@dataclass
class OutlineLine:
    line: PlanLine
    lead: list[Party] = field(default_factory=list)
    responsible: list[Party] = field(default_factory=list)
    all_members: bool = False

    @property
    def depth(self) -> int:
        return self.line.depth


def plan_outline(*, plan: Plan, index: MembershipIndex | None = None) -> list[OutlineLine]:
    """Every line in number order with its lead and responsible parties (three queries, plus the membership
    index when none is passed). `all_members` says the responsible parties are exactly the framework's
    members on the plan's reference date, so pages can say so instead of listing ten names."""
    lines = {line.pk: OutlineLine(line=line) for line in PlanLine.objects.filter(plan=plan).order_by("sort_key")}
    lead_through = PlanLine.lead_parties.through.objects.filter(planline__plan=plan).select_related("party")
    for row in lead_through.order_by("party__name_en"):
        lines[row.planline_id].lead.append(row.party)
    responsible_through = PlanLine.responsible_parties.through.objects.filter(planline__plan=plan)
    for through_row in responsible_through.select_related("party").order_by("party__name_en"):
        lines[through_row.planline_id].responsible.append(through_row.party)
    members = {party.pk for party in framework_members(plan, index=index)}
    for entry in lines.values():
        entry.all_members = bool(members) and {party.pk for party in entry.responsible} == members
    return list(lines.values())


def outline_snapshot(*, plan: Plan) -> list[dict[str, object]]:
    """The outline as a revision records it: JSON-safe, one dict per line."""
    return [
        {
            "number": entry.line.number,
            "kind": entry.line.kind,
            "title_en": entry.line.title_en,
            "title_vi": entry.line.title_vi,
            "target_year": entry.line.target_year,
            "discontinued": entry.line.discontinued,
            "lead": [party.code for party in entry.lead],
            "responsible": [party.code for party in entry.responsible],
        }
        for entry in plan_outline(plan=plan)
    ]


def plan_periods(*, plan: Plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).select_related("review_meeting__body").order_by("starts_on"))


# Reports ----------------------------------------------------------------------------------------


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
    viewer = _in_series(viewer, series)
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
    viewer = _in_series(viewer, series)
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
    viewer = _in_series(viewer, series)
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


# The review -------------------------------------------------------------------------------------


def review_period(*, periods: list[ReportingPeriod], meeting: Meeting) -> ReportingPeriod | None:
    """The period a meeting's review takes up: the one marked as taken up by it, else the latest period
    begun by the meeting's date that no other meeting has taken up."""
    taken = [period for period in periods if period.review_meeting_id == meeting.pk]
    if taken:
        return taken[-1]
    open_ = [p for p in periods if p.starts_on <= meeting.start_date and p.review_meeting_id is None]
    return open_[-1] if open_ else None


def previous_period(*, periods: list[ReportingPeriod], period: ReportingPeriod | None) -> ReportingPeriod | None:
    """The period before the one reviewed (periods in start order), whose reports the review compares with."""
    if period is None:
        return None
    earlier = [p for p in periods if p.starts_on < period.starts_on]
    return earlier[-1] if earlier else None


def _report_map(period: ReportingPeriod) -> dict[tuple[int, int], tuple[str, int]]:
    rows = ImplementationReport.objects.filter(period=period, state__in=COUNTED_STATES).values_list(
        "line_id", "party_id", "status", "progress"
    )
    return {(line, party): (status, progress) for line, party, status, progress in rows}


def review_input(
    *, plan: Plan, period: ReportingPeriod | None, previous: ReportingPeriod | None, review_year: int
) -> ReviewInput:
    """The facts compile_review needs, in five queries whatever the number of lines: lines, responsible
    parties, parties, the reports of the period and of the period before."""
    responsible: dict[int, list[int]] = defaultdict(list)
    through = PlanLine.responsible_parties.through.objects.filter(planline__plan=plan)
    for line_id, party_id in through.values_list("planline_id", "party_id"):
        responsible[line_id].append(party_id)
    lines = [
        LineFacts(
            id=pk,
            number=number,
            sort_key=key,
            kind=kind,
            title=title_en,
            parent_id=parent_id,
            target_year=target_year,
            discontinued=discontinued,
            responsible=tuple(responsible.get(pk, ())),
        )
        for pk, number, key, kind, title_en, parent_id, target_year, discontinued in PlanLine.objects.filter(
            plan=plan
        ).values_list("pk", "number", "sort_key", "kind", "title_en", "parent_id", "target_year", "discontinued")
    ]
    party_ids = {party_id for ids in responsible.values() for party_id in ids}
    parties = {
        pk: PartyFacts(id=pk, code=code, name=name_en)
        for pk, code, name_en in Party.objects.filter(pk__in=party_ids).values_list("pk", "code", "name_en")
    }
    return ReviewInput(
        review_year=review_year,
        lines=lines,
        parties=parties,
        reports=_report_map(period) if period is not None else {},
        previous=_report_map(previous) if previous is not None else None,
    )


def compiled_localized(compiled: CompiledReview, *, plan: Plan) -> CompiledReview:
    """The figures are compiled (and recorded) with English titles and names; in Vietnamese, the titles of
    the lines and the names of the parties are swapped for their Vietnamese ones (two queries)."""
    if active_language() != "vi":
        return compiled
    titles = {
        number: title for number, title in PlanLine.objects.filter(plan=plan).values_list("number", "title_vi") if title
    }
    codes = set(compiled.party_names) | {row.key for row in compiled.by_party}
    names = {code: name for code, name in Party.objects.filter(code__in=codes).values_list("code", "name_vi") if name}

    def roll(row: RollUp, *, party: bool) -> RollUp:
        label = names.get(row.key) if party else titles.get(row.key)
        return replace(row, label=label or row.label)

    def change(row: StatusChange) -> StatusChange:
        return replace(row, title=titles.get(row.number, row.title), party_name=names.get(row.party, row.party_name))

    def line(row: OverdueLine | UnreportedLine) -> Any:
        return replace(row, title=titles.get(row.number, row.title))

    return replace(
        compiled,
        by_area=tuple(roll(row, party=False) for row in compiled.by_area),
        by_party=tuple(roll(row, party=True) for row in compiled.by_party),
        changes=tuple(change(row) for row in compiled.changes),
        overdue=tuple(line(row) for row in compiled.overdue),
        unreported=tuple(line(row) for row in compiled.unreported),
        party_names={code: names.get(code, name) for code, name in compiled.party_names.items()},
    )


@dataclass(frozen=True)
class PeriodTimeline:
    """One reporting period on the review page's timeline."""

    period: ReportingPeriod
    expected: int
    on_time: int
    late: int

    @property
    def missing(self) -> int:
        return max(self.expected - self.on_time - self.late, 0)


@dataclass(frozen=True)
class ReviewData:
    plan: Plan
    meeting: Meeting
    period: ReportingPeriod | None
    previous: ReportingPeriod | None
    compiled: CompiledReview
    review: PlanReview | None
    timeline: list[PeriodTimeline]


def _timeline(plan: Plan, periods: list[ReportingPeriod], expected: int) -> list[PeriodTimeline]:
    """Reports handed in per period, on time or late: one scan of the reports (the deadlines are known, so no
    join to the periods is needed)."""
    counts: dict[str, int] = {}
    if periods:
        aggregates: dict[str, Any] = {}
        for period in periods:
            aggregates[f"on_time_{period.pk}"] = Count(
                "pk", filter=Q(period_id=period.pk, submitted_at__lte=period.due_at)
            )
            aggregates[f"late_{period.pk}"] = Count("pk", filter=Q(period_id=period.pk, submitted_at__gt=period.due_at))
        counts = ImplementationReport.objects.filter(
            period__in=[period.pk for period in periods], state__in=COUNTED_STATES
        ).aggregate(**aggregates)
    return [
        PeriodTimeline(
            period=period,
            expected=expected,
            on_time=counts.get(f"on_time_{period.pk}") or 0,
            late=counts.get(f"late_{period.pk}") or 0,
        )
        for period in periods
    ]


def review_get(*, viewer: SeriesViewer, plan: Plan, meeting: Meeting) -> ReviewData:
    """The review a meeting holds of a plan: the recorded figures when the review is recorded, else the
    figures compiled now from the reports handed in. A fixed number of queries, whatever the plan's size."""
    if meeting.series is None:
        raise NotFound(_("%(meeting)s is not part of a series.") % {"meeting": meeting.short_title}, field="meeting_id")
    viewer = _in_series(viewer, meeting.series)
    require(can_view_reports(viewer, plan_participant_ids(plan)), REPORTS_REASON)
    return review_data(plan=plan, meeting=meeting)


def review_data(*, plan: Plan, meeting: Meeting) -> ReviewData:
    """What review_get returns, without a viewer (the CLI acts as the operator)."""
    review = PlanReview.objects.filter(plan=plan, meeting=meeting).select_related("recorded_by").first()
    periods = plan_periods(plan=plan)
    period = None
    if review is not None and review.period_id:
        period = next((p for p in periods if p.pk == review.period_id), None)
    if period is None:
        period = review_period(periods=periods, meeting=meeting)
    previous = previous_period(periods=periods, period=period)
    if review is not None and review.figures:
        compiled = compiled_from_dict(review.figures)
    else:
        compiled = compile_review(
            review_input(plan=plan, period=period, previous=previous, review_year=meeting.start_date.year)
        )
    return ReviewData(
        plan=plan,
        meeting=meeting,
        period=period,
        previous=previous,
        compiled=compiled_localized(compiled, plan=plan),
        review=review,
        timeline=_timeline(plan, periods, compiled.overall.expected),
    )


def review_list(*, plan: Plan) -> list[PlanReview]:
    return list(PlanReview.objects.filter(plan=plan).select_related("meeting__body", "period").order_by("recorded_at"))
