"""The live room's pages: the document page carries its stream (topics, regions to swap) and, for the chair,
presence and the pointer buttons; the wall screen shows the current draft with the pointed paragraph; the
stream answers 204 under a WSGI server; the sweep prunes old events."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from mufakat.live.models import LiveEvent, Presence
from mufakat.live.services import live_emit, live_events_prune, screen_pointer_set
from tests.factories.documents import amm_draft, paragraphs_of


def test_document_page_follows_its_topic_with_swappable_regions(
    amm_57, chair_secretariat, member_focal_point_client
) -> None:
    document, version = amm_draft(actor=chair_secretariat, series=amm_57, texts=["One.", "Two."])
    html = member_focal_point_client.get(f"/series/amm-57/documents/{document.pk}/").content.decode()
    regions = re.findall(r'id="([^"]+)"[^>]*data-live-region', html)
    assert f'data-live-topics="doc:{document.pk}"' in html
    assert regions == ["doc-facts", "draft-line", "live-notices", "bracket-summary", "paragraphs"] + [
        f"p-{p.uid}" for p in paragraphs_of(version)
    ]
    assert "Show on the screen" not in html  # the chair's pointer only
    assert 'id="presence"' not in html


def test_chair_page_shows_who_follows_and_the_pointer(amm_57, chair_secretariat, chair_secretariat_client) -> None:
    document, version = amm_draft(actor=chair_secretariat, series=amm_57, texts=["One.", "Two."])
    second = paragraphs_of(version)[1]
    screen_pointer_set(actor=chair_secretariat, document=document, paragraph_uid=str(second.uid))
    Presence.objects.create(
        connection="a", topic=f"doc:{document.pk}", user_id=chair_secretariat.user.pk, party_codes=""
    )
    html = chair_secretariat_client.get(f"/series/amm-57/documents/{document.pk}/").content.decode()
    screen = chair_secretariat_client.get(f"/series/amm-57/documents/{document.pk}/screen/").content.decode()
    assert html.count("Show on the screen") == 1
    assert html.count("Shown on the screen (clear)") == 1
    assert "1 following now" in html
    assert re.findall(r'<li class="para[^"]*pointed[^"]*" id="p-([^"]+)"', screen) == [str(second.uid)]


def test_wall_screen_is_refused_to_a_partner_on_an_asean_only_text(
    amm_57, chair_secretariat, partner_delegate_client
) -> None:
    document, _version = amm_draft(actor=chair_secretariat, series=amm_57, texts=["Secret words."])
    response = partner_delegate_client.get(f"/series/amm-57/documents/{document.pk}/screen/")
    assert response.status_code == 404
    assert "Secret words" not in response.content.decode()


def test_stream_under_wsgi_answers_no_content(amm_57, chair_secretariat, member_focal_point_client) -> None:
    document, _version = amm_draft(actor=chair_secretariat, series=amm_57, texts=["One."])
    response = member_focal_point_client.get(f"/series/amm-57/live/?topic=doc:{document.pk}")
    assert (response.status_code, response.content) == (204, b"")


def test_sweep_prunes_events_past_retention(db) -> None:
    old = live_emit(topic="doc:1", kind="proposal")
    new = live_emit(topic="doc:1", kind="proposal")
    LiveEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=7))
    assert live_events_prune() == 1
    assert list(LiveEvent.objects.values_list("pk", flat=True)) == [new.pk]
