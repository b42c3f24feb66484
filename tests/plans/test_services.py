"""Writes to plans: stable numbering, revisions, reporting refusals that name the line, the workflow from draft
to frozen, the review record, rights and versions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.meetings.models import Meeting
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, PlanReview, PlanRevision
from mufakat.plans.review import RollUp, compiled_from_dict
from mufakat.plans.services import (
    line_add,
    line_set_discontinued,
    line_update,
    period_freeze,
    plan_review_record,
    plan_revision_record,
    plan_update,
    report_return,
    report_save,
)
from mufakat.reference.models import Party
from tests.factories.plans import SETUP, crafted_plan, crafted_reports, period_open, report_submit, states


@pytest.fixture
def plan(reference_data: object) -> Plan:
    return crafted_plan()


def _line(plan: Plan, number: str) -> PlanLine:
    return PlanLine.objects.get(plan=plan, number=number)


def _numbers(plan: Plan) -> list[str]:
    return list(PlanLine.objects.filter(plan=plan).order_by("sort_key").values_list("number", flat=True))


# Numbering --------------------------------------------------------------------------------------


def test_line_add_takes_the_next_number_and_renumbers_nothing(plan: Plan) -> None:
    before = {line.number: line.pk for line in PlanLine.objects.filter(plan=plan)}

    added = line_add(actor=SETUP, plan_id=plan.pk, parent_id=_line(plan, "1.1").pk, title_en="Line E")
    area = line_add(actor=SETUP, plan_id=plan.pk, title_en="Area three")

    assert (added.number, added.kind, area.number, area.kind) == ("1.1.3", "action", "3", "area")
    assert {line.number: line.pk for line in PlanLine.objects.filter(plan=plan) if line.number in before} == before
    assert _numbers(plan) == ["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "2", "2.1", "2.1.1", "3"]


def test_line_numbers_sort_by_value_not_by_text(plan: Plan) -> None:
    measure = _line(plan, "1.1")
    for index in range(9):
        line_add(actor=SETUP, plan_id=plan.pk, parent_id=measure.pk, title_en=f"Line {index}")

    assert _numbers(plan)[2:13] == [f"1.1.{n}" for n in range(1, 12)]


def test_a_discontinued_line_keeps_its_number_and_the_next_line_does_not_take_it(plan: Plan) -> None:
    measure = _line(plan, "1.1")
    line_add(actor=SETUP, plan_id=plan.pk, parent_id=measure.pk, title_en="Line E")
    third = _line(plan, "1.1.3")
    line_set_discontinued(actor=SETUP, line_id=third.pk, discontinued=True, expected_version=third.version)

    added = line_add(actor=SETUP, plan_id=plan.pk, parent_id=measure.pk, title_en="Line F")

    assert (added.number, _line(plan, "1.1.3").discontinued) == ("1.1.4", True)


def test_discontinuing_an_area_discontinues_the_lines_under_it(plan: Plan) -> None:
    area = _line(plan, "2")

    line_set_discontinued(actor=SETUP, line_id=area.pk, discontinued=True, expected_version=area.version)

    assert dict(PlanLine.objects.filter(plan=plan, number__startswith="2").values_list("number", "discontinued")) == {
        "2": True,
        "2.1": True,
        "2.1.1": True,
    }


def test_a_line_cannot_go_under_an_action_line(plan: Plan) -> None:
    with pytest.raises(ValidationFailed) as refused:
        line_add(actor=SETUP, plan_id=plan.pk, parent_id=_line(plan, "1.1.1").pk, title_en="Too deep")

    assert str(refused.value) == (
        "new line under 1.1.1 field 'parent_id': 1.1.1 is an action line; lines go under an area or a measure."
    )


def test_line_update_against_a_stale_version_is_a_conflict(plan: Plan) -> None:
    line = _line(plan, "1.1.1")
    line_update(actor=SETUP, line_id=line.pk, expected_version=line.version, title_en="Line A, amended")

    with pytest.raises(Conflict) as conflict:
        line_update(actor=SETUP, line_id=line.pk, expected_version=line.version, title_en="Stale")

    assert str(conflict.value) == (
        "line 1.1.1 field 'version': was changed by someone else (now version 2, you edited version 1); reload "
        "to see the current state and apply your change again."
    )
    assert _line(plan, "1.1.1").title_en == "Line A, amended"


def test_plan_update_refuses_a_period_that_leaves_a_target_year_out(plan: Plan) -> None:
    with pytest.raises(ValidationFailed) as refused:
        plan_update(actor=SETUP, plan_id=plan.pk, expected_version=plan.version, end_year=2025)

    assert str(refused.value) == (
        f"plan {plan.pk} field 'end_year': line 1.1.2 targets 2026, outside 2024–2025; change its target year first."
    )


# Revisions --------------------------------------------------------------------------------------


def test_revisions_record_the_outline_and_what_changed(plan: Plan) -> None:
    first = plan_revision_record(actor=SETUP, plan_id=plan.pk, note="As adopted.")
    line_add(actor=SETUP, plan_id=plan.pk, parent_id=_line(plan, "2.1").pk, title_en="Line D", target_year=2026)
    line = _line(plan, "1.1.1")
    line_update(actor=SETUP, line_id=line.pk, expected_version=line.version, title_en="Line A, amended")

    second = plan_revision_record(actor=SETUP, plan_id=plan.pk)

    assert (first.number, first.changelog, len(first.lines)) == (1, [], 7)
    assert (second.number, second.changelog) == (
        2,
        [
            {
                "kind": "retitled",
                "number": "1.1.1",
                "title": "Line A, amended",
                "before": "Line A",
                "after": "Line A, amended",
            },
            {"kind": "added", "number": "2.1.2", "title": "Line D", "before": None, "after": None},
        ],
    )
    assert Plan.objects.get(pk=plan.pk).revision == 2


def test_a_revision_without_changes_is_refused(plan: Plan) -> None:
    plan_revision_record(actor=SETUP, plan_id=plan.pk)

    with pytest.raises(ValidationFailed) as refused:
        plan_revision_record(actor=SETUP, plan_id=plan.pk)

    assert str(refused.value) == f"plan {plan.pk} field 'lines': nothing changed in the outline since revision 1."
    assert PlanRevision.objects.filter(plan=plan).count() == 1


# Reports: refusals naming the line --------------------------------------------------------------


def _save(plan: Plan, **overrides: object) -> ImplementationReport:
    fields: dict[str, object] = {
        "line_number": "1.1.1",
        "period_label": "2024",
        "party": Party.objects.get(code="KH"),
        "status": "ongoing",
        "progress": 40,
    }
    fields.update(overrides)
    return report_save(actor=SETUP, plan_id=plan.pk, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"line_number": "9.9.9"}, "report on line 9.9.9 field 'line': plan {plan} has no line '9.9.9'."),
        (
            {"line_number": "1.1"},
            "report on line 1.1 field 'line': line 1.1 is a measure; reports are made on action lines such as 1.1.1.",
        ),
        (
            {"period_label": "2030"},
            "report on line 1.1.1 field 'period': line 1.1.1: plan {plan} has no reporting period '2030' "
            "(periods: 2024).",
        ),
        (
            {"party": "TH"},
            "report on line 1.1.1 field 'party': line 1.1.1: Thailand is not responsible for it (responsible: KH, LA).",
        ),
        (
            {"progress": 120},
            "report of KH on line 1.1.1 for 2024 field 'progress': line 1.1.1: progress 120 is outside 0–100.",
        ),
        (
            {"progress": -5},
            "report of KH on line 1.1.1 for 2024 field 'progress': line 1.1.1: progress -5 is outside 0–100.",
        ),
        (
            {"status": "completed", "progress": 60},
            "report of KH on line 1.1.1 for 2024 field 'progress': line 1.1.1: a completed line is at 100% "
            "progress, not 60%.",
        ),
        (
            {"links": ["javascript:alert(1)"]},
            "report of KH on line 1.1.1 for 2024 field 'links': report of KH on line 1.1.1 for 2024: "
            "'javascript:alert(1)' is not a web address (http:// or https://, at most 500 characters).",
        ),
    ],
)
def test_report_refusals_name_the_line(plan: Plan, overrides: dict[str, object], expected: str) -> None:
    period_open(plan, "2024")
    if "party" in overrides:
        overrides["party"] = Party.objects.get(code=overrides["party"])

    with pytest.raises(ValidationFailed) as refused:
        _save(plan, **overrides)

    assert str(refused.value) == expected.format(plan=plan.pk)
    assert ImplementationReport.objects.count() == 0


def test_a_report_on_a_discontinued_line_is_refused(plan: Plan) -> None:
    period_open(plan, "2024")
    line = _line(plan, "1.1.1")
    line_set_discontinued(actor=SETUP, line_id=line.pk, discontinued=True, expected_version=line.version)

    with pytest.raises(ValidationFailed) as refused:
        _save(plan)

    assert (
        str(refused.value) == "report on line 1.1.1 field 'line': line 1.1.1 is discontinued and takes no more reports."
    )


def test_only_the_partys_focal_point_reports(plan: Plan, member_focal_point: SeriesViewer) -> None:
    period_open(plan, "2024")

    with pytest.raises(PermissionDenied) as refused:
        report_save(
            actor=member_focal_point,
            plan_id=plan.pk,
            line_number="1.1.1",
            period_label="2024",
            party=Party.objects.get(code="KH"),
            status="ongoing",
            progress=10,
        )

    assert refused.value.message == "only the focal point of Cambodia writes and submits its reports."


def test_a_focal_point_saves_and_submits_and_it_is_audited(plan: Plan, member_focal_point: SeriesViewer) -> None:
    period_open(plan, "2024")
    viet_nam = Party.objects.get(code="VN")
    now = datetime(2025, 1, 10, 3, 0, tzinfo=UTC)

    draft = report_save(
        actor=member_focal_point,
        plan_id=plan.pk,
        line_number="2.1.1",
        period_label="2024",
        party=viet_nam,
        status="ongoing",
        progress=30,
        narrative="  Provinces trained.  ",
        links=["https://example.org/report"],
        now=now,
    )
    submitted = report_save(
        actor=member_focal_point,
        plan_id=plan.pk,
        line_number="2.1.1",
        period_label="2024",
        party=viet_nam,
        status="ongoing",
        progress=35,
        submit=True,
        expected_version=draft.version,
        now=now,
    )

    assert (draft.state, draft.version, draft.narrative, draft.links) == (
        "draft",
        1,
        "Provinces trained.",
        ["https://example.org/report"],
    )
    assert (submitted.state, submitted.version, submitted.progress, submitted.submitted_at) == ("submitted", 2, 35, now)
    assert list(
        AuditEvent.objects.filter(object_type="plans.implementationreport").values_list("action", flat=True)
    ) == [
        "plan.report_submit",
        "plan.report_save",
    ]


def test_changing_a_report_against_a_stale_version_is_a_conflict(plan: Plan) -> None:
    period = period_open(plan, "2024")
    report = report_submit(plan, period, "1.1.1", "KH", "ongoing", 40)
    report_submit(plan, period, "1.1.1", "KH", "ongoing", 50, expected_version=report.version)

    with pytest.raises(Conflict) as conflict:
        report_submit(plan, period, "1.1.1", "KH", "ongoing", 60, expected_version=report.version)

    assert conflict.value.record == "report of KH on line 1.1.1 for 2024"
    assert ImplementationReport.objects.get(pk=report.pk).progress == 50


# The workflow -----------------------------------------------------------------------------------


def test_return_resubmit_and_freeze(plan: Plan, chair_secretariat: SeriesViewer, excom: Meeting) -> None:
    period = period_open(plan, "2024")
    report = report_submit(plan, period, "2.1.1", "TH", "ongoing", 40)

    returned = report_return(
        actor=chair_secretariat, report_id=report.pk, reason="Which provinces?", expected_version=report.version
    )
    still_returned = report_save(
        actor=SETUP,
        plan_id=plan.pk,
        line_number="2.1.1",
        period_label="2024",
        party=Party.objects.get(code="TH"),
        status="ongoing",
        progress=45,
        expected_version=returned.version,
    )
    resubmitted = report_submit(plan, period, "2.1.1", "TH", "ongoing", 45, expected_version=still_returned.version)
    frozen_period = period_freeze(actor=chair_secretariat, period_id=period.pk)

    assert (returned.state, returned.returned_reason) == ("returned", "Which provinces?")
    assert still_returned.state == "returned"
    assert resubmitted.state == "submitted"
    assert frozen_period.frozen_at is not None
    assert states(period) == {("2.1.1", "TH"): "frozen"}
    with pytest.raises(ValidationFailed) as refused:
        report_submit(plan, period, "2.1.1", "TH", "completed", 100, expected_version=resubmitted.version + 1)
    assert refused.value.message == (
        f"line 2.1.1: the reports for 2024 are frozen since {frozen_period.frozen_at.date().isoformat()}."
    )


def test_only_a_submitted_report_can_be_returned(plan: Plan, chair_secretariat: SeriesViewer) -> None:
    period = period_open(plan, "2024")
    draft = _save(plan)

    with pytest.raises(ValidationFailed) as refused:
        report_return(actor=chair_secretariat, report_id=draft.pk, reason="Why?", expected_version=draft.version)

    assert refused.value.message == "line 1.1.1: only a submitted report can be returned; this one is draft."
    assert period.reports.get().state == "draft"


def test_a_delegate_cannot_return_reports(plan: Plan, member_focal_point: SeriesViewer) -> None:
    period = period_open(plan, "2024")
    report = report_submit(plan, period, "1.1.1", "KH", "ongoing", 40)

    with pytest.raises(PermissionDenied):
        report_return(actor=member_focal_point, report_id=report.pk, reason="Why?", expected_version=report.version)


# The review -------------------------------------------------------------------------------------


def test_recording_the_review_freezes_the_period_and_keeps_the_figures(
    plan: Plan, chair_secretariat: SeriesViewer, ministerial: Meeting
) -> None:
    _first, second = crafted_reports(plan)
    second.review_meeting = ministerial
    second.save(update_fields=["review_meeting"])

    review = plan_review_record(
        actor=chair_secretariat, plan_id=plan.pk, meeting=ministerial, conclusions_en="Progress noted."
    )

    figures = compiled_from_dict(review.figures)
    assert (review.period_id, review.conclusions_en, review.version) == (second.pk, "Progress noted.", 1)
    assert figures.overall == RollUp("all", "All action lines", 9, 2, 3, 1, 1, 2, 58.3)
    assert states(second)[("2.1.1", "VN")] == "returned"
    assert set(states(second).values()) == {"frozen", "returned"}
    assert AuditEvent.objects.filter(action="plan.review_record").count() == 1


def test_recording_conclusions_again_changes_only_the_conclusions(
    plan: Plan, chair_secretariat: SeriesViewer, ministerial: Meeting
) -> None:
    crafted_reports(plan)
    first = plan_review_record(actor=chair_secretariat, plan_id=plan.pk, meeting=ministerial, conclusions_en="Draft.")
    first.refresh_from_db()

    second = plan_review_record(
        actor=chair_secretariat, plan_id=plan.pk, meeting=ministerial, conclusions_en="Final.", expected_version=1
    )

    assert (second.pk, second.conclusions_en, second.version, second.figures) == (first.pk, "Final.", 2, first.figures)
    with pytest.raises(Conflict):
        plan_review_record(
            actor=chair_secretariat, plan_id=plan.pk, meeting=ministerial, conclusions_en="Stale.", expected_version=1
        )


def test_a_meeting_of_another_framework_cannot_review_the_plan(
    plan: Plan, chair_secretariat: SeriesViewer, excom: Meeting
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        plan_review_record(actor=chair_secretariat, plan_id=plan.pk, meeting=excom, conclusions_en="Noted.")

    assert refused.value.message == "SEANWFZ ExCom is a meeting of SEANWFZ; the plan belongs to Mekong-US."
    assert PlanReview.objects.count() == 0


def test_a_partner_delegate_cannot_record_a_review(
    plan: Plan, partner_delegate: SeriesViewer, ministerial: Meeting
) -> None:
    with pytest.raises(PermissionDenied):
        plan_review_record(actor=partner_delegate, plan_id=plan.pk, meeting=ministerial, conclusions_en="Noted.")
