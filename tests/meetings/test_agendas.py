"""Agendas (numbered, nested, frozen once adopted) and the SOM's recommendations to the 57th AMM."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.meetings.models import AgendaItem, Meeting, ProgrammeRelease, Recommendation, Series
from mufakat.meetings.selectors import agenda_flat, recommendations_for
from mufakat.meetings.services import (
    agenda_adopt,
    agenda_item_add,
    agenda_item_remove,
    recommendation_decide,
    recommendation_make,
)
from tests.factories.documents import document_with_text

VIENTIANE = ZoneInfo("Asia/Vientiane")


def _meeting(series: Series, body_code: str) -> Meeting:
    return Meeting.objects.select_related("body").get(series=series, body__code=body_code)


def _numbered(meeting: Meeting) -> list[tuple[int, str, str]]:
    return [(depth, node.number, node.item.title_en) for depth, node in agenda_flat(meeting=meeting)]


def _item(meeting: Meeting, title_en: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title_en=title_en)


def _chain(recommendations: list[Recommendation]) -> list[tuple[str, str, str, str, int | None]]:
    return [
        (
            r.subject,
            r.status,
            r.from_meeting.short_title,
            r.to_meeting.short_title,
            r.release.number if r.release else None,
        )
        for r in recommendations
    ]


def _agenda_state(meeting: Meeting) -> tuple[str, int]:
    meeting.refresh_from_db(fields=["agenda_status", "agenda_version"])
    return meeting.agenda_status, meeting.agenda_version


@pytest.fixture
def som_agenda_draft(programme_demo: Series) -> Meeting:
    """The SOM's agenda as it stood before the SOM adopted it on 23 July (the demo has it adopted)."""
    som = _meeting(programme_demo, "SOM")
    Meeting.objects.filter(pk=som.pk).update(agenda_status="draft")
    som.refresh_from_db()
    return som


@pytest.fixture
def document_list_pending(programme_demo: Series) -> Recommendation:
    """The SOM's list of documents before the AMM decided it on 25 July (the demo has it adopted)."""
    Recommendation.objects.filter(subject="document_list").update(status="recommended", decided_at=None)
    return Recommendation.objects.get(subject="document_list")


# Agendas ------------------------------------------------------------------------------------------------------


def test_agenda_flat_amm_57_numbering(programme_demo: Series) -> None:
    numbered = _numbered(_meeting(programme_demo, "AMM"))

    assert numbered == [
        (0, "1", "Opening of the Meeting"),
        (0, "2", "Adoption of the Agenda"),
        (0, "3", "ASEAN Community building"),
        (1, "3.1", "Implementation of the ASEAN Community Vision 2025"),
        (1, "3.2", "Development of the ASEAN Community Vision 2045"),
        (0, "4", "ASEAN's external relations"),
        (0, "5", "Regional and international issues of common interest and concern"),
        (0, "6", "Preparations for the 44th and 45th ASEAN Summits"),
        (0, "7", "Other matters"),
    ]


def test_agenda_flat_som_numbering_and_status(programme_demo: Series) -> None:
    som = _meeting(programme_demo, "SOM")

    numbered = _numbered(som)

    assert numbered == [
        (0, "1", "Adoption of the Agenda"),
        (0, "2", "Preparations for the 57th AMM and Related Meetings"),
        (1, "2.1", "Programme of the meetings"),
        (1, "2.2", "Agendas of the ministerial meetings"),
        (1, "2.3", "List of documents to be adopted, noted or endorsed"),
        (0, "3", "Other matters"),
    ]
    assert (_agenda_state(som), _agenda_state(_meeting(programme_demo, "AMM"))) == (("adopted", 7), ("adopted", 10))


def test_agenda_item_add_sub_item_numbered_and_version_bumped(
    som_agenda_draft: Meeting, chair_secretariat: SeriesViewer
) -> None:
    som = som_agenda_draft
    parent = _item(som, "Preparations for the 57th AMM and Related Meetings")

    item = agenda_item_add(
        actor=chair_secretariat,
        meeting=som,
        title_en="  Chair's statement  ",
        title_vi="Tuyên bố của Chủ tịch",
        parent=parent,
        expected_version=7,
    )

    assert (item.title_en, item.position) == ("Chair's statement", 4)
    assert _numbered(som)[5] == (1, "2.4", "Chair's statement")
    assert _agenda_state(som) == ("draft", 8)
    # The demo's own agenda items are audited too, as the "demo loader": this test's entry is the one for its item.
    entry = AuditEvent.objects.filter(action="agenda.add_item", object_id=str(item.pk)).get()
    assert (entry.actor_username, entry.object_id, entry.after) == (
        "lao.chair",
        str(item.pk),
        {"meeting": som.pk, "parent": parent.pk, "position": 4, "title_en": "Chair's statement"},
    )


def test_agenda_item_remove_renumbers(som_agenda_draft: Meeting, chair_secretariat: SeriesViewer) -> None:
    som = som_agenda_draft

    agenda_item_remove(actor=chair_secretariat, item=_item(som, "Programme of the meetings"), expected_version=7)

    assert _numbered(som)[2:5] == [
        (1, "2.1", "Agendas of the ministerial meetings"),
        (1, "2.2", "List of documents to be adopted, noted or endorsed"),
        (0, "3", "Other matters"),
    ]
    assert _agenda_state(som) == ("draft", 8)


def test_agenda_item_add_to_adopted_agenda_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    amm = _meeting(programme_demo, "AMM")

    with pytest.raises(ValidationFailed) as refused:
        agenda_item_add(actor=chair_secretariat, meeting=amm, title_en="Any other business", expected_version=10)

    assert (refused.value.field, refused.value.record, refused.value.message) == (
        "agenda_status",
        "agenda of AMM-57",
        "is adopted and can no longer be changed.",
    )
    assert (AgendaItem.objects.filter(meeting=amm).count(), _agenda_state(amm)) == (9, ("adopted", 10))


def test_agenda_item_add_stale_version_refused(som_agenda_draft: Meeting, chair_secretariat: SeriesViewer) -> None:
    som = som_agenda_draft

    with pytest.raises(Conflict) as refused:
        agenda_item_add(actor=chair_secretariat, meeting=som, title_en="Date of the next SOM", expected_version=6)

    assert (refused.value.field, refused.value.record, refused.value.message) == (
        "agenda_version",
        "agenda of SOM",
        "was changed by someone else (now version 7, you edited version 6); reload to see the current state and "
        "apply your change again.",
    )
    assert (AgendaItem.objects.filter(meeting=som).count(), _agenda_state(som)) == (6, ("draft", 7))


def test_agenda_item_add_parent_from_another_meeting_refused(
    programme_demo: Series, som_agenda_draft: Meeting, chair_secretariat: SeriesViewer
) -> None:
    som = som_agenda_draft
    amm_item = _item(_meeting(programme_demo, "AMM"), "ASEAN Community building")

    with pytest.raises(ValidationFailed) as refused:
        agenda_item_add(actor=chair_secretariat, meeting=som, title_en="Community building", parent=amm_item)

    assert (refused.value.field, refused.value.message) == ("parent", "belongs to another meeting's agenda.")
    assert (AgendaItem.objects.filter(meeting=som).count(), _agenda_state(som)) == (6, ("draft", 7))


def test_agenda_item_add_by_partner_delegate_refused(programme_demo: Series, partner_delegate: SeriesViewer) -> None:
    som = _meeting(programme_demo, "SOM")

    with pytest.raises(PermissionDenied) as refused:
        agenda_item_add(actor=partner_delegate, meeting=som, title_en="Japan's proposal")

    assert refused.value.message == "only the chair secretariat edits agendas and records recommendations."
    assert AgendaItem.objects.filter(meeting=som).count() == 6


def test_agenda_adopt_demo_som_adopted_its_agenda_at_its_opening(programme_demo: Series) -> None:
    som = _meeting(programme_demo, "SOM")

    entry = AuditEvent.objects.get(action="agenda.adopt")

    assert _agenda_state(som) == ("adopted", 7)
    assert (entry.actor_username, entry.object_id, entry.before, entry.after) == (
        "lao.chair",
        str(som.pk),
        {"agenda_status": "draft", "agenda_version": 7},
        {"agenda_status": "adopted", "agenda_version": 7},
    )
    assert entry.at.astimezone(VIENTIANE).strftime("%Y-%m-%d %H:%M") == "2024-07-23 09:05"


def test_agenda_adopt_freezes_the_agenda(som_agenda_draft: Meeting, chair_secretariat: SeriesViewer) -> None:
    adopted = agenda_adopt(actor=chair_secretariat, meeting=som_agenda_draft, expected_version=7)

    with pytest.raises(ValidationFailed) as refused:
        agenda_item_add(actor=chair_secretariat, meeting=som_agenda_draft, title_en="Date of the next SOM")

    assert (adopted.agenda_status, refused.value.field, refused.value.message) == (
        "adopted",
        "agenda_status",
        "is adopted and can no longer be changed.",
    )


def test_agenda_adopt_twice_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(ValidationFailed) as refused:
        agenda_adopt(actor=chair_secretariat, meeting=_meeting(programme_demo, "SOM"))

    assert (refused.value.field, refused.value.record, refused.value.message) == (
        "agenda_status",
        "agenda of SOM",
        "is already adopted.",
    )


def test_agenda_adopt_of_a_recommended_agenda_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    excom, commission = _meeting(programme_demo, "SEANWFZ-EXCOM"), _meeting(programme_demo, "SEANWFZ-COM")
    agenda_item_add(actor=chair_secretariat, meeting=commission, title_en="Review of the SEANWFZ Treaty")
    recommendation_make(actor=chair_secretariat, from_meeting=excom, to_meeting=commission, subject="agenda")

    with pytest.raises(ValidationFailed) as refused:
        agenda_adopt(actor=chair_secretariat, meeting=commission)

    assert (refused.value.field, refused.value.message) == (
        "agenda_status",
        "was recommended by the SOM: the meeting adopts it by deciding that recommendation.",
    )
    assert _agenda_state(commission) == ("recommended", 2)


def test_agenda_adopt_without_items_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    arf = _meeting(programme_demo, "ARF")

    with pytest.raises(ValidationFailed) as refused:
        agenda_adopt(actor=chair_secretariat, meeting=arf)

    assert (refused.value.field, refused.value.message, _agenda_state(arf)) == (
        "agenda_status",
        "has no items to adopt.",
        ("draft", 1),
    )


def test_agenda_adopt_stale_version_refused(som_agenda_draft: Meeting, chair_secretariat: SeriesViewer) -> None:
    with pytest.raises(Conflict) as refused:
        agenda_adopt(actor=chair_secretariat, meeting=som_agenda_draft, expected_version=6)

    assert (refused.value.field, _agenda_state(som_agenda_draft)) == ("agenda_version", ("draft", 7))


def test_agenda_adopt_by_member_focal_point_refused(
    som_agenda_draft: Meeting, member_focal_point: SeriesViewer
) -> None:
    with pytest.raises(PermissionDenied):
        agenda_adopt(actor=member_focal_point, meeting=som_agenda_draft)

    assert _agenda_state(som_agenda_draft) == ("draft", 7)


# Recommendations ------------------------------------------------------------------------------------------------


def test_recommendations_for_som_and_amm_demo(programme_demo: Series, anonymous: SeriesViewer) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")

    for_som = recommendations_for(viewer=anonymous, meeting=som)
    for_amm = recommendations_for(viewer=anonymous, meeting=amm)

    chain = [
        ("agenda", "adopted", "SOM", "AMM-57", None),
        ("document_list", "adopted", "SOM", "AMM-57", None),
        ("programme", "adopted", "SOM", "AMM-57", 2),
    ]
    assert (_chain(for_som["made"]), _chain(for_som["received"])) == (chain, [])
    assert (_chain(for_amm["made"]), _chain(for_amm["received"])) == ([], chain)
    assert [r.text_en for r in for_amm["received"]] == [
        "The SOM recommends the agenda of the 57th AMM.",
        "The SOM recommends the list of outcome documents to be adopted, noted or endorsed.",
        "The SOM reviewed and finalised the programme (v2) and recommends it to the Ministers.",
    ]


def test_recommendation_make_som_to_amm_of_a_document_quotes_nothing(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")
    document, _version = document_with_text(
        actor=chair_secretariat, meeting=amm, texts=["We met."], title_en="Joint Communiqué of the 57th AMM"
    )

    recommendation = recommendation_make(
        actor=chair_secretariat, from_meeting=som, to_meeting=amm, subject="document", document=document
    )

    assert (recommendation.subject, recommendation.status, recommendation.decided_at, recommendation.document) == (
        "document",
        "recommended",
        None,
        document,
    )
    assert (recommendation.text_en, recommendation.text_vi, recommendation.text) == (
        "",
        "",
        "The SOM recommends the Joint Communiqué of the 57th AMM for adoption.",
    )
    assert [r.subject for r in recommendations_for(viewer=chair_secretariat, meeting=amm)["received"]] == [
        "agenda",
        "document",
        "document_list",
        "programme",
    ]
    entry = AuditEvent.objects.filter(action="recommendation.make").order_by("pk").last()
    assert entry is not None
    assert (entry.object_id, entry.after) == (
        str(recommendation.pk),
        {
            "from_meeting": som.pk,
            "to_meeting": amm.pk,
            "subject": "document",
            "release": None,
            "document": document.pk,
            "status": "recommended",
        },
    )


def test_recommendation_make_of_a_document_without_the_document_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")

    with pytest.raises(ValidationFailed) as refused:
        recommendation_make(
            actor=chair_secretariat,
            from_meeting=som,
            to_meeting=amm,
            subject="document",
            text_en="The SOM recommends the Joint Communiqué for adoption.",
        )

    assert (refused.value.field, refused.value.message) == (
        "document",
        "name a document of AMM-57's register; a document is recommended from its own page or endpoint.",
    )
    assert Recommendation.objects.filter(subject="document").count() == 0


def test_recommendation_make_of_a_document_with_text_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")
    document, _version = document_with_text(actor=chair_secretariat, meeting=amm, texts=["We met."])

    with pytest.raises(ValidationFailed) as refused:
        recommendation_make(
            actor=chair_secretariat,
            from_meeting=som,
            to_meeting=amm,
            subject="document",
            document=document,
            text_vi="Hội nghị SOM khuyến nghị.",
        )

    assert (refused.value.field, refused.value.message) == (
        "text_vi",
        "a document's recommendation takes no text: its wording comes from the document.",
    )


def test_recommendations_for_leave_out_a_document_the_viewer_may_not_see(
    programme_demo: Series, chair_secretariat: SeriesViewer, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")
    document, _version = document_with_text(
        actor=chair_secretariat, meeting=amm, texts=["We met."], title_en="ASEAN-only Statement"
    )
    recommendation_make(
        actor=chair_secretariat, from_meeting=som, to_meeting=amm, subject="document", document=document
    )

    seen = {
        name: [r.subject for r in recommendations_for(viewer=persona_viewer(persona), meeting=som)["made"]]
        for name, persona in [
            ("chair", "chair_secretariat"),
            ("VN", "member_delegate"),
            ("JP", "partner_delegate"),
            ("TL", "observer"),
            ("public", "anonymous"),
        ]
    }

    public = ["agenda", "document_list", "programme"]
    everything = ["agenda", "document", "document_list", "programme"]
    assert seen == {"chair": everything, "VN": everything, "JP": public, "TL": public, "public": public}


def test_recommendation_make_arf_to_amm_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    amm = _meeting(programme_demo, "AMM")

    with pytest.raises(ValidationFailed) as refused:
        recommendation_make(
            actor=chair_secretariat, from_meeting=_meeting(programme_demo, "ARF"), to_meeting=amm, subject="document"
        )

    assert (refused.value.field, refused.value.record, refused.value.message) == (
        "to_meeting",
        "recommendation of ARF-31 to AMM-57",
        "ARF does not prepare AMM in this series.",
    )
    assert Recommendation.objects.count() == 3


def test_recommendation_make_programme_without_release_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")

    with pytest.raises(ValidationFailed) as refused:
        recommendation_make(actor=chair_secretariat, from_meeting=som, to_meeting=amm, subject="programme")

    assert (refused.value.field, refused.value.message) == (
        "release",
        "name the programme release of this series that is recommended.",
    )


def test_recommendation_make_release_on_another_subject_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")
    v2 = ProgrammeRelease.objects.get(series=programme_demo, number=2)

    with pytest.raises(ValidationFailed) as refused:
        recommendation_make(actor=chair_secretariat, from_meeting=som, to_meeting=amm, subject="document", release=v2)

    assert (refused.value.field, refused.value.message) == (
        "release",
        "only a programme recommendation names a release.",
    )


def test_recommendation_make_adopted_subject_again_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")

    with pytest.raises(ValidationFailed) as refused:
        recommendation_make(actor=chair_secretariat, from_meeting=som, to_meeting=amm, subject="agenda")

    assert (refused.value.field, refused.value.message) == ("subject", "was already adopted.")
    assert _agenda_state(amm) == ("adopted", 10)


def test_recommendation_make_agenda_without_items_refused(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    excom, commission = _meeting(programme_demo, "SEANWFZ-EXCOM"), _meeting(programme_demo, "SEANWFZ-COM")

    with pytest.raises(ValidationFailed) as refused:
        recommendation_make(actor=chair_secretariat, from_meeting=excom, to_meeting=commission, subject="agenda")

    assert (refused.value.field, refused.value.message) == ("subject", "SEANWFZ Commission has no agenda items yet.")


def test_recommendation_decide_adopting_an_agenda_freezes_it(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    excom, commission = _meeting(programme_demo, "SEANWFZ-EXCOM"), _meeting(programme_demo, "SEANWFZ-COM")
    agenda_item_add(actor=chair_secretariat, meeting=commission, title_en="Review of the SEANWFZ Treaty")
    recommendation = recommendation_make(
        actor=chair_secretariat, from_meeting=excom, to_meeting=commission, subject="agenda"
    )
    recommended = _agenda_state(commission)

    decided = recommendation_decide(actor=chair_secretariat, recommendation=recommendation, adopted=True)

    assert (recommended, _agenda_state(commission)) == (("recommended", 2), ("adopted", 2))
    assert (decided.status, decided.decided_at is not None) == ("adopted", True)
    with pytest.raises(ValidationFailed) as refused:
        agenda_item_add(actor=chair_secretariat, meeting=commission, title_en="Other matters")
    assert refused.value.field == "agenda_status"


def test_recommendation_decide_twice_refused(programme_demo: Series, chair_secretariat: SeriesViewer) -> None:
    programme = Recommendation.objects.get(subject="programme")

    with pytest.raises(ValidationFailed) as refused:
        recommendation_decide(actor=chair_secretariat, recommendation=programme, adopted=False)

    assert (refused.value.field, refused.value.message) == ("status", "was already decided (adopted).")
    programme.refresh_from_db()
    assert programme.status == "adopted"


def test_recommendation_decide_by_focal_point_refused(
    document_list_pending: Recommendation, member_focal_point: SeriesViewer
) -> None:
    document_list = document_list_pending

    with pytest.raises(PermissionDenied):
        recommendation_decide(actor=member_focal_point, recommendation=document_list, adopted=True)

    document_list.refresh_from_db()
    assert (document_list.status, document_list.decided_at) == ("recommended", None)


def test_recommendation_make_again_after_not_adopted_is_pending_again(
    programme_demo: Series, document_list_pending: Recommendation, chair_secretariat: SeriesViewer
) -> None:
    som, amm = _meeting(programme_demo, "SOM"), _meeting(programme_demo, "AMM")
    document_list = document_list_pending
    recommendation_decide(actor=chair_secretariat, recommendation=document_list, adopted=False)

    again = recommendation_make(
        actor=chair_secretariat,
        from_meeting=som,
        to_meeting=amm,
        subject="document_list",
        text_en="The SOM recommends the revised list of outcome documents.",
    )
    adopted = recommendation_decide(actor=chair_secretariat, recommendation=again, adopted=True)

    assert (again.pk, adopted.status, adopted.text_en) == (
        document_list.pk,
        "adopted",
        "The SOM recommends the revised list of outcome documents.",
    )
