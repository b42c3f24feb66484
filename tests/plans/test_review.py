"""The compiled review as a pure function: exact roll-ups, changes, overdue and unreported lines on a crafted
plan of three action lines and five parties, and the round trip through the stored figures."""

from __future__ import annotations

from mufakat.plans.enums import ReportStatus
from mufakat.plans.review import (
    STATUSES,
    CompiledReview,
    LineFacts,
    OverdueLine,
    PartyFacts,
    ReportFacts,
    ReviewInput,
    RollUp,
    StatusChange,
    UnreportedLine,
    compile_review,
    compiled_from_dict,
    report_map,
)

KH, LA, MM, TH, VN = 1, 2, 3, 4, 5
PARTIES = {
    KH: PartyFacts(KH, "KH", "Cambodia"),
    LA: PartyFacts(LA, "LA", "Lao PDR"),
    MM: PartyFacts(MM, "MM", "Myanmar"),
    TH: PartyFacts(TH, "TH", "Thailand"),
    VN: PartyFacts(VN, "VN", "Viet Nam"),
}
LINES = [
    LineFacts(10, "1", "0001", "area", "Area one", None),
    LineFacts(11, "1.1", "0001.0001", "measure", "Measure one", 10),
    LineFacts(12, "1.1.1", "0001.0001.0001", "action", "Line A", 11, 2024, responsible=(KH, LA)),
    LineFacts(13, "1.1.2", "0001.0001.0002", "action", "Line B", 11, 2026, responsible=(KH, LA, MM, TH, VN)),
    LineFacts(20, "2", "0002", "area", "Area two", None),
    LineFacts(21, "2.1", "0002.0001", "measure", "Measure two", 20),
    LineFacts(22, "2.1.1", "0002.0001.0001", "action", "Line C", 21, 2025, responsible=(TH, VN)),
    LineFacts(23, "2.1.2", "0002.0001.0002", "action", "Line D (discontinued)", 21, 2023, True, (TH, VN)),
]
PREVIOUS = [
    ReportFacts(12, KH, "ongoing", 50),
    ReportFacts(12, LA, "ongoing", 40),
    ReportFacts(13, TH, "ongoing", 80),
    ReportFacts(22, TH, "ongoing", 20),
    ReportFacts(22, VN, "not_started", 0),
]
CURRENT = [
    ReportFacts(12, KH, "completed", 100),
    ReportFacts(12, LA, "ongoing", 40),
    ReportFacts(13, KH, "ongoing", 60),
    ReportFacts(13, LA, "not_started", 0),
    ReportFacts(13, MM, "discontinued", 30),
    ReportFacts(13, TH, "completed", 100),
    ReportFacts(22, TH, "ongoing", 50),
    ReportFacts(23, TH, "completed", 100),  # on a discontinued line: not counted
]


def _compiled(previous: list[ReportFacts] | None = PREVIOUS, year: int = 2026) -> CompiledReview:
    return compile_review(
        ReviewInput(
            review_year=year,
            lines=LINES,
            parties=PARTIES,
            reports=report_map(CURRENT),
            previous=report_map(previous) if previous is not None else None,
        )
    )


def test_review_statuses_match_the_report_statuses() -> None:
    assert sorted([*ReportStatus.values, "unreported"]) == sorted(STATUSES)


def test_review_rolls_up_overall_and_per_area() -> None:
    compiled = _compiled()

    assert compiled.action_lines == 3
    assert compiled.overall == RollUp("all", "All action lines", 9, 2, 3, 1, 1, 2, 58.3)
    assert compiled.by_area == (
        RollUp("1", "Area one", 7, 2, 2, 1, 1, 1, 60.0),
        RollUp("2", "Area two", 2, 0, 1, 0, 0, 1, 50.0),
    )


def test_review_rolls_up_per_party_in_name_order() -> None:
    compiled = _compiled()

    assert compiled.by_party == (
        RollUp("KH", "Cambodia", 2, 1, 1, 0, 0, 0, 80.0),
        RollUp("LA", "Lao PDR", 2, 0, 1, 1, 0, 0, 20.0),
        RollUp("MM", "Myanmar", 1, 0, 0, 0, 1, 0, None),
        RollUp("TH", "Thailand", 2, 1, 1, 0, 0, 0, 75.0),
        RollUp("VN", "Viet Nam", 2, 0, 0, 0, 0, 2, None),
    )
    assert compiled.by_area[0].share("completed") == 2 / 7
    assert compiled.overall.reported == 7


def test_review_lists_overdue_lines_with_the_parties_not_done() -> None:
    assert _compiled().overdue == (
        OverdueLine("1.1.1", "Line A", 2024, ("LA",)),
        OverdueLine("2.1.1", "Line C", 2025, ("TH", "VN")),
    )


def test_review_overdue_depends_on_the_year_of_the_review() -> None:
    assert _compiled(year=2025).overdue == (OverdueLine("1.1.1", "Line A", 2024, ("LA",)),)


def test_review_lists_unreported_lines_with_the_silent_parties() -> None:
    assert _compiled().unreported == (
        UnreportedLine("1.1.2", "Line B", ("VN",)),
        UnreportedLine("2.1.1", "Line C", ("VN",)),
    )


def test_review_lists_status_changes_since_the_period_before() -> None:
    assert _compiled().changes == (
        StatusChange("1.1.1", "Line A", "KH", "Cambodia", "ongoing", "completed", 50, 100),
        StatusChange("1.1.2", "Line B", "KH", "Cambodia", None, "ongoing", None, 60),
        StatusChange("1.1.2", "Line B", "LA", "Lao PDR", None, "not_started", None, 0),
        StatusChange("1.1.2", "Line B", "MM", "Myanmar", None, "discontinued", None, 30),
        StatusChange("1.1.2", "Line B", "TH", "Thailand", "ongoing", "completed", 80, 100),
        StatusChange("2.1.1", "Line C", "VN", "Viet Nam", "not_started", None, 0, None),
    )


def test_review_without_an_earlier_period_lists_no_changes() -> None:
    compiled = _compiled(previous=None)

    assert (compiled.has_previous, compiled.changes) == (False, ())


def test_review_of_a_plan_without_reports_counts_every_expected_report_as_unreported() -> None:
    compiled = compile_review(ReviewInput(review_year=2024, lines=LINES, parties=PARTIES, reports={}))

    assert compiled.overall == RollUp("all", "All action lines", 9, 0, 0, 0, 0, 9, None)


def test_review_figures_survive_the_json_round_trip() -> None:
    compiled = _compiled()

    assert compiled_from_dict(compiled.as_dict()) == compiled
