"""Reviews: the period a meeting reviews, the figures compiled from its reports, the review page's data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import NotFound
from mufakat.core.i18n import active_language
from mufakat.meetings.models import Meeting
from mufakat.plans.enums import COUNTED_STATES
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, PlanReview, ReportingPeriod
from mufakat.plans.review import (
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
from mufakat.plans.rules import can_view_reports
from mufakat.reference.models import Party

from .plans import REPORTS_REASON, in_series, plan_participant_ids
from .reports import plan_periods


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
    viewer = in_series(viewer, meeting.series)
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
