"""Word imports are bounded: a draft past the paragraph or character cap, or slower to read than the time
budget, is refused naming the file; an entity bomb is refused the same way by the draft and the plan outline
imports (one shared opener, `docx_open`)."""

from __future__ import annotations

import io
import time
import zipfile

import docx
import pytest

from mufakat.core.errors import ValidationFailed
from mufakat.documents.drafting import Block, OldParagraph, pair_paragraphs
from mufakat.documents.word import MAX_IMPORT_CHARACTERS, MAX_IMPORT_PARAGRAPHS, docx_to_paragraphs
from mufakat.plans.outline import outline_from_docx


def _docx(*paragraphs: str) -> bytes:
    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _with_document_xml(xml: str) -> bytes:
    """A valid .docx whose word/document.xml is replaced by `xml`."""
    source = zipfile.ZipFile(io.BytesIO(_docx("x")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = xml.encode() if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item, data)
    return buffer.getvalue()


UNHURRIED = 600.0  # seconds: these tests are about the caps, not the time budget (the suite may share a busy machine)

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    "<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def test_docx_to_paragraphs_refuses_more_paragraphs_than_the_cap() -> None:
    data = _docx(*(f"Paragraph {n}." for n in range(MAX_IMPORT_PARAGRAPHS + 1)))

    with pytest.raises(ValidationFailed) as refused:
        docx_to_paragraphs(data, time_budget=UNHURRIED)

    assert (refused.value.field, refused.value.message) == (
        "file",
        f"the Word document has more than {MAX_IMPORT_PARAGRAPHS} paragraphs; split it into several drafts.",
    )


def test_docx_to_paragraphs_refuses_more_characters_than_the_cap() -> None:
    data = _docx(*("word " * 20_000 for _ in range(MAX_IMPORT_CHARACTERS // 100_000 + 1)))

    with pytest.raises(ValidationFailed) as refused:
        docx_to_paragraphs(data, time_budget=UNHURRIED)

    assert (refused.value.field, refused.value.message) == (
        "file",
        "the Word document has more than 1,000,000 characters of text; split it into several drafts.",
    )


def test_docx_to_paragraphs_gives_up_after_its_time_budget() -> None:
    data = _docx(*(f"Paragraph {n}." for n in range(200)))

    with pytest.raises(ValidationFailed) as refused:
        docx_to_paragraphs(data, time_budget=0)

    assert (refused.value.field, refused.value.message) == (
        "file",
        "the Word document took longer than 0 seconds to read; split it into several drafts.",
    )


def test_docx_to_paragraphs_at_the_cap_reads_within_the_budget() -> None:
    data = _docx(*(f"Paragraph {n} of the draft." for n in range(MAX_IMPORT_PARAGRAPHS)))

    paragraphs = docx_to_paragraphs(data, time_budget=UNHURRIED)

    assert (len(paragraphs), paragraphs[-1].text) == (
        MAX_IMPORT_PARAGRAPHS,
        f"Paragraph {MAX_IMPORT_PARAGRAPHS - 1} of the draft.",
    )


def test_an_entity_bomb_is_refused_by_the_draft_and_the_outline_import() -> None:
    data = _with_document_xml(LAUGHS)

    with pytest.raises(ValidationFailed) as draft:
        docx_to_paragraphs(data)
    with pytest.raises(ValidationFailed) as outline:
        outline_from_docx(data)

    assert draft.value.field == outline.value.field == "file"
    assert outline.value.record == "Word file"
    assert draft.value.message == outline.value.message
    assert draft.value.message.startswith("the Word document is damaged and cannot be read (")


def test_pair_paragraphs_pairs_a_long_edited_stretch_in_order_and_quickly() -> None:
    old = [OldParagraph(f"u{n}", "paragraph", f"Paragraph {n} recalls the work on item {n * 7}.") for n in range(1000)]
    new = [Block("paragraph", f"Paragraph {n} recalls the work on item {n * 7 + 1}.") for n in range(1000)]
    started = time.monotonic()

    pairs = pair_paragraphs(old, new)

    assert pairs == [f"u{n}" for n in range(1000)]
    assert time.monotonic() - started < 60  # every pair compared (before BAND) took over an hour on 3000
