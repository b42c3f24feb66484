"""Every change the room must see writes its event, in the change's own transaction, naming what changed and
never the text: a proposal, a support, a withdrawal, the chair's acceptance (a new draft), ad ref, a position;
a refused change writes none."""

from __future__ import annotations

import pytest

from mufakat.core.errors import ValidationFailed
from mufakat.documents.enums import PositionKind, ProposalKind
from mufakat.documents.services import (
    paragraph_ad_ref_mark,
    position_take,
    proposal_create,
    proposal_react,
    proposal_withdraw,
    proposals_accept,
)
from mufakat.live.models import LiveEvent
from mufakat.reference.models import Party
from tests.factories.documents import amm_draft, paragraphs_of, span


def _replace(actor, document, version, party: str, words: str, text: str):  # noqa: PLR0917 - one proposal
    paragraph = next(p for p in paragraphs_of(version) if words in p.text)
    start, end = span(paragraph.text, words)
    return proposal_create(
        actor=actor,
        document=document,
        version_id=version.pk,
        party=Party.objects.get(code=party),
        kind=ProposalKind.REPLACE,
        paragraph_uid=str(paragraph.uid),
        start=start,
        end=end,
        text=text,
    )


def test_document_services_write_one_event_each_without_text(amm_57, chair_secretariat, member_focal_point) -> None:
    document, version = amm_draft(actor=chair_secretariat, series=amm_57, texts=["We met in Vientiane.", "We agreed."])
    first, second = paragraphs_of(version)
    before = LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    kept = _replace(chair_secretariat, document, version, "PH", "Vientiane", "Laos")
    proposal_react(actor=member_focal_point, proposal=kept, party=Party.objects.get(code="VN"), stance="support")
    dropped = _replace(member_focal_point, document, version, "VN", "agreed", "concurred")
    proposal_withdraw(actor=member_focal_point, proposal=dropped)
    draft = proposals_accept(actor=chair_secretariat, document=document, proposal_ids=[kept.pk], version_id=version.pk)
    paragraph_ad_ref_mark(
        actor=chair_secretariat, document=document, version_id=draft.pk, paragraph_uid=str(paragraphs_of(draft)[1].uid)
    )
    position_take(
        actor=member_focal_point,
        document=document,
        version_id=draft.pk,
        party=Party.objects.get(code="VN"),
        kind=PositionKind.AGREE,
    )
    with pytest.raises(ValidationFailed):
        _replace(member_focal_point, document, draft, "VN", "agreed", "")  # a replacement needs its text

    events = list(LiveEvent.objects.filter(pk__gt=before).order_by("pk").values_list("topic", "kind", "payload"))
    topic = f"doc:{document.pk}"
    assert events == [
        (topic, "proposal", {"proposal": kept.pk, "paragraph": str(first.uid), "party": "PH"}),
        (topic, "reaction", {"proposal": kept.pk, "party": "VN", "stance": "support"}),
        (topic, "proposal", {"proposal": dropped.pk, "paragraph": str(second.uid), "party": "VN"}),
        (topic, "withdrawn", {"proposal": dropped.pk, "paragraph": str(second.uid)}),
        (topic, "draft", {"number": 2}),
        (topic, "ad_ref", {"paragraph": str(second.uid)}),
        (topic, "position", {"party": "VN"}),
    ]
    assert "Laos" not in str(events)


def test_poller_reads_an_event_committed_late_under_a_lower_id(db) -> None:
    from mufakat.live.selectors import events_for_poller
    from mufakat.live.services import live_emit

    late = live_emit(topic="doc:1", kind="proposal")  # its transaction commits last, on PostgreSQL
    sent = live_emit(topic="doc:2", kind="proposal")  # already read and sent by the poller

    events, fresh = events_for_poller(after_id=sent.pk, sent=frozenset({sent.pk}))
    again, _fresh = events_for_poller(after_id=sent.pk, sent=frozenset({sent.pk, late.pk}))
    assert ([e.pk for e in events], fresh) == ([late.pk], 0)
    assert again == []
