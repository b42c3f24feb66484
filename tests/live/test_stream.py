"""The live stream at the protocol level: raw Server-Sent Events read from a running ASGI server. A partner's
stream about an ASEAN-only text is refused as the page is (404) and carries nothing about it; a proposal
reaches every stream that may see it; a reconnection with Last-Event-ID catches up with no gap, or is told to
reload when the events it missed are no longer kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mufakat.documents.enums import ProposalKind
from mufakat.documents.services import proposal_create, proposal_withdraw
from mufakat.live.models import LiveEvent
from mufakat.live.services import live_events_prune
from mufakat.reference.models import Party
from tests.factories.documents import paragraphs_of, span

from .conftest import open_stream, session_cookie


@pytest.fixture(autouse=True)
def _committed(transactional_db: None) -> None:
    """The server's connections must see the test's rows: commit them."""


def _propose(actor, document, version, words: str, text: str, *, party_code: str = "VN"):
    paragraph = next(p for p in paragraphs_of(version) if words in p.text)
    start, end = span(paragraph.text, words)
    return proposal_create(
        actor=actor,
        document=document,
        version_id=version.pk,
        party=Party.objects.get(code=party_code),
        kind=ProposalKind.REPLACE,
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end,
        text=text,
    )


def test_stream_refuses_partner_on_asean_only_text(asgi_server, room, partner_delegate, streams) -> None:
    asean, _version = room["asean"]
    arf, _arf_version = room["arf"]
    cookie = session_cookie(partner_delegate)
    status, stream = open_stream(asgi_server, "amm-57", [f"doc:{asean.pk}"], cookie=cookie)
    streams.append(stream)
    body = stream.response.read().decode()
    # Mixed with a text Japan may follow, the whole stream is refused: nothing opens.
    mixed_status, mixed = open_stream(asgi_server, "amm-57", [f"doc:{arf.pk}", f"doc:{asean.pk}"], cookie=cookie)
    streams.append(mixed)
    assert (status, mixed_status) == (404, 404)
    assert "Secret ASEAN Statement" not in body
    assert stream.response.getheader("Content-Type") != "text/event-stream"


def test_stream_refuses_anonymous_and_unknown_topics(asgi_server, room, streams) -> None:
    asean, _version = room["asean"]
    statuses = []
    for topics in ([f"doc:{asean.pk}"], ["doc:999999"], ["series:1"], []):
        status, stream = open_stream(asgi_server, "amm-57", topics)
        streams.append(stream)
        statuses.append(status)
    assert statuses == [404, 404, 404, 404]


def test_proposal_reaches_member_and_partner_but_partner_hears_nothing_of_asean_text(  # noqa: PLR0917 - personas
    asgi_server, room, member_focal_point, partner_delegate, chair_secretariat, streams
) -> None:
    asean, asean_version = room["asean"]
    arf, arf_version = room["arf"]
    status_jp, japan = open_stream(asgi_server, "amm-57", [f"doc:{arf.pk}"], cookie=session_cookie(partner_delegate))
    status_vn, viet_nam = open_stream(
        asgi_server, "amm-57", [f"doc:{arf.pk}", f"doc:{asean.pk}"], cookie=session_cookie(member_focal_point)
    )
    streams.extend([japan, viet_nam])
    assert (status_jp, status_vn) == (200, 200)
    assert japan.response.getheader("Content-Type") == "text/event-stream"
    japan.read_until(lambda f: f.event == "hello")
    viet_nam.read_until(lambda f: f.event == "hello")

    secret = _propose(member_focal_point, asean, asean_version, "South China Sea", "East Sea")
    open_one = _propose(member_focal_point, arf, arf_version, "maritime security", "maritime cooperation")

    seen_by_japan = japan.read_until(lambda f: f.event == "proposal")
    viet_nam.read_until(lambda f: f.data.get("proposal") == open_one.pk)
    secret_frame = viet_nam.read_until(lambda f: f.data.get("proposal") == secret.pk)
    japan.read_for(0.5)
    asean_paragraph = str(secret.paragraph_uid)
    assert seen_by_japan.data == {
        "topic": f"doc:{arf.pk}",
        "kind": "proposal",
        "proposal": open_one.pk,
        "paragraph": str(open_one.paragraph_uid),
        "party": "VN",
    }
    assert secret_frame.data["topic"] == f"doc:{asean.pk}"
    # Not the ASEAN text's topic, proposal, paragraph, nor any of its words: nothing at all.
    assert f"doc:{asean.pk}" not in japan.raw
    assert asean_paragraph not in japan.raw
    assert f'"proposal":{secret.pk}' not in japan.raw
    assert "East Sea" not in japan.raw + viet_nam.raw  # events name what changed, never the text
    assert [f.event for f in japan.frames] == ["hello", "proposal"]


def test_presence_is_for_the_chair_only(asgi_server, room, member_focal_point, chair_secretariat, streams) -> None:
    arf, _version = room["arf"]
    _status, chair = open_stream(asgi_server, "amm-57", [f"doc:{arf.pk}"], cookie=session_cookie(chair_secretariat))
    streams.append(chair)
    chair.read_until(lambda f: f.event == "hello")
    _status, viet_nam = open_stream(asgi_server, "amm-57", [f"doc:{arf.pk}"], cookie=session_cookie(member_focal_point))
    streams.append(viet_nam)
    viet_nam.read_until(lambda f: f.event == "hello")
    chair.read_until(lambda f: f.event == "presence")
    viet_nam.read_for(0.5)
    assert "presence" not in [f.event for f in viet_nam.frames]


def test_reconnection_catches_up_on_what_was_missed(asgi_server, room, member_focal_point, streams) -> None:
    arf, version = room["arf"]
    cookie = session_cookie(member_focal_point)
    _status, first = open_stream(asgi_server, "amm-57", [f"doc:{arf.pk}"], cookie=cookie)
    streams.append(first)
    last_seen = first.read_until(lambda f: f.event == "hello").id
    first.close()  # the phone goes into the corridor

    missed = [_propose(member_focal_point, arf, version, "maritime security", "maritime cooperation")]
    proposal_withdraw(actor=member_focal_point, proposal=missed[0])

    status, again = open_stream(asgi_server, "amm-57", [f"doc:{arf.pk}"], cookie=cookie, last_event_id=last_seen)
    streams.append(again)
    hello = again.read_until(lambda f: f.event == "hello")
    # Besides what was missed, the last seconds' events come again (one committed late under a lower id is
    # not lost): a screen told twice refreshes twice.
    caught_up = [(f.event, f.data.get("proposal")) for f in again.frames if f.data.get("proposal")]
    ids = [f.id for f in again.frames]
    assert status == 200
    assert caught_up == [("proposal", missed[0].pk), ("withdrawn", missed[0].pk)]
    assert ids == sorted(ids)
    assert next(f.id for f in again.frames if f.data.get("proposal")) > last_seen
    assert hello.id == ids[-1] == max(LiveEvent.objects.values_list("pk", flat=True))


def test_reconnection_after_the_events_were_pruned_asks_to_reload(
    asgi_server, room, member_focal_point, streams
) -> None:
    arf, version = room["arf"]
    cookie = session_cookie(member_focal_point)
    _status, first = open_stream(asgi_server, "amm-57", [f"doc:{arf.pk}"], cookie=cookie)
    streams.append(first)
    last_seen = first.read_until(lambda f: f.event == "hello").id
    first.close()
    _propose(member_focal_point, arf, version, "maritime security", "maritime cooperation")
    _propose(member_focal_point, arf, version, "welcomed", "noted")
    LiveEvent.objects.update(created_at=timezone.now() - timedelta(days=2))
    LiveEvent.objects.filter(pk=LiveEvent.objects.order_by("-pk").first().pk).update(created_at=timezone.now())
    pruned = live_events_prune()

    _status, again = open_stream(asgi_server, "amm-57", [f"doc:{arf.pk}"], cookie=cookie, last_event_id=last_seen)
    streams.append(again)
    reload = again.read_until(lambda f: f.event == "reload")
    assert pruned > 0
    assert reload.data == {"reason": "gap"}
    assert [f.event for f in again.frames] == ["reload"]
