"""The printable programme booklet (PDF): a title page, then day by day a table of time / meeting / session /
room in the venue's time zone.

Pure: takes the series facts and the released sessions as dataclasses and returns the PDF's bytes; no ORM
(meetings.exports loads them). Vietnamese needs a Unicode TrueType font: DejaVu Sans from the system
(Debian's fonts-dejavu-core), else reportlab's bundled Vera, which lacks many Vietnamese letters."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

logger = logging.getLogger(__name__)

Language = Literal["en", "vi"]

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
REGULAR, BOLD = "MufakatSans", "MufakatSans-Bold"


@dataclass(frozen=True)
class BookletFacts:
    """What the title page says, already in the booklet's language."""

    title: str
    theme: str
    venue: str
    start_date: date
    end_date: date
    time_zone: str
    release_number: int
    released_at: datetime


@dataclass(frozen=True)
class BookletSession:
    meeting: str
    title: str
    room: str | None
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class BookletDay:
    day: date
    heading: str
    rows: list[tuple[str, str, str, str]]  # time, meeting, session, room


_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "programme": "Programme v{number}, released {date}",
        "time": "Time ({zone}, UTC{offset})",
        "meeting": "Meeting",
        "session": "Session",
        "room": "Room",
        "page": "Programme v{number} · page {page}",
        "subject": "Programme of the meetings",
        "empty": "No sessions have been released.",
    },
    "vi": {
        "programme": "Chương trình hoạt động v{number}, phát hành ngày {date}",
        "time": "Giờ ({zone}, UTC{offset})",
        "meeting": "Hội nghị",
        "session": "Phiên",
        "room": "Phòng",
        "page": "Chương trình hoạt động v{number} · trang {page}",
        "subject": "Chương trình hoạt động",
        "empty": "Chưa có phiên nào được phát hành.",
    },
}
_WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAYS_VI = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def format_date(day: date, lang: Language) -> str:
    """The language's one date format (mufakat/formats): 25 July 2024 / 25 tháng 7 năm 2024."""
    with translation.override(lang):
        return date_format(day, "DATE_FORMAT")


def format_dates(start: date, end: date, lang: Language) -> str:
    """23–27 July 2024 / 23–27 tháng 7 năm 2024 (both dates in full when months or years differ)."""
    if start == end:
        return format_date(start, lang)
    if (start.year, start.month) != (end.year, end.month):
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    return f"{start.day}–{format_date(end, lang)}"


def format_day(day: date, lang: Language) -> str:
    """Thursday 25 July 2024 / Thứ Năm, ngày 25 tháng 7 năm 2024."""
    if lang == "vi":
        return f"{_WEEKDAYS_VI[day.weekday()]}, ngày {format_date(day, lang)}"
    return f"{_WEEKDAYS_EN[day.weekday()]} {format_date(day, lang)}"


def _utc_offset(time_zone: str, on: date) -> str:
    offset = datetime(on.year, on.month, on.day, 12, tzinfo=ZoneInfo(time_zone)).strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def booklet_title_lines(facts: BookletFacts, lang: Language) -> list[str]:
    """The title page, line by line."""
    labels = _LABELS[lang]
    released = facts.released_at.astimezone(ZoneInfo(facts.time_zone)).date()
    lines = [facts.title, facts.theme, facts.venue, format_dates(facts.start_date, facts.end_date, lang)]
    lines.append(labels["programme"].format(number=facts.release_number, date=format_date(released, lang)))
    return [line for line in lines if line]


def booklet_time_header(facts: BookletFacts, lang: Language) -> str:
    return _LABELS[lang]["time"].format(zone=facts.time_zone, offset=_utc_offset(facts.time_zone, facts.start_date))


def booklet_days(facts: BookletFacts, sessions: Sequence[BookletSession], lang: Language) -> list[BookletDay]:
    """The released sessions grouped by local day, in time order: what the tables show."""
    zone = ZoneInfo(facts.time_zone)
    by_day: dict[date, list[tuple[datetime, str, tuple[str, str, str, str]]]] = {}
    for session in sessions:
        start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        row = (f"{start:%H:%M}–{end:%H:%M}", session.meeting, session.title, session.room or "")
        by_day.setdefault(start.date(), []).append((start, f"{session.meeting} {session.title}", row))
    return [
        BookletDay(day=day, heading=format_day(day, lang), rows=[row for _, _, row in sorted(entries)])
        for day, entries in sorted(by_day.items())
    ]


def _find_font(name: str) -> Path | None:
    for directory in FONT_DIRS:
        if directory.is_dir():
            found = sorted(directory.rglob(name))
            if found:
                return found[0]
    return None


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the booklet's regular and bold fonts once; returns their names."""
    regular, bold = _find_font("DejaVuSans.ttf"), _find_font("DejaVuSans-Bold.ttf")
    if regular is None or bold is None:
        logger.warning(
            "DejaVuSans.ttf / DejaVuSans-Bold.ttf not found under %s; the programme booklet falls back to "
            "reportlab's Vera, which lacks many Vietnamese letters. Install fonts-dejavu-core.",
            ", ".join(str(d) for d in FONT_DIRS),
        )
        # reportlab keeps the first font registered under a name, so the fallback has names of its own.
        pdfmetrics.registerFont(TTFont(f"{REGULAR}-Vera", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(f"{BOLD}-Vera", "VeraBd.ttf"))
        return f"{REGULAR}-Vera", f"{BOLD}-Vera"
    pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    return REGULAR, BOLD


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=26, alignment=1, spaceAfter=8 * mm),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=regular, fontSize=13, leading=18, alignment=1, spaceAfter=4 * mm
        ),
        "day": ParagraphStyle(
            "day", fontName=bold, fontSize=13, leading=17, spaceBefore=4 * mm, spaceAfter=2 * mm, keepWithNext=1
        ),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=9, leading=11.5, textColor=colors.white),
    }


def booklet_pdf(*, facts: BookletFacts, sessions: Sequence[BookletSession], lang: Language = "en") -> bytes:
    """The booklet as PDF bytes (A4). Identical input gives identical bytes (reportlab's invariant mode)."""
    regular, bold = register_fonts()
    styles = _styles(regular, bold)
    labels = _LABELS[lang]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{facts.title} – v{facts.release_number}",
        author="mufakat",
        subject=labels["subject"],
        lang=lang,
        invariant=1,
    )
    story: list[Any] = [Spacer(1, 50 * mm)]
    lines = booklet_title_lines(facts, lang)
    story.append(Paragraph(escape(lines[0]), styles["title"]))
    story.extend(Paragraph(escape(line), styles["subtitle"]) for line in lines[1:])
    story.append(PageBreak())
    header = [
        booklet_time_header(facts, lang),
        labels["meeting"],
        labels["session"],
        labels["room"],
    ]
    widths = [38 * mm, 46 * mm, 61 * mm, 35 * mm]
    days = booklet_days(facts, sessions, lang)
    if not days:
        story.append(Paragraph(escape(labels["empty"]), styles["cell"]))
    for day in days:
        rows = [[Paragraph(escape(text), styles["head"]) for text in header]]
        rows.extend([Paragraph(escape(text), styles["cell"]) for text in row] for row in day.rows)
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
        story.extend([Paragraph(escape(day.heading), styles["day"]), table])

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, labels["page"].format(number=facts.release_number, page=doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
