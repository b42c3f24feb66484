"""Builders for plan-of-action tests: a crafted plan of the Mekong–U.S. Partnership (members KH, LA, MM, TH,
VN; the United States a partner) with a three-line outline, its periods and its reports. Plans and periods
go through the services; reports too, as a focal point would write them (SETUP: the system actor of a set-up script)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mufakat.accounts.classification import Classification
from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.models import Meeting
from mufakat.plans.models import ImplementationReport, Plan, ReportingPeriod
from mufakat.plans.services import (
    period_create,
    period_freeze,
    plan_create,
    plan_outline_import_csv,
    report_return,
    report_save,
)
from mufakat.reference.models import Framework, Party

SETUP = SeriesViewer.system(None, purpose="test set-up")

CRAFTED_OUTLINE = (
    "number,title_en,responsible,target_year\n"
    "1,Area one,,\n"
    "1.1,Measure one,,\n"
    "1.1.1,Line A,KH LA,2024\n"
    "1.1.2,Line B,,2026\n"
    "2,Area two,,\n"
    "2.1,Measure two,,\n"
    "2.1.1,Line C,TH VN,2025\n"
)
# (line, party) → (status, progress) for 2024 and 2025, and the 2025 report that is returned (not counted).
REPORTS_2024 = {
    ("1.1.1", "KH"): ("ongoing", 50),
    ("1.1.1", "LA"): ("ongoing", 40),
    ("1.1.2", "TH"): ("ongoing", 80),
    ("2.1.1", "TH"): ("ongoing", 20),
    ("2.1.1", "VN"): ("not_started", 0),
}
REPORTS_2025 = {
    ("1.1.1", "KH"): ("completed", 100),
    ("1.1.1", "LA"): ("ongoing", 40),
    ("1.1.2", "KH"): ("ongoing", 60),
    ("1.1.2", "LA"): ("not_started", 0),
    ("1.1.2", "MM"): ("discontinued", 30),
    ("1.1.2", "TH"): ("completed", 100),
    ("2.1.1", "TH"): ("ongoing", 50),
}
RETURNED_2025 = ("2.1.1", "VN", "ongoing", 70)


def crafted_plan(
    *,
    title: str = "Crafted plan of action (test)",
    outline: str = CRAFTED_OUTLINE,
    classification: str = Classification.PUBLIC,
    framework_code: str = "MEKONG-US",
    start_year: int = 2024,
    end_year: int = 2026,
) -> Plan:
    plan = plan_create(
        actor=SETUP,
        title_en=title,
        framework=Framework.objects.get(code=framework_code),
        start_year=start_year,
        end_year=end_year,
        classification=classification,
    )
    if outline:
        plan_outline_import_csv(actor=SETUP, plan_id=plan.pk, text=outline)
    return Plan.objects.get(pk=plan.pk)


def period_open(plan: Plan, label: str, **overrides: Any) -> ReportingPeriod:
    year = int(label)
    fields: dict[str, Any] = {
        "starts_on": datetime(year, 1, 1, tzinfo=UTC).date(),
        "ends_on": datetime(year, 12, 31, tzinfo=UTC).date(),
        "due_at": datetime(year + 1, 1, 31, 10, 0, tzinfo=UTC),
        "time_zone": "Asia/Bangkok",
    }
    fields.update(overrides)
    return period_create(actor=SETUP, plan_id=plan.pk, label=label, **fields)


def report_submit(  # noqa: PLR0917 - called like a row of a report table: line, party, status, progress
    plan: Plan, period: ReportingPeriod, line: str, party: str, status: str, progress: int, **kwargs: Any
) -> ImplementationReport:
    return report_save(
        actor=SETUP,
        plan_id=plan.pk,
        line_number=line,
        period_label=period.label,
        party=Party.objects.get(code=party),
        status=status,
        progress=progress,
        submit=True,
        **kwargs,
    )


def crafted_reports(plan: Plan, *, freeze_2024: bool = True) -> tuple[ReportingPeriod, ReportingPeriod]:
    """Periods 2024 (frozen) and 2025 (open) with the reports above, and VN's 2025 report on 2.1.1 returned."""
    first, second = period_open(plan, "2024"), period_open(plan, "2025")
    for (line, party), (status, progress) in REPORTS_2024.items():
        report_submit(plan, first, line, party, status, progress)
    if freeze_2024:
        period_freeze(actor=SETUP, period_id=first.pk)
    for (line, party), (status, progress) in REPORTS_2025.items():
        report_submit(plan, second, line, party, status, progress)
    line, party, status, progress = RETURNED_2025
    returned = report_submit(plan, second, line, party, status, progress)
    report_return(actor=SETUP, report_id=returned.pk, reason="Which provinces?", expected_version=returned.version)
    return ReportingPeriod.objects.get(pk=first.pk), ReportingPeriod.objects.get(pk=second.pk)


def demo_plans(*, later_periods: bool = True) -> dict[str, Plan]:
    """Load the plans demo (on top of the AMM-57 delegations demo) and return its two plans by short name.

    The demo stops on 27 July 2024, before any later reporting period is opened. With `later_periods` (the
    default), the periods the secretariats open afterwards are added, as tests of reporting need open periods:
    SEANWFZ 2025 (due 30 January 2026, Jakarta), Mekong–U.S. 2025 and 2026 (due 30 January 2026 and 29 January
    2027, Bangkok)."""
    from mufakat.demo.plans import MEKONG_US_TITLE, SEANWFZ_TITLE, plans_demo_load

    plans_demo_load()
    plans = {
        "seanwfz": Plan.objects.get(title_en=SEANWFZ_TITLE),
        "mekong_us": Plan.objects.get(title_en=MEKONG_US_TITLE),
    }
    if later_periods and not ReportingPeriod.objects.filter(plan=plans["seanwfz"], label="2025").exists():
        jakarta, bangkok = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Bangkok")
        for key, year, due_at in [
            ("seanwfz", 2025, datetime(2026, 1, 30, 17, 0, tzinfo=jakarta)),
            ("mekong_us", 2025, datetime(2026, 1, 30, 17, 0, tzinfo=bangkok)),
            ("mekong_us", 2026, datetime(2027, 1, 29, 17, 0, tzinfo=bangkok)),
        ]:
            period_open(plans[key], str(year), due_at=due_at, time_zone=str(due_at.tzinfo))
    return plans


def demo_meeting(body_code: str) -> Meeting:
    """An AMM-57 meeting by body code, e.g. SEANWFZ-EXCOM (23 July 2024) or MUSP-MIN (27 July 2024)."""
    return Meeting.objects.select_related("body", "series").get(series__code="amm-57", body__code=body_code)


def states(period: ReportingPeriod) -> dict[tuple[str, str], str]:
    return {
        (number, code): state
        for number, code, state in ImplementationReport.objects.filter(period=period).values_list(
            "line__number", "party__code", "state"
        )
    }


__all__ = [
    "CRAFTED_OUTLINE",
    "REPORTS_2024",
    "REPORTS_2025",
    "RETURNED_2025",
    "crafted_plan",
    "crafted_reports",
    "demo_meeting",
    "demo_plans",
    "period_open",
    "report_submit",
    "states",
]
