"""What a press office's first hour found: an edit that changes nothing is no new version, both languages are
required, an advance release announces its meeting in the future tense, and the refusals are whole sentences
with dates written as the reader's language writes them."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.clock import clock_set_to
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Meeting, Series
from mufakat.publishing.models import PressRelease
from mufakat.publishing.services import (
    document_publish,
    press_release_approve,
    press_release_draft,
    press_release_publish,
    press_release_update,
)

VIENTIANE = ZoneInfo("Asia/Vientiane")
BEFORE_THE_SOM = datetime(2024, 7, 20, 12, 0, tzinfo=VIENTIANE)


@pytest.fixture
def som(documents_demo: Series) -> Meeting:
    return Meeting.objects.select_related("body", "series__venue").get(series=documents_demo, body__code="SOM")


def _actions(release: PressRelease) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="publishing.pressrelease", object_id=str(release.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_press_release_edit_that_changes_nothing_keeps_the_version_and_writes_no_audit(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    # What the web form sends back untouched: the texts without the draft's final newline, CRLF line ends.
    untouched = {
        "title_en": release.title_en,
        "title_vi": release.title_vi,
        "body_en": release.body_en.strip().replace("\n", "\r\n"),
        "body_vi": release.body_vi.strip(),
        "advance_release": False,
    }

    same = press_release_update(actor=chair_secretariat, release=release, expected_version=1, changes=untouched)
    empty = press_release_update(actor=chair_secretariat, release=release, expected_version=1, changes={})

    release.refresh_from_db()
    assert (same.version, empty.version, release.version) == (1, 1, 1)
    assert _actions(release) == ["press_release.draft"]


def test_press_release_edit_refuses_an_empty_vietnamese_title_naming_it(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)

    with pytest.raises(ValidationFailed) as refused:
        press_release_update(actor=chair_secretariat, release=release, expected_version=1, changes={"title_vi": " "})

    assert (refused.value.field, refused.value.message) == ("title_vi", "may not be empty.")


@pytest.mark.parametrize("field", ["title_vi", "body_vi", "title_en", "body_en"])
def test_press_release_with_an_empty_text_is_neither_approved_nor_published(
    som: Meeting, chair_secretariat: SeriesViewer, field: str
) -> None:
    draft = press_release_draft(actor=chair_secretariat, meeting=som)
    approved = press_release_approve(actor=chair_secretariat, release=draft, expected_version=1)
    # A release emptied outside the services (an import, an older version of the app).
    PressRelease.objects.filter(pk=draft.pk).update(**{field: ""})
    empty_draft = press_release_draft(actor=chair_secretariat, meeting=som)
    PressRelease.objects.filter(pk=empty_draft.pk).update(**{field: ""})

    with pytest.raises(ValidationFailed) as not_approved:
        press_release_approve(actor=chair_secretariat, release=empty_draft, expected_version=1)
    with pytest.raises(ValidationFailed) as not_published:
        press_release_publish(actor=chair_secretariat, release=approved, expected_version=2)

    what = {
        "title_en": "the English title",
        "title_vi": "the Vietnamese title",
        "body_en": "the English text",
        "body_vi": "the Vietnamese text",
    }[field]
    assert (not_approved.value.field, not_approved.value.message) == (
        field,
        f"{what} is empty; write it before approving the press release.",
    )
    assert (not_published.value.field, not_published.value.message) == (
        field,
        f"{what} is empty; write it before publishing the press release.",
    )


def test_advance_press_release_of_a_meeting_to_come_is_in_the_future_tense(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    with clock_set_to(BEFORE_THE_SOM):
        advance = press_release_draft(actor=chair_secretariat, meeting=som, advance_release=True)
        report = press_release_draft(actor=chair_secretariat, meeting=som)

    assert advance.body_en.startswith(
        "Vientiane, 23 July 2024 – The ASEAN Senior Officials' Meeting (SOM) will meet on 23 July 2024 at the "
        "National Convention Center, Vientiane, Lao PDR, to prepare the 57th ASEAN Foreign Ministers' Meeting and "
        "Related Meetings. The meeting will be chaired by Phonesavanh Sisouk (illustrative), SOM Leader, on behalf "
        "of Lao PDR, the ASEAN Chair for 2024.\n\nThe delegations will be led by: Brunei Darussalam:"
    )
    assert " met " not in advance.body_en
    assert "adopted its agenda" not in advance.body_en
    assert "The SOM will review and finalise the preparations for the 57th ASEAN" in advance.body_en
    assert advance.body_vi.startswith(
        "Viêng Chăn, ngày 23/7/2024 – Ngày 23/7/2024, tại Trung tâm Hội nghị Quốc gia, Viêng Chăn (Lào), Hội nghị "
        "các quan chức cao cấp ASEAN (SOM) sẽ họp nhằm chuẩn bị cho Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 "
        "và các Hội nghị liên quan. Hội nghị sẽ do Trưởng SOM Phonesavanh Sisouk (minh họa) chủ trì"
    )
    assert "đã" not in advance.body_vi
    assert report.body_en.startswith(
        "Vientiane, 23 July 2024 – The ASEAN Senior Officials' Meeting (SOM) met on 23 July 2024"
    )


def test_advance_press_release_of_a_ministerial_meeting_to_come_has_a_future_title(
    documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    meeting = Meeting.objects.get(series=documents_demo, body__code="MUSP-MIN")
    with clock_set_to(BEFORE_THE_SOM):
        advance = press_release_draft(actor=chair_secretariat, meeting=meeting, advance_release=True)

    assert advance.title_en == f"{meeting.title_en} to be held in Vientiane"
    assert advance.title_vi == f"{meeting.title_vi} sẽ diễn ra tại Viêng Chăn"
    assert f"The {meeting.title_en} will be held on " in advance.body_en
    assert "The meeting will be chaired by " in advance.body_en
    assert "adopted" not in advance.body_en
    assert "Hội nghị sẽ do " in advance.body_vi


def test_press_release_stale_version_is_a_whole_sentence_naming_the_press_release(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    press_release_update(actor=chair_secretariat, release=release, expected_version=1, changes={"body_en": "First."})

    with pytest.raises(Conflict) as refused:
        press_release_update(actor=chair_secretariat, release=release, expected_version=1, changes={"body_en": "Mine."})

    assert (refused.value.field, refused.value.message) == (
        "version",
        "This press release was changed by someone else (now version 2, you edited version 1); reload to see the "
        "current state and apply your change again.",
    )


@pytest.mark.parametrize("version", [-1, 0, 99])
def test_press_release_version_that_never_existed_is_refused_saying_so(
    som: Meeting, chair_secretariat: SeriesViewer, version: int
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)

    with pytest.raises(ValidationFailed) as refused:
        press_release_update(
            actor=chair_secretariat, release=release, expected_version=version, changes={"body_en": "Mine."}
        )

    assert (refused.value.field, refused.value.message) == (
        "version",
        f"This press release never had version {version}; it is at version 1. Send the version you read.",
    )


def test_publishing_a_published_press_release_says_it_is_already_published(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    release = press_release_approve(actor=chair_secretariat, release=release, expected_version=1)
    release = press_release_publish(actor=chair_secretariat, release=release, expected_version=2)

    with pytest.raises(ValidationFailed) as again:
        press_release_publish(actor=chair_secretariat, release=release, expected_version=3)
    with pytest.raises(ValidationFailed) as approve:
        press_release_approve(actor=chair_secretariat, release=release, expected_version=3)

    expected = ("status", "the press release is already published; a published press release never changes.")
    assert (again.value.field, again.value.message) == expected
    assert (approve.value.field, approve.value.message) == expected


@pytest.mark.parametrize(("lang", "day"), [("en", "(23 July 2024)"), ("vi", "23 tháng 7 năm 2024")])
def test_publishing_before_the_meeting_names_the_day_as_the_language_writes_it(
    som: Meeting, chair_secretariat: SeriesViewer, lang: str, day: str
) -> None:
    release = press_release_draft(actor=chair_secretariat, meeting=som)
    release = press_release_approve(actor=chair_secretariat, release=release, expected_version=1)

    with translation.override(lang), clock_set_to(BEFORE_THE_SOM), pytest.raises(ValidationFailed) as refused:
        press_release_publish(actor=chair_secretariat, release=release, expected_version=2)

    assert day in refused.value.message
    assert "2024-07-23" not in refused.value.message


def _og_description(html: str) -> str:
    found = re.search(r'<meta property="og:description" content="([^"]*)">', html)
    assert found is not None
    return found.group(1)


def test_opengraph_descriptions_give_date_and_place_in_the_page_language(
    documents_demo: Series, som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    concept = OutcomeDocument.objects.get(title_en__startswith="Concept Note on the Development")
    document_publish(actor=chair_secretariat, document=concept, expected_version=concept.version)
    concept.refresh_from_db()
    assert concept.final_date is not None
    client = Client()

    document_en = _og_description(client.get(f"/public/en/documents/{concept.pk}/").content.decode())
    document_vi = _og_description(client.get(f"/public/vi/documents/{concept.pk}/").content.decode())
    meeting_en = _og_description(client.get(f"/public/en/meetings/{som.pk}/").content.decode())
    meeting_vi = _og_description(client.get(f"/public/vi/meetings/{som.pk}/").content.decode())

    day = concept.final_date
    assert document_en == f"Vientiane, {day.day} {day:%B} {day.year}"
    assert document_vi == f"Viêng Chăn, {day.day} tháng {day.month} năm {day.year}"
    assert (meeting_en, meeting_vi) == ("23 July 2024, Vientiane", "23 tháng 7 năm 2024, Viêng Chăn")


def test_press_office_save_of_an_untouched_draft_changes_nothing(
    som: Meeting, chair_secretariat_client: Client
) -> None:
    edit_url = chair_secretariat_client.post(f"/meetings/{som.pk}/press/")["Location"]
    release = PressRelease.objects.get(meeting=som)
    form = {
        "version": "1",
        "title_en": release.title_en,
        "title_vi": release.title_vi,
        "body_en": release.body_en.strip().replace("\n", "\r\n"),
        "body_vi": release.body_vi.strip().replace("\n", "\r\n"),
        "action": "save",
    }

    saved = chair_secretariat_client.post(edit_url, form, follow=True)
    emptied = chair_secretariat_client.post(edit_url, {**form, "title_vi": "", "action": "approve"})

    release.refresh_from_db()
    assert (release.version, release.status, _actions(release)) == (1, "draft", ["press_release.draft"])
    assert "Nothing to change: the press release is as you left it." in saved.content.decode()
    assert emptied.status_code == 400
    assert '<div class="field has-error" id="field-title_vi">' in emptied.content.decode()


def _press_form(release: PressRelease, **changes: str) -> dict[str, str]:
    return {
        "version": str(release.version),
        "title_en": release.title_en,
        "title_vi": release.title_vi,
        "body_en": release.body_en.strip(),
        "body_vi": release.body_vi.strip(),
        **changes,
    }


def test_approve_acts_on_the_text_on_the_screen_saving_its_edits_first(
    som: Meeting, chair_secretariat_client: Client
) -> None:
    edit_url = chair_secretariat_client.post(f"/meetings/{som.pk}/press/")["Location"]
    release = PressRelease.objects.get(meeting=som)
    edited = release.body_en.strip() + "\n\nAn edit typed just before approving."

    chair_secretariat_client.post(edit_url, _press_form(release, body_en=edited, action="approve"))

    release.refresh_from_db()
    assert (release.status, release.body_en, _actions(release)) == (
        "approved",
        edited,
        ["press_release.draft", "press_release.update", "press_release.approve"],
    )


def test_publish_with_unapproved_edits_is_refused_and_leaves_the_approved_text(
    som: Meeting, chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    edit_url = chair_secretariat_client.post(f"/meetings/{som.pk}/press/")["Location"]
    release = PressRelease.objects.get(meeting=som)
    approved = press_release_approve(actor=chair_secretariat, release=release, expected_version=release.version)

    refused = chair_secretariat_client.post(
        edit_url, _press_form(approved, body_en="A last-minute change.", action="publish")
    )

    release.refresh_from_db()
    assert refused.status_code == 400
    assert "A last-minute change." in refused.content.decode()  # kept in the form, not lost
    assert (release.status, release.version, release.body_en) == ("approved", approved.version, approved.body_en)


def test_marking_an_untouched_draft_as_advance_release_redrafts_it_in_the_future_tense(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    with clock_set_to(BEFORE_THE_SOM):
        draft = press_release_draft(actor=chair_secretariat, meeting=som)
        advance = press_release_update(
            actor=chair_secretariat, release=draft, expected_version=1, changes={"advance_release": True}
        )
        back = press_release_update(
            actor=chair_secretariat, release=advance, expected_version=2, changes={"advance_release": False}
        )

    assert advance.advance_release is True
    assert "The ASEAN Senior Officials' Meeting (SOM) will meet on 23 July 2024" in advance.body_en
    assert "sẽ họp" in advance.body_vi
    assert (back.body_en, back.body_vi) == (draft.body_en, draft.body_vi)


def test_marking_an_edited_draft_as_advance_release_keeps_the_press_office_text(
    som: Meeting, chair_secretariat: SeriesViewer
) -> None:
    with clock_set_to(BEFORE_THE_SOM):
        draft = press_release_draft(actor=chair_secretariat, meeting=som)
        edited = press_release_update(
            actor=chair_secretariat, release=draft, expected_version=1, changes={"body_en": "Our own words."}
        )
        advance = press_release_update(
            actor=chair_secretariat, release=edited, expected_version=2, changes={"advance_release": True}
        )

    assert (advance.advance_release, advance.body_en, advance.body_vi) == (True, "Our own words.", draft.body_vi)
