"""Issue 11, a new user's check in Vietnamese: words that say the right thing (a document's title is not a
person's job title, "Issue" is a word on its own), the solver's figures in words, the FINAL text's place in
the page's language, a chair's withdrawal for a delegation that does not say "your"."""

from __future__ import annotations

import pytest
from django.test import Client

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.enums import ScheduleStatus
from mufakat.bilaterals.models import BilateralRequest, BilateralSchedule
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Series
from tests.jobs.run import run_queued_jobs
from tests.web.pages import html_page as _page

pytestmark = pytest.mark.usefixtures("documents_demo")

PLAN = "Mekong–U.S. Partnership Plan of Action 2024–2026"


def _in_vietnamese(client: Client) -> Client:
    client.cookies["django_language"] = "vi"
    return client


def test_register_in_vietnamese_calls_the_title_column_the_documents_name(chair_secretariat_client: Client) -> None:
    client = _in_vietnamese(chair_secretariat_client)

    register = _page(client.get("/series/amm-57/documents/"))
    delegation = _page(client.get("/series/amm-57/delegations/VN/"))

    assert {head.texts("th")[0] for head in register.find_all("thead")} == {"Tên văn kiện"}
    # A participant's title is a job title: "Chức danh" stays there.
    assert delegation.find("thead").texts("th")[1] == "Chức danh"


def test_document_form_in_vietnamese_asks_for_the_documents_name(chair_secretariat_client: Client) -> None:
    page = _page(_in_vietnamese(chair_secretariat_client).get("/series/amm-57/documents/"))

    assert [page.find("div", id=f"field-title_{lang}").find("label").text for lang in ("en", "vi")] == [
        "Tên văn kiện (tiếng Anh):",
        "Tên văn kiện (tiếng Việt):",
    ]


def test_final_page_in_vietnamese_names_the_venue_city_in_vietnamese(anonymous_client: Client) -> None:
    plan = OutcomeDocument.objects.get(title_en=PLAN)

    english = _page(anonymous_client.get(f"/series/amm-57/documents/{plan.pk}/final/"))
    vietnamese = _page(_in_vietnamese(anonymous_client).get(f"/series/amm-57/documents/{plan.pk}/final/"))

    assert english.find(id="final-place").text == "Vientiane, 27 July 2024"
    assert vietnamese.find(id="final-place").text == "Viêng Chăn, 27 tháng 7 năm 2024"


def test_final_page_keeps_a_place_typed_by_hand(anonymous_client: Client) -> None:
    plan = OutcomeDocument.objects.get(title_en=PLAN)
    OutcomeDocument.objects.filter(pk=plan.pk).update(final_place="Luang Prabang")

    page = _page(_in_vietnamese(anonymous_client).get(f"/series/amm-57/documents/{plan.pk}/final/"))

    assert page.find(id="final-place").text == "Luang Prabang, 27 tháng 7 năm 2024"


def test_schedule_page_names_the_solver_and_what_it_proved_in_words(
    chair_secretariat_client: Client, bilateral_requests_demo: Series
) -> None:
    response = chair_secretariat_client.post("/series/amm-57/bilaterals/schedule/solve/", {"time_limit": "10"})
    assert (response.status_code, response["Location"]) == (302, "/series/amm-57/bilaterals/schedule/")
    run_queued_jobs()
    BilateralSchedule.objects.filter(series=bilateral_requests_demo, status=ScheduleStatus.DRAFT).update(
        solver="highs", solver_status="optimal", seconds=2.5
    )

    english = _page(chair_secretariat_client.get("/series/amm-57/bilaterals/schedule/"))
    vietnamese = _page(_in_vietnamese(chair_secretariat_client).get("/series/amm-57/bilaterals/schedule/"))

    assert english.find("dd", id="figure-solver").text == "HiGHS · proven optimal · 2.5 s"
    assert vietnamese.find("dd", id="figure-solver").text == "HiGHS · đã chứng minh là tối ưu · 2,5 giây"


def test_chair_withdraws_viet_nams_request_and_the_message_names_viet_nam(
    chair_secretariat_client: Client, bilateral_requests_demo: Series
) -> None:
    request = BilateralRequest.objects.get(
        series=bilateral_requests_demo, requester__code="VN", responses__party__code="RU"
    )
    client = _in_vietnamese(chair_secretariat_client)

    response = client.post(f"/series/amm-57/bilaterals/{request.pk}/withdraw/", {"version": request.version})
    page = _page(client.get(response["Location"]))

    assert page.texts("li", cls="message") == ["Đề nghị gặp Liên bang Nga của Việt Nam đã được rút lại."]
    event = AuditEvent.objects.filter(action="bilateral_request.withdraw").latest("pk")
    assert (event.actor_username, event.after["recorded_for"]) == ("lao.chair", "VN")


def test_viet_nam_withdrawing_its_own_request_is_not_recorded_for_anyone(
    member_focal_point_client: Client, bilateral_requests_demo: Series
) -> None:
    request = BilateralRequest.objects.get(
        series=bilateral_requests_demo, requester__code="VN", responses__party__code="RU"
    )

    member_focal_point_client.post(f"/series/amm-57/bilaterals/{request.pk}/withdraw/", {"version": request.version})

    event = AuditEvent.objects.filter(action="bilateral_request.withdraw").latest("pk")
    assert (event.actor_username, "recorded_for" in event.after) == ("vn.focal", False)


def test_chair_withdraws_a_delegations_proposal_and_the_log_says_for_whom(
    chair_secretariat_client: Client, chair_secretariat: SeriesViewer
) -> None:
    from mufakat.documents.models import Proposal

    proposal = Proposal.objects.filter(
        version__document__title_en__startswith="Joint Communiqué", party__code="SG", status="open"
    ).first()
    assert proposal is not None
    document = proposal.version.document

    response = chair_secretariat_client.post(
        f"/series/amm-57/documents/{document.pk}/proposals/{proposal.pk}/withdraw/", {"note": ""}
    )

    assert (response.status_code, response["Location"]) == (302, f"/series/amm-57/documents/{document.pk}/")
    event = AuditEvent.objects.filter(action="proposal.withdraw").latest("pk")
    assert (event.object_id, event.actor_username, event.after) == (
        str(proposal.pk),
        "lao.chair",
        {"status": "withdrawn", "recorded_for": "SG"},
    )


def test_vietnamese_names_in_the_data_say_me_cong_and_ke_hoach_cong_tac() -> None:
    """One name for the Mekong in Vietnamese text (Mê Công), and a work plan is a "Kế hoạch công tác", as the
    glossary says, in the reference data, the bodies and the demo's documents alike."""
    from mufakat.meetings.models import Body
    from mufakat.reference.models import Framework

    names = [
        *OutcomeDocument.objects.values_list("title_vi", flat=True),
        *Body.objects.values_list("name_vi", flat=True),
        *Framework.objects.values_list("name_vi", flat=True),
    ]

    assert [name for name in names if "Mekong" in name or "Kế hoạch làm việc" in name] == []
    assert "Hội nghị Bộ trưởng Ngoại giao Mê Công – Nhật Bản" in names
    assert "Hợp tác Mê Công – Nhật Bản" in names
