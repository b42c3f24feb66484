"""Press releases: drafted from the record by per-kind templates (the exact text of the demo SOM of 23 July
2024 in both languages), edited with version checks, approved, published — and not before the meeting unless
marked as an advance release."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.clock import clock_set_to
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.meetings.models import Meeting, Series
from mufakat.publishing.enums import PressStatus
from mufakat.publishing.services import (
    press_release_approve,
    press_release_draft,
    press_release_publish,
    press_release_update,
)

SOM_TITLE_EN = "SOM prepares the 57th ASEAN Foreign Ministers' Meeting and Related Meetings"
SOM_EN = (
    "Vientiane, 23 July 2024 – The ASEAN Senior Officials' Meeting (SOM) met on 23 July 2024 at the National "
    "Convention Center, Vientiane, Lao PDR, to prepare the 57th ASEAN Foreign Ministers' Meeting and Related "
    "Meetings. The meeting was chaired by Phonesavanh Sisouk (illustrative), SOM Leader, on behalf of Lao PDR, "
    "the ASEAN Chair for 2024.\n\n"
    "The delegations were led by: Brunei Darussalam: Nurul Aisyah binti Haji Omar (illustrative), SOM Leader; "
    "Cambodia: Chea Sophal (illustrative), SOM Leader; Indonesia: Dewi Lestari (illustrative), SOM Leader; "
    "Lao PDR: Phonesavanh Sisouk (illustrative), SOM Leader; Malaysia: Nur Aina binti Ahmad (illustrative), "
    "SOM Leader; Myanmar: Aung Kyaw Moe (illustrative), Permanent Secretary, Ministry of Foreign Affairs of "
    "Myanmar; Philippines: Maria Cristina Santos (illustrative), SOM Leader; Singapore: Tan Mei Ling "
    "(illustrative), SOM Leader; Thailand: Siriporn Chaiyasit (illustrative), SOM Leader; Timor-Leste: Bendito "
    "dos Santos Freitas, Minister of Foreign Affairs and Cooperation of Timor-Leste; Viet Nam: Do Hung Viet, "
    "Deputy Minister of Foreign Affairs, Head of ASEAN SOM Viet Nam.\n\n"
    "The SOM reviewed and finalised the preparations for the 57th ASEAN Foreign Ministers' Meeting (AMM-57): "
    "the programme of the meetings (version 2), the agenda of the 57th ASEAN Foreign Ministers' Meeting "
    "(AMM-57) and the list of documents to be adopted, noted or endorsed, and recommended them to the "
    "Ministers. The SOM adopted its agenda.\n\n"
    "The 57th ASEAN Foreign Ministers' Meeting and Related Meetings take place under the theme “ASEAN: "
    "Enhancing Connectivity and Resilience”.\n"
)
SOM_TITLE_VI = "SOM chuẩn bị cho Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 và các Hội nghị liên quan"
SOM_VI = (
    "Viêng Chăn, ngày 23/7/2024 – Ngày 23/7/2024, tại Trung tâm Hội nghị Quốc gia, Viêng Chăn (Lào), Hội nghị "
    "các quan chức cao cấp ASEAN (SOM) đã họp nhằm chuẩn bị cho Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 "
    "và các Hội nghị liên quan. Hội nghị do Trưởng SOM Phonesavanh Sisouk (minh họa) chủ trì (Lào là nước Chủ "
    "tịch ASEAN năm 2024).\n\n"
    "Tham dự Hội nghị: Nurul Aisyah binti Haji Omar (minh họa), Trưởng SOM ASEAN của Bru-nây Đa-rút-xa-lam, "
    "dẫn đầu đoàn Bru-nây Đa-rút-xa-lam; Chea Sophal (minh họa), Trưởng SOM ASEAN của Cam-pu-chia, dẫn đầu đoàn "
    "Cam-pu-chia; Dewi Lestari (minh họa), Trưởng SOM ASEAN của In-đô-nê-xi-a, dẫn đầu đoàn In-đô-nê-xi-a; "
    "Phonesavanh Sisouk (minh họa), Trưởng SOM ASEAN của Lào, dẫn đầu đoàn Lào; Nur Aina binti Ahmad (minh "
    "họa), Trưởng SOM ASEAN của Ma-lai-xi-a, dẫn đầu đoàn Ma-lai-xi-a; Aung Kyaw Moe (minh họa) dẫn đầu đoàn "
    "Mi-an-ma; Maria Cristina Santos (minh họa), Trưởng SOM ASEAN của Phi-líp-pin, dẫn đầu đoàn Phi-líp-pin; "
    "Tan Mei Ling (minh họa), Trưởng SOM ASEAN của Xin-ga-po, dẫn đầu đoàn Xin-ga-po; Siriporn Chaiyasit (minh "
    "họa), Trưởng SOM ASEAN của Thái Lan, dẫn đầu đoàn Thái Lan; Bộ trưởng Ngoại giao Bendito dos Santos "
    "Freitas dẫn đầu đoàn Ti-mo Lét-xtê; Thứ trưởng Ngoại giao Đỗ Hùng Việt, Trưởng SOM ASEAN của Việt Nam, "
    "dẫn đầu đoàn Việt Nam.\n\n"
    "Hội nghị đã rà soát và hoàn tất công tác chuẩn bị cho Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57, gồm "
    "chương trình hoạt động (phiên bản 2), chương trình nghị sự của Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ "
    "57 và danh mục các văn kiện được thông qua, và khuyến nghị lên các Bộ trưởng. Hội nghị đã thông qua chương "
    "trình nghị sự của mình.\n\n"
    "Các hội nghị diễn ra với chủ đề “ASEAN: Tăng cường Kết nối và Khả năng tự cường”.\n"
)
VIENTIANE = ZoneInfo("Asia/Vientiane")


@pytest.fixture
def som(documents_demo: Series) -> Meeting:
    return Meeting.objects.select_related("body", "series__venue").get(series=documents_demo, body__code="SOM")


def test_press_release_draft_of_the_som_in_english_and_vietnamese(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)

    assert (release.title_en, release.body_en) == (SOM_TITLE_EN, SOM_EN)
    assert (release.title_vi, release.body_vi) == (SOM_TITLE_VI, SOM_VI)
    assert (release.status, release.version) == (PressStatus.DRAFT, 1)


def test_press_release_names_only_public_documents(documents_demo: Series, chair_secretariat: SeriesViewer) -> None:
    """The 3rd Mekong–U.S. ministerial adopted two texts; only the public Plan of Action is named."""
    meeting = Meeting.objects.get(series=documents_demo, body__code="MUSP-MIN")

    release = press_release_draft(actor=chair_secretariat, meeting=meeting)

    assert "The meeting adopted the Mekong–U.S. Partnership Plan of Action 2024–2026." in release.body_en
    assert "Joint Statement of the 3rd Mekong" not in release.body_en
    assert "Hội nghị đã thông qua Kế hoạch hành động Quan hệ Đối tác Mê Công – Hoa Kỳ giai đoạn 2024–2026." in (
        release.body_vi
    )


def test_press_release_edit_approve_publish_with_audit(som: Meeting, chair_secretariat: SeriesViewer) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)

    edited = press_release_update(
        actor=chair_secretariat, release=release, expected_version=1, changes={"title_en": "SOM meets in Vientiane"}
    )
    approved = press_release_approve(actor=chair_secretariat, release=edited, expected_version=2)
    published = press_release_publish(actor=chair_secretariat, release=approved, expected_version=3)

    actions = list(
        AuditEvent.objects.filter(object_type="publishing.pressrelease", object_id=str(release.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert (published.title_en, published.status, published.version) == ("SOM meets in Vientiane", "published", 4)
    assert actions == ["press_release.draft", "press_release.update", "press_release.approve", "press_release.publish"]


def test_press_release_concurrent_edit_is_a_conflict(som: Meeting, chair_secretariat: SeriesViewer) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    press_release_update(actor=chair_secretariat, release=release, expected_version=1, changes={"body_en": "First."})

    with pytest.raises(Conflict) as refused:
        press_release_update(actor=chair_secretariat, release=release, expected_version=1, changes={"body_en": "Mine."})

    assert refused.value.field == "version"
    release.refresh_from_db()
    assert release.body_en == "First."


def test_press_release_edit_after_approval_returns_it_to_draft(som: Meeting, chair_secretariat: SeriesViewer) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    approved = press_release_approve(actor=chair_secretariat, release=release, expected_version=1)

    edited = press_release_update(
        actor=chair_secretariat, release=approved, expected_version=2, changes={"title_vi": "SOM họp"}
    )

    assert (edited.status, edited.title_vi) == ("draft", "SOM họp")


def test_press_release_cannot_be_published_before_the_meeting(som: Meeting, chair_secretariat: SeriesViewer) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    release = press_release_approve(actor=chair_secretariat, release=release, expected_version=1)

    with clock_set_to(datetime(2024, 7, 22, 12, 0, tzinfo=VIENTIANE)), pytest.raises(ValidationFailed) as refused:
        press_release_publish(actor=chair_secretariat, release=release, expected_version=2)

    assert refused.value.field == "advance_release"


def test_advance_press_release_can_be_published_before_the_meeting(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som, advance_release=True)
    release = press_release_approve(actor=chair_secretariat, release=release, expected_version=1)

    with clock_set_to(datetime(2024, 7, 22, 12, 0, tzinfo=VIENTIANE)):
        published = press_release_publish(actor=chair_secretariat, release=release, expected_version=2)

    assert published.published_at is not None
    assert (published.status, published.published_at.astimezone(VIENTIANE).strftime("%Y-%m-%d %H:%M")) == (
        "published",
        "2024-07-22 12:00",
    )


def test_published_press_release_never_changes(som: Meeting, chair_secretariat: SeriesViewer) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    release = press_release_approve(actor=chair_secretariat, release=release, expected_version=1)
    release = press_release_publish(actor=chair_secretariat, release=release, expected_version=2)

    with pytest.raises(ValidationFailed) as refused:
        press_release_update(actor=chair_secretariat, release=release, expected_version=3, changes={"body_en": "x"})

    assert refused.value.field == "status"


@pytest.mark.parametrize("persona", ["member_focal_point", "partner_delegate", "anonymous"])
def test_only_the_press_office_drafts(som: Meeting, persona: str, persona_viewer: object) -> None:
    viewer = persona_viewer(persona)  # type: ignore[operator]

    with pytest.raises(PermissionDenied):
        press_release_draft(actor=viewer, meeting=som)


def test_press_release_title_too_long_is_refused_naming_the_field(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)

    with pytest.raises(ValidationFailed) as refused:
        press_release_update(
            actor=chair_secretariat, release=release, expected_version=1, changes={"title_en": "x" * 301}
        )

    assert (refused.value.field, refused.value.message) == ("title_en", "is 301 characters long; at most 300.")
