"""Reads of plans through the viewer's rights: an ASEAN-only plan reaches no partner; what a party owes, due
and late; the review's data in a number of queries that does not grow with the plan."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound, PermissionDenied
from mufakat.meetings.models import Meeting, Series
from mufakat.plans import selectors
from mufakat.plans.models import Plan, PlanLine
from mufakat.plans.services import line_add
from mufakat.reference.models import Party
from tests.factories.plans import SETUP, crafted_plan, period_open, report_submit

SEANWFZ = "Plan of Action to Strengthen the Implementation of the SEANWFZ Treaty (2023–2027)"
MEKONG_US = "Mekong–U.S. Partnership Plan of Action 2024–2026"


def _titles(viewer: SeriesViewer, series: Series) -> list[str]:
    return [plan.title_en for plan in selectors.plan_list(viewer=viewer, series=series)]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("chair_secretariat", [MEKONG_US, SEANWFZ]),
        ("member_focal_point", [MEKONG_US, SEANWFZ]),
        ("partner_delegate", [MEKONG_US]),
        ("observer", [MEKONG_US]),
        ("outsider", [MEKONG_US]),
        ("anonymous", [MEKONG_US]),
    ],
)
def test_plan_list_shows_an_asean_only_plan_to_its_members_only(
    plans_demo: dict[str, Plan], amm_57: Series, persona_viewer: Any, persona: str, expected: list[str]
) -> None:
    assert _titles(persona_viewer(persona), amm_57) == expected


def test_a_partner_gets_not_found_for_an_asean_only_plan(
    plans_demo: dict[str, Plan], amm_57: Series, partner_delegate: SeriesViewer, excom: Meeting
) -> None:
    plan = plans_demo["seanwfz"]

    with pytest.raises(NotFound) as hidden:
        selectors.plan_get(viewer=partner_delegate, series=amm_57, plan_id=plan.pk)

    assert hidden.value.message == f"no plan of action with id {plan.pk} in amm-57."
    japan = Party.objects.get(code="JP")
    assert selectors.reports_due(viewer=partner_delegate, series=amm_57, party=japan) == []
    assert selectors.party_deadlines(viewer=partner_delegate, series=amm_57, party=japan) == []


def test_a_partner_may_not_read_the_reports_of_a_plan_it_does_not_take_part_in(
    plans_demo: dict[str, Plan], amm_57: Series, partner_delegate: SeriesViewer
) -> None:
    with pytest.raises(PermissionDenied):
        selectors.report_list(viewer=partner_delegate, series=amm_57, plan=plans_demo["mekong_us"])


def test_roles_in_another_series_do_not_count(plans_demo: dict[str, Plan], member_focal_point: SeriesViewer) -> None:
    hanoi = Series.objects.get(code="amm-43")

    assert _titles(member_focal_point, hanoi) == []
    assert Plan.objects.count() == 2


def test_a_member_sees_submitted_reports_of_others_and_its_own_drafts_only(
    plans_demo: dict[str, Plan], amm_57: Series, member_focal_point: SeriesViewer
) -> None:
    reports = selectors.report_list(viewer=member_focal_point, series=amm_57, plan=plans_demo["seanwfz"])

    foreign_drafts = reports.exclude(party__code="VN").filter(state__in=["draft", "returned"]).count()
    own = sorted(set(reports.filter(party__code="VN").values_list("state", flat=True)))
    assert (foreign_drafts, own) == (0, ["draft", "frozen", "returned"])


def test_reports_due_lists_late_and_due_periods_for_a_party(
    plans_demo: dict[str, Plan], amm_57: Series, member_focal_point: SeriesViewer
) -> None:
    viet_nam = Party.objects.get(code="VN")

    due = selectors.reports_due(
        viewer=member_focal_point, series=amm_57, party=viet_nam, now=datetime(2026, 6, 1, tzinfo=UTC)
    )

    assert [(item.plan.title_en, item.period.label, item.late, len(item.lines), item.submitted) for item in due] == [
        (MEKONG_US, "2025", True, 8, 0),
        (SEANWFZ, "2025", True, 18, 0),
        (MEKONG_US, "2026", False, 8, 0),
    ]


def test_reports_due_counts_submitted_and_returned_reports(reference_data: object) -> None:
    plan = crafted_plan()
    period = period_open(plan, "2025", due_at=datetime(2026, 1, 31, 10, tzinfo=UTC))
    report_submit(plan, period, "2.1.1", "TH", "ongoing", 40)
    thailand = Party.objects.get(code="TH")

    (item,) = selectors.party_reports_due(
        party=thailand, plans=Plan.objects.all(), now=datetime(2026, 1, 1, tzinfo=UTC)
    )

    assert (item.late, [line.line.number for line in item.lines], item.submitted) == (False, ["1.1.2", "2.1.1"], 1)
    assert [line.line.number for line in item.outstanding] == ["1.1.2"]


def test_reports_due_of_another_party_is_refused(
    plans_demo: dict[str, Plan], amm_57: Series, member_focal_point: SeriesViewer
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        selectors.reports_due(viewer=member_focal_point, series=amm_57, party=Party.objects.get(code="TH"))

    assert refused.value.message == "what Thailand owes is for its delegation and the secretariats."


def _review_queries(plan: Plan, meeting: Meeting, viewer: SeriesViewer) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        data = selectors.review_get(viewer=viewer, plan=plan, meeting=meeting)
    return len(queries.captured_queries), data.compiled.action_lines


def test_review_data_takes_the_same_queries_whatever_the_number_of_lines(
    reference_data: object, ministerial: Meeting, chair_secretariat: SeriesViewer
) -> None:
    plan = crafted_plan()
    first, second = period_open(plan, "2024"), period_open(plan, "2025")
    small = _review_queries(plan, ministerial, chair_secretariat)
    measure = PlanLine.objects.get(plan=plan, number="1.1")
    for index in range(12):
        line_add(actor=SETUP, plan_id=plan.pk, parent_id=measure.pk, title_en=f"Extra line {index}")
    for number in ("1.1.3", "1.1.4", "1.1.5"):
        report_submit(plan, first, number, "VN", "ongoing", 10)
        report_submit(plan, second, number, "KH", "completed", 100)

    large = _review_queries(plan, ministerial, chair_secretariat)

    assert (small, large) == ((10, 3), (10, 15))
