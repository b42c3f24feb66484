"""The compiled review laid out once (`review_document`) and written as Word (.docx) or PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext as _

from mufakat.core.cleantext import xml_safe
from mufakat.meetings.booklet import Language, format_date, register_fonts
from mufakat.plans.enums import ReportStatus
from mufakat.plans.review import UNREPORTED, CompiledReview, RollUp
from mufakat.plans.selectors import ReviewData


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # the first row is the header


@dataclass
class ReviewDocument:
    title: str
    subtitle: list[str]
    sections: list[Section]
    bars: list[tuple[str, float]] = field(default_factory=list)  # progress by area, for the PDF's chart


def status_label(status: str | None) -> str:
    if status is None or status == UNREPORTED:
        return _("no report")
    return str(ReportStatus(status).label)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _rollup_table(first: str, rows: Sequence[RollUp]) -> list[list[str]]:
    header = [
        first,
        _("Expected"),
        _("Completed"),
        _("Ongoing"),
        _("Not started"),
        _("Discontinued"),
        _("No report"),
        _("Mean progress"),
    ]
    body = [
        [
            f"{row.key} {row.label}" if first == _("Area") else row.label,
            str(row.expected),
            str(row.completed),
            str(row.ongoing),
            str(row.not_started),
            str(row.discontinued),
            str(row.unreported),
            _percent(row.mean_progress),
        ]
        for row in rows
    ]
    return [header, *body]


def _summary(compiled: CompiledReview) -> str:
    overall = compiled.overall
    return _(
        "%(lines)d action lines; %(expected)d reports expected, %(reported)d received: %(completed)d completed, "
        "%(ongoing)d ongoing, %(not_started)d not started, %(discontinued)d discontinued, %(unreported)d "
        "without a report. Mean progress %(mean)s."
    ) % {
        "lines": compiled.action_lines,
        "expected": overall.expected,
        "reported": overall.reported,
        "completed": overall.completed,
        "ongoing": overall.ongoing,
        "not_started": overall.not_started,
        "discontinued": overall.discontinued,
        "unreported": overall.unreported,
        "mean": _percent(overall.mean_progress),
    }


def review_document(data: ReviewData, lang: Language) -> ReviewDocument:
    """The compiled review, section by section, in the language asked."""
    with translation.override(lang):
        compiled, plan, meeting, period = data.compiled, data.plan, data.meeting, data.period
        title = (plan.title_vi if lang == "vi" else "") or plan.title_en
        meeting_title = meeting.title_vi if lang == "vi" else meeting.title_en
        subtitle = [
            _("Progress report for the review by the %(meeting)s, %(date)s")
            % {"meeting": meeting_title, "date": format_date(meeting.start_date, lang)}
        ]
        if period is not None:
            due = period.due_at.astimezone(ZoneInfo(period.time_zone))
            subtitle.append(
                _("Reporting period %(label)s; reports due %(date)s, %(time)s (%(zone)s)")
                % {
                    "label": period.label,
                    "date": format_date(due.date(), lang),
                    "time": due.strftime("%H:%M"),
                    "zone": period.time_zone,
                }
            )
        else:
            subtitle.append(_("No reporting period is taken up by this review."))
        sections = [Section(_("Summary"), paragraphs=[_summary(compiled)])]
        sections.append(Section(_("Progress by area"), table=_rollup_table(_("Area"), compiled.by_area)))
        sections.append(Section(_("Progress by party"), table=_rollup_table(_("Party"), compiled.by_party)))
        changes = Section(_("Changes since the last review"))
        if not compiled.has_previous:
            changes.paragraphs.append(_("There is no earlier reporting period to compare with."))
        elif not compiled.changes:
            changes.paragraphs.append(_("No status changed since the last review."))
        else:
            changes.table = [
                [_("Line"), _("Party"), _("Before"), _("Now")],
                *(
                    [
                        f"{c.number} {c.title}",
                        c.party_name,
                        status_label(c.before),
                        status_label(c.after),
                    ]
                    for c in compiled.changes
                ),
            ]
        sections.append(changes)
        overdue = Section(_("Overdue action lines"))
        if compiled.overdue:
            overdue.table = [
                [_("Line"), _("Target year"), _("Not completed by")],
                *([f"{o.number} {o.title}", str(o.target_year), ", ".join(o.parties)] for o in compiled.overdue),
            ]
        else:
            overdue.paragraphs.append(_("No action line is overdue."))
        sections.append(overdue)
        unreported = Section(_("Action lines without reports"))
        if compiled.unreported:
            unreported.table = [
                [_("Line"), _("No report from")],
                *([f"{u.number} {u.title}", ", ".join(u.parties)] for u in compiled.unreported),
            ]
        else:
            unreported.paragraphs.append(_("Every responsible party has reported on every action line."))
        sections.append(unreported)
        conclusions = Section(_("Conclusions"))
        review = data.review
        text = ((review.conclusions_vi if lang == "vi" else "") or review.conclusions_en) if review else ""
        conclusions.paragraphs = [part for part in text.split("\n") if part.strip()] or [
            _("The meeting has not recorded its conclusions yet.")
        ]
        sections.append(conclusions)
        bars = [(f"{row.key} {row.label}", row.mean_progress or 0.0) for row in compiled.by_area]
        return ReviewDocument(title=title, subtitle=subtitle, sections=sections, bars=bars)


def _xml_safe(document: ReviewDocument) -> ReviewDocument:
    """The document without characters XML cannot hold (Word and the PDF's markup refuse them)."""
    return ReviewDocument(
        title=xml_safe(document.title),
        subtitle=[xml_safe(line) for line in document.subtitle],
        sections=[
            Section(
                heading=xml_safe(section.heading),
                paragraphs=[xml_safe(text) for text in section.paragraphs],
                table=[[xml_safe(text) for text in row] for row in section.table],
            )
            for section in document.sections
        ],
        bars=[(xml_safe(label), value) for label, value in document.bars],
    )


def review_docx(document: ReviewDocument) -> bytes:
    """The review as a Word document: title, subtitle lines, one heading per section with its text or table."""
    import docx  # noqa: PLC0415 - python-docx is loaded only when a Word file is written

    document = _xml_safe(document)

    out = docx.Document()
    out.core_properties.title = document.title
    out.core_properties.author = "mufakat"
    out.add_heading(document.title, level=0)
    for line in document.subtitle:
        out.add_paragraph(line)
    for section in document.sections:
        out.add_heading(section.heading, level=1)
        for paragraph in section.paragraphs:
            out.add_paragraph(paragraph)
        if section.table:
            table = out.add_table(rows=0, cols=len(section.table[0]))
            table.style = "Table Grid"
            for index, row in enumerate(section.table):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
                    if index == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def review_pdf(document: ReviewDocument, lang: Language = "en") -> bytes:
    """The review as an A4 PDF with a bar chart of progress by area; the booklet's fonts (DejaVu Sans for
    Vietnamese). Identical input gives identical bytes."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String  # noqa: PLC0415
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: PLC0415

    document = _xml_safe(document)
    regular, bold = register_fonts()
    styles = {
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=21, spaceAfter=3 * mm),
        "subtitle": ParagraphStyle("subtitle", fontName=regular, fontSize=10, leading=14, spaceAfter=1 * mm),
        "heading": ParagraphStyle(
            "heading", fontName=bold, fontSize=12, leading=16, spaceBefore=5 * mm, spaceAfter=2 * mm, keepWithNext=1
        ),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, spaceAfter=2 * mm),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8, leading=10, textColor=colors.white),
    }
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=document.title,
        author="mufakat",
        lang=lang,
        invariant=1,
    )
    story: list[Any] = [Paragraph(escape(document.title), styles["title"])]
    story.extend(Paragraph(escape(line), styles["subtitle"]) for line in document.subtitle)
    width = A4[0] - 30 * mm
    if document.bars:
        label_width, bar_width, row = 70 * mm, width - 70 * mm - 15 * mm, 7 * mm
        chart = Drawing(width, row * len(document.bars) + 4 * mm)
        for index, (label, value) in enumerate(document.bars):
            y = chart.height - (index + 1) * row
            chart.add(String(0, y + 2, label[:48], fontName=regular, fontSize=7.5))
            chart.add(Rect(label_width, y, bar_width, row - 2, fillColor=colors.HexColor("#eef2f7"), strokeWidth=0))
            chart.add(
                Rect(
                    label_width,
                    y,
                    bar_width * value / 100,
                    row - 2,
                    fillColor=colors.HexColor("#0b5ea8"),
                    strokeWidth=0,
                )
            )
            chart.add(String(label_width + bar_width + 2, y + 2, f"{value:.0f}%", fontName=regular, fontSize=7.5))
        chart.add(Line(label_width, 0, label_width, chart.height, strokeColor=colors.HexColor("#9aa7b8")))
        story.extend([Spacer(1, 4 * mm), chart])
    for section in document.sections:
        story.append(Paragraph(escape(section.heading), styles["heading"]))
        story.extend(Paragraph(escape(text), styles["body"]) for text in section.paragraphs)
        if section.table:
            rows = [[Paragraph(escape(text), styles["head"]) for text in section.table[0]]]
            rows.extend([Paragraph(escape(text), styles["cell"]) for text in row] for row in section.table[1:])
            columns = len(section.table[0])
            first = width * (0.34 if columns > 4 else 0.5)
            widths = [first] + [(width - first) / (columns - 1)] * (columns - 1)
            table = Table(rows, colWidths=widths, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
                        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f7")]),
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b8")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
    pdf.build(story)
    return buffer.getvalue()
