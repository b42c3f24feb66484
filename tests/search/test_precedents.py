"""Agreed-language precedents: only adopted (or ad ref) texts before the one negotiated, ranked identical, then
exact phrase, then near-verbatim, each with its source and a word diff; only what the reader may see."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.demo.precedents import RETREAT_56
from mufakat.documents.models import OutcomeDocument, Paragraph
from mufakat.documents.services import paragraph_ad_ref_mark
from mufakat.meetings.models import Series
from mufakat.search.models import Precedent
from mufakat.search.precedents import IDENTICAL, PHRASE, VERBATIM, precedent_citation, precedents_for
from tests.factories.accounts import viewer_create

JC57 = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
JC56 = "Joint Communiqué of the 56th ASEAN Foreign Ministers' Meeting"
RETREAT = "Record of the Ministers' retreat at the 56th AMM (ASEAN only)"
JC55 = "Joint Communiqué of the 55th ASEAN Foreign Ministers' Meeting"


def _paragraph(title: str, starts: str) -> Paragraph:
    document = OutcomeDocument.objects.get(title_en=title)
    return Paragraph.objects.get(version=document.current_version, text__startswith=starts)


def test_precedents_rank_identical_first_then_near_verbatim_with_the_changed_words(
    precedents_archive: Series, member_focal_point: SeriesViewer
) -> None:
    text = _paragraph(JC57, "We discussed the situation").text

    hits = precedents_for(user=member_focal_point.user, text=text)

    assert [(h.title, h.number, h.date.year, h.tier) for h in hits] == [
        (JC56, "4", 2023, VERBATIM),
        (JC55, "4", 2022, VERBATIM),
    ]
    assert hits[0].summary == "identical except ‘recent’ → ‘serious’"
    assert [(p.op, p.text) for p in hits[0].pieces if p.op != "equal"] == [("delete", "recent"), ("insert", "serious")]
    assert (hits[0].body, hits[0].meeting) == ("AMM", "56th ASEAN Foreign Ministers' Meeting (AMM-56)")


def test_precedents_identical_before_contained_phrase(precedents_archive: Series) -> None:
    identical = precedents_for(user=None, text=_paragraph(JC57, "We reaffirmed the importance of maintaining").text)
    phrase = precedents_for(user=None, text="early conclusion of an effective and substantive Code of Conduct")

    assert [(h.title, h.tier, h.summary) for h in identical] == [
        (JC56, IDENTICAL, "identical"),
        (JC55, IDENTICAL, "identical"),
    ]
    assert [(h.title, h.number, h.tier) for h in phrase] == [(JC56, "6", PHRASE)]


def test_precedents_of_a_short_selection_match_the_words_anywhere(precedents_archive: Series) -> None:
    hits = precedents_for(user=None, text="overflight")

    assert sorted(h.title for h in hits) == [JC55, JC56]


def test_precedents_come_only_from_adopted_texts_before_the_draft(
    precedents_archive: Series, member_focal_point: SeriesViewer
) -> None:
    """The AMM-57 communiqué is in negotiation: none of its paragraphs is agreed language, and a text agreed
    after the day asked about is not a precedent."""
    jc57 = OutcomeDocument.objects.get(title_en=JC57)
    text = _paragraph(JC57, "We called for the early conclusion").text

    hits = precedents_for(user=member_focal_point.user, text=text)
    before_2023 = precedents_for(
        user=member_focal_point.user, text=text, before=jc57.meeting.start_date.replace(2023, 1, 1)
    )

    assert Precedent.objects.filter(document_id=jc57.pk).count() == 0
    assert {h.title for h in hits} == {JC56}
    assert before_2023 == []
    assert set(Precedent.objects.values_list("agreed", flat=True)) == {"adopted"}


def test_paragraph_agreed_ad_ref_becomes_a_precedent(
    precedents_archive: Series, chair_secretariat: SeriesViewer
) -> None:
    jc57 = OutcomeDocument.objects.get(title_en=JC57)
    paragraph = _paragraph(JC57, "We looked forward to the 44th")

    paragraph_ad_ref_mark(
        actor=chair_secretariat, document=jc57, version_id=jc57.current_version_id, paragraph_uid=str(paragraph.uid)
    )
    hits = precedents_for(user=chair_secretariat.user, text="We looked forward to the 44th and 45th ASEAN Summits")

    assert [(h.title, h.agreed, h.number) for h in hits] == [(JC57, "ad_ref", "10")]


def test_asean_only_precedent_never_reaches_a_partner_an_observer_or_the_public(precedents_archive: Series) -> None:
    """Roles hold per series, as on the pages: the ASEAN-only record of the 56th AMM is read by an ASEAN member
    holding a role in that series, never by a dialogue partner, an observer or the public."""
    amm_56 = Series.objects.get(code="amm-56")
    readers = {
        "member": viewer_create(username="vn.56", series=amm_56, role=SeriesRole.DELEGATE, party_code="VN"),
        "partner": viewer_create(username="jp.56", series=amm_56, role=SeriesRole.DELEGATE, party_code="JP"),
        "observer": viewer_create(username="tl.56", series=amm_56, role=SeriesRole.OBSERVER, party_code="TL"),
        "public": viewer_for(AnonymousUser(), amm_56),
    }

    seen = {
        name: [h.title for h in precedents_for(user=viewer.user, text=RETREAT_56[0][1])]
        for name, viewer in readers.items()
    }

    assert seen == {
        "member": [RETREAT, JC56],
        "partner": [JC56],
        "observer": [JC56],
        "public": [JC56],
    }


def test_document_page_shows_precedents_beside_the_paragraph_and_cites_in_one_click(
    precedents_archive: Series, member_focal_point_client: Client
) -> None:
    jc57 = OutcomeDocument.objects.get(title_en=JC57)
    paragraph = _paragraph(JC57, "We discussed the situation")
    source = _paragraph(JC56, "We discussed the situation")

    page = member_focal_point_client.get(f"/series/amm-57/documents/{jc57.pk}/").content.decode()
    form_url = f"/series/amm-57/documents/{jc57.pk}/paragraphs/{paragraph.uid}/propose/"
    form = member_focal_point_client.get(f"{form_url}?cite={source.pk}").content.decode()
    link = member_focal_point_client.get(f"/precedents/{source.pk}/")

    panel = page[page.index(f'id="precedents-{paragraph.uid}"') :]
    assert (
        "Agreed before: 2 precedents — Joint Communiqué of the 56th ASEAN Foreign Ministers&#x27; Meeting ¶ 4, 2023: "
        "identical except ‘recent’ → ‘serious’</summary>" in panel[:400]
    )
    assert f'href="{form_url}?cite={source.pk}"' in panel
    assert f"Agreed language: {JC56} ¶ 4 (2023), /precedents/{source.pk}/".replace("'", "&#x27;") in form
    assert link.status_code == 302
    assert link["Location"] == f"/series/amm-56/documents/{source.version.document_id}/#p-{source.uid}"


def test_citation_of_a_precedent_the_reader_may_not_see_is_empty(
    precedents_archive: Series, partner_delegate: SeriesViewer, partner_delegate_client: Client
) -> None:
    retreat = Paragraph.objects.get(text=RETREAT_56[0][1])

    assert precedent_citation(user=partner_delegate.user, paragraph_id=str(retreat.pk)) == ""
    assert partner_delegate_client.get(f"/precedents/{retreat.pk}/").status_code == 404


def test_withdrawn_text_agrees_nothing(precedents_archive: Series, chair_secretariat: SeriesViewer) -> None:
    jc57 = OutcomeDocument.objects.get(title_en=JC57)
    paragraph = _paragraph(JC57, "We looked forward to the 44th")
    paragraph_ad_ref_mark(
        actor=chair_secretariat, document=jc57, version_id=jc57.current_version_id, paragraph_uid=str(paragraph.uid)
    )

    OutcomeDocument.objects.filter(pk=jc57.pk).update(status="withdrawn")
    hits = precedents_for(user=chair_secretariat.user, text="We looked forward to the 44th and 45th ASEAN Summits")

    assert hits == []


def test_precedents_page_keeps_only_texts_agreed_by_the_day_and_refuses_a_day_that_is_not_one(
    precedents_archive: Series,
) -> None:
    text = "early conclusion of an effective and substantive Code of Conduct"

    until_2023 = Client().get("/precedents/", {"text": text, "before": "2023-12-31"})
    until_2022 = Client().get("/precedents/", {"text": text, "before": "2022-12-31"})
    bad = Client().get("/precedents/", {"text": text, "before": "2023-02-30"})

    assert until_2023.status_code == 200
    assert JC56.replace("'", "&#x27;") in until_2023.content.decode()
    assert 'id="no-precedents"' in until_2022.content.decode()
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Agreed on or before: give a date as YYYY-MM-DD." in page
    assert JC56.replace("'", "&#x27;") not in page
    assert 'id="no-precedents"' not in page
