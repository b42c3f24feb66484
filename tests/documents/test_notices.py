"""What the document services tell whom: exactly the users (and heads of delegation) who need to know and may see
the document, never a partner about an ASEAN-only draft, nothing when the change rolls back; silence reminders
24 hours and 1 hour before the deadline to the parties that said nothing, once; the chair's proof of who was
told, on the positions board and in the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import formats, timezone, translation

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.delegations.models import Participant
from mufakat.desk import desk_for
from mufakat.documents import selectors
from mufakat.documents.models import DocumentVersion, OutcomeDocument, SilenceProcedure
from mufakat.documents.services import (
    ParagraphInput,
    consensus_parties,
    document_create,
    document_decide,
    document_version_circulate,
    position_take,
    positions_request,
    proposal_create,
    proposal_react,
    proposal_reject,
    proposals_accept,
    silence_break,
    silence_cancel,
    silence_conclude_due,
    silence_remind,
    silence_reminders_due,
    silence_start,
)
from mufakat.meetings.models import Meeting, Series
from mufakat.notifications.models import Notice, Notification
from mufakat.notifications.services import deliver_notice
from mufakat.reference.models import Framework, Party
from tests.api.calls import call, client_for
from tests.factories.accounts import viewer_create
from tests.factories.documents import amm_draft, document_cleared, document_with_text, paragraphs_of, span
from tests.web.pages import html_page, table_rows

T0 = datetime(2024, 7, 23, 11, 0, tzinfo=UTC)  # 18:00 in Vientiane
DEADLINE = T0 + timedelta(days=2)


def _told(kind: str) -> set[str]:
    """Who got the (only) notice of this kind: usernames, and bare addresses for heads of delegation."""
    notice = Notice.objects.get(kind=kind)
    return {copy.user.username if copy.user else copy.address for copy in notice.notifications.select_related("user")}


def _head_email(series: Series, code: str) -> str:
    address = f"hod.{code.lower()}@mofa.example"
    Participant.objects.filter(delegation__series=series, delegation__party__code=code, role="head").update(
        email=address
    )
    return address


@pytest.fixture
def everyone(amm_57, member_delegate, asean_secretariat, partner_delegate, observer) -> Series:
    """The demo's users (lao.chair, vn.focal, jp.delegate, tl.observer) and the factories' (vn.delegate,
    asean.secretariat)."""
    return amm_57


@pytest.fixture
def drafted(chair_secretariat: SeriesViewer, everyone: Series) -> tuple[OutcomeDocument, DocumentVersion]:
    """An ASEAN-only AMM draft; its circulation's notice is cleared so each test counts its own."""
    drafted = amm_draft(actor=chair_secretariat, series=everyone, texts=["We met in Vientiane.", "We agreed."])
    Notice.objects.all().delete()
    return drafted


def _party(code: str) -> Party:
    return Party.objects.get(code=code)


# Drafts ---------------------------------------------------------------------------------------------------------


def test_an_asean_only_draft_is_told_to_asean_delegations_and_secretariats_not_the_chair_who_circulated_it(
    chair_secretariat, everyone
) -> None:
    document, version = amm_draft(actor=chair_secretariat, series=everyone, texts=["We met."])

    assert _told("document.circulated") == {"vn.focal", "vn.delegate", "asean.secretariat"}
    notice = Notice.objects.get(kind="document.circulated")
    assert (notice.subject["en"], notice.link, notice.object_id) == (
        "Draft 1 of Joint Statement on Test Cooperation circulated",
        f"/series/amm-57/documents/{document.pk}/",
        str(version.pk),
    )


def test_a_public_draft_is_told_to_partners_and_observers_too(chair_secretariat, everyone) -> None:
    amm = Meeting.objects.get(series=everyone, body__code="AMM")
    document_with_text(actor=chair_secretariat, meeting=amm, texts=["We met."], classification="public")

    assert _told("document.circulated") == {
        "vn.focal",
        "vn.delegate",
        "asean.secretariat",
        "jp.delegate",
        "tl.observer",
    }


def test_a_rolled_back_circulation_tells_no_one(chair_secretariat, drafted) -> None:
    document, version = drafted

    def circulate_then_fail() -> None:
        with transaction.atomic():
            document_version_circulate(
                actor=chair_secretariat,
                document=document,
                paragraphs=[ParagraphInput(text="We met again.")],
                based_on_version_id=version.pk,
            )
            raise RuntimeError("the request failed after circulating")

    with pytest.raises(RuntimeError):
        circulate_then_fail()
    assert (Notice.objects.count(), Notification.objects.count()) == (0, 0)


def test_a_proposal_on_a_paragraph_a_party_proposed_or_supported_is_told_to_that_party(
    chair_secretariat, member_focal_point, drafted, everyone
) -> None:
    document, version = drafted
    kh = viewer_create(username="kh.focal", series=everyone, role=SeriesRole.FOCAL_POINT, party_code="KH")
    first, second = paragraphs_of(version)
    start, end = span(first.text, "Vientiane")
    vn_proposal = proposal_create(
        actor=member_focal_point,
        document=document,
        version_id=version.pk,
        party=_party("VN"),
        kind="replace",
        paragraph_uid=str(first.uid),
        start=start,
        end=end,
        text="the Lao PDR",
    )
    proposal_react(actor=kh, proposal=vn_proposal, party=_party("KH"), stance="support")
    assert not Notice.objects.filter(kind="document.proposal_on_my_paragraph").exists()

    proposal_create(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        party=_party("SG"),
        kind="insert",
        paragraph_uid=str(first.uid),
        start=0,
        end=0,
        text="Today ",
    )
    proposal_create(
        actor=chair_secretariat,
        document=document,
        version_id=version.pk,
        party=_party("SG"),
        kind="insert",
        paragraph_uid=str(second.uid),
        start=0,
        end=0,
        text="All ",
    )

    assert _told("document.proposal_on_my_paragraph") == {"vn.focal", "vn.delegate", "kh.focal"}
    notice = Notice.objects.get(kind="document.proposal_on_my_paragraph")
    assert notice.subject["en"] == "SG proposes a change to paragraph 1 of Joint Statement on Test Cooperation"
    assert notice.link == f"/series/amm-57/documents/{document.pk}/#p-{first.uid}"


def test_the_chairs_decision_is_told_to_the_proposer_and_its_supporters(
    chair_secretariat, member_focal_point, drafted, everyone
) -> None:
    document, version = drafted
    kh = viewer_create(username="kh.focal", series=everyone, role=SeriesRole.FOCAL_POINT, party_code="KH")
    first, second = paragraphs_of(version)
    rejected = proposal_create(
        actor=member_focal_point,
        document=document,
        version_id=version.pk,
        party=_party("VN"),
        kind="insert",
        paragraph_uid=str(first.uid),
        start=0,
        end=0,
        text="Today ",
    )
    proposal_react(actor=kh, proposal=rejected, party=_party("KH"), stance="support")
    accepted = proposal_create(
        actor=kh,
        document=document,
        version_id=version.pk,
        party=_party("KH"),
        kind="insert",
        paragraph_uid=str(second.uid),
        start=0,
        end=0,
        text="All ",
    )

    proposal_reject(actor=chair_secretariat, proposal=rejected, note="No consensus.")
    decision = Notice.objects.get(kind="document.proposal_decided")
    assert _told("document.proposal_decided") == {"vn.focal", "vn.delegate", "kh.focal"}
    assert (decision.subject["en"], decision.body["en"]) == (
        f"Your proposal #{rejected.pk} on Joint Statement on Test Cooperation was rejected",
        f"The chair rejected proposal #{rejected.pk} of VN on “Joint Statement on Test Cooperation”. "
        "Reason: No consensus.",
    )

    decision.delete()
    proposals_accept(actor=chair_secretariat, document=document, proposal_ids=[accepted.pk], version_id=version.pk)
    assert _told("document.proposal_decided") == {"kh.focal"}
    assert Notice.objects.get(kind="document.proposal_decided").body["en"] == (
        f"The chair accepted proposal #{accepted.pk} of KH on “Joint Statement on Test Cooperation”: "
        "it is part of draft 2."
    )


def test_positions_are_requested_from_the_parties_without_one(chair_secretariat, drafted, everyone) -> None:
    document, version = drafted
    kh = viewer_create(username="kh.focal", series=everyone, role=SeriesRole.FOCAL_POINT, party_code="KH")
    position_take(actor=kh, document=document, version_id=version.pk, party=_party("KH"), kind="agree")

    asked = positions_request(actor=chair_secretariat, document=document, version_id=version.pk)

    assert [party.code for party in asked] == ["BN", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
    assert _told("document.positions_requested") == {"vn.focal", "vn.delegate"}
    assert Notice.objects.get(kind="document.positions_requested").link == (
        f"/series/amm-57/documents/{document.pk}/board/#take-position"
    )


def test_positions_are_not_requested_when_every_party_stated_one(chair_secretariat, drafted) -> None:
    document, version = drafted
    for code in ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]:
        position_take(
            actor=chair_secretariat, document=document, version_id=version.pk, party=_party(code), kind="agree"
        )
    with pytest.raises(ValidationFailed) as refused:
        positions_request(actor=chair_secretariat, document=document, version_id=version.pk)
    assert refused.value.message == "every party has stated its position on draft 1."
    assert not Notice.objects.filter(kind="document.positions_requested").exists()


def test_a_decision_is_told_as_adopted_to_negotiators_and_as_published_to_the_rest_of_the_series(
    chair_secretariat, everyone
) -> None:
    amm = Meeting.objects.get(series=everyone, body__code="AMM")
    document = document_cleared(actor=chair_secretariat, meeting=amm, texts=["We met."])
    document.classification = "public"
    document.save(update_fields=["classification"])
    Notice.objects.all().delete()

    document_decide(actor=chair_secretariat, document=document, expected_version=document.version, on=amm.start_date)

    assert _told("document.adopted") == {"vn.focal", "vn.delegate", "asean.secretariat"}
    assert _told("document.published") == {"jp.delegate", "tl.observer"}
    assert Notice.objects.get(kind="document.published").link == f"/series/amm-57/documents/{document.pk}/final/"


def test_an_asean_only_decision_is_published_to_no_partner(chair_secretariat, everyone) -> None:
    amm = Meeting.objects.get(series=everyone, body__code="AMM")
    document = document_cleared(actor=chair_secretariat, meeting=amm, texts=["We met."])
    Notice.objects.all().delete()

    document_decide(actor=chair_secretariat, document=document, expected_version=document.version, on=amm.start_date)

    assert _told("document.adopted") == {"vn.focal", "vn.delegate", "asean.secretariat"}
    assert not Notice.objects.filter(kind="document.published").exists()


# Silence procedure -------------------------------------------------------------------------------------------


def _start(actor: SeriesViewer, document: OutcomeDocument, version: DocumentVersion) -> SilenceProcedure:
    return silence_start(
        actor=actor, document=document, version_id=version.pk, deadline=DEADLINE, time_zone="Asia/Vientiane", now=T0
    )


def test_silence_start_is_told_to_every_consensus_partys_focal_points_delegates_and_head_with_the_deadline(
    chair_secretariat, drafted, everyone
) -> None:
    document, version = drafted
    vn_head, kh_head = _head_email(everyone, "VN"), _head_email(everyone, "KH")
    _head_email(everyone, "JP")  # a partner: not a party to an ASEAN-only document

    procedure = _start(chair_secretariat, document, version)

    assert _told("silence.started") == {"vn.focal", "vn.delegate", vn_head, kh_head, "asean.secretariat"}
    notice = Notice.objects.get(kind="silence.started")
    assert (notice.deadline, notice.deadline_zone, notice.key, notice.subject["en"]) == (
        DEADLINE,
        "Asia/Vientiane",
        f"silence:{procedure.pk}:started",
        "Silence procedure on Joint Statement on Test Cooperation until 25 July 2024, 18:00 (Asia/Vientiane)",
    )
    parties = dict(notice.notifications.values_list("address", "party__code"))
    assert (parties[vn_head], parties[kh_head], parties["vn.focal@demo.mufakat.test"]) == ("VN", "KH", "VN")
    assert notice.notifications.get(user__username="vn.delegate").party.code == "VN"


def test_a_rolled_back_silence_start_tells_no_one_and_schedules_nothing(chair_secretariat, drafted) -> None:
    document, version = drafted

    def start_then_fail() -> None:
        with transaction.atomic():
            _start(chair_secretariat, document, version)
            raise RuntimeError("the request failed after starting silence")

    with pytest.raises(RuntimeError):
        start_then_fail()
    assert (Notice.objects.count(), Notification.objects.count()) == (0, 0)


def test_reminders_go_24_and_1_hours_before_the_deadline_to_the_parties_that_said_nothing_once(
    chair_secretariat, drafted, everyone
) -> None:
    document, version = drafted
    kh = viewer_create(username="kh.focal", series=everyone, role=SeriesRole.FOCAL_POINT, party_code="KH")
    kh_head, sg_head = _head_email(everyone, "KH"), _head_email(everyone, "SG")
    procedure = _start(chair_secretariat, document, version)
    position_take(actor=chair_secretariat, document=document, version_id=version.pk, party=_party("VN"), kind="agree")
    before_24h = DEADLINE - timedelta(hours=24, minutes=1)

    assert silence_remind(procedure_id=procedure.pk, which="24h", now=before_24h) is None  # not yet
    first = silence_remind(procedure_id=procedure.pk, which="24h", now=DEADLINE - timedelta(hours=23))
    again = silence_remind(procedure_id=procedure.pk, which="24h", now=DEADLINE - timedelta(hours=22))

    assert first is not None
    assert again is None
    assert {c.user.username if c.user else c.address for c in first.notifications.all()} == {
        kh.user.username,
        kh_head,
        sg_head,
    }
    assert first.body["en"] == (
        "The silence procedure on draft 1 of “Joint Statement on Test Cooperation” ends at 25 July 2024, 18:00 "
        "(Asia/Vientiane). Your delegation has neither agreed nor broken silence: if it says nothing, the draft is "
        "cleared at the deadline."
    )
    position_take(actor=chair_secretariat, document=document, version_id=version.pk, party=_party("SG"), kind="agree")
    # The sweep of a worker back 30 minutes before the deadline sends the 1-hour reminder, once, and not the
    # 24-hour one again.
    assert silence_reminders_due(now=DEADLINE - timedelta(minutes=30)) == 1
    assert silence_reminders_due(now=DEADLINE - timedelta(minutes=20)) == 0
    assert silence_remind(procedure_id=procedure.pk, which="1h", now=DEADLINE - timedelta(minutes=10)) is None
    last = Notice.objects.get(key=f"silence:{procedure.pk}:reminder:1h")
    assert {c.user.username if c.user else c.address for c in last.notifications.all()} == {"kh.focal", kh_head}
    assert Notice.objects.filter(kind="silence.reminder").count() == 2


def test_a_reminder_whose_deadline_passed_or_whose_procedure_ended_is_not_sent(chair_secretariat, drafted) -> None:
    document, version = drafted
    procedure = _start(chair_secretariat, document, version)
    assert silence_reminders_due(now=DEADLINE + timedelta(minutes=1)) == 0
    assert silence_remind(procedure_id=procedure.pk, which="1h", now=DEADLINE + timedelta(minutes=1)) is None
    silence_break(
        actor=chair_secretariat, procedure=procedure, party=_party("VN"), reason="Instructions awaited.", now=T0
    )
    assert silence_reminders_due(now=DEADLINE - timedelta(minutes=30)) == 0
    assert not Notice.objects.filter(kind="silence.reminder").exists()


def test_silence_broken_is_told_to_every_party_told_and_the_secretariats_with_who_and_why(
    chair_secretariat, member_focal_point, drafted, everyone
) -> None:
    document, version = drafted
    kh_head = _head_email(everyone, "KH")
    procedure = _start(chair_secretariat, document, version)

    silence_break(
        actor=member_focal_point,
        procedure=procedure,
        party=_party("VN"),
        reason="Paragraph 2 needs instructions.",
        now=T0 + timedelta(hours=1),
    )

    assert _told("silence.broken") == {kh_head, "vn.delegate", "asean.secretariat", "lao.chair"}
    assert Notice.objects.get(kind="silence.broken").body["en"] == (
        "VN broke silence on draft 1 of “Joint Statement on Test Cooperation” (recorded by Nguyễn Thị Lan). "
        "Reason: Paragraph 2 needs instructions."
    )


def test_silence_held_is_told_once_however_often_the_deadline_is_concluded(
    chair_secretariat, drafted, everyone
) -> None:
    document, version = drafted
    kh_head = _head_email(everyone, "KH")
    procedure = _start(chair_secretariat, document, version)

    assert [p.pk for p in silence_conclude_due(now=DEADLINE + timedelta(days=2))] == [procedure.pk]
    assert silence_conclude_due(now=DEADLINE + timedelta(days=3)) == []

    assert _told("silence.held") == {"vn.focal", "vn.delegate", kh_head, "asean.secretariat", "lao.chair"}
    assert Notice.objects.get(kind="silence.held").subject["en"] == (
        "Silence held: Joint Statement on Test Cooperation is cleared"
    )


def test_a_cancelled_or_superseded_procedure_is_told_to_every_party_told_of_its_start(
    chair_secretariat, drafted, everyone
) -> None:
    document, version = drafted
    kh_head = _head_email(everyone, "KH")
    procedure = _start(chair_secretariat, document, version)
    silence_cancel(actor=chair_secretariat, procedure=procedure, reason="Paragraph 2 is to be redrafted.")

    assert _told("silence.cancelled") == {"vn.focal", "vn.delegate", kh_head, "asean.secretariat"}
    assert Notice.objects.get(kind="silence.cancelled").body["en"] == (
        "The silence procedure on draft 1 of “Joint Statement on Test Cooperation” (deadline 25 July 2024, 18:00 "
        "(Asia/Vientiane)) no longer runs: Paragraph 2 is to be redrafted."
    )

    Notice.objects.all().delete()
    again = _start(chair_secretariat, document, version)
    document_version_circulate(
        actor=chair_secretariat,
        document=document,
        paragraphs=[ParagraphInput(text="We met in Vientiane.")],
        based_on_version_id=version.pk,
    )
    cancelled = Notice.objects.get(kind="silence.cancelled")
    assert (cancelled.key, cancelled.body["en"].rsplit(": ", 1)[1]) == (
        f"silence:{again.pk}:cancelled",
        "superseded by draft 2",
    )


def test_the_delegates_asked_for_positions_are_those_told_of_silence(chair_secretariat, everyone) -> None:
    """A public ARF draft: Japan's delegate, asked for Japan's position, is told of the silence procedure on it,
    of the reminder and of silence held too (the head of delegation by e-mail besides)."""
    jp_head = _head_email(everyone, "JP")
    arf = Meeting.objects.get(series=everyone, body__code="ARF")
    document = document_create(
        actor=chair_secretariat, meeting=arf, kind="report", title_en="Public note on the ARF", classification="public"
    )
    version = document_version_circulate(
        actor=chair_secretariat,
        document=document,
        paragraphs=[ParagraphInput(text="We met.")],
        based_on_version_id=None,
    )
    document.refresh_from_db()
    Notice.objects.all().delete()
    positions_request(actor=chair_secretariat, document=document, version_id=version.pk)
    procedure = _start(chair_secretariat, document, version)
    silence_remind(procedure_id=procedure.pk, which="1h", now=DEADLINE - timedelta(minutes=30))
    silence_conclude_due(now=DEADLINE + timedelta(minutes=1))

    delegations = {"vn.focal", "vn.delegate", "jp.delegate"}
    assert _told("document.positions_requested") == delegations
    assert _told("silence.started") == delegations | {jp_head, "asean.secretariat"}
    assert _told("silence.reminder") == delegations | {jp_head}
    assert _told("silence.held") == delegations | {jp_head, "asean.secretariat", "lao.chair"}


def test_a_partner_is_never_told_about_an_asean_only_draft_of_a_meeting_it_takes_part_in(
    chair_secretariat, everyone
) -> None:
    """The ARF's framework includes Japan, but this draft is restricted to ASEAN: no notice of any kind reaches
    Japan's users or its head of delegation, and none they get quotes the title."""
    jp_focal = viewer_create(username="jp.focal", series=everyone, role=SeriesRole.FOCAL_POINT, party_code="JP")
    jp_head = _head_email(everyone, "JP")
    arf = Meeting.objects.get(series=everyone, body__code="ARF")
    title = "ASEAN-only note on the ARF"
    document = document_create(
        actor=chair_secretariat,
        meeting=arf,
        kind="report",
        title_en=title,
        classification="restricted",
        restricted_to=Framework.objects.get(code="ASEAN"),
    )
    version = document_version_circulate(
        actor=chair_secretariat,
        document=document,
        paragraphs=[ParagraphInput(text="We met.")],
        based_on_version_id=None,
    )
    document.refresh_from_db()
    assert "JP" in {entry.party.code for entry in consensus_parties(document)}
    procedure = _start(chair_secretariat, document, version)
    positions_request(actor=chair_secretariat, document=document, version_id=version.pk)
    silence_remind(procedure_id=procedure.pk, which="1h", now=DEADLINE - timedelta(minutes=30))
    silence_conclude_due(now=DEADLINE + timedelta(minutes=1))

    kinds = set(Notice.objects.values_list("kind", flat=True))
    assert kinds == {
        "document.circulated",
        "document.positions_requested",
        "silence.started",
        "silence.reminder",
        "silence.held",
    }
    partner_copies = Notification.objects.filter(user__username__in=["jp.delegate", jp_focal.user.username])
    assert list(partner_copies) == []
    assert not Notification.objects.filter(address=jp_head).exists()
    assert not Notification.objects.filter(party__code="JP").exists()
    seen_by_partners = Notification.objects.filter(user__username__startswith="jp.").select_related("notice")
    assert [c for c in seen_by_partners if title in c.notice.subject["en"] + c.notice.body["en"]] == []


# The proof -----------------------------------------------------------------------------------------------------


@pytest.fixture
def told(chair_secretariat, drafted, everyone) -> tuple[OutcomeDocument, SilenceProcedure, str]:
    """A silence procedure whose start was told to vn.focal, asean.secretariat and Viet Nam's head of delegation,
    the e-mails sent."""
    document, version = drafted
    vn_head = _head_email(everyone, "VN")
    procedure = _start(chair_secretariat, document, version)
    deliver_notice(notice_id=Notice.objects.get(kind="silence.started").pk)
    return document, procedure, vn_head


UNTOLD = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH"]  # the demo's ASEAN parties without a VN-like desk


def test_the_board_shows_the_chair_who_was_told_how_and_whether_the_mail_was_accepted(told) -> None:
    document, _procedure, vn_head = told
    page = html_page(client_for("lao.chair").get(f"/series/amm-57/documents/{document.pk}/board/"))

    rows = table_rows(page.find("table", id="silence-notified"))
    assert [(row[0], row[1], row[2], row[3], row[5].split(" · ")[0]) for row in rows] == [
        (
            "A silence procedure started",
            "—",
            "ASEAN (asean.secretariat)",
            "inbox only",
            "not sent (no e-mail address)",
        ),
        ("A silence procedure started", "VN", "VN (vn.delegate)", "inbox only", "not sent (no e-mail address)"),
        (
            "A silence procedure started",
            "VN",
            "Nguyễn Thị Lan (vn.focal) <vn.focal@demo.mufakat.test>",
            "inbox and e-mail",
            "accepted by the mail server",
        ),
        (
            "A silence procedure started",
            "VN",
            f"{Participant.objects.get(email=vn_head).name_en} <{vn_head}>",
            "e-mail only",
            "accepted by the mail server",
        ),
    ] + [
        (
            "A silence procedure started",
            code,
            "",
            "no one to tell: no focal point, delegate or head of delegation with an address",
            "",
        )
        for code in UNTOLD
    ]
    # The party column is a name among words, not code.
    assert page.find("table", id="silence-notified").find_all("td", cls="code") == []
    assert [row[4] for row in rows[4:]] == [""] * len(UNTOLD)


def test_a_delegation_does_not_see_who_was_told(told) -> None:
    document, _procedure, _vn_head = told
    page = html_page(client_for("vn.focal").get(f"/series/amm-57/documents/{document.pk}/board/"))
    assert page.find_all("table", id="silence-notified") == []


def test_the_api_lists_who_was_told_to_the_secretariats_only(told) -> None:
    document, procedure, vn_head = told
    url = f"/api/v1/series/amm-57/documents/{document.pk}/silence/{procedure.pk}/notified"

    rows = call(client_for("asean.secretariat"), "get", url)
    assert [(r["kind"], r["party"], r["username"], r["address"], r["channel"], r["email_state"]) for r in rows] == [
        ("silence.started", "", "asean.secretariat", "", "inbox", "no_address"),
        ("silence.started", "VN", "vn.delegate", "", "inbox", "no_address"),
        ("silence.started", "VN", "vn.focal", "vn.focal@demo.mufakat.test", "inbox_email", "sent"),
        ("silence.started", "VN", "", vn_head, "email", "sent"),
    ] + [("silence.started", code, "", "", "none", "") for code in UNTOLD]
    assert [(r["told_at"], r["emailed_at"]) for r in rows[4:]] == [(None, None)] * len(UNTOLD)
    call(client_for("vn.focal"), "get", url, status=403)


def _venue_time(moment: datetime) -> str:
    return formats.date_format(moment.astimezone(ZoneInfo("Asia/Vientiane")), "DATETIME_FORMAT")


def test_the_chair_asks_for_positions_from_the_board_and_the_api_once_per_draft(chair_secretariat, drafted) -> None:
    document, version = drafted
    board = f"/series/amm-57/documents/{document.pk}/board/"
    request_url = f"/series/amm-57/documents/{document.pk}/positions/request/"
    api_url = f"/api/v1/series/amm-57/documents/{document.pk}/positions/requests"
    page = html_page(client_for("lao.chair").get(board))
    assert page.find("form", id="request-positions").find("button").text == "Ask the parties without a position for one"
    assert page.find_all(id="positions-requested") == []
    assert html_page(client_for("vn.focal").get(board)).find_all("form", id="request-positions") == []

    response = client_for("lao.chair").post(request_url, {"version_id": version.pk})
    assert (response.status_code, response["Location"]) == (302, board)
    assert _told("document.positions_requested") == {"vn.focal", "vn.delegate"}
    asked = Notice.objects.get(kind="document.positions_requested")
    assert asked.key == f"positions:{version.pk}"

    # Asked once: the button gives way to when, and a second request (a double click, a crafted POST, the API)
    # is refused and tells no one again.
    page = html_page(client_for("lao.chair").get(board))
    assert page.find_all("form", id="request-positions") == []
    assert page.find(id="positions-requested").text == (
        f"Positions on this draft were requested on {_venue_time(asked.created_at)} Vientiane."
    )
    refused = f"positions on draft 1 were already requested on {_venue_time(asked.created_at)} (Asia/Vientiane)."
    again = client_for("lao.chair").post(request_url, {"version_id": version.pk})
    assert again.status_code == 400
    errors = html_page(again, 400).find(id="request-positions-errors").find("ul")
    assert errors.text.strip() == refused
    answer = call(client_for("lao.chair"), "post", api_url, {"version_id": version.pk}, status=400)
    assert (answer["detail"], answer["field"]) == (refused, "version_id")
    with pytest.raises(ValidationFailed) as service_refused:
        positions_request(actor=chair_secretariat, document=document, version_id=version.pk)
    assert service_refused.value.message == refused
    assert Notice.objects.filter(kind="document.positions_requested").count() == 1
    assert Notification.objects.filter(notice__kind="document.positions_requested").count() == 2

    # A new draft may be asked about once again.
    draft_2 = document_version_circulate(
        actor=chair_secretariat,
        document=document,
        paragraphs=[ParagraphInput(text="We met in Vientiane.")],
        based_on_version_id=version.pk,
    )
    answer = call(client_for("lao.chair"), "post", api_url, {"version_id": draft_2.pk}, status=201)
    assert answer == {"version_id": draft_2.pk, "parties": ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]}
    assert sorted(Notice.objects.filter(kind="document.positions_requested").values_list("key", flat=True)) == sorted(
        [f"positions:{version.pk}", f"positions:{draft_2.pk}"]
    )
    # The desk asks for a position on the current draft only, whatever older requests sit in the inbox.
    desk = desk_for(User.objects.get(username="vn.focal"), now=timezone.now())
    assert [(row.what, row.url) for row in desk.rows if row.kind == "position" and row.url.startswith(board)] == [
        ("Take a position on draft 2", f"{board}#take-position")
    ]


def test_no_positions_are_asked_for_or_taken_on_a_draft_cleared_by_silence(chair_secretariat, drafted) -> None:
    document, version = drafted
    procedure = _start(chair_secretariat, document, version)
    silence_conclude_due(now=DEADLINE + timedelta(minutes=1))
    Notice.objects.all().delete()
    document.refresh_from_db()
    assert document.status == "cleared"

    refusal = "draft 1 was cleared by silence procedure; positions on it are no longer taken."
    with pytest.raises(ValidationFailed) as asking:
        positions_request(actor=chair_secretariat, document=document, version_id=version.pk)
    with pytest.raises(ValidationFailed) as taking:
        position_take(
            actor=chair_secretariat,
            document=document,
            version_id=version.pk,
            party=_party("VN"),
            kind="object",
            note="Too late.",
        )
    assert (asking.value.message, asking.value.field, taking.value.message) == (refusal, "status", refusal)
    response = client_for("lao.chair").post(
        f"/series/amm-57/documents/{document.pk}/positions/request/", {"version_id": version.pk}
    )
    assert response.status_code == 400
    assert not Notice.objects.exists()

    for username in ["lao.chair", "vn.focal"]:
        page = html_page(client_for(username).get(f"/series/amm-57/documents/{document.pk}/board/"))
        assert page.find_all("form", id="request-positions") == []
        assert page.find_all(id="take-position") == []
        assert page.find(id="positions-closed").text == refusal[0].upper() + refusal[1:]
        # Not "0 of 10 agree": silence held cleared the text, with no position taken.
        assert page.find(id="consensus-count").text == (
            "Cleared by silence procedure: Silence held: no party broke silence before "
            f"{_venue_time(procedure.deadline)} (Asia/Vientiane)."
        )


def test_a_request_for_positions_on_a_version_of_another_document_or_on_no_number_says_so(
    chair_secretariat, drafted, everyone
) -> None:
    document, _version = drafted
    _other, other_version = amm_draft(actor=chair_secretariat, series=everyone, texts=["Another text."])
    Notice.objects.all().delete()
    url = f"/series/amm-57/documents/{document.pk}/positions/request/"

    wrong = client_for("lao.chair").post(url, {"version_id": other_version.pk})
    assert wrong.status_code == 400
    assert html_page(wrong, 400).find(id="request-positions-errors").find("ul").text.strip() == (
        f"version {other_version.pk} is not a draft of this document."
    )
    answer = call(
        client_for("lao.chair"),
        "post",
        f"/api/v1/series/amm-57/documents/{document.pk}/positions/requests",
        {"version_id": other_version.pk},
        status=400,
    )
    assert (answer["detail"], answer["field"]) == (
        f"version {other_version.pk} is not a draft of this document.",
        "version_id",
    )

    for value in ["abc", ""]:
        bad = client_for("lao.chair").post(url, {"version_id": value})
        assert bad.status_code == 400
        errors = html_page(bad, 400).find(id="request-positions-errors")
        assert errors.find("p").text == "Nothing was saved. Please correct the marked fields."
        assert errors.find("ul").text.strip() == (
            "the draft to ask about is not a version id." if value else "the draft to ask about is missing."
        )
    assert not Notice.objects.exists()


def test_the_silence_result_is_written_in_the_readers_language(chair_secretariat, drafted) -> None:
    document, version = drafted
    procedure = _start(chair_secretariat, document, version)
    with translation.override("en"):
        silence_conclude_due(now=DEADLINE + timedelta(minutes=1))
    procedure.refresh_from_db()
    assert procedure.result.startswith("Silence held: no party broke silence before ")

    client = client_for("lao.chair")
    client.cookies["django_language"] = "vi"
    page = html_page(client.get(f"/series/amm-57/documents/{document.pk}/board/"))
    assert page.find(id="silence-result").text == (
        "Im lặng được duy trì: không bên nào phá vỡ im lặng trước 18:00, 25 tháng 7 năm 2024 (Asia/Vientiane)."
    )


def test_a_broken_silence_result_names_the_first_party_that_broke_it(chair_secretariat, drafted) -> None:
    document, version = drafted
    procedure = _start(chair_secretariat, document, version)
    silence_break(
        actor=chair_secretariat,
        procedure=procedure,
        party=_party("VN"),
        reason="Instructions awaited.",
        now=T0 + timedelta(hours=1),
    )
    procedure.refresh_from_db()
    with translation.override("en"):
        assert selectors.silence_result(procedure=procedure) == (
            "Silence broken by VN on 23 July 2024, 19:00 (Asia/Vientiane)."
        )
