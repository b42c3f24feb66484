"""The plans demo: the SEANWFZ Plan of Action with its reports and the review of 23 July 2024, the Mekong–U.S.
Plan of Action just adopted; loading twice changes nothing."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.demo.clock import DEMO_NOW
from mufakat.demo.delegations import DemoLogin
from mufakat.demo.plans import plans_demo_load
from mufakat.meetings.models import Meeting
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, PlanReview, ReportingPeriod
from mufakat.plans.review import OverdueLine, RollUp, compiled_from_dict
from tests.factories.plans import demo_plans


@pytest.fixture
def plans_demo(delegations_demo: list[DemoLogin]) -> dict[str, Plan]:
    """The plans demo as loaded, without the later periods the other plans tests open."""
    return demo_plans(later_periods=False)


def test_plans_demo_nothing_after_the_demo_clock(plans_demo: dict[str, Plan]) -> None:
    due = list(ReportingPeriod.objects.values_list("due_at", flat=True))
    written = [
        *Plan.objects.values_list("created_at", flat=True),
        *ImplementationReport.objects.values_list("updated_at", flat=True),
        *AuditEvent.objects.filter(action__startswith="plan").values_list("at", flat=True),
    ]

    assert max(due) < DEMO_NOW
    assert datetime(2024, 1, 1, tzinfo=UTC) < min(written) < max(written) < DEMO_NOW


def test_seanwfz_plan_outline_is_marked_illustrative(plans_demo: dict[str, Plan]) -> None:
    plan = plans_demo["seanwfz"]
    lines = PlanLine.objects.filter(plan=plan)

    assert Counter(lines.values_list("kind", flat=True)) == {"area": 4, "measure": 8, "action": 18}
    assert all(
        title.endswith("(illustrative)") for title in lines.filter(kind="action").values_list("title_en", flat=True)
    )
    assert (plan.classification, plan.restricted_to.code if plan.restricted_to else None) == ("restricted", "SEANWFZ")
    assert list(lines.filter(kind="area").order_by("sort_key").values_list("title_en", flat=True)) == [
        "The Treaty and its Protocol with the nuclear-weapon states",
        "Nuclear safety and security",
        "Emergency preparedness and response",
        "Cooperation with the IAEA and other partners",
    ]


def test_seanwfz_reports_periods_and_revisions(plans_demo: dict[str, Plan], excom: Meeting) -> None:
    plan = plans_demo["seanwfz"]
    periods = {p.label: p for p in ReportingPeriod.objects.filter(plan=plan)}

    states = Counter(ImplementationReport.objects.filter(period__plan=plan).values_list("period__label", "state"))
    assert states == {("2023", "frozen"): 156, ("2024", "frozen"): 148, ("2024", "draft"): 9, ("2024", "returned"): 3}
    assert (periods["2024"].review_meeting_id, periods["2024"].is_frozen, sorted(periods)) == (
        excom.pk,
        True,
        ["2023", "2024"],
    )
    revisions = list(plan.revisions.order_by("number").values_list("number", "meeting_id", "changelog"))
    assert revisions[0][:2] == (1, None)
    assert revisions[1][:2] == (2, excom.pk)
    assert [(change["kind"], change["number"]) for change in revisions[1][2]] == [("added", "3.1.3")]


def test_seanwfz_review_of_23_july_2024(plans_demo: dict[str, Plan], excom: Meeting) -> None:
    review = PlanReview.objects.get(plan=plans_demo["seanwfz"])
    figures = compiled_from_dict(review.figures)

    assert (review.meeting_id, str(excom.start_date), review.period.label if review.period else None) == (
        excom.pk,
        "2024-07-23",
        "2024",
    )
    assert figures.overall == RollUp("all", "All action lines", 170, 39, 96, 13, 0, 22, 62.8)
    assert [row.key for row in figures.by_area] == ["1", "2", "3", "4"]
    assert figures.overdue == (
        OverdueLine("1.2.2", "Adopt an updated template for national reports (illustrative)", 2023, ("KH", "MM")),
        OverdueLine(
            "4.2.2",
            "Raise public awareness of the Treaty on its anniversary (illustrative)",
            2023,
            ("BN", "MY", "MM", "TH"),
        ),
    )
    assert review.conclusions_en.endswith("(Illustrative text.)")


def test_mekong_us_plan_is_just_adopted(plans_demo: dict[str, Plan]) -> None:
    plan = plans_demo["mekong_us"]

    assert plan.adopted_at_meeting is not None
    assert (plan.classification, plan.adopted_at_meeting.body.code, plan.adopted_at_meeting.start_date.isoformat()) == (
        "public",
        "MUSP-MIN",
        "2024-07-27",
    )
    assert list(
        PlanLine.objects.filter(plan=plan, kind="area").order_by("sort_key").values_list("title_en", flat=True)
    ) == [
        "Economic connectivity",
        "Sustainable management of water and natural resources",
        "Non-traditional security",
        "Human resources development",
    ]
    assert (PlanLine.objects.filter(plan=plan, kind="action").count(), plan.revision) == (8, 1)
    assert list(plan.periods.order_by("starts_on").values_list("label", flat=True)) == []
    assert ImplementationReport.objects.filter(period__plan=plan).count() == 0


def test_loading_the_demo_twice_changes_nothing(plans_demo: dict[str, Plan]) -> None:
    counts = (Plan.objects.count(), PlanLine.objects.count(), ImplementationReport.objects.count())

    report = plans_demo_load()

    assert (report.created, [plan.pk for plan in report.plans]) == (
        False,
        [plans_demo["seanwfz"].pk, plans_demo["mekong_us"].pk],
    )
    assert (Plan.objects.count(), PlanLine.objects.count(), ImplementationReport.objects.count()) == counts
