"""Plans figures: compiling a review of a plan with 500 action lines × 11 responsible parties × 5 reporting
periods (27,500 reports): the median time to build the review page's data (load, compile, both charts) and its
query count, which must not grow with the number of lines (also measured at 50 lines)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime

from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext

from mufakat.meetings.models import Body, Meeting
from mufakat.meetings.services import bodies_load
from mufakat.plans.charts import TimelineItem, progress_chart_svg, timeline_svg
from mufakat.plans.enums import LineKind, ReportState, ReportStatus
from mufakat.plans.membership import framework_members
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, ReportingPeriod
from mufakat.plans.selectors import review_data
from mufakat.plans.services.common import sort_key
from mufakat.reference.models import Framework
from mufakat.reference.services import reference_data_load

LEGEND = {
    "completed": "Completed",
    "ongoing": "Ongoing",
    "not_started": "Not started",
    "discontinued": "Discontinued",
    "unreported": "No report",
}


def _plan(
    title: str, *, areas: int, measures: int, actions: int, periods: int, meeting_day: date
) -> tuple[Plan, Meeting]:
    """A plan of the ASEAN framework (11 members from 2026) with areas × measures × actions action lines and
    a report from every member on every line for every period (a few missing), written in bulk."""
    framework = Framework.objects.get(code="ASEAN")
    plan = Plan.objects.create(title_en=title, framework=framework, start_year=2026, end_year=2026 + periods - 1)
    members = framework_members(plan)
    rows: list[PlanLine] = []
    for a in range(1, areas + 1):
        area = PlanLine(
            plan=plan, kind=LineKind.AREA, segment=a, number=f"{a}", sort_key=sort_key((a,)), title_en=f"Area {a}"
        )
        rows.append(area)
    PlanLine.objects.bulk_create(rows)
    by_number = {line.number: line for line in rows}
    rows = [
        PlanLine(
            plan=plan,
            parent=by_number[f"{a}"],
            kind=LineKind.MEASURE,
            segment=m,
            number=f"{a}.{m}",
            sort_key=sort_key((a, m)),
            title_en=f"Measure {a}.{m}",
        )
        for a in range(1, areas + 1)
        for m in range(1, measures + 1)
    ]
    PlanLine.objects.bulk_create(rows)
    by_number.update({line.number: line for line in rows})
    rows = [
        PlanLine(
            plan=plan,
            parent=by_number[f"{a}.{m}"],
            kind=LineKind.ACTION,
            segment=n,
            number=f"{a}.{m}.{n}",
            sort_key=sort_key((a, m, n)),
            title_en=f"Action line {a}.{m}.{n}",
            target_year=2026 + (n % periods),
        )
        for a in range(1, areas + 1)
        for m in range(1, measures + 1)
        for n in range(1, actions + 1)
    ]
    PlanLine.objects.bulk_create(rows)
    through = PlanLine.responsible_parties.through
    through.objects.bulk_create([through(planline_id=line.pk, party_id=party.pk) for line in rows for party in members])
    randomness = random.Random(7)
    statuses = list(ReportStatus.values)
    body = Body.objects.get(code="AMM")
    meeting = Meeting.objects.create(body=body, start_date=meeting_day, end_date=meeting_day)
    for index in range(periods):
        year = 2026 + index
        period = ReportingPeriod.objects.create(
            plan=plan,
            label=str(year),
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            due_at=datetime(year, 12, 31, 10, tzinfo=UTC),
            review_meeting=meeting if index == periods - 1 else None,
        )
        reports = []
        for line in rows:
            for party in members:
                if randomness.random() < 0.03:
                    continue
                status = randomness.choice(statuses)
                progress = {"completed": 100, "not_started": 0}.get(status, randomness.randrange(5, 100, 5))
                reports.append(
                    ImplementationReport(
                        line=line,
                        period=period,
                        party=party,
                        status=status,
                        progress=progress,
                        state=ReportState.SUBMITTED,
                        submitted_at=period.due_at,
                    )
                )
        ImplementationReport.objects.bulk_create(reports, batch_size=2000)
    return plan, meeting


def _page_data(plan: Plan, meeting: Meeting) -> int:
    """What the review page computes: the figures, the timeline counts and both SVG charts."""
    data = review_data(plan=plan, meeting=meeting)
    progress = progress_chart_svg(
        data.compiled.by_area, title="Progress by area", description="", legend=LEGEND, progress_label="Mean progress"
    )
    items = [
        TimelineItem(
            label=row.period.label,
            starts_on=row.period.starts_on,
            ends_on=row.period.ends_on,
            due_on=row.period.due_at.date(),
            caption=f"{row.on_time} on time · {row.late} late · {row.missing} missing",
        )
        for row in data.timeline
    ]
    timeline = timeline_svg(
        items, title="Timeline", description="", legend={"period": "Period", "due": "Due", "review": "Review"}
    )
    return len(progress) + len(timeline) + data.compiled.overall.expected


def _measure(label: str, plan: Plan, meeting: Meeting, repeat: int = 15) -> None:
    _page_data(plan, meeting)  # warm up
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        expected = _page_data(plan, meeting)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        _page_data(plan, meeting)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:<44} median {statistics.median(timings):7.1f} ms   p90 {sorted(timings)[int(repeat * 0.9)]:7.1f} ms"
        f"   queries {len(queries.captured_queries)}   ({expected} chars+reports)"
    )


def run() -> None:
    with transaction.atomic():
        bodies_load(report=reference_data_load())
    started = time.perf_counter()
    with transaction.atomic():
        big, meeting = _plan(
            "Bench plan (500 lines)", areas=10, measures=5, actions=10, periods=5, meeting_day=date(2030, 7, 20)
        )
    reports = ImplementationReport.objects.filter(period__plan=big).count()
    print(
        f"{'generate 500 lines × 11 parties × 5 periods':<44} {(time.perf_counter() - started) * 1000:7.1f} ms"
        f"   ({reports} reports)"
    )
    with transaction.atomic():
        small, small_meeting = _plan(
            "Bench plan (50 lines)", areas=5, measures=2, actions=5, periods=5, meeting_day=date(2030, 7, 21)
        )
    _measure("review page data, 50 action lines", small, small_meeting)
    _measure("review page data, 500 action lines", big, meeting)
