"""Plans pages: the plans of a series for each persona, the outline, a focal point's reports (due and late, a
form per line), the secretariat's queue and return action, the review page with its charts — in a number of
queries that does not grow with the plan — and the exports."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client

from mufakat.meetings.models import Meeting
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, PlanReview
from mufakat.plans.services import line_add
from mufakat.reference.models import Framework
from tests.factories.plans import SETUP, crafted_plan, period_open, report_submit
from tests.plans.conftest import excom, plans_demo
from tests.web.pages import parse, table_rows

__all__ = ["excom", "plans_demo"]

SEANWFZ = "Plan of Action to Strengthen the Implementation of the SEANWFZ Treaty (2023–2027)"
MEKONG_US = "Mekong–U.S. Partnership Plan of Action 2024–2026"


def _plan_titles(client: Client) -> list[str]:
    page = parse(client.get("/series/amm-57/plans/"))
    return [row[0].split(" Public")[0].split(" Restricted")[0] for row in table_rows(page.find("table", cls="plans"))]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("chair_secretariat", [MEKONG_US, SEANWFZ]),
        ("member_focal_point", [MEKONG_US, SEANWFZ]),
        ("partner_delegate", [MEKONG_US]),
        ("anonymous", [MEKONG_US]),
    ],
)
def test_plan_list_per_persona(
    plans_demo: dict[str, Plan], persona_client: Any, persona: str, expected: list[str]
) -> None:
    assert _plan_titles(persona_client(persona)) == expected


def test_plan_list_tells_a_focal_point_what_is_due_and_late(
    plans_demo: dict[str, Plan], member_focal_point_client: Client
) -> None:
    page = parse(member_focal_point_client.get("/series/amm-57/plans/"))

    items = page.find_all("li", cls="due-item")
    assert [("late" in item.classes, item.find("a").text) for item in items] == [
        (True, MEKONG_US),
        (True, SEANWFZ),
        (False, MEKONG_US),
    ]
    assert items[1].find("span", cls="meta").text == "Viet Nam: 0 of 18 reports submitted"


def test_plan_list_queries_are_constant(
    plans_demo: dict[str, Plan], member_focal_point_client: Client, django_assert_num_queries: Any
) -> None:
    crafted_plan(title="Third plan (test)")
    with django_assert_num_queries(18):  # two of them: the demo clock and the unread count in the header
        member_focal_point_client.get("/series/amm-57/plans/")


def test_plan_page_shows_the_numbered_outline(plans_demo: dict[str, Plan], member_focal_point_client: Client) -> None:
    page = parse(member_focal_point_client.get(f"/series/amm-57/plans/{plans_demo['seanwfz'].pk}/"))

    lines = page.find_all("li", cls="outline-line")
    assert [line.find("span", cls="number").text for line in lines][:5] == ["1", "1.1", "1.1.1", "1.1.2", "1.2"]
    assert lines[2].find("p", cls="line-facts").text == (
        "Lead: ID · Responsible: all members · Target: 2025 · Indicator: Reported by each State Party (illustrative)"
    )
    assert page.find_all(id="manage") == []


def test_a_partner_gets_404_for_the_asean_only_plan_pages(
    plans_demo: dict[str, Plan], excom: Meeting, partner_delegate_client: Client
) -> None:
    plan = plans_demo["seanwfz"].pk
    statuses = [
        partner_delegate_client.get(url).status_code
        for url in (
            f"/series/amm-57/plans/{plan}/",
            f"/series/amm-57/plans/{plan}/reports/",
            f"/series/amm-57/plans/{plan}/reports.csv",
            f"/meetings/{excom.pk}/plans/{plan}/review/",
            f"/meetings/{excom.pk}/plans/{plan}/review.docx",
        )
    ]
    meeting_page = partner_delegate_client.get(f"/meetings/{excom.pk}/").content.decode()

    assert statuses == [404, 404, 404, 404, 404]
    assert "SEANWFZ Treaty" not in meeting_page


def test_the_reviewing_meetings_page_links_the_review(
    plans_demo: dict[str, Plan], excom: Meeting, member_focal_point_client: Client
) -> None:
    section = parse(member_focal_point_client.get(f"/meetings/{excom.pk}/")).find(id="plans-of-action")

    link = section.find("a")
    assert (link.text, link.attrs["href"]) == (
        SEANWFZ,
        f"/meetings/{excom.pk}/plans/{plans_demo['seanwfz'].pk}/review/",
    )


def test_my_reports_has_a_form_per_line_and_submits_one(
    plans_demo: dict[str, Plan], member_focal_point_client: Client
) -> None:
    plan = plans_demo["mekong_us"]
    url = f"/series/amm-57/plans/{plan.pk}/reports/"
    page = parse(member_focal_point_client.get(url))
    periods = page.find_all("section", cls="report-period")
    first_line = PlanLine.objects.get(plan=plan, number="1.1.1")
    period = plan.periods.get(label="2025")
    prefix = f"r{period.pk}-{first_line.pk}"

    response = member_focal_point_client.post(
        url + "?party=VN",
        {
            "form": prefix,
            f"{prefix}-line": "1.1.1",
            f"{prefix}-period": "2025",
            f"{prefix}-status": "ongoing",
            f"{prefix}-progress": "25",
            f"{prefix}-narrative": "Two border posts equipped.",
            f"{prefix}-links": "https://example.org/a\nhttps://example.org/b",
            "action": "submit",
        },
    )

    assert [len(section.find_all("form", cls="report-form")) for section in periods] == [8, 8]
    assert (response.status_code, response["Location"]) == (302, f"{url}?party=VN#line-{prefix}")
    report = ImplementationReport.objects.get(period=period, line=first_line, party__code="VN")
    assert (report.state, report.progress, report.links) == (
        "submitted",
        25,
        ["https://example.org/a", "https://example.org/b"],
    )


def test_a_refused_report_shows_the_message_naming_the_line(
    plans_demo: dict[str, Plan], member_focal_point_client: Client
) -> None:
    plan = plans_demo["mekong_us"]
    line = PlanLine.objects.get(plan=plan, number="2.1.1")
    period = plan.periods.get(label="2025")
    prefix = f"r{period.pk}-{line.pk}"

    response = member_focal_point_client.post(
        f"/series/amm-57/plans/{plan.pk}/reports/?party=VN",
        {
            "form": prefix,
            f"{prefix}-line": "2.1.1",
            f"{prefix}-period": "2025",
            f"{prefix}-status": "completed",
            f"{prefix}-progress": "60",
            "action": "submit",
        },
    )

    errors = parse(response).find(id=f"line-{prefix}").find_all("ul", cls="errorlist")
    assert (response.status_code, [e.text for e in errors]) == (
        400,
        ["line 2.1.1: a completed line is at 100% progress, not 60%."],
    )


def test_secretariat_returns_a_report_for_clarification(
    plans_demo: dict[str, Plan], chair_secretariat_client: Client
) -> None:
    plan = plans_demo["mekong_us"]
    period = plan.periods.get(label="2025")
    report = report_submit(plan, period, "3.1.1", "KH", "ongoing", 30)
    queue_url = f"/series/amm-57/plans/{plan.pk}/reports/queue/?period=2025"
    queue = parse(chair_secretariat_client.get(queue_url))

    response = chair_secretariat_client.post(
        f"/series/amm-57/plans/{plan.pk}/reports/{report.pk}/return/",
        {"reason": "Please name the provinces.", "version": report.version},
    )

    assert [item.find("h2").text for item in queue.find_all("li", cls="report-item")] == [
        "3.1.1 Counter trafficking in persons and wildlife (illustrative) — Cambodia"
    ]
    assert (response.status_code, response["Location"]) == (
        302,
        f"/series/amm-57/plans/{plan.pk}/reports/queue/?period=2025",
    )
    report.refresh_from_db()
    assert (report.state, report.returned_reason) == ("returned", "Please name the provinces.")


def test_review_page_has_both_charts_roll_ups_and_conclusions(
    plans_demo: dict[str, Plan], excom: Meeting, member_focal_point_client: Client
) -> None:
    response = member_focal_point_client.get(f"/meetings/{excom.pk}/plans/{plans_demo['seanwfz'].pk}/review/")
    page = parse(response)

    # Each chart twice: the wide drawing and the phone one (app.css shows one of them).
    assert len(page.find_all("svg", cls="chart-progress")) == 1
    assert len(page.find_all("svg", cls="chart-timeline")) == 1
    assert len(page.find_all("svg", cls="chart-progress-phone")) == 1
    assert len(page.find_all("svg", cls="chart-timeline-phone")) == 1
    assert len(page.find("svg", cls="chart-progress").find_all("rect", cls="bar-progress")) == 4
    assert len(page.find("svg", cls="chart-progress-phone").find_all("rect", cls="bar-progress")) == 4
    assert table_rows(page.find("table", cls="areas"))[0] == [
        "1 The Treaty and its Protocol with the nuclear-weapon states",
        "40",
        "12",
        "20",
        "3",
        "0",
        "5",
        "66.3%",
    ]
    assert [li.find("span", cls="number").text for li in page.find_all("li", cls="overdue-line")] == ["1.2.2", "4.2.2"]
    assert (
        page.find(id="conclusions").find("div", cls="conclusions").text.startswith("The Executive Committee reviewed")
    )
    assert page.find_all(id="conclusions-form") == []


def test_review_page_in_vietnamese_uses_the_vietnamese_titles(
    plans_demo: dict[str, Plan], excom: Meeting, member_focal_point_client: Client
) -> None:
    member_focal_point_client.cookies["django_language"] = "vi"

    page = parse(member_focal_point_client.get(f"/meetings/{excom.pk}/plans/{plans_demo['seanwfz'].pk}/review/"))

    assert table_rows(page.find("table", cls="areas"))[1][0] == "2 An toàn và an ninh hạt nhân"
    assert table_rows(page.find("table", cls="parties"))[-1][0] == "Việt Nam"


@pytest.fixture
def ministerial(delegations_demo: object) -> Meeting:
    return Meeting.objects.select_related("body", "series").get(series__code="amm-57", body__code="MUSP-MIN")


def test_review_page_queries_do_not_grow_with_the_lines(
    ministerial: Meeting, chair_secretariat_client: Client, django_assert_num_queries: Any
) -> None:
    plan = crafted_plan()
    first, second = period_open(plan, "2024"), period_open(plan, "2025")
    report_submit(plan, first, "1.1.1", "KH", "ongoing", 20)
    report_submit(plan, second, "1.1.1", "KH", "ongoing", 40)
    url = f"/meetings/{ministerial.pk}/plans/{plan.pk}/review/"
    with django_assert_num_queries(18):  # two of them: the demo clock and the unread count in the header
        small = chair_secretariat_client.get(url)
    measure = PlanLine.objects.get(plan=plan, number="2.1")
    for index in range(10):
        line_add(actor=SETUP, plan_id=plan.pk, parent_id=measure.pk, title_en=f"Extra {index}")
        report_submit(plan, second, f"2.1.{index + 2}", "TH", "completed", 100)

    with django_assert_num_queries(18):  # two of them: the demo clock and the unread count in the header
        large = chair_secretariat_client.get(url)

    assert [len(parse(r).find_all("li", cls="unreported-line")) for r in (small, large)] == [3, 13]


def test_secretariat_records_the_conclusions(ministerial: Meeting, chair_secretariat_client: Client) -> None:
    plan = crafted_plan()
    period = period_open(plan, "2024", review_meeting=ministerial)
    report_submit(plan, period, "1.1.1", "KH", "ongoing", 20)

    response = chair_secretariat_client.post(
        f"/meetings/{ministerial.pk}/plans/{plan.pk}/review/", {"conclusions_en": "Good start.", "conclusions_vi": ""}
    )

    review = PlanReview.objects.get(plan=plan, meeting=ministerial)
    assert (response.status_code, review.conclusions_en, review.period_id) == (302, "Good start.", period.pk)
    assert ImplementationReport.objects.get(period=period).state == "frozen"


def test_review_docx_download(plans_demo: dict[str, Plan], excom: Meeting, member_focal_point_client: Client) -> None:
    response = member_focal_point_client.get(
        f"/meetings/{excom.pk}/plans/{plans_demo['seanwfz'].pk}/review.docx?lang=en"
    )

    document = docx.Document(io.BytesIO(response.content))
    assert (response.status_code, document.paragraphs[0].text, response["Content-Disposition"]) == (
        200,
        SEANWFZ,
        f'attachment; filename="plan-{plans_demo["seanwfz"].pk}-review-{excom.pk}-en.docx"',
    )


def _outline_upload(client: Client, plan: Plan, csv: bytes) -> HttpResponse:
    """The secretariat's outline import form, sent with this CSV."""
    upload = SimpleUploadedFile("outline.csv", csv, "text/csv")
    return client.post(f"/series/amm-57/plans/{plan.pk}/outline/", {"file": upload})


def test_secretariat_imports_an_outline_and_adds_a_line(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan(outline="")
    imported = _outline_upload(chair_secretariat_client, plan, b"number,title_en\n1,Area\n1.1,Measure\n1.1.1,Line\n")
    measure = PlanLine.objects.get(plan=plan, number="1.1")
    added = chair_secretariat_client.post(
        f"/series/amm-57/plans/{plan.pk}/lines/", {"parent": measure.pk, "title_en": "New line", "lead": "vn"}
    )

    assert (imported.status_code, added.status_code, added["Location"]) == (
        302,
        302,
        f"/series/amm-57/plans/{plan.pk}/#line-1.1.2",
    )
    assert list(PlanLine.objects.filter(plan=plan).order_by("sort_key").values_list("number", flat=True)) == [
        "1",
        "1.1",
        "1.1.1",
        "1.1.2",
    ]


def test_a_gapped_outline_upload_is_refused_naming_the_row(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan(outline="")
    response = _outline_upload(chair_secretariat_client, plan, b"number,title_en\n1,Area\n3,Area\n")

    errors = parse(response).find(id="import").find_all("ul", cls="errorlist")
    assert (response.status_code, [e.text for e in errors]) == (
        400,
        ["CSV row 3: number 2 is missing before 3 (gapped numbering). Nothing was imported."],
    )
    assert PlanLine.objects.filter(plan=plan).count() == 0


def test_deadlines_feed_for_the_focal_points_party(
    plans_demo: dict[str, Plan], member_focal_point_client: Client
) -> None:
    response = member_focal_point_client.get("/series/amm-57/plans/deadlines/VN.ics")

    assert (response.status_code, response.content.count(b"BEGIN:VEVENT")) == (200, 5)


def test_secretariat_edits_a_plan_and_a_stale_form_is_refused(
    plans_demo: dict[str, Plan], chair_secretariat_client: Client
) -> None:
    plan = plans_demo["mekong_us"]
    url = f"/series/amm-57/plans/{plan.pk}/edit/"
    form = {
        "title_en": "Mekong–U.S. Partnership Plan of Action 2024–2026 (amended)",
        "title_vi": plan.title_vi,
        "start_year": "2024",
        "end_year": "2026",
        "adopted_at_meeting": str(plan.adopted_at_meeting_id),
        "classification": "public",
        "status": "active",
        "version": str(plan.version),
    }

    saved = chair_secretariat_client.post(url, form)
    stale = chair_secretariat_client.post(url, {**form, "title_en": "Stale"})

    assert (saved.status_code, saved["Location"]) == (302, f"/series/amm-57/plans/{plan.pk}/")
    assert stale.status_code == 409
    assert parse(stale).find("div", cls="form-errors").text.startswith("Nothing was saved.")
    version = plan.version
    plan.refresh_from_db()
    assert (plan.title_en, plan.version) == ("Mekong–U.S. Partnership Plan of Action 2024–2026 (amended)", version + 1)


def test_secretariat_creates_a_plan_and_a_bad_period_is_refused_naming_the_field(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    framework_id = Framework.objects.get(code="MEKONG-US").pk
    backwards = chair_secretariat_client.post(
        "/series/amm-57/plans/new/",
        {
            "title_en": "Work plan",
            "framework": framework_id,
            "start_year": "2026",
            "end_year": "2024",
            "classification": "public",
        },
    )
    created = chair_secretariat_client.post(
        "/series/amm-57/plans/new/",
        {
            "title_en": "Work plan",
            "framework": framework_id,
            "start_year": "2024",
            "end_year": "2026",
            "classification": "public",
        },
    )

    plan = Plan.objects.get(title_en="Work plan")
    assert (backwards.status_code, created.status_code, created["Location"]) == (
        400,
        302,
        f"/series/amm-57/plans/{plan.pk}/",
    )
    outside = chair_secretariat_client.post(
        f"/series/amm-57/plans/{plan.pk}/periods/",
        {
            "label": "2030",
            "starts_on": "2030-01-01",
            "ends_on": "2030-12-31",
            "due_date": "2031-01-31",
            "due_time": "17:00",
            "time_zone": "Asia/Bangkok",
        },
    )
    opened = chair_secretariat_client.post(
        f"/series/amm-57/plans/{plan.pk}/periods/",
        {
            "label": "2025",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "due_date": "2026-01-30",
            "due_time": "17:00",
            "time_zone": "Asia/Bangkok",
        },
    )

    errors = [e.text for e in parse(outside).find(id="open-period").find_all("ul", cls="errorlist")]
    assert (outside.status_code, opened.status_code, opened["Location"]) == (
        400,
        302,
        f"/series/amm-57/plans/{plan.pk}/#periods",
    )
    assert errors == ["2030-01-01..2030-12-31 lies outside the plan's period 2024–2026."]
    assert list(plan.periods.values_list("label", "time_zone")) == [("2025", "Asia/Bangkok")]


def test_secretariat_discontinues_a_line_and_records_a_revision(
    delegations_demo: object, chair_secretariat_client: Client
) -> None:
    plan = crafted_plan()
    line = PlanLine.objects.get(plan=plan, number="1.1.2")
    url = f"/series/amm-57/plans/{plan.pk}"

    first = chair_secretariat_client.post(f"{url}/revisions/", {"note": "As adopted."})
    discontinued = chair_secretariat_client.post(
        f"{url}/lines/{line.pk}/discontinue/", {"discontinued": "yes", "version": str(line.version)}
    )
    second = chair_secretariat_client.post(f"{url}/revisions/", {"note": "Amended."})
    unchanged = chair_secretariat_client.post(f"{url}/revisions/", {"note": "Again."})

    assert [r.status_code for r in (first, discontinued, second, unchanged)] == [302, 302, 302, 400]
    assert (first["Location"], second["Location"]) == (f"{url}/#revisions", f"{url}/#revisions")
    assert [e.text for e in parse(unchanged).find_all("ul", cls="errorlist")] == [
        "nothing changed in the outline since revision 2."
    ]
    assert discontinued["Location"] == f"{url}/#line-1.1.2"
    assert list(plan.revisions.order_by("number").values_list("number", "changelog")) == [
        (1, []),
        (2, [{"kind": "discontinued", "number": "1.1.2", "title": "Line B", "before": None, "after": None}]),
    ]
