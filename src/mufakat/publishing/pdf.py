"""A FINAL text as PDF (A4): FINAL, title, place and date, the numbered paragraphs. Built with reportlab and
the booklet's fonts (DejaVu Sans for Vietnamese letters); `invariant` keeps the bytes the same for the same
text, so the file's ETag holds."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from mufakat.core.cleantext import xml_safe
from mufakat.meetings.booklet import register_fonts


@dataclass(frozen=True)
class TextLine:
    kind: str
    number: str
    text: str


def final_text_pdf(*, title: str, place_date: str, final_label: str, lines: Sequence[TextLine]) -> bytes:
    regular, bold = register_fonts()
    styles = {
        "final": ParagraphStyle("final", fontName=bold, fontSize=11, alignment=2, spaceAfter=4 * mm),
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=21, alignment=1, spaceAfter=3 * mm),
        "place": ParagraphStyle("place", fontName=regular, fontSize=11, alignment=1, spaceAfter=8 * mm),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=12, leading=16, spaceBefore=4 * mm),
        "para": ParagraphStyle("para", fontName=regular, fontSize=11, leading=15, spaceAfter=3 * mm),
    }
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=xml_safe(title), invariant=1, leftMargin=25 * mm, rightMargin=25 * mm
    )
    story = [
        Paragraph(escape(final_label), styles["final"]),
        Paragraph(escape(xml_safe(title)), styles["title"]),
        Paragraph(escape(xml_safe(place_date)), styles["place"]),
    ]
    for line in lines:
        text = escape(xml_safe(line.text))
        if line.kind == "heading":
            story.append(Paragraph(text, styles["heading"]))
        else:
            story.append(Paragraph(f"{escape(line.number)}. {text}" if line.number else text, styles["para"]))
    story.append(Spacer(1, 4 * mm))
    document.build(story)
    return buffer.getvalue()
