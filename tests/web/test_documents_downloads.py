"""Word downloads on the document pages (issue 11, item 4): the clean text, the bracketed text of the draft
shown, the comparison of two drafts and the FINAL text, behind the same access as the pages."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.test import Client

from mufakat.documents.models import OutcomeDocument
from tests.web.documents_pages import COMMUNIQUE, PLAN
from tests.web.documents_pages import demo_document as _document
from tests.web.documents_pages import document_url as _url
from tests.web.pages import Element
from tests.web.pages import html_page as _page

pytestmark = pytest.mark.usefixtures("documents_demo")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _links(page: Element) -> list[tuple[str, str]]:
    return [(a.text, a.attrs["href"]) for a in page.find(id="downloads").find_all("a")]


def _word(response: Any, filename: str) -> list[str]:
    """The paragraphs of a downloaded .docx, after checking it is one (type and name)."""
    assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
        200,
        DOCX,
        f'attachment; filename="{filename}"',
    )
    return [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]


def test_document_page_links_to_the_bracketed_and_clean_word_of_the_draft_shown(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)

    links = _links(_page(member_delegate_client.get(_url(communique))))

    assert links == [
        ("Bracketed text, draft 3 (.docx)", _url(communique, "bracketed.docx?version=3")),
        ("Clean text, draft 3 (.docx)", _url(communique, "clean.docx?version=3")),
    ]


def test_versions_page_links_to_the_word_of_each_draft(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)
    page = _page(member_delegate_client.get(_url(communique, "versions/")))

    links = [
        [(a.text, a.attrs["href"]) for a in row.find("td", cls="downloads").find_all("a")]
        for row in page.find_all("tr", cls="version-row")
    ]

    assert links == [
        [
            ("Bracketed (.docx)", _url(communique, f"bracketed.docx?version={number}")),
            ("Clean (.docx)", _url(communique, f"clean.docx?version={number}")),
        ]
        for number in (3, 2, 1)
    ]


def test_bracketed_word_of_the_communique_shows_the_alternatives(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)

    paragraphs = _word(
        member_delegate_client.get(_url(communique, "bracketed.docx?version=3")),
        f"document-{communique.pk}-draft-3-bracketed.docx",
    )

    assert paragraphs[:2] == [COMMUNIQUE, "Draft 3, circulated 23 July 2024, 18:00 (Asia/Vientiane)"]
    assert any(
        "[Option A: some Ministers / Option B: many Ministers (VN, ID, SG) / Option C: a number of Ministers (PH)]"
        in text
        for text in paragraphs
    )


def test_bracketed_word_of_an_earlier_draft(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)

    paragraphs = _word(
        member_delegate_client.get(_url(communique, "bracketed.docx?version=1")),
        f"document-{communique.pk}-draft-1-bracketed.docx",
    )

    assert paragraphs[1].startswith("Draft 1, circulated ")


def test_clean_page_links_to_the_clean_word(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)

    page = _page(member_delegate_client.get(_url(communique, "clean/")))
    paragraphs = _word(member_delegate_client.get(_links(page)[0][1]), f"document-{communique.pk}-draft-3-clean.docx")

    assert _links(page) == [("Clean text, draft 3 (.docx)", _url(communique, "clean.docx?version=3"))]
    assert not any("[" in text for text in paragraphs)
    assert paragraphs[:2] == [COMMUNIQUE, "Draft 3, circulated 23 July 2024, 18:00 (Asia/Vientiane)"]


def test_compare_page_links_to_the_comparison_in_word(member_delegate_client: Client) -> None:
    communique = _document(COMMUNIQUE)

    page = _page(member_delegate_client.get(_url(communique, "compare/?old=2&new=3")))
    paragraphs = _word(member_delegate_client.get(_links(page)[0][1]), f"document-{communique.pk}-draft-2-3.docx")

    assert _links(page) == [
        ("Comparison of draft 2 with draft 3 (.docx)", _url(communique, "compare.docx?old=2&new=3"))
    ]
    assert any(text.endswith(", and thanked Lao PDR for its hospitality.") for text in paragraphs)


def test_final_page_links_to_the_final_word_for_the_public(anonymous_client: Client) -> None:
    plan = _document(PLAN)

    page = _page(anonymous_client.get(_url(plan, "final/")))
    paragraphs = _word(anonymous_client.get(_links(page)[0][1]), f"document-{plan.pk}-draft-1-final.docx")

    assert _links(page) == [("The FINAL text in Word (.docx)", _url(plan, "clean.docx"))]
    assert paragraphs[:3] == ["FINAL", PLAN, "Vientiane, 27 July 2024"]
    assert "This Plan of Action guides the cooperation of the Mekong–U.S. Partnership from 2024 to 2026." in (
        " ".join(paragraphs)
    )


@pytest.mark.parametrize(
    ("reader", "title", "suffix"),
    [
        # the partner does not see the ASEAN-only communiqué at all
        ("partner_delegate_client", COMMUNIQUE, "clean.docx"),
        ("partner_delegate_client", COMMUNIQUE, "bracketed.docx?version=3"),
        ("partner_delegate_client", COMMUNIQUE, "compare.docx?old=2&new=3"),
        # an outsider gets no negotiation record of the adopted plan
        ("outsider_client", PLAN, "bracketed.docx"),
        ("outsider_client", PLAN, "compare.docx?old=1&new=1"),
    ],
)
def test_word_downloads_a_reader_may_not_see_are_not_found(
    request: pytest.FixtureRequest, reader: str, title: str, suffix: str
) -> None:
    client: Client = request.getfixturevalue(reader)
    document = _document(title)

    page = _page(client.get(_url(document, suffix)), 404)

    assert page.find(id="reason").text == f"no document {document.pk} in this series."


def test_word_links_of_a_superseded_draft_point_at_that_draft(member_delegate_client: Client) -> None:
    communique = OutcomeDocument.objects.get(title_en=COMMUNIQUE)
    base = f"/series/amm-57/documents/{communique.pk}"

    bracketed_page = _page(member_delegate_client.get(f"{base}/?version=1"))
    clean_page = _page(member_delegate_client.get(f"{base}/clean/?version=2"))

    assert [a.attrs["href"] for a in bracketed_page.find(id="downloads").find_all("a")] == [
        f"{base}/bracketed.docx?version=1",
        f"{base}/clean.docx?version=1",
    ]
    assert [a.attrs["href"] for a in clean_page.find(id="downloads").find_all("a")] == [f"{base}/clean.docx?version=2"]
