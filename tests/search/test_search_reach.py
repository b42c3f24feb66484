"""What a new user's first searches found: the chair could not find a restricted plan it may open (its rule
vanished from the OR of the series' rules), a plan adopted outside any series had no link, a document's kind
was shown in English on the Vietnamese page, and a hit on a FINAL text landed at the top of the page."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.models import Series
from mufakat.search.enums import Kind
from mufakat.search.selectors import Filters, search
from tests.factories.plans import demo_plans

SEANWFZ_WORDS = "Plan of Action to Strengthen"


def _plan_hits(user: object, kind: str = Kind.PLAN) -> list[tuple[str, str]]:
    results = search(user=user, text=SEANWFZ_WORDS, filters=Filters(kind=kind))
    return [(hit.title, hit.url) for group in results.groups for hit in group.hits]


def test_the_chair_finds_a_restricted_plan_it_may_open_and_its_link_opens_it(
    chair_secretariat: SeriesViewer, chair_secretariat_client: Client
) -> None:
    seanwfz = demo_plans()["seanwfz"]
    assert seanwfz.classification == "restricted"

    ((title, url),) = _plan_hits(chair_secretariat.user)
    followed = chair_secretariat_client.get(url)

    assert (title, url) == (seanwfz.title_en, f"/plans/{seanwfz.pk}/")
    assert followed["Location"] == f"/series/amm-57/plans/{seanwfz.pk}/"
    assert chair_secretariat_client.get(followed["Location"]).status_code == 200


def test_a_plan_s_lines_link_to_their_place_in_the_plan(chair_secretariat: SeriesViewer) -> None:
    seanwfz = demo_plans()["seanwfz"]
    results = search(user=chair_secretariat.user, text="nuclear", filters=Filters(kind=Kind.LINE))
    urls = [hit.url for group in results.groups for hit in group.hits]

    assert urls
    assert all(url.startswith(f"/plans/{seanwfz.pk}/#line-") for url in urls)
    assert {url.split("#line-")[1] for url in urls} <= set(seanwfz.lines.values_list("number", flat=True))


def test_a_partner_neither_finds_nor_follows_a_plan_restricted_to_asean(
    partner_delegate: SeriesViewer, chair_secretariat: SeriesViewer
) -> None:
    seanwfz = demo_plans()["seanwfz"]
    japan = Client()
    japan.force_login(partner_delegate.user)

    assert _plan_hits(partner_delegate.user) == []
    assert _plan_hits(partner_delegate.user, Kind.LINE) == []
    assert japan.get(f"/plans/{seanwfz.pk}/").status_code == 404
    assert Client().get(f"/plans/{seanwfz.pk}/").status_code == 404
    assert japan.get(f"/plans/{seanwfz.pk + 1000}/").status_code == 404


def test_a_public_plan_link_takes_the_public_to_its_public_page(amm_57: Series) -> None:
    mekong = demo_plans()["mekong_us"]
    assert mekong.classification == "public"

    followed = Client().get(f"/plans/{mekong.pk}/", HTTP_ACCEPT_LANGUAGE="vi")

    assert followed["Location"] == f"/public/vi/plans/{mekong.pk}/"


def test_a_document_hit_names_its_kind_in_the_reader_s_language(
    documents_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    chair = chair_secretariat.user
    document = OutcomeDocument.objects.get(title_en__startswith="Joint Communiqué of the 57th")
    with translation.override("vi"):
        vietnamese = search(user=chair, text="Joint Communiqué", filters=Filters(kind=Kind.DOCUMENT))
        label_vi = str(document.get_kind_display())
    english = search(user=chair, text="Joint Communiqué", filters=Filters(kind=Kind.DOCUMENT))

    def snippet(results: object) -> str:
        (hit,) = [h for g in results.groups for h in g.hits if h.object_id == document.pk]  # type: ignore[attr-defined]
        return str(hit.snippet)

    assert label_vi != "Joint communiqué"
    assert snippet(vietnamese) == label_vi
    assert snippet(english).replace("<mark>", "").replace("</mark>", "") == "Joint communiqué"
    found_in_vietnamese = search(user=chair, text="thong cao chung", filters=Filters(kind=Kind.DOCUMENT))
    assert document.pk in [h.object_id for g in found_in_vietnamese.groups for h in g.hits]


def test_a_final_text_s_paragraphs_carry_the_anchors_search_hits_point_at(documents_demo: Series) -> None:
    from mufakat.documents.models import Paragraph

    document = OutcomeDocument.objects.filter(status__in=["adopted"], classification="public").first()
    assert document is not None
    uid = Paragraph.objects.filter(version=document.current_version, kind="paragraph").values_list("uid", flat=True)[0]

    series = document.meeting.series
    assert series is not None
    internal = Client().get(f"/series/{series.code}/documents/{document.pk}/final/")
    public = Client().get(f"/public/en/documents/{document.pk}/")

    assert f'id="p-{uid}"' in internal.content.decode()
    assert f'id="p-{uid}"' in public.content.decode()
