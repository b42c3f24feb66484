"""Word (.docx) import and export of outcome documents, because delegations draft and read in Word.

Import reads a draft into `ParagraphInput`s for `document_version_circulate`:
- headings: paragraphs in a Heading style (or with an outline level), numbered section titles
  ("A. Political-Security", "IV. Way Forward"), and short lines that are all bold or all capitals;
- numbered paragraphs: a leading manual number ("12. ", "12) ", "(12) ", "12 bis. ") is removed, since
  numbers are printed from the paragraph's position; Word's automatic numbering (numPr) is not part of
  the text anyway, so such paragraphs are numbered paragraphs as they are;
- paragraphs in the Title or Subtitle style are the document's name and circulation line (our own
  exports write them so), which the register already holds: they are skipped, as are empty paragraphs;
- tables are flattened, one paragraph per row, its non-empty cells joined by " | ";
- tracked changes are read as accepted (inserted text kept, deleted text left out).
Anything that is not a readable .docx is refused with `ValidationFailed` on field "file".

Export writes the clean text, the bracketed text and a comparison of two versions. It is pure on what
the caller passes (the selectors' `TextView` / `Comparison` and the document with its meeting), e.g.
``clean_docx(document=document, view=clean_text(version=version))``."""

from __future__ import annotations

import io
import re
import time
import zipfile
import zoneinfo
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO

import docx
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.enum.text import WD_COLOR_INDEX, WD_UNDERLINE
from docx.shared import Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from mufakat.core.cleantext import xml_safe
from mufakat.core.errors import ValidationFailed

from . import brackets
from .compare import ADDED, REMOVED, Comparison
from .drafting import Block, OldParagraph, pair_paragraphs
from .enums import ParagraphKind, VersionOrigin
from .models import Paragraph
from .services.versions import ParagraphInput, document_version_circulate

if TYPE_CHECKING:
    from mufakat.accounts.rules import SeriesViewer
    from mufakat.meetings.models import Venue

    from .models import DocumentVersion, OutcomeDocument
    from .selectors import TextView

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip bomb is refused before it is unpacked
HEADING_MAX_WORDS = 14
# An imported draft is a negotiated text, not a corpus: the longest ASEAN outcome documents run to a few
# hundred paragraphs. Past these caps (or the time budget) the file is refused with a message, so that a small
# file that unpacks to half a million paragraphs cannot hold a server thread for half an hour.
MAX_IMPORT_PARAGRAPHS = 3000
MAX_IMPORT_CHARACTERS = 1_000_000
IMPORT_TIME_BUDGET = 20.0  # seconds of reading before the import gives up

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old binary .doc files
_SPACES = re.compile(r"\s+")
_MANUAL_NUMBER = re.compile(
    r"^(?:\(\d{1,4}\)|\d{1,4}(?:\s*(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?\s*[.)])\s+",
    re.IGNORECASE,
)
_SECTION_TITLE = re.compile(r"^(?:[A-Z]|[IVXLC]{1,6})[.)]\s+\S")
_HEADING_STYLES = ("heading", "titre", "überschrift")
_SKIPPED_STYLES = ("title", "subtitle")

PARTY_COLOUR = (0x1F, 0x4E, 0x9A)
INSERT_COLOUR = (0x00, 0x61, 0x00)
DELETE_COLOUR = (0xC0, 0x00, 0x00)


# ---------------------------------------------------------------- import


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="file")


def _read_bytes(data: bytes | BinaryIO) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        raw = data.read(MAX_DOCX_BYTES + 1)
        if not isinstance(raw, bytes):
            raise _refuse(_("the upload could not be read as a file."))
    if not raw:
        raise _refuse(_("the file is empty."))
    if len(raw) > MAX_DOCX_BYTES:
        raise _refuse(_("the file is larger than %(limit)s MB.") % {"limit": MAX_DOCX_BYTES // (1024 * 1024)})
    return raw


def _open(raw: bytes) -> Any:
    if raw.startswith(_OLE_MAGIC):
        raise _refuse(
            _("the file is password-protected or an old Word 97–2003 .doc; remove the password or save it as .docx.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _refuse(_("the file unpacks to more than %(limit)s MB.") % {"limit": MAX_UNPACKED_BYTES // 2**20})
    except zipfile.BadZipFile:
        raise _refuse(_("the file is not a Word document (.docx).")) from None
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _refuse(_("the file is a zip archive but not a Word document (.docx)."))
    try:
        return docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx and lxml raise many kinds of errors on damaged files
        raise _refuse(_("the Word document is damaged and cannot be read (%(error)s).") % {"error": exc}) from None


def _text_of(element: Any) -> str:
    """The visible text of a paragraph element: w:t of runs (inserted text included; deleted text is in
    w:delText and left out), tabs and breaks as spaces, fields' instructions left out."""
    pieces: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        if node.tag == f"{_W}t":
            pieces.append(node.text or "")
        elif node.tag == f"{_W}noBreakHyphen":
            pieces.append("-")
        else:
            pieces.append(" ")
    return _SPACES.sub(" ", "".join(pieces).replace("\xa0", " ")).strip()


def _style_chain(paragraph: Any) -> Iterator[Any]:
    style = paragraph.style
    seen = 0
    while style is not None and seen < 10:
        yield style
        style = style.base_style
        seen += 1


def _style_name(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "").lower()
    except (AttributeError, KeyError, ValueError):
        return ""


def _has_numbering(paragraph: Any) -> bool:
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    for style in _style_chain(paragraph):
        style_p_pr = style.element.pPr
        if style_p_pr is not None and style_p_pr.numPr is not None:
            return True
    return False


def _has_outline_level(paragraph: Any) -> bool:
    p_pr = paragraph._p.pPr
    if p_pr is None:
        return False
    level = p_pr.find(f"{_W}outlineLvl")
    return level is not None and level.get(f"{_W}val") not in (None, "9")


def _all_bold(paragraph: Any) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    style_bold = any(bool(style.font.bold) for style in _style_chain(paragraph))
    return all(run.bold or (run.bold is None and style_bold) for run in runs)


def _looks_like_heading(paragraph: Any, text: str) -> bool:
    name = _style_name(paragraph)
    if name.startswith(_HEADING_STYLES) or _has_outline_level(paragraph):
        return True
    short = len(text.split()) <= HEADING_MAX_WORDS and not text.endswith((".", ";", ",", ":"))
    if not short or _has_numbering(paragraph) or _MANUAL_NUMBER.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(_SECTION_TITLE.match(text)) or _all_bold(paragraph) or (len(letters) > 1 and text.isupper())


def _rows(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(t for t in (_text_of(p) for p in cell._tc.iter(f"{_W}p")) if t)
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def docx_open(data: bytes | BinaryIO) -> Any:
    """The python-docx Document of an upload, after the checks every Word import shares: size, zip bomb,
    encrypted or old .doc, damaged or hostile XML (an entity bomb is refused by the parser). Raises
    ValidationFailed (field "file") naming the problem."""
    return _open(_read_bytes(data))


def _too_long(paragraphs: int, characters: int) -> ValidationFailed | None:
    if paragraphs > MAX_IMPORT_PARAGRAPHS:
        return _refuse(
            _("the Word document has more than %(limit)s paragraphs; split it into several drafts.")
            % {"limit": MAX_IMPORT_PARAGRAPHS}
        )
    if characters > MAX_IMPORT_CHARACTERS:
        return _refuse(
            _("the Word document has more than %(limit)s characters of text; split it into several drafts.")
            % {"limit": f"{MAX_IMPORT_CHARACTERS:,}"}
        )
    return None


def docx_to_paragraphs(data: bytes | BinaryIO, *, time_budget: float = IMPORT_TIME_BUDGET) -> list[ParagraphInput]:
    """The paragraphs of a .docx draft, in order (see the module docstring for what becomes what).
    Raises ValidationFailed (field "file") when the file is not a readable Word document, has no text, has
    more than MAX_IMPORT_PARAGRAPHS paragraphs or MAX_IMPORT_CHARACTERS characters, or takes longer than
    `time_budget` seconds to read."""
    started = time.monotonic()
    document = docx_open(data)
    result: list[ParagraphInput] = []
    characters = 0
    for index, child in enumerate(document.element.body.iterchildren()):
        if index % 64 == 0 and time.monotonic() - started > time_budget:
            raise _refuse(
                _("the Word document took longer than %(seconds)s seconds to read; split it into several drafts.")
                % {"seconds": f"{time_budget:g}"}
            )
        found = len(result)
        if child.tag == f"{_W}tbl":
            result.extend(ParagraphInput(text=row) for row in _rows(Table(child, document._body)))
        elif child.tag == f"{_W}p":
            paragraph = DocxParagraph(child, document._body)
            text = _text_of(child)
            if not text or _style_name(paragraph) in _SKIPPED_STYLES:
                continue
            if _looks_like_heading(paragraph, text):
                result.append(ParagraphInput(text=text, kind=ParagraphKind.HEADING))
            else:
                stripped = _MANUAL_NUMBER.sub("", text, count=1).strip()
                result.append(ParagraphInput(text=stripped or text))
        characters += sum(len(paragraph.text) for paragraph in result[found:])
        problem = _too_long(len(result), characters)
        if problem is not None:
            raise problem
    if not result:
        raise _refuse(_("the Word document has no text."))
    return result


def match_to_previous(new: Sequence[ParagraphInput], previous: Sequence[tuple[Any, str, str]]) -> list[ParagraphInput]:
    """`new` with `uid` set where a paragraph continues one of `previous` (uid, kind, text): the same rule
    as the web editor (`drafting.pair_paragraphs`)."""
    uids = pair_paragraphs(
        [OldParagraph(str(uid), kind, text) for uid, kind, text in previous],
        [Block(paragraph.kind, paragraph.text) for paragraph in new],
    )
    return [replace(paragraph, uid=uid) for paragraph, uid in zip(new, uids, strict=True)]


def document_version_import(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    data: bytes | BinaryIO,
    based_on_version_id: int | None,
    note: str = "",
) -> DocumentVersion:
    """Circulate a .docx draft as the document's next version (origin "imported"). Paragraphs that
    continue one of the version it was based on keep their identity (`match_to_previous`), so open
    proposals and ad ref marks follow them. A bad file is refused before anything is written; a draft
    based on a superseded version is refused with 409 by `document_version_circulate`."""
    paragraphs = docx_to_paragraphs(data)
    if based_on_version_id is not None:
        previous = list(
            Paragraph.objects.filter(version_id=based_on_version_id, version__document=document)
            .order_by("position")
            .values_list("uid", "kind", "text")
        )
        paragraphs = match_to_previous(paragraphs, previous)
    return document_version_circulate(
        actor=actor,
        document=document,
        paragraphs=paragraphs,
        based_on_version_id=based_on_version_id,
        note=note,
        origin=VersionOrigin.IMPORTED,
    )


# ---------------------------------------------------------------- export


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
        place = document.final_place or _place(document)
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
