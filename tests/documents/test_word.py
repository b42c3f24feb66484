"""Word import and export: .docx drafts read into paragraphs, clean / bracketed / comparison exports read
back with python-docx, malformed files refused on field "file" with nothing written."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.core.errors import ValidationFailed
from mufakat.documents.enums import ParagraphKind, VersionOrigin
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph
from mufakat.documents.selectors import bracketed_text, clean_text, version_compare
from mufakat.documents.services import ParagraphInput, document_version_circulate
from mufakat.documents.word import (
    bracketed_docx,
    clean_docx,
    comparison_docx,
    document_version_import,
    docx_to_paragraphs,
    match_to_previous,
)
from mufakat.meetings.models import Series

H, P = ParagraphKind.HEADING, ParagraphKind.PARAGRAPH
COMMUNIQUE = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
ARF_STATEMENT = "Chairman's Statement of the 31st ASEAN Regional Forum"


def _bytes(word: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _reopen(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def _with_numbering(paragraph: DocxParagraph) -> None:
    """Word's automatic numbering (numPr), which python-docx does not render as text."""
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        num_pr.append(element)
    paragraph._p.get_or_add_pPr().append(num_pr)


def _draft_docx() -> bytes:
    word = docx.Document()
    word.add_paragraph("Joint Statement of the Ministers", style="Title")
    word.add_heading("Introduction", level=1)
    word.add_paragraph("1. We met in Vientiane,\tLao PDR,\xa0on  25 July 2024.")
    word.add_paragraph("   ")
    word.add_paragraph("12) We noted the report of the Senior Officials.")
    word.add_paragraph("A. Political-Security Community")
    word.add_paragraph("We welcomed the Work Plan.", style="List Number")
    numbered = word.add_paragraph("We looked forward to the next meeting.")
    _with_numbering(numbered)
    word.add_paragraph("").add_run("Way Forward").bold = True
    word.add_paragraph("12 bis. We thanked the Chair.")
    table = word.add_table(rows=2, cols=2)
    for row, (left, right) in zip(table.rows, [("Action", "Lead"), ("Maritime exercise", "VN")], strict=True):
        row.cells[0].text, row.cells[1].text = left, right
    word.add_paragraph("REGIONAL ISSUES")
    return _bytes(word)


@pytest.fixture
def chair(documents_demo: Series) -> SeriesViewer:
    return viewer_for(User.objects.get(username="lao.chair"), documents_demo)


def _document(title: str) -> OutcomeDocument:
    return OutcomeDocument.objects.select_related("meeting__series__venue", "meeting__venue").get(title_en=title)


def test_docx_to_paragraphs_reads_headings_numbers_lists_and_tables() -> None:
    assert [(p.kind, p.text, p.uid) for p in docx_to_paragraphs(_draft_docx())] == [
        (H, "Introduction", None),
        (P, "We met in Vientiane, Lao PDR, on 25 July 2024.", None),
        (P, "We noted the report of the Senior Officials.", None),
        (H, "A. Political-Security Community", None),
        (P, "We welcomed the Work Plan.", None),
        (P, "We looked forward to the next meeting.", None),
        (H, "Way Forward", None),
        (P, "We thanked the Chair.", None),
        (P, "Action | Lead", None),
        (P, "Maritime exercise | VN", None),
        (H, "REGIONAL ISSUES", None),
    ]


def test_docx_to_paragraphs_reads_a_file_object() -> None:
    assert docx_to_paragraphs(io.BytesIO(_draft_docx()))[0] == ParagraphInput(text="Introduction", kind=H)


def test_match_to_previous_keeps_identity_of_unchanged_and_edited_paragraphs() -> None:
    previous = [
        ("u1", H, "Introduction"),
        ("u2", P, "We met in Vientiane on 25 July 2024."),
        ("u3", P, "We noted the report of the Senior Officials."),
        ("u4", P, "We looked forward to the next meeting."),
        ("u5", P, "We looked forward to the next meeting."),
    ]
    new = [
        ParagraphInput(text="Introduction", kind=H),
        ParagraphInput(text="We met in Vientiane, Lao PDR, on 25 July 2024."),
        ParagraphInput(text="We thanked Lao PDR for its warm hospitality and excellent arrangements."),
        ParagraphInput(text="We looked forward to the next meeting."),
        ParagraphInput(text="We looked forward to the next meeting."),
    ]

    matched = match_to_previous(new, previous)

    assert [p.uid for p in matched] == ["u1", "u2", None, "u4", "u5"]
    assert [p.text for p in matched] == [p.text for p in new]


def test_match_to_previous_pairs_each_previous_paragraph_once() -> None:
    previous = [("u1", P, "We welcomed the progress made in 2024.")]
    new = [
        ParagraphInput(text="We welcomed the progress made in 2024 and 2025."),
        ParagraphInput(text="We welcomed the progress made in 2024 and in 2025."),
    ]

    assert [p.uid for p in match_to_previous(new, previous)] == ["u1", None]


def test_document_version_import_circulates_an_imported_draft_keeping_identity(chair: SeriesViewer) -> None:
    document = _document(ARF_STATEMENT)
    draft1 = document.current_version
    assert draft1 is not None
    old = list(Paragraph.objects.filter(version=draft1).order_by("position"))
    word = docx.Document()
    word.add_paragraph(f"1. {old[0].text}")
    word.add_paragraph(f"2. {old[1].text.replace('reviewed', 'welcomed')}")
    word.add_paragraph("3. The Meeting thanked Lao PDR for its warm hospitality.")
    word.add_paragraph(f"4. {old[3].text}")

    version = document_version_import(
        actor=chair, document=document, data=_bytes(word), based_on_version_id=draft1.pk, note="From Word"
    )

    rows = list(Paragraph.objects.filter(version=version).order_by("position").values_list("uid", "text"))
    assert (version.number, version.origin, version.note) == (2, VersionOrigin.IMPORTED, "From Word")
    assert [uid for uid, _text in rows] == [old[0].uid, old[1].uid, rows[2][0], old[3].uid]
    assert rows[2][0] not in {p.uid for p in old}
    assert rows[1][1] == "The Meeting welcomed the progress of cooperation since the previous meeting."


def _junk_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


def _damaged_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document")
    return buffer.getvalue()


def _blank_docx() -> bytes:
    word = docx.Document()
    word.add_paragraph("")
    word.add_paragraph("   ")
    return _bytes(word)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty."),
        (bytes(range(256)) * 8, "the file is not a Word document (.docx)."),
        (_junk_zip(), "the file is a zip archive but not a Word document (.docx)."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            "the file is password-protected or an old Word 97–2003 .doc; remove the password or save it as .docx.",
        ),
        (_blank_docx(), "the Word document has no text."),
    ],
    ids=["empty-file", "random-bytes", "zip-not-docx", "encrypted", "empty-document"],
)
def test_document_version_import_malformed_file_is_refused_and_nothing_written(
    chair: SeriesViewer, data: bytes, message: str
) -> None:
    document = _document(ARF_STATEMENT)
    before = (DocumentVersion.objects.filter(document=document).count(), document.current_version_id)

    with pytest.raises(ValidationFailed) as refused:
        document_version_import(
            actor=chair, document=document, data=data, based_on_version_id=document.current_version_id
        )

    assert (refused.value.field, refused.value.message) == ("file", message)
    document.refresh_from_db()
    assert (DocumentVersion.objects.filter(document=document).count(), document.current_version_id) == before


def test_docx_to_paragraphs_damaged_docx_is_refused_on_field_file() -> None:
    with pytest.raises(ValidationFailed) as refused:
        docx_to_paragraphs(_damaged_docx())

    assert refused.value.field == "file"
    assert refused.value.message.startswith("the Word document is damaged and cannot be read (")


COMMUNIQUE_PARAGRAPHS = [
    ("Heading 2", "Introduction"),
    (
        "Normal",
        "1. We, the Foreign Ministers of the Member States of the Association of Southeast Asian Nations, met in "
        "Vientiane, Lao PDR, on 25 July 2024 under the theme ASEAN: Enhancing Connectivity and Resilience.",
    ),
    (
        "Normal",
        "2. We welcomed the progress made in implementing the priorities of Lao PDR's ASEAN Chairmanship in 2024.",
    ),
    ("Heading 2", "ASEAN Community Building"),
    (
        "Normal",
        "3. We reaffirmed our commitment to the full implementation of the ASEAN Community Vision 2025 and noted the "
        "good progress of the High-Level Task Force in drafting the ASEAN Community Vision 2045.",
    ),
    (
        "Normal",
        "4. We stressed the importance of narrowing the development gap and supporting the newer Member States "
        "through the Initiative for ASEAN Integration Work Plan V.",
    ),
    (
        "Normal",
        "5. We welcomed the significant progress of Timor-Leste in fulfilling the criteria for full membership and "
        "encouraged continued capacity-building support.",
    ),
    ("Heading 2", "Regional and International Issues"),
]
COMMUNIQUE_TAIL = [
    (
        "Normal",
        "8. We underscored the importance of the full and effective implementation of the Declaration on the Conduct "
        "of Parties in the South China Sea in its entirety.",
    ),
    (
        "Normal",
        "9. We called for the early conclusion of an effective and substantive Code of Conduct in the South China Sea "
        "that is in accordance with international law.",
    ),
]
WAY_FORWARD = [
    ("Heading 2", "Way Forward"),
    (
        "Normal",
        "10. We looked forward to the 44th and 45th ASEAN Summits to be held in Vientiane in October 2024, and "
        "thanked Lao PDR for its hospitality.",
    ),
]
NAVIGATION = (
    "7. We reaffirmed the importance of maintaining and promoting peace, security, stability, safety and freedom of "
    "navigation in and overflight above the South China Sea"
)


def test_clean_docx_has_header_title_and_agreed_text_only(documents_demo: Series) -> None:
    document = _document(COMMUNIQUE)
    version = document.current_version
    assert version is not None

    data = clean_docx(document=document, view=clean_text(version=version))

    assert docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text == f"{COMMUNIQUE} — Draft 3"
    assert _reopen(data) == [
        ("Title", COMMUNIQUE),
        ("Subtitle", "Draft 3, circulated 23 July 2024, 18:00 (Asia/Vientiane)"),
        *COMMUNIQUE_PARAGRAPHS,
        (
            "Normal",
            "6. We discussed the situation in the South China Sea, on which concerns were expressed by about land "
            "reclamations.",
        ),
        ("Normal", NAVIGATION + "."),
        *COMMUNIQUE_TAIL,
        *WAY_FORWARD,
    ]


def test_clean_docx_reimported_gives_the_same_paragraphs(documents_demo: Series) -> None:
    document = _document(COMMUNIQUE)
    assert document.current_version is not None
    view = clean_text(version=document.current_version)

    imported = docx_to_paragraphs(clean_docx(document=document, view=view))

    assert [(p.kind, p.text) for p in imported] == [(p.kind, p.plain()) for p in view.paragraphs]


def test_bracketed_docx_shows_brackets_options_party_tags_and_proposed_paragraphs(documents_demo: Series) -> None:
    document = _document(COMMUNIQUE)
    assert document.current_version is not None

    data = bracketed_docx(document=document, view=bracketed_text(version=document.current_version))

    assert _reopen(data) == [
        ("Title", COMMUNIQUE),
        ("Subtitle", "Draft 3, circulated 23 July 2024, 18:00 (Asia/Vientiane)"),
        *COMMUNIQUE_PARAGRAPHS,
        (
            "Normal",
            "6. We discussed the situation in the South China Sea, on which concerns were expressed by [Option A: "
            "some Ministers / Option B: many Ministers (VN, ID, SG) / Option C: a number of Ministers (PH)] about land "
            "reclamations[ and serious incidents[, including the use of water cannon, (PH)] in the area (KH: delete)].",
        ),
        ("Normal", NAVIGATION + "[, in accordance with the 1982 UNCLOS (SG)]."),
        *COMMUNIQUE_TAIL,
        (
            "Normal",
            "9 bis. [We welcomed the completion of the second reading of the Single Draft COC Negotiating Text. (MY)]",
        ),
        *WAY_FORWARD,
    ]
    runs = docx.Document(io.BytesIO(data)).paragraphs[10].runs
    assert [r.text for r in runs if r.font.small_caps] == [" (VN, ID, SG)", " (PH)", " (PH)", " (KH: delete)"]
    assert [r.text for r in runs if r.bold] == [
        *["[", "Option A: ", " / ", "Option B: ", " / ", "Option C: ", "]"],
        *["[", "[", "]", "]"],
    ]
    assert [r.text for r in runs if r.font.highlight_color != WD_COLOR_INDEX.YELLOW] == [
        "6. ",
        "We discussed the situation in the South China Sea, on which concerns were expressed by ",
        " about land reclamations",
        ".",
    ]


def test_comparison_docx_strikes_deletions_and_underlines_insertions(chair: SeriesViewer) -> None:
    document = _document(ARF_STATEMENT)
    draft1 = document.current_version
    assert draft1 is not None
    old = list(Paragraph.objects.filter(version=draft1).order_by("position"))
    added = "The Meeting thanked Lao PDR for its warm hospitality."
    draft2 = document_version_circulate(
        actor=chair,
        document=document,
        paragraphs=[
            ParagraphInput(text=old[0].text, uid=str(old[0].uid)),
            ParagraphInput(text=old[1].text.replace("reviewed", "welcomed"), uid=str(old[1].uid)),
            ParagraphInput(text=old[3].text, uid=str(old[3].uid)),
            ParagraphInput(text=added),
        ],
        based_on_version_id=draft1.pk,
    )

    data = comparison_docx(
        document=document, old=draft1, new=draft2, comparison=version_compare(old=draft1, new=draft2)
    )

    reopened = docx.Document(io.BytesIO(data))
    assert [p.text for p in reopened.paragraphs][1:] == [
        "Comparison of draft 1 and draft 2",
        f"Draft 1: circulated {_local(draft1)}",
        f"Draft 2: circulated {_local(draft2)}",
        "1 changed, 1 added, 1 removed, 2 unchanged paragraph(s). Insertions are underlined, deletions struck through.",
        f"1. {old[0].text}",
        "2. The Meeting reviewedwelcomed the progress of cooperation since the previous meeting.",
        "3. (paragraph deleted) The Meeting agreed on the priorities for cooperation in the coming year.",
        f"4 → 3. {old[3].text}",
        f"4. (new paragraph) {added}",
    ]
    runs = [run for paragraph in reopened.paragraphs for run in paragraph.runs]
    assert [r.text for r in runs if r.font.strike] == [
        "reviewed",
        "The Meeting agreed on the priorities for cooperation in the coming year.",
    ]
    assert [r.text for r in runs if r.font.underline == WD_UNDERLINE.SINGLE] == ["welcomed", added]


def _local(version: DocumentVersion) -> str:
    from zoneinfo import ZoneInfo

    local = version.circulated_at.astimezone(ZoneInfo("Asia/Vientiane"))
    return f"{local.day} {local:%B %Y, %H:%M} (Asia/Vientiane)"


def test_clean_docx_of_an_adopted_document_prints_final_title_place_and_date(documents_demo: Series) -> None:
    document = _document("Mekong–U.S. Partnership Plan of Action 2024–2026")
    assert document.current_version is not None

    data = clean_docx(document=document, view=clean_text(version=document.current_version))

    assert _reopen(data)[:4] == [
        ("Subtitle", "FINAL"),
        ("Title", "Mekong–U.S. Partnership Plan of Action 2024–2026"),
        ("Subtitle", "Vientiane, 27 July 2024"),
        ("Heading 2", "Purpose"),
    ]
    assert docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text == (
        "Mekong–U.S. Partnership Plan of Action 2024–2026 — FINAL"
    )
