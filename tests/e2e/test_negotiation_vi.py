"""Issue 11's browser test: Viet Nam's focal point negotiates the demo Joint Communiqué in Vietnamese — proposes
a change, objects to Singapore's proposal, withdraws its own — and the buttons say what they do
("Phản đối", not "Đối tượng"; "Rút lại", not "Rút tên")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import log_in, screenshot

pytestmark = pytest.mark.e2e


def _buttons(item: Any) -> list[str]:
    return [text.strip() for text in item.locator("button").all_inner_texts()]


def test_focal_point_proposes_objects_and_withdraws_in_vietnamese(
    page: Any, live_server: Any, register_data: None
) -> None:
    from mufakat.documents.models import OutcomeDocument, Proposal

    page.set_default_timeout(30000)
    communique = OutcomeDocument.objects.get(meeting__series__code="amm-57", title_en__startswith="Joint Communiqué")
    draft = communique.current_version
    ours = Proposal.objects.get(version=draft, party__code="VN", status="open")
    singapore = Proposal.objects.get(version=draft, party__code="SG", status="open")

    log_in(page, live_server.url, "vn.focal")
    page.goto(f"{live_server.url}/series/amm-57/documents/{communique.pk}/")
    with page.expect_navigation():
        page.select_option("#language", "vi")

    assert _buttons(page.locator(f"#proposal-{singapore.pk}")) == ["Ủng hộ", "Phản đối"]
    assert _buttons(page.locator(f"#proposal-{ours.pk}")) == ["Rút lại"]
    assert page.get_by_text("Đối tượng").count() == 0
    assert page.get_by_text("Rút tên").count() == 0

    # Propose: replace words of the paragraph on the Summits.
    paragraph = page.locator("li.para", has_text="44th and 45th ASEAN Summits")
    paragraph.locator("summary", has_text="Đề xuất sửa đổi").click()
    paragraph.get_by_label("Các từ").fill("October 2024")
    paragraph.get_by_label("Văn bản mới").fill("late October 2024")
    with page.expect_navigation():
        paragraph.get_by_role("button", name="Đề xuất", exact=True).click()
    proposed = Proposal.objects.get(version=draft, party__code="VN", text="late October 2024")
    assert page.locator("li.message").inner_text() == f"Đề xuất #{proposed.pk} của VN đã được ghi lại."
    assert page.locator(f"#proposal-{proposed.pk} .change").inner_text() == (
        "thay “October 2024” bằng “late October 2024”"
    )

    # Object to Singapore's proposal.
    with page.expect_navigation():
        page.locator(f"#proposal-{singapore.pk}").get_by_role("button", name="Phản đối").click()
    assert page.locator("li.message").inner_text() == f"VN phản đối đề xuất #{singapore.pk}."
    assert page.locator(f"#proposal-{singapore.pk} .objectors").inner_text() == "Bên phản đối VN"

    # Withdraw our own earlier proposal.
    with page.expect_navigation():
        page.locator(f"#proposal-{ours.pk}").get_by_role("button", name="Rút lại").click()
    assert page.locator("li.message").inner_text() == f"Đề xuất #{ours.pk} đã được rút lại."
    assert page.locator(f"#proposal-{ours.pk}").count() == 0
    assert Proposal.objects.get(pk=ours.pk).status == "withdrawn"
    assert [(r.party.code, r.stance) for r in singapore.reactions.select_related("party")] == [("VN", "object")]

    screenshot(page, "negotiation-vi.png")
