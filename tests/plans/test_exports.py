"""Exports of plans: the review as Word (exact headings) and PDF, the reports as CSV, the deadlines as
iCalendar; and the charts as SVG."""

from __future__ import annotations

import csv
import io
from datetime import date
from xml.etree import ElementTree

import docx
import pytest
from icalendar import Calendar

from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.models import Meeting, Series
from mufakat.plans import selectors
from mufakat.plans.charts import TimelineItem, progress_chart_svg, timeline_svg
from mufakat.plans.exports import deadlines_ics, reports_csv, review_document, review_docx, review_pdf
from mufakat.plans.models import ImplementationReport, Plan
from mufakat.plans.review import RollUp
from mufakat.plans.selectors import Deadline
from mufakat.reference.models import Party

SVG = "{http://www.w3.org/2000/svg}"
HEADINGS = [
    ("Title", "Plan of Action to Strengthen the Implementation of the SEANWFZ Treaty (2023–2027)"),
    ("Heading 1", "Summary"),
    ("Heading 1", "Progress by area"),
    ("Heading 1", "Progress by party"),
    ("Heading 1", "Changes since the last review"),
    ("Heading 1", "Overdue action lines"),
    ("Heading 1", "Action lines without reports"),
    ("Heading 1", "Conclusions"),
]


@pytest.fixture
def review_data(plans_demo: dict[str, Plan], excom: Meeting, member_focal_point: SeriesViewer) -> selectors.ReviewData:
    return selectors.review_get(viewer=member_focal_point, plan=plans_demo["seanwfz"], meeting=excom)


def test_review_docx_opens_with_the_exact_headings_and_tables(review_data: selectors.ReviewData) -> None:
    document = docx.Document(io.BytesIO(review_docx(review_document(review_data, "en"))))

    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name in ("Title", "Heading 1")]
    assert headings == HEADINGS
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[1:3] == [
        "Progress report for the review by the Executive Committee of the SEANWFZ Commission (SEANWFZ ExCom), "
        "23 July 2024",
        "Reporting period 2024; reports due 5 July 2024, 17:00 (Asia/Jakarta)",
    ]
    assert paragraphs[4] == (
        "17 action lines; 170 reports expected, 148 received: 39 completed, 96 ongoing, 13 not started, "
        "0 discontinued, 22 without a report. Mean progress 62.8%."
    )
    areas = document.tables[0]
    assert [cell.text for cell in areas.rows[0].cells] == [
        "Area",
        "Expected",
        "Completed",
        "Ongoing",
        "Not started",
        "Discontinued",
        "No report",
        "Mean progress",
    ]
    assert [[cell.text for cell in row.cells] for row in areas.rows[1:]][1] == [
        "2 Nuclear safety and security",
        "50",
        "9",
        "31",
        "4",
        "0",
        "6",
        "57.5%",
    ]
    assert len(document.tables[1].rows) == 11  # header + ten States Parties


def test_review_pdf_is_a_pdf_with_the_unicode_font(review_data: selectors.ReviewData) -> None:
    pdf = review_pdf(review_document(review_data, "vi"), "vi")

    assert (pdf[:5], b"DejaVuSans" in pdf, pdf.count(b"/Type /Page\n") >= 3) == (b"%PDF-", True, True)
    assert review_pdf(review_document(review_data, "vi"), "vi") == pdf


def test_reports_csv_has_one_row_per_report_in_the_periods_time_zone(plans_demo: dict[str, Plan]) -> None:
    reports = ImplementationReport.objects.filter(
        period__plan=plans_demo["seanwfz"], period__label="2024"
    ).select_related("line", "period", "party")

    rows = list(
        csv.reader(io.StringIO(reports_csv(reports.order_by("line__sort_key", "party__name_en")).decode("utf-8-sig")))
    )

    assert len(rows) == 161
    assert rows[0] == [
        "plan",
        "period",
        "line",
        "line_title",
        "party",
        "status",
        "progress",
        "state",
        "submitted_at",
        "late",
        "narrative",
        "links",
        "returned_reason",
    ]
    returned = next(row for row in rows if row[4] == "VN" and row[2] == "4.1.2")
    assert returned[5:10] + returned[12:] == [
        "ongoing",
        "70",
        "returned",
        "2024-07-08T17:00+07:00",
        "yes",
        "Please attach the signed additional protocol or say when signature is expected (illustrative).",
    ]


def test_deadlines_ics_has_a_stable_uid_the_time_zone_and_a_reminder(plans_demo: dict[str, Plan]) -> None:
    period = plans_demo["mekong_us"].periods.get(label="2025")
    deadline = Deadline(period=period, party_code="VN", party_name="Viet Nam", plan_title="Mekong–U.S. PoA", lines=8)

    calendar = Calendar.from_ical(deadlines_ics(name="Viet Nam – reporting deadlines", deadlines=[deadline]))

    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"plan-{period.plan_id}-period-{period.pk}-vn@mufakat"
    assert event.decoded("dtstart").isoformat() == "2026-01-30T17:00:00+07:00"
    assert str(event["summary"]) == "Viet Nam: reports due for Mekong–U.S. PoA, 2025"
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Bangkok"]
    assert str(event.walk("VALARM")[0]["trigger"].to_ical(), "ascii") == "-P7D"


def test_party_deadlines_for_viet_nam(
    plans_demo: dict[str, Plan], amm_57: Series, member_focal_point: SeriesViewer
) -> None:
    deadlines = selectors.party_deadlines(viewer=member_focal_point, series=amm_57, party=Party.objects.get(code="VN"))

    assert [(d.plan_title[:8], d.period.label, d.lines) for d in deadlines] == [
        ("Plan of ", "2023", 18),
        ("Plan of ", "2024", 18),
        ("Plan of ", "2025", 18),
        ("Mekong–U", "2025", 8),
        ("Mekong–U", "2026", 8),
    ]


def test_progress_chart_draws_one_bar_per_area_and_escapes_labels() -> None:
    rows = [RollUp("1", "Safety & <security>", 4, 1, 2, 1, 0, 0, 45.0), RollUp("2", "Partners", 2, 0, 0, 0, 0, 2, None)]
    legend = {s: s for s in ("completed", "ongoing", "not_started", "discontinued", "unreported")}

    svg = ElementTree.fromstring(  # noqa: S314 - our own SVG, not untrusted input
        progress_chart_svg(rows, title="Progress", description="By area", legend=legend, progress_label="Mean")
    )

    bars = svg.findall(f".//{SVG}rect[@class='bar-progress']")
    assert [(bar.get("data-value"), bar.get("width")) for bar in bars] == [("45.0", "171.0"), ("0.0", "0.0")]
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-label"] == [
        "1 Safety & <security>",
        "2 Partners",
    ]
    assert svg.get("role") == "img"


def test_timeline_draws_each_period_with_its_deadline_and_review() -> None:
    items = [
        TimelineItem("2023", date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 31), "10 on time"),
        TimelineItem("2024", date(2024, 1, 1), date(2024, 12, 31), date(2024, 7, 5), "5 late", date(2024, 7, 23)),
    ]

    svg = ElementTree.fromstring(  # noqa: S314 - our own SVG, not untrusted input
        timeline_svg(items, title="T", description="D", legend={"period": "P", "due": "Due", "review": "R"})
    )

    assert [g.get("data-label") for g in svg.iter(f"{SVG}g")] == ["2023", "2024"]
    assert len(svg.findall(f".//{SVG}path[@class='deadline']")) == 2
    assert len(svg.findall(f".//{SVG}circle[@class='review']")) == 1


def test_progress_chart_on_a_phone_is_drawn_narrow_with_larger_labels() -> None:
    rows = [RollUp("1", "Treaty and Protocol with the nuclear-weapon States", 4, 1, 2, 1, 0, 0, 45.0)]
    legend = {s: s for s in ("completed", "ongoing", "not_started", "discontinued", "unreported")}

    svg = ElementTree.fromstring(  # noqa: S314 - our own SVG, not untrusted input
        progress_chart_svg(
            rows, title="Progress", description="By area", legend=legend, progress_label="Mean", phone=True
        )
    )

    labels = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-label"]
    assert (svg.get("class"), svg.get("viewBox")) == ("chart chart-progress-phone", "0 0 360 150")
    assert svg.get("aria-labelledby") == "chart-progress-phone-title chart-progress-phone-desc"
    assert [(t.text, t.get("font-size"), t.get("x")) for t in labels] == [
        ("1 Treaty and Protocol with the nuclear-weap…", "14", "0.0")
    ]
    bar = svg.find(f".//{SVG}rect[@class='bar-progress']")
    assert bar is not None
    assert (bar.get("x"), bar.get("width")) == ("12", "128.7")


def test_timeline_on_a_phone_keeps_every_label_inside_the_drawing() -> None:
    items = [
        TimelineItem("2023", date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 31), "10 on time"),
        TimelineItem("2024", date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 20), "5 late"),
    ]

    svg = ElementTree.fromstring(  # noqa: S314 - our own SVG, not untrusted input
        timeline_svg(items, title="T", description="D", legend={"period": "P", "due": "Due", "review": "R"}, phone=True)
    )

    assert (svg.get("class"), svg.get("viewBox")) == ("chart chart-timeline-phone", "0 0 360 174")
    axis = [(t.text, t.get("text-anchor")) for t in svg.iter(f"{SVG}text") if t.get("y") == "18.0"]
    assert axis == [("2023", "start"), ("2024", "start"), ("2025", "end")]
    assert all(float(t.get("x", "0")) <= 360 for t in svg.iter(f"{SVG}text"))
