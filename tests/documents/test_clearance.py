"""Consensus, silence procedure and adoption."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.documents import selectors
from mufakat.documents.models import DocumentVersion, OutcomeDocument, SilenceProcedure
from mufakat.documents.services import (
    consensus_parties,
    document_decide,
    document_recommend,
    paragraph_ad_ref_mark,
    position_take,
    proposal_create,
    proposals_accept,
    silence_break,
    silence_conclude_due,
    silence_start,
)
from mufakat.meetings.models import Body, Meeting, Series
from mufakat.reference.models import Party
from tests.factories.accounts import viewer_create
from tests.factories.documents import amm_draft, document_with_text, paragraphs_of
from tests.factories.meetings import meeting_create, series_create, venue_create

ASEAN_2024 = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
T0 = datetime(2024, 7, 23, 11, 0, tzinfo=UTC)  # 18:00 in Vientiane


@pytest.fixture
def drafted(chair_secretariat: SeriesViewer, amm_57: Series) -> tuple[OutcomeDocument, DocumentVersion]:
    return amm_draft(actor=chair_secretariat, series=amm_57, texts=["We met.", "We agreed."])


def _agree(
    actor: SeriesViewer, document: OutcomeDocument, version: DocumentVersion, codes: list[str], kind: str = "agree"
) -> None:
    for code in codes:
        position_take(
            actor=actor, document=document, version_id=version.pk, party=Party.objects.get(code=code), kind=kind
        )


def _refreshed(document: OutcomeDocument) -> OutcomeDocument:
    return OutcomeDocument.objects.get(pk=document.pk)


def test_consensus_needs_every_member_on_the_meeting_date(drafted, chair_secretariat) -> None:
    document, version = drafted
    assert [entry.party.code for entry in consensus_parties(document)] == ASEAN_2024
    _agree(chair_secretariat, document, version, ASEAN_2024[:-1])
    board = selectors.positions_board(document=_refreshed(document))
    assert (board.agreeing, board.pending, board.consensus, _refreshed(document).status) == (
        9,
        1,
        False,
        "under_negotiation",
    )
    _agree(chair_secretariat, document, version, ["VN"])
    assert _refreshed(document).status == "cleared"
    assert selectors.positions_board(document=_refreshed(document)).consensus is True


def test_one_agree_ad_referendum_makes_the_document_ad_ref(drafted, chair_secretariat) -> None:
    document, version = drafted
    _agree(chair_secretariat, document, version, ASEAN_2024[1:])
    _agree(chair_secretariat, document, version, ["BN"], kind="agree_ad_ref")
    assert _refreshed(document).status == "ad_ref"
    with pytest.raises(ValidationFailed) as refused:
        document_decide(actor=chair_secretariat, document=document, expected_version=_refreshed(document).version)
    assert refused.value.message == (
        "the document is agreed ad referendum; capitals must confirm the ad ref paragraphs and positions first."
    )


def test_a_reservation_needs_a_reason(drafted, chair_secretariat) -> None:
    document, version = drafted
    with pytest.raises(ValidationFailed) as refused:
        position_take(
            actor=chair_secretariat,
            document=document,
            version_id=version.pk,
            party=Party.objects.get(code="KH"),
            kind="reserve",
        )
    assert refused.value.field == "note"


def test_consensus_follows_membership_over_time_timor_leste_counts_from_2025(reference_data) -> None:
    philippines = Party.objects.get(code="PH")
    venue = venue_create(country=philippines, time_zone="Asia/Manila", name_en="Manila Hall")
    series = series_create(
        code="amm-59", chair=philippines, venue=venue, start_date=date(2026, 7, 20), end_date=date(2026, 7, 24)
    )
    chair = viewer_create(username="ph.chair", series=series, role=SeriesRole.CHAIR_SECRETARIAT)
    meeting = meeting_create(
        body=Body.objects.get(code="AMM"), start_date=date(2026, 7, 21), series=series, venue=venue
    )
    document, version = document_with_text(actor=chair, meeting=meeting, texts=["We met in Manila."])
    assert [entry.party.code for entry in consensus_parties(document)] == [*ASEAN_2024[:8], "TH", "TL", "VN"]
    _agree(chair, document, version, ASEAN_2024)
    assert _refreshed(document).status == "under_negotiation"
    _agree(chair, document, version, ["TL"])
    assert _refreshed(document).status == "cleared"


def test_positions_on_a_superseded_draft_are_refused_with_the_current_one(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal_create(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        party=Party.objects.get(code="VN"),
        kind="new_paragraph",
        paragraph_uid=str(paragraphs_of(version)[0].uid),
        text="We thanked the chair.",
    )
    draft2 = proposals_accept(
        actor=chair_secretariat, document=document, proposal_ids=[document.proposals.get().pk], version_id=version.pk
    )
    with pytest.raises(Conflict) as refused:
        _agree(chair_secretariat, document, version, ["VN"])
    assert refused.value.current == {"version_id": draft2.pk, "number": 2}


def _start_silence(actor: SeriesViewer, document: OutcomeDocument, version: DocumentVersion) -> SilenceProcedure:
    return silence_start(
        actor=actor,
        document=document,
        version_id=version.pk,
        deadline=datetime(2024, 7, 24, 18, 0),  # noqa: DTZ001 - naive on purpose: read in the announced zone
        time_zone="Asia/Vientiane",
        now=T0,
    )


def test_silence_deadline_is_stored_in_utc_from_the_announced_zone(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = _start_silence(chair_secretariat, document, version)
    assert (procedure.deadline, procedure.time_zone, procedure.status) == (
        datetime(2024, 7, 24, 11, 0, tzinfo=UTC),
        "Asia/Vientiane",
        "running",
    )


def test_silence_held_at_the_deadline_even_when_the_job_runs_late(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = _start_silence(chair_secretariat, document, version)
    assert silence_conclude_due(now=procedure.deadline - timedelta(seconds=1)) == []
    # The job was down for two days (a restart, a missed run): it concludes on its next pass.
    concluded = silence_conclude_due(now=procedure.deadline + timedelta(days=2))
    assert [p.pk for p in concluded] == [procedure.pk]
    procedure.refresh_from_db()
    assert (procedure.status, procedure.result) == (
        "held",
        "Silence held: no party broke silence before 24 July 2024, 18:00 (Asia/Vientiane).",
    )
    assert _refreshed(document).status == "cleared"
    assert silence_conclude_due(now=procedure.deadline + timedelta(days=3)) == []


def test_a_break_after_the_deadline_is_refused_even_before_the_job_ran(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = _start_silence(chair_secretariat, document, version)
    with pytest.raises(ValidationFailed) as refused:
        silence_break(
            actor=chair_secretariat,
            procedure=procedure,
            party=Party.objects.get(code="KH"),
            reason="Late.",
            now=procedure.deadline + timedelta(minutes=1),
        )
    assert refused.value.message == (
        "the deadline passed at 24 July 2024, 18:00 (Asia/Vientiane); silence can no longer be broken."
    )
    silence_conclude_due(now=procedure.deadline + timedelta(minutes=2))
    assert _refreshed(document).status == "cleared"


def test_silence_broken_before_the_deadline_stays_broken(drafted, chair_secretariat, member_focal_point) -> None:
    document, version = drafted
    procedure = _start_silence(chair_secretariat, document, version)
    silence_break(
        actor=member_focal_point,
        procedure=procedure,
        party=Party.objects.get(code="VN"),
        reason="Paragraph 2 needs instructions from capital.",
        now=T0 + timedelta(hours=3),
    )
    assert silence_conclude_due(now=procedure.deadline + timedelta(hours=1)) == []
    procedure.refresh_from_db()
    assert (procedure.status, procedure.result) == (
        "broken",
        "Silence broken by VN on 23 July 2024, 21:00 (Asia/Vientiane).",
    )
    assert _refreshed(document).status == "under_negotiation"
    assert [code for code, _reason, _at in selectors.silence_state(document=_refreshed(document)).breaks] == ["VN"]


def test_silence_needs_a_text_without_brackets(drafted, chair_secretariat) -> None:
    document, version = drafted
    proposal_create(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        party=Party.objects.get(code="VN"),
        kind="delete",
        paragraph_uid=str(paragraphs_of(version)[0].uid),
        start=0,
        end=3,
    )
    with pytest.raises(ValidationFailed) as refused:
        _start_silence(chair_secretariat, document, version)
    assert refused.value.message == (
        "draft 1 still has 1 open proposal(s); only a text without brackets goes under silence."
    )
    assert SilenceProcedure.objects.count() == 0


def test_silence_on_a_text_cleared_by_silence_is_refused_naming_the_status(drafted, chair_secretariat) -> None:
    document, version = drafted
    procedure = _start_silence(chair_secretariat, document, version)
    silence_conclude_due(now=procedure.deadline + timedelta(minutes=1))
    with pytest.raises(ValidationFailed) as refused:
        _start_silence(chair_secretariat, _refreshed(document), version)
    assert (refused.value.message, refused.value.field) == (
        "the document is already cleared; silence procedure is only for a text still to be cleared.",
        "status",
    )
    assert list(SilenceProcedure.objects.values_list("status", flat=True)) == ["held"]


@pytest.mark.parametrize(
    ("recommend", "message"),
    [
        (False, "the document is already cleared; silence procedure is only for a text still to be cleared."),
        (
            True,
            "the document is already recommended by the SOM; silence procedure is only for a text still to be cleared.",
        ),
    ],
)
def test_silence_on_a_text_cleared_by_consensus_or_recommended_is_refused(
    *, drafted, chair_secretariat, amm_57, recommend, message
) -> None:
    document, version = drafted
    _agree(chair_secretariat, document, version, ASEAN_2024)
    if recommend:
        som = Meeting.objects.get(series=amm_57, body__code="SOM")
        document_recommend(
            actor=chair_secretariat,
            document=_refreshed(document),
            expected_version=_refreshed(document).version,
            from_meeting=som,
        )
    with pytest.raises(ValidationFailed) as refused:
        _start_silence(chair_secretariat, _refreshed(document), version)
    assert (refused.value.message, refused.value.field) == (message, "status")
    assert SilenceProcedure.objects.count() == 0


def test_silence_on_an_adopted_text_is_refused_naming_the_status(drafted, chair_secretariat) -> None:
    document, version = drafted
    _agree(chair_secretariat, document, version, ASEAN_2024)
    document = document_decide(
        actor=chair_secretariat, document=_refreshed(document), expected_version=_refreshed(document).version
    )
    with pytest.raises(ValidationFailed) as refused:
        _start_silence(chair_secretariat, document, version)
    assert (refused.value.message, refused.value.field) == (
        "the document is Adopted; its text can no longer change.",
        "status",
    )
    assert SilenceProcedure.objects.count() == 0


def test_silence_clears_a_text_agreed_ad_referendum_once(drafted, chair_secretariat) -> None:
    document, version = drafted
    _agree(chair_secretariat, document, version, ASEAN_2024[:-1])
    _agree(chair_secretariat, document, version, ["VN"], kind="agree_ad_ref")
    assert _refreshed(document).status == "ad_ref"
    paragraph_ad_ref_mark(
        actor=chair_secretariat,
        document=_refreshed(document),
        version_id=version.pk,
        paragraph_uid=str(paragraphs_of(version)[1].uid),
    )
    procedure = _start_silence(chair_secretariat, _refreshed(document), version)
    silence_conclude_due(now=procedure.deadline + timedelta(minutes=1))
    # The ad ref paragraph still waits for capitals: silence held, the text stays ad ref.
    assert _refreshed(document).status == "ad_ref"
    with pytest.raises(ValidationFailed) as refused:
        _start_silence(chair_secretariat, _refreshed(document), version)
    assert (refused.value.message, refused.value.field) == (
        "silence was already held on draft 1; a new silence procedure needs a new draft.",
        "version_id",
    )
    assert list(SilenceProcedure.objects.values_list("status", flat=True)) == ["held"]


def test_silence_starts_again_after_it_was_broken(drafted, chair_secretariat, member_focal_point) -> None:
    document, version = drafted
    procedure = _start_silence(chair_secretariat, document, version)
    silence_break(
        actor=member_focal_point,
        procedure=procedure,
        party=Party.objects.get(code="VN"),
        reason="Instructions awaited.",
        now=T0 + timedelta(hours=3),
    )
    again = _start_silence(chair_secretariat, _refreshed(document), version)
    assert list(SilenceProcedure.objects.order_by("pk").values_list("pk", "status")) == [
        (procedure.pk, "broken"),
        (again.pk, "running"),
    ]


def test_adoption_freezes_the_text_and_publishes_it_by_classification(
    drafted, chair_secretariat, amm_57, anonymous, member_delegate
) -> None:
    document, version = drafted
    _agree(chair_secretariat, document, version, ASEAN_2024)
    som = Meeting.objects.get(series=amm_57, body__code="SOM")
    document = document_recommend(
        actor=chair_secretariat,
        document=_refreshed(document),
        expected_version=_refreshed(document).version,
        from_meeting=som,
    )
    assert document.status == "recommended"
    document = document_decide(actor=chair_secretariat, document=document, expected_version=document.version)
    assert (document.status, document.final_place, document.final_date) == ("adopted", "Vientiane", date(2024, 7, 25))
    assert document.recommendation.status == "adopted"
    with pytest.raises(ValidationFailed) as refused:
        proposal_create(
            actor=chair_secretariat,
            document=document,
            version_id=version.pk,
            party=Party.objects.get(code="VN"),
            kind="delete",
            paragraph_uid=str(paragraphs_of(version)[0].uid),
            start=0,
            end=3,
        )
    assert refused.value.message == "the document is Adopted; its text can no longer change."
    # Restricted to ASEAN: a Vietnamese delegate reads the final text, the public does not.
    assert [d.pk for d in selectors.document_list(viewer=member_delegate, series=amm_57)] == [document.pk]
    assert list(selectors.document_list(viewer=anonymous, series=amm_57)) == []


@pytest.mark.parametrize(
    ("disposition", "english", "vietnamese"),
    [
        ("adopt", "adoption", "thông qua"),
        ("note", "noting", "ghi nhận"),
        ("endorse", "endorsement", "tán thành"),
        ("sign", "signature", "ký"),
        ("issue", "issuance", "công bố"),
    ],
)
def test_recommendation_text_names_the_disposition_as_a_noun_in_both_languages(
    *, drafted, chair_secretariat, amm_57, disposition, english, vietnamese
) -> None:
    document, version = drafted
    OutcomeDocument.objects.filter(pk=document.pk).update(disposition=disposition, title_vi="Thông cáo chung")
    _agree(chair_secretariat, document, version, ASEAN_2024)
    som = Meeting.objects.get(series=amm_57, body__code="SOM")
    document = document_recommend(
        actor=chair_secretariat,
        document=_refreshed(document),
        expected_version=_refreshed(document).version,
        from_meeting=som,
    )
    recommendation = document.recommendation
    with translation.override("en"):
        english_text = recommendation.text
    with translation.override("vi"):
        vietnamese_text = recommendation.text
    assert (english_text, vietnamese_text) == (
        f"The SOM recommends the {document.title_en} for {english}.",
        f"SOM khuyến nghị Thông cáo chung để {vietnamese}.",
    )


def test_adoption_of_an_uncleared_document_is_refused(drafted, chair_secretariat) -> None:
    document, _version = drafted
    with pytest.raises(ValidationFailed) as refused:
        document_decide(actor=chair_secretariat, document=document, expected_version=document.version)
    assert refused.value.message == "the document is drafting; clear it by consensus or silence procedure first."
