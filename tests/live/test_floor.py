"""The floor: a delegation asks, the chair gives and closes it, the agenda item now; the session's record of who
spoke under which item; who may follow and act (the API, the pages)."""

from __future__ import annotations

import pytest

from mufakat.core.errors import Conflict, NotFound, PermissionDenied
from mufakat.live import selectors, services
from mufakat.live.models import LiveEvent
from mufakat.meetings.models import AgendaItem, Series, Session
from mufakat.reference.models import Party


@pytest.fixture
def arf_session(amm_57: Series) -> Session:
    return Session.objects.filter(meeting__series=amm_57, meeting__body__code="ARF").order_by("starts_at").first()


@pytest.fixture
def amm_session(amm_57: Series) -> Session:
    return Session.objects.filter(meeting__series=amm_57, meeting__body__code="AMM").order_by("starts_at").first()


def test_floor_queue_in_order_and_record_by_agenda_item(
    arf_session, chair_secretariat, member_focal_point, partner_delegate
) -> None:
    item = AgendaItem.objects.create(meeting=arf_session.meeting, position=1, title_en="Maritime security")
    services.session_item_set(actor=chair_secretariat, session=arf_session, agenda_item_id=item.pk)
    viet_nam = services.floor_request(actor=member_focal_point, session=arf_session, party=Party.objects.get(code="VN"))
    japan = services.floor_request(actor=partner_delegate, session=arf_session, party=Party.objects.get(code="JP"))
    services.floor_give(actor=chair_secretariat, session=arf_session, request_id=viet_nam.pk)
    services.floor_give(actor=chair_secretariat, session=arf_session, request_id=japan.pk)
    services.floor_close(actor=chair_secretariat, session=arf_session, request_id=japan.pk)

    state = selectors.floor_state(session=arf_session)
    record = [(r["party"], r["agenda_item_title"], r["status"]) for r in selectors.floor_record(session=arf_session)]
    kinds = list(LiveEvent.objects.filter(topic=f"session:{arf_session.pk}").values_list("kind", "payload"))
    assert (state.speaking, state.waiting, state.agenda_item) == (None, [], item)
    assert record == [("VN", "Maritime security", "done"), ("JP", "Maritime security", "done")]
    assert kinds == [
        ("item", {"agenda_item": item.pk}),
        ("floor", {"party": "VN", "status": "waiting"}),
        ("floor", {"party": "JP", "status": "waiting"}),
        ("floor", {"party": "VN", "status": "speaking"}),
        ("floor", {"party": "JP", "status": "speaking"}),
        ("floor", {"party": "JP", "status": "done"}),
    ]


def test_floor_refuses_a_second_request_another_party_and_a_delegate_giving_it(
    arf_session, member_focal_point, partner_delegate
) -> None:
    viet_nam = Party.objects.get(code="VN")
    asked = services.floor_request(actor=member_focal_point, session=arf_session, party=viet_nam)
    with pytest.raises(Conflict) as twice:
        services.floor_request(actor=member_focal_point, session=arf_session, party=viet_nam)
    with pytest.raises(PermissionDenied) as for_another:
        services.floor_request(actor=partner_delegate, session=arf_session, party=viet_nam)
    with pytest.raises(PermissionDenied) as giving:
        services.floor_give(actor=member_focal_point, session=arf_session, request_id=asked.pk)
    assert (twice.value.field, for_another.value.field, giving.value.field) == ("party", "party", "request")


def test_partner_cannot_follow_an_asean_only_meetings_floor(amm_57, amm_session, partner_delegate) -> None:
    with pytest.raises(NotFound):
        selectors.live_session_get(viewer=partner_delegate, series=amm_57, session_id=amm_session.pk)


def test_floor_api_ask_give_and_read(arf_session, member_focal_point_client, chair_secretariat_client) -> None:
    base = f"/api/v1/series/amm-57/sessions/{arf_session.pk}/floor"
    asked = member_focal_point_client.post(f"{base}/requests", {"party": "VN"}, content_type="application/json")
    again = member_focal_point_client.post(f"{base}/requests", {"party": "VN"}, content_type="application/json")
    refused = member_focal_point_client.post(f"{base}/requests/{asked.json()['id']}/give")
    given = chair_secretariat_client.post(f"{base}/requests/{asked.json()['id']}/give")
    floor = member_focal_point_client.get(base).json()
    assert (asked.status_code, asked.json()["party"], asked.json()["status"]) == (201, "VN", "waiting")
    assert (again.status_code, again.json()["field"]) == (409, "party")
    assert refused.status_code == 403
    assert given.json()["status"] == "speaking"
    assert (floor["speaking"], floor["waiting"], [r["party"] for r in floor["record"]]) == ("VN", [], ["VN"])


def test_floor_page_shows_the_queue_to_the_chair_with_give_buttons(
    arf_session, member_focal_point, chair_secretariat_client, partner_delegate_client
) -> None:
    services.floor_request(actor=member_focal_point, session=arf_session, party=Party.objects.get(code="VN"))
    chair_page = chair_secretariat_client.get(f"/series/amm-57/sessions/{arf_session.pk}/floor/").content.decode()
    japan_page = partner_delegate_client.get(f"/series/amm-57/sessions/{arf_session.pk}/floor/").content.decode()
    screen = partner_delegate_client.get(f"/series/amm-57/sessions/{arf_session.pk}/screen/").content.decode()
    assert chair_page.count("Give the floor") == 1
    assert "Give the floor" not in japan_page
    assert "Ask for the floor" in japan_page
    assert '<span class="code">VN</span>' in screen
    assert "Give the floor" not in screen


def test_screen_pointer_moves_with_the_chair_and_refuses_others(amm_57, chair_secretariat, member_focal_point) -> None:
    from tests.factories.documents import amm_draft, paragraphs_of

    document, version = amm_draft(actor=chair_secretariat, series=amm_57, texts=["One.", "Two."])
    second = paragraphs_of(version)[1]
    services.screen_pointer_set(actor=chair_secretariat, document=document, paragraph_uid=str(second.uid))
    with pytest.raises(PermissionDenied):
        services.screen_pointer_set(actor=member_focal_point, document=document, paragraph_uid=None)
    event = LiveEvent.objects.filter(topic=f"doc:{document.pk}", kind="pointer").get()
    assert selectors.pointer_of(document=document) == str(second.uid)
    assert event.payload == {"paragraph": str(second.uid)}


def test_empty_speakers_list_is_a_sentence_and_the_chair_sees_no_empty_panel(
    arf_session, chair_secretariat_client
) -> None:
    floor = chair_secretariat_client.get(f"/series/amm-57/sessions/{arf_session.pk}/floor/").content.decode()
    screen = chair_secretariat_client.get(f"/series/amm-57/sessions/{arf_session.pk}/screen/").content.decode()
    for html in (floor, screen):
        assert '<p class="empty" id="floor-queue">No one has asked for the floor.</p>' in html
        assert '<li class="empty">' not in html
    # The chair asks for no delegation: the section stays (a live region) but draws no bordered box.
    assert '<section id="floor-mine" data-live-region>' in floor
