"""Writing a draft as .docx: the clean text, the bracketed text, a comparison of two drafts."""

from __future__ import annotations

import io
import zoneinfo
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import docx
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.enum.text import WD_COLOR_INDEX, WD_UNDERLINE
from docx.shared import Pt, RGBColor

from mufakat.core.cleantext import xml_safe
from mufakat.documents import brackets
from mufakat.documents.compare import ADDED, REMOVED, Comparison
from mufakat.documents.enums import ParagraphKind

if TYPE_CHECKING:
    from mufakat.documents.models import DocumentVersion, OutcomeDocument
    from mufakat.documents.selectors import TextView
    from mufakat.meetings.models import Venue


PARTY_COLOUR = (0x1F, 0x4E, 0x9A)


INSERT_COLOUR = (0x00, 0x61, 0x00)


DELETE_COLOUR = (0xC0, 0x00, 0x00)


def _venue(document: OutcomeDocument) -> Venue | None:
    return document.meeting.effective_venue


def _zone(document: OutcomeDocument) -> zoneinfo.ZoneInfo:
    venue = _venue(document)
    try:
        return zoneinfo.ZoneInfo(venue.time_zone if venue else "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _when(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    return f"{date_format(moment.astimezone(zone), 'DATETIME_FORMAT')} ({zone.key})"


def _circulated(document: OutcomeDocument, version: DocumentVersion) -> str:
    return _("Draft %(number)s, circulated %(when)s") % {
        "number": version.number,
        "when": _when(version.circulated_at, _zone(document)),
    }


def _new_document(header: str) -> Any:
    word = docx.Document()
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    section = word.sections[0]
    section.header.paragraphs[0].text = xml_safe(header)
    return word


def _title_block(word: Any, document: OutcomeDocument, version: DocumentVersion, *, final: bool) -> None:
    if final:
        word.add_paragraph(_("FINAL"), style="Subtitle")
    word.add_paragraph(xml_safe(document.title), style="Title")
    if final:
        day = document.final_date or document.meeting.start_date
        # The place in the language of the file ("Viêng Chăn" in Vietnamese), as the pages show it.
        place = document.final_place_shown if document.final_place else _place(document)
        line = ", ".join(part for part in (place, date_format(day, "DATE_FORMAT")) if part)
    else:
        line = _circulated(document, version)
    word.add_paragraph(xml_safe(line), style="Subtitle")


def _place(document: OutcomeDocument) -> str:
    venue = _venue(document)
    return venue.city if venue else ""


def _save(word: Any) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _numbered(word: Any, paragraph_kind: str, number: str) -> Any:
    if paragraph_kind == ParagraphKind.HEADING:
        return word.add_heading(level=2)
    target = word.add_paragraph()
    if number:
        target.add_run(xml_safe(f"{number}. "))
    return target


def _is_final(document: OutcomeDocument, view: TextView) -> bool:
    return document.is_final and document.current_version_id == view.version.pk


def clean_docx(*, document: OutcomeDocument, view: TextView) -> bytes:
    """The clean text (agreed text only) as .docx; the final text of an adopted document is marked FINAL
    with its title, place and date."""
    final = _is_final(document, view)
    header = f"{document.title} — {_('FINAL') if final else _('Draft %(n)s') % {'n': view.version.number}}"
    word = _new_document(header)
    _title_block(word, document, view.version, final=final)
    for paragraph in view.paragraphs:
        _numbered(word, paragraph.kind, paragraph.number).add_run(xml_safe(paragraph.plain()))
    return _save(word)


def _segments(part: brackets.Part) -> Iterator[tuple[str, str]]:
    """(text, role) pieces of a part whose texts join to exactly `brackets._plain(part)`; role is "text",
    "mark" (brackets and option labels), "disputed" (text inside brackets) or "party" (party tags)."""
    if isinstance(part, str):
        yield part, "text"
        return
    if part.kind in (brackets.INSERT, brackets.DELETE) and len(part.options) == 1:
        option = part.options[0]
        yield "[", "mark"
        yield from _option_body(option.parts)
        yield f" ({option.tag()})", "party"
        yield "]", "mark"
        return
    yield "[", "mark"
    for index, option in enumerate(part.options):
        if index:
            yield " / ", "mark"
        yield f"Option {option.label}: ", "mark"
        if option.deleted:
            yield "—", "disputed"
            yield f" ({option.tag()})", "party"
            continue
        yield from _option_body(option.parts)
        if option.parties or option.compromise:
            yield f" ({option.tag()})", "party"
    yield "]", "mark"


def _option_body(parts: Sequence[brackets.Part]) -> Iterator[tuple[str, str]]:
    for inner in parts:
        if isinstance(inner, str):
            yield inner, "disputed"
        else:
            yield from _segments(inner)


def _styled_run(target: Any, text: str, role: str) -> Any:
    run = target.add_run(xml_safe(text))
    if role == "mark":
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    elif role == "disputed":
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    elif role == "party":
        run.font.small_caps = True
        run.font.color.rgb = RGBColor(*PARTY_COLOUR)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def bracketed_docx(*, document: OutcomeDocument, view: TextView) -> bytes:
    """The bracketed text as .docx: every disputed span in square brackets (highlighted, brackets bold),
    party tags in small capitals and colour, proposed paragraphs numbered "12 bis", paragraphs agreed ad
    referendum followed by "(ad ref)"."""
    header = f"{document.title} — {_('Draft %(n)s') % {'n': view.version.number}} — {_('bracketed text')}"
    word = _new_document(header)
    _title_block(word, document, view.version, final=False)
    for paragraph in view.paragraphs:
        target = _numbered(word, paragraph.kind, paragraph.number)
        for part in paragraph.parts:
            for text, role in _segments(part):
                if text:
                    _styled_run(target, text, role)
        if paragraph.ad_ref and not paragraph.bracketed:
            _styled_run(target, f" ({_('ad ref')})", "party")
    return _save(word)


def _comparison_number(old: str, new: str) -> str:
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old


def comparison_docx(
    *, document: OutcomeDocument, old: DocumentVersion, new: DocumentVersion, comparison: Comparison
) -> bytes:
    """A comparison of two versions as .docx: inserted words underlined in green, deleted words struck
    through in red, added and removed paragraphs marked, numbers shown old → new when they changed.
    E.g. ``comparison_docx(document=d, old=a, new=b, comparison=version_compare(old=a, new=b))``."""
    header = f"{document.title} — {_('Draft %(old)s → Draft %(new)s') % {'old': old.number, 'new': new.number}}"
    word = _new_document(header)
    word.add_paragraph(xml_safe(document.title), style="Title")
    word.add_paragraph(
        _("Comparison of draft %(old)s and draft %(new)s") % {"old": old.number, "new": new.number}, style="Subtitle"
    )
    zone = _zone(document)
    word.add_paragraph(
        _("Draft %(number)s: circulated %(when)s") % {"number": old.number, "when": _when(old.circulated_at, zone)}
    )
    word.add_paragraph(
        _("Draft %(number)s: circulated %(when)s") % {"number": new.number, "when": _when(new.circulated_at, zone)}
    )
    summary = comparison.summary
    word.add_paragraph(
        _("%(changed)s changed, %(added)s added, %(removed)s removed, %(unchanged)s unchanged paragraph(s).") % summary
        + " "
        + _("Insertions are underlined, deletions struck through.")
    )
    for row in comparison.rows:
        number = _comparison_number(row.old_number, row.new_number)
        target = _numbered(word, row.kind, number)
        if row.change == ADDED:
            marker = target.add_run(f"({_('new paragraph')}) ")
            marker.italic = True
        elif row.change == REMOVED:
            marker = target.add_run(f"({_('paragraph deleted')}) ")
            marker.italic = True
        for piece in row.pieces:
            run = target.add_run(xml_safe(piece.text))
            if piece.op == "insert":
                run.font.underline = WD_UNDERLINE.SINGLE
                run.font.color.rgb = RGBColor(*INSERT_COLOUR)
            elif piece.op == "delete":
                run.font.strike = True
                run.font.color.rgb = RGBColor(*DELETE_COLOUR)
    return _save(word)
