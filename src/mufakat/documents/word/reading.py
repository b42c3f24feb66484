"""Reading a .docx draft into paragraphs (see the package's docstring for what is read how), with the
limits that keep a hostile file from costing more than it should."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, BinaryIO

import docx
from django.utils.translation import gettext as _
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from mufakat.core.errors import ValidationFailed
from mufakat.documents.drafting import Block, OldParagraph, pair_paragraphs
from mufakat.documents.enums import ParagraphKind, VersionOrigin
from mufakat.documents.models import Paragraph
from mufakat.documents.services.versions import ParagraphInput, document_version_circulate

if TYPE_CHECKING:
    from mufakat.accounts.rules import SeriesViewer
    from mufakat.documents.models import DocumentVersion, OutcomeDocument


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
