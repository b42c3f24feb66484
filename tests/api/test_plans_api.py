"""/api/v1/ plans of action: plans of a series filtered for the caller (an ASEAN-only plan reaches no partner),
the outline with stable numbers, reports with refusals that name the line, return for clarification,
versions (409 with the current state), what is due, the compiled review and its files."""

from __future__ import annotations

import io
import json
from typing import Any

import docx
import pytest
from django.test import Client

from mufakat.meetings.models import Meeting
from mufakat.plans.models import ImplementationReport, Plan, PlanLine
from tests.factories.plans import crafted_plan, period_open
from tests.plans.conftest import excom, plans_demo

__all__ = ["excom", "plans_demo"]

JSON = "application/json"
SERIES = "/api/v1/series/amm-57"
SEANWFZ = "Plan of Action to Strengthen the Implementation of the SEANWFZ Treaty (2023–2027)"


def _put(client: Client, plan: Plan, body: dict[str, Any]) -> Any:
    return client.put(f"{SERIES}/plans/{plan.pk}/reports", json.dumps(body), content_type=JSON)


def _report(line: str = "1.1.1", **overrides: Any) -> dict[str, Any]:
    return {"line": line, "period": "2025", "party": "VN", "status": "ongoing", "progress": 30, **overrides}


def test_plan_list_leaves_the_asean_only_plan_out_for_a_partner(
    plans_demo: dict[str, Plan], partner_delegate_client: Client, member_focal_point_client: Client
) -> None:
    partner = partner_delegate_client.get(f"{SERIES}/plans").json()
    member = member_focal_point_client.get(f"{SERIES}/plans").json()

    assert [(p["title_en"], p["action_lines"]) for p in partner] == [
        ("Mekong–U.S. Partnership Plan of Action 2024–2026", 8)
    ]
    assert [(p["title_en"], p["framework"], p["classification"], p["revision"]) for p in member] == [
        ("Mekong–U.S. Partnership Plan of Action 2024–2026", "MEKONG-US", "public", 1),
        (SEANWFZ, "SEANWFZ", "restricted", 2),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/series/amm-57/plans/{plan}",
        "/api/v1/series/amm-57/plans/{plan}/reports",
        "/api/v1/series/amm-57/plans/{plan}/reports.csv",
        "/api/v1/meetings/{excom}/plans/{plan}/review",
        "/api/v1/meetings/{excom}/plans/{plan}/review.docx",
        "/api/v1/meetings/{excom}/plans/{plan}/review.pdf",
    ],
)
def test_a_partner_gets_404_for_everything_of_the_asean_only_plan(
    plans_demo: dict[str, Plan], excom: Meeting, partner_delegate_client: Client, path: str
) -> None:
    plan = plans_demo["seanwfz"]

    response = partner_delegate_client.get(path.format(plan=plan.pk, excom=excom.pk))

    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"no plan of action with id {plan.pk} in amm-57.", "field": "plan_id", "record": None},
    )


def test_a_partners_deadline_feed_and_due_list_hold_no_asean_only_plan(
    plans_demo: dict[str, Plan], partner_delegate_client: Client
) -> None:
    feed = partner_delegate_client.get(f"{SERIES}/plans/deadlines.ics?party=JP")
    due = partner_delegate_client.get(f"{SERIES}/plans/due?party=JP")
    other = partner_delegate_client.get(f"{SERIES}/plans/deadlines.ics?party=VN")

    assert (feed.status_code, b"VEVENT" in feed.content, b"SEANWFZ" in feed.content) == (200, False, False)
    assert (due.status_code, due.json()) == (200, [])
    assert (other.status_code, other.json()["detail"]) == (
        403,
        "the reporting deadlines of Viet Nam are for its delegation and the secretariats.",
    )


def test_plan_detail_has_the_numbered_outline(plans_demo: dict[str, Plan], member_focal_point_client: Client) -> None:
    body = member_focal_point_client.get(f"{SERIES}/plans/{plans_demo['seanwfz'].pk}").json()

    line = next(line for line in body["lines"] if line["number"] == "2.1.1")
    assert (line["kind"], line["lead"], line["target_year"], len(line["responsible"])) == ("action", ["VN"], 2025, 10)
    assert [p["label"] for p in body["periods"]] == ["2023", "2024", "2025"]
    assert [(r["number"], [c["number"] for c in r["changelog"]]) for r in body["revisions"]] == [
        (1, []),
        (2, ["3.1.3"]),
    ]


def test_a_focal_point_saves_then_submits_a_report(
    plans_demo: dict[str, Plan], member_focal_point_client: Client
) -> None:
    plan = plans_demo["seanwfz"]

    draft = _put(member_focal_point_client, plan, _report(links=["https://example.org/vn"]))
    submitted = _put(
        member_focal_point_client, plan, _report(progress=35, submit=True, version=draft.json()["version"])
    )

    assert (draft.status_code, draft.json()["state"], draft.json()["links"]) == (
        200,
        "draft",
        ["https://example.org/vn"],
    )
    body = submitted.json()
    assert (submitted.status_code, body["state"], body["progress"], body["version"], body["late"]) == (
        200,
        "submitted",
        35,
        2,
        True,
    )


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        (_report(line="9.9.9"), "line", "plan {plan} has no line '9.9.9'."),
        (
            _report(period="2031"),
            "period",
            "line 1.1.1: plan {plan} has no reporting period '2031' (periods: 2023, 2024, 2025).",
        ),
        (_report(progress=120), "progress", "line 1.1.1: progress 120 is outside 0–100."),
        (
            _report(period="2024"),
            "period",
            "line 1.1.1: the reports for 2024 were taken up by SEANWFZ ExCom (2024-07-23) and are frozen.",
        ),
    ],
)
def test_report_refusals_name_the_line(
    plans_demo: dict[str, Plan], member_focal_point_client: Client, body: dict[str, Any], field: str, detail: str
) -> None:
    plan = plans_demo["seanwfz"]

    response = _put(member_focal_point_client, plan, body)

    assert (response.status_code, response.json()["field"], response.json()["detail"]) == (
        400,
        field,
        detail.format(plan=plan.pk),
    )


def test_reporting_for_a_party_not_responsible_for_the_line_is_refused(
    delegations_demo: object, member_focal_point_client: Client
) -> None:
    plan = crafted_plan()
    period_open(plan, "2025")

    response = _put(member_focal_point_client, plan, _report())

    assert (response.status_code, response.json()["field"], response.json()["detail"]) == (
        400,
        "party",
        "line 1.1.1: Viet Nam is not responsible for it (responsible: KH, LA).",
    )


def test_a_focal_point_reports_only_for_its_own_party(
    plans_demo: dict[str, Plan], member_focal_point_client: Client
) -> None:
    response = _put(member_focal_point_client, plans_demo["seanwfz"], _report(party="TH"))

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "only the focal point of Thailand writes and submits its reports.",
    )


def test_a_stale_version_is_409_with_the_current_report(
    plans_demo: dict[str, Plan], member_focal_point_client: Client
) -> None:
    plan = plans_demo["seanwfz"]
    first = _put(member_focal_point_client, plan, _report()).json()
    _put(member_focal_point_client, plan, _report(progress=40, version=first["version"]))

    stale = _put(member_focal_point_client, plan, _report(progress=50, version=first["version"]))

    assert (stale.status_code, stale.json()["field"], stale.json()["current"]["progress"]) == (409, "version", 40)


def test_anonymous_report_is_401(plans_demo: dict[str, Plan], anonymous_client: Client) -> None:
    reports = ImplementationReport.objects.filter(period__plan=plans_demo["seanwfz"])
    before = list(reports.values_list("pk", "version"))

    response = _put(anonymous_client, plans_demo["seanwfz"], _report())

    assert (response.status_code, response.json()["field"]) == (401, "Authorization")
    assert list(reports.values_list("pk", "version")) == before


def test_secretariat_returns_a_report_and_the_party_resubmits(
    plans_demo: dict[str, Plan], member_focal_point_client: Client, chair_secretariat_client: Client
) -> None:
    plan = plans_demo["seanwfz"]
    submitted = _put(member_focal_point_client, plan, _report(submit=True)).json()

    returned = chair_secretariat_client.post(
        f"{SERIES}/plans/{plan.pk}/reports/{submitted['id']}/return",
        json.dumps({"reason": "Which agency leads?", "version": submitted["version"]}),
        content_type=JSON,
    )
    resubmitted = _put(
        member_focal_point_client, plan, _report(progress=40, submit=True, version=returned.json()["version"])
    )

    assert (returned.status_code, returned.json()["state"], returned.json()["returned_reason"]) == (
        200,
        "returned",
        "Which agency leads?",
    )
    assert (resubmitted.status_code, resubmitted.json()["state"]) == (200, "submitted")


def test_a_focal_point_cannot_return_reports(plans_demo: dict[str, Plan], member_focal_point_client: Client) -> None:
    plan = plans_demo["seanwfz"]
    report = ImplementationReport.objects.filter(period__plan=plan, state="frozen").first()
    assert report is not None

    response = member_focal_point_client.post(
        f"{SERIES}/plans/{plan.pk}/reports/{report.pk}/return",
        json.dumps({"reason": "?", "version": report.version}),
        content_type=JSON,
    )

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "only the secretariats (the chair's and the ASEAN Secretariat) manage plans of action.",
    )
    assert ImplementationReport.objects.get(pk=report.pk).state == "frozen"


def test_due_list_for_viet_nam(plans_demo: dict[str, Plan], member_focal_point_client: Client) -> None:
    body = member_focal_point_client.get(f"{SERIES}/plans/due?party=VN").json()

    assert [(item["period"], item["lines"], item["submitted"], len(item["outstanding"])) for item in body] == [
        ("2025", 8, 0, 8),
        ("2025", 18, 0, 18),
        ("2026", 8, 0, 8),
    ]


def test_secretariat_creates_a_plan_imports_its_outline_and_adds_a_line(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    created = chair_secretariat_client.post(
        f"{SERIES}/plans",
        json.dumps({"title_en": "Test plan", "framework": "SEANWFZ", "start_year": 2025, "end_year": 2027}),
        content_type=JSON,
    )
    plan_id = created.json()["id"]
    imported = chair_secretariat_client.post(
        f"{SERIES}/plans/{plan_id}/outline",
        "number,title_en\n1,Area\n1.1,Measure\n1.1.1,Line\n",
        content_type="text/csv",
    )
    measure = PlanLine.objects.get(plan_id=plan_id, number="1.1")
    added = chair_secretariat_client.post(
        f"{SERIES}/plans/{plan_id}/lines",
        json.dumps({"parent_id": measure.pk, "title_en": "Second line", "lead": ["vn"]}),
        content_type=JSON,
    )

    assert (created.status_code, created.json()["restricted_to"], created.json()["lines"]) == (201, "SEANWFZ", [])
    assert (imported.status_code, [line["number"] for line in imported.json()["lines"]]) == (201, ["1", "1.1", "1.1.1"])
    assert (added.status_code, added.json()["number"], added.json()["lead"]) == (201, "1.1.2", ["VN"])


def test_outline_import_refusal_names_the_row(delegations_demo: object, chair_secretariat_client: Client) -> None:
    plan_id = chair_secretariat_client.post(
        f"{SERIES}/plans",
        json.dumps({"title_en": "Test plan", "framework": "SEANWFZ", "start_year": 2025, "end_year": 2027}),
        content_type=JSON,
    ).json()["id"]

    response = chair_secretariat_client.post(
        f"{SERIES}/plans/{plan_id}/outline", "number,title_en\n1,Area\n1.2,Measure\n", content_type="text/csv"
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "number 1.1 is missing before 1.2 (gapped numbering). Nothing was imported.",
            "field": "number",
            "record": "CSV row 3",
        },
    )
    assert PlanLine.objects.filter(plan_id=plan_id).count() == 0


def test_line_patch_against_a_stale_version_is_409(
    plans_demo: dict[str, Plan], chair_secretariat_client: Client
) -> None:
    plan = plans_demo["mekong_us"]
    line = PlanLine.objects.get(plan=plan, number="1.1.1")
    url = f"{SERIES}/plans/{plan.pk}/lines/{line.pk}"
    chair_secretariat_client.patch(url, json.dumps({"version": 1, "target_year": 2025}), content_type=JSON)

    stale = chair_secretariat_client.patch(url, json.dumps({"version": 1, "discontinued": True}), content_type=JSON)

    assert (stale.status_code, stale.json()["current"]["version"], stale.json()["current"]["target_year"]) == (
        409,
        2,
        2025,
    )


def test_review_figures_for_a_member(
    plans_demo: dict[str, Plan], excom: Meeting, member_focal_point_client: Client
) -> None:
    body = member_focal_point_client.get(f"/api/v1/meetings/{excom.pk}/plans/{plans_demo['seanwfz'].pk}/review").json()

    assert (body["period"], body["previous_period"], body["recorded"], body["version"]) == ("2024", "2023", True, 1)
    assert body["overall"] == {
        "key": "all",
        "label": "All action lines",
        "expected": 170,
        "completed": 39,
        "ongoing": 96,
        "not_started": 13,
        "discontinued": 0,
        "unreported": 22,
        "mean_progress": 62.8,
    }
    assert [(o["number"], o["parties"]) for o in body["overdue"]] == [
        ("1.2.2", ["KH", "MM"]),
        ("4.2.2", ["BN", "MY", "MM", "TH"]),
    ]


def test_review_conclusions_change_against_the_version(
    plans_demo: dict[str, Plan], excom: Meeting, chair_secretariat_client: Client
) -> None:
    url = f"/api/v1/meetings/{excom.pk}/plans/{plans_demo['seanwfz'].pk}/review"

    changed = chair_secretariat_client.post(
        url, json.dumps({"conclusions_en": "Amended.", "version": 1}), content_type=JSON
    )
    stale = chair_secretariat_client.post(
        url, json.dumps({"conclusions_en": "Stale.", "version": 1}), content_type=JSON
    )

    assert (changed.status_code, changed.json()["conclusions_en"], changed.json()["version"]) == (200, "Amended.", 2)
    assert (stale.status_code, stale.json()["current"]) == (409, {"version": 2, "conclusions_en": "Amended."})


def test_review_word_file_for_a_member(
    plans_demo: dict[str, Plan], excom: Meeting, member_focal_point_client: Client
) -> None:
    response = member_focal_point_client.get(
        f"/api/v1/meetings/{excom.pk}/plans/{plans_demo['seanwfz'].pk}/review.docx"
    )

    document = docx.Document(io.BytesIO(response.content))
    assert (response.status_code, document.paragraphs[0].text) == (200, SEANWFZ)


def test_plan_list_queries_do_not_grow_with_the_plans(
    plans_demo: dict[str, Plan], member_focal_point_client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(8):
        member_focal_point_client.get(f"{SERIES}/plans")


def test_period_open_freeze_and_revision_through_the_api(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan()
    url = f"{SERIES}/plans/{plan.pk}"
    period = {"label": "2025", "starts_on": "2025-01-01", "ends_on": "2025-12-31", "time_zone": "Asia/Bangkok"}

    naive = chair_secretariat_client.post(
        f"{url}/periods", json.dumps({**period, "due_at": "2026-01-30T17:00:00"}), content_type=JSON
    )
    opened = chair_secretariat_client.post(
        f"{url}/periods", json.dumps({**period, "due_at": "2026-01-30T17:00:00+07:00"}), content_type=JSON
    )
    frozen = chair_secretariat_client.post(
        f"{url}/periods/{opened.json()['id']}/freeze", json.dumps({}), content_type=JSON
    )
    unknown = chair_secretariat_client.post(f"{url}/periods/999999/freeze", json.dumps({}), content_type=JSON)
    revision = chair_secretariat_client.post(f"{url}/revisions", json.dumps({"note": "As adopted."}), content_type=JSON)
    again = chair_secretariat_client.post(f"{url}/revisions", json.dumps({}), content_type=JSON)

    assert (naive.status_code, naive.json()) == (
        400,
        {
            "detail": "2026-01-30T17:00:00 has no time zone; give an offset, e.g. 2024-07-05T17:00:00+07:00.",
            "field": "due_at",
            "record": f"reporting period '2025' of plan {plan.pk}",
        },
    )
    opened_body, frozen_body = opened.json(), frozen.json()
    assert (opened.status_code, opened_body["due_at_local"], frozen.status_code, frozen_body["frozen_at"] is None) == (
        201,
        "2026-01-30T17:00:00+07:00",
        200,
        False,
    )
    assert (unknown.status_code, unknown.json()["field"]) == (404, "period_id")
    assert (revision.status_code, revision.json()["number"], revision.json()["note"]) == (201, 1, "As adopted.")
    assert (again.status_code, again.json()) == (
        400,
        {"detail": "nothing changed in the outline since revision 1.", "field": "lines", "record": f"plan {plan.pk}"},
    )


def test_outline_upload_with_a_runaway_quote_is_a_400_naming_the_row(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan(outline="")
    body = 'number,title_en\n1,"Area' + "x" * 200_000 + "\n"

    response = chair_secretariat_client.post(f"{SERIES}/plans/{plan.pk}/outline", body, content_type="text/csv")

    assert (response.status_code, response.json()["record"], response.json()["field"]) == (400, "CSV row 2", "file")
    assert PlanLine.objects.filter(plan=plan).count() == 0
