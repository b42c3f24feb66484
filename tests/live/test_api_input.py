"""The live room's API inputs: an unknown field is a 422 naming it (loc body.data.<field>, as elsewhere; never
a silently cleared pointer or agenda item), the key is required (clearing is said with null), and errors name
the request's own field."""

from __future__ import annotations

import pytest

from mufakat.live import selectors, services
from mufakat.live.models import SessionFloor
from mufakat.meetings.models import AgendaItem, Series, Session
from tests.factories.documents import amm_draft, paragraphs_of


@pytest.fixture
def pointed(amm_57: Series, chair_secretariat):
    document, version = amm_draft(actor=chair_secretariat, series=amm_57, texts=["One.", "Two."])
    uid = str(paragraphs_of(version)[1].uid)
    services.screen_pointer_set(actor=chair_secretariat, document=document, paragraph_uid=uid)
    return document, uid


@pytest.mark.parametrize(
    ("body", "loc"),
    [({"paragraph": "zz"}, ["body", "data", "paragraph"]), ({}, ["body", "data", "paragraph_uid"])],
)
def test_pointer_refuses_an_unknown_or_missing_field_and_keeps_the_pointer(
    pointed, chair_secretariat_client, body, loc
) -> None:
    document, uid = pointed
    url = f"/api/v1/series/amm-57/documents/{document.pk}/screen-pointer"

    response = chair_secretariat_client.put(url, body, content_type="application/json")

    assert response.status_code == 422
    assert loc in [error["loc"] for error in response.json()["detail"]]
    assert selectors.pointer_of(document=document) == uid


def test_pointer_cleared_outright_and_a_foreign_paragraph_named_by_its_field(pointed, chair_secretariat_client) -> None:
    document, _uid = pointed
    url = f"/api/v1/series/amm-57/documents/{document.pk}/screen-pointer"

    foreign = chair_secretariat_client.put(
        url, {"paragraph_uid": "00000000-0000-4000-8000-000000000000"}, content_type="application/json"
    )
    cleared = chair_secretariat_client.put(url, {"paragraph_uid": None}, content_type="application/json")

    assert (foreign.status_code, foreign.json()["field"]) == (400, "paragraph_uid")
    assert (cleared.status_code, cleared.json()["paragraph_uid"]) == (200, None)


def test_floor_item_refuses_a_mistyped_field_and_keeps_the_item(
    amm_57: Series, chair_secretariat, chair_secretariat_client
) -> None:
    session = Session.objects.filter(meeting__series=amm_57, meeting__body__code="ARF").order_by("starts_at").first()
    item = AgendaItem.objects.create(meeting=session.meeting, position=1, title_en="Regional issues")
    services.session_item_set(actor=chair_secretariat, session=session, agenda_item_id=item.pk)
    url = f"/api/v1/series/amm-57/sessions/{session.pk}/floor/item"

    mistyped = chair_secretariat_client.put(url, {"item": 999999}, content_type="application/json")
    empty = chair_secretariat_client.put(url, {}, content_type="application/json")

    assert mistyped.status_code == 422
    assert ["body", "data", "item"] in [error["loc"] for error in mistyped.json()["detail"]]
    assert (empty.status_code, empty.json()["detail"][0]["loc"]) == (422, ["body", "data", "agenda_item"])
    assert SessionFloor.objects.get(session=session).agenda_item_id == item.pk
