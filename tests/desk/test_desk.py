"""Issue 14: "my desk", what awaits each persona of the AMM-57 demo: exact rows, never a thing the persona may
not see (a partner never meets an ASEAN-only draft's silence procedure), each with the page where it is done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.models import BilateralAssignment
from mufakat.bilaterals.services import bilateral_request_create
from mufakat.delegations.week import party_week_build
from mufakat.desk import Desk, desk_for
from mufakat.documents.models import OutcomeDocument, Proposal, SilenceProcedure
from mufakat.documents.services import proposal_create, silence_start
from mufakat.meetings.models import Series
from mufakat.reference.models import Party
from tests.desk.conftest import DESK_NOW, SILENCE_DEADLINE
from tests.factories.accounts import account_create
from tests.factories.documents import amm_draft, paragraphs_of, span
from tests.factories.notifications import notice_to
from tests.factories.plans import crafted_plan, crafted_reports, period_open

JC = "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting"
ARF_WORK_PLAN = "ARF Work Plan on Maritime Security 2024–2027"
ARF_STATEMENT = "Chairman's Statement of the 31st ASEAN Regional Forum"
NEW_DRAFT = "Joint Statement on Test Cooperation"
PLAN = "Crafted plan of action (test)"


def _rows(desk: Desk) -> list[tuple[str, str, str, str, str, str]]:
    return [(r.section, r.kind, r.what, r.subject, r.meeting, r.party_code) for r in desk.rows]


def _doc(title: str) -> int:
    return OutcomeDocument.objects.get(title_en=title).pk


def test_desk_of_the_chair(chair_secretariat: SeriesViewer, asean_silence: SilenceProcedure) -> None:
    desk = desk_for(chair_secretariat.user, now=DESK_NOW)

    assert _rows(desk) == [
        ("answer", "resolve", "Resolve 6 open proposals", JC, "AMM-57", ""),
        ("answer", "bilateral_unanswered", "2 bilateral requests wait for an answer", "Bilateral meetings", "", ""),
        ("answer", "accreditation", "1 participant waits for accreditation", "Accreditation", "", ""),
        ("deadline", "silence", "Silence procedure on draft 1 ends", NEW_DRAFT, "AMM-57", ""),
    ]
    assert [r.url for r in desk.rows] == [
        f"/series/amm-57/documents/{_doc(JC)}/#resolve",
        "/series/amm-57/bilaterals/",
        "/series/amm-57/accreditation/",
        f"/series/amm-57/documents/{asean_silence.version.document_id}/board/#silence",
    ]


def test_desk_of_viet_nams_focal_point(member_focal_point: SeriesViewer, asean_silence: SilenceProcedure) -> None:
    desk = desk_for(member_focal_point.user, now=DESK_NOW)

    jc = _doc(JC)
    # PH's two and KH's proposal on the paragraph where Viet Nam proposed text (paragraph 6); not PH's own on others.
    ph_1, ph_2, kh = (
        *Proposal.objects.filter(document_id=jc, party__code="PH", status="open", pk__in=_proposal_ids(desk)),
        Proposal.objects.get(document_id=jc, party__code="KH", status="open", pk__in=_proposal_ids(desk)),
    )
    assert _rows(desk) == [
        ("answer", "position", "Take a position on draft 3", JC, "AMM-57", "VN"),
        ("answer", "position", "Take a position on draft 1", NEW_DRAFT, "AMM-57", "VN"),
        ("answer", "position", "Take a position on draft 1", ARF_STATEMENT, "ARF-31", "VN"),
        ("answer", "position", "Take a position on draft 1", ARF_WORK_PLAN, "ARF-31", "VN"),
        (
            "answer",
            "proposal",
            f"Support or object to proposal #{ph_1.pk} on paragraph 6 (Philippines)",
            JC,
            "AMM-57",
            "VN",
        ),
        (
            "answer",
            "proposal",
            f"Support or object to proposal #{ph_2.pk} on paragraph 6 (Philippines)",
            JC,
            "AMM-57",
            "VN",
        ),
        ("answer", "proposal", f"Support or object to proposal #{kh.pk} on paragraph 6 (Cambodia)", JC, "AMM-57", "VN"),
        ("deadline", "silence", "Silence procedure on draft 1 ends", NEW_DRAFT, "AMM-57", ""),
    ]
    silence = desk.deadlines[0]
    # The deadline as announced (Vientiane), and two days left at the desk's moment.
    assert (silence.local_due, silence.time_zone, desk.seconds_left(silence)) == (
        SILENCE_DEADLINE,
        "Asia/Vientiane",
        2 * 86400,
    )
    assert [r.url for r in desk.answer[4:]] == [
        f"/series/amm-57/documents/{jc}/#proposal-{proposal.pk}" for proposal in (ph_1, ph_2, kh)
    ]
    assert desk.seconds_left(desk.answer[0]) is None  # no due time


def _proposal_ids(desk: Desk) -> list[int]:
    return [int(r.url.rsplit("-", 1)[1]) for r in desk.rows if r.kind == "proposal"]


def test_desk_rows_sort_the_same_in_every_language(
    member_focal_point: SeriesViewer, chair_secretariat: SeriesViewer, asean_silence: SilenceProcedure
) -> None:
    for viewer in (member_focal_point, chair_secretariat):
        orders = []
        for language in ("en", "vi"):
            with translation.override(language):
                orders.append([(r.kind, r.url) for r in desk_for(viewer.user, now=DESK_NOW).rows])

        assert orders[0] == orders[1]


def test_desk_names_the_paragraph_of_each_proposal(
    member_focal_point: SeriesViewer, chair_secretariat: SeriesViewer, full_demo: Series
) -> None:
    """A change says which paragraph; a new paragraph says after which one."""
    document, version = amm_draft(
        actor=chair_secretariat, series=full_demo, texts=["The Ministers met.", "The Ministers agreed."]
    )
    second = str(paragraphs_of(version)[1].uid)
    viet_nam, thailand = Party.objects.get(code="VN"), Party.objects.get(code="TH")
    start, end = span("The Ministers agreed.", "agreed")
    made = [
        proposal_create(
            actor=chair_secretariat,
            document=document,
            version_id=version.pk,
            party=party,
            kind=kind,
            paragraph_uid=second,
            start=None if kind == "new_paragraph" else start,
            end=None if kind == "new_paragraph" else end,
            text=text,
        )
        for party, kind, text in (
            (viet_nam, "replace", "agreed warmly"),
            (thailand, "new_paragraph", "The Ministers parted."),
            (thailand, "replace", "agreed fully"),
        )
    ]

    mine = [r.what for r in desk_for(member_focal_point.user).rows if r.subject == document.title]

    assert mine == [
        "Take a position on draft 1",
        f"Support or object to proposal #{made[1].pk}, a new paragraph after paragraph 2 (Thailand)",
        f"Support or object to proposal #{made[2].pk} on paragraph 2 (Thailand)",
    ]


@pytest.mark.parametrize(("persona", "party"), [("partner_delegate", "JP"), ("observer", "TL")])
def test_desk_of_a_partner_or_observer_shows_no_asean_only_document(
    persona: str, party: str, persona_viewer: Callable[[str], SeriesViewer], asean_silence: SilenceProcedure
) -> None:
    desk = desk_for(persona_viewer(persona).user, now=DESK_NOW)

    # Only the ARF's drafts, where Japan and Timor-Leste (an ARF participant) take part: neither the Joint
    # Communiqué nor the ASEAN-only draft under silence, nor its silence procedure.
    assert _rows(desk) == [
        ("answer", "position", "Take a position on draft 1", ARF_STATEMENT, "ARF-31", party),
        ("answer", "position", "Take a position on draft 1", ARF_WORK_PLAN, "ARF-31", party),
    ]


def test_desk_of_someone_without_a_role_is_empty(outsider: SeriesViewer, asean_silence: SilenceProcedure) -> None:
    assert desk_for(outsider.user, now=DESK_NOW) == Desk(now=DESK_NOW)


def test_bilateral_request_awaits_the_invited_partys_answer_not_its_observers(
    full_demo: Series, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer, observer: SeriesViewer
) -> None:
    thailand, viet_nam, timor = (Party.objects.get(code=code) for code in ("TH", "VN", "TL"))
    request = bilateral_request_create(
        actor=chair_secretariat, series=full_demo, requester=thailand, counterparts=[viet_nam, timor]
    )

    mine = [r for r in desk_for(member_focal_point.user).rows if r.kind == "bilateral_request"]
    observers = [r for r in desk_for(observer.user).rows if r.kind == "bilateral_request"]

    assert [(r.what, r.subject, r.party_code, r.url) for r in mine] == [
        (
            "Answer the request of Thailand to meet",
            "Minister, 30 minutes",
            "VN",
            f"/series/amm-57/bilaterals/#request-{request.pk}",
        )
    ]
    # An observer reads the request but does not answer for Timor-Leste.
    assert observers == []


def test_reports_due_returned_and_to_review(
    delegations_demo: object, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    plan = crafted_plan()
    crafted_reports(plan)
    bangkok = ZoneInfo("Asia/Bangkok")
    period_open(plan, "2026", due_at=datetime(2027, 1, 29, 17, 0, tzinfo=bangkok), time_zone="Asia/Bangkok")
    reports = f"/series/amm-57/plans/{plan.pk}/reports/?party=VN"

    focal = [(r.section, r.kind, r.what, r.subject, r.local_due, r.url) for r in desk_for(member_focal_point.user).rows]
    chair = [
        (r.kind, r.what, r.subject, r.url) for r in desk_for(chair_secretariat.user).rows if r.kind == "report_review"
    ]

    # Viet Nam owes lines 1.1.2 (every participant) and 2.1.1 (its own); its 2025 report on 2.1.1 came back.
    due_2025, due_2026 = datetime(2026, 1, 31, 17, 0, tzinfo=bangkok), datetime(2027, 1, 29, 17, 0, tzinfo=bangkok)
    assert focal == [
        ("answer", "report_returned", "1 report returned for clarification", f"{PLAN}, 2025", due_2025, reports),
        ("deadline", "report_due", "1 report due", f"{PLAN}, 2025", due_2025, reports),
        ("deadline", "report_due", "2 reports due", f"{PLAN}, 2026", due_2026, reports),
    ]
    assert chair == [
        (
            "report_review",
            "7 submitted reports to review",
            f"{PLAN}, 2025",
            f"/series/amm-57/plans/{plan.pk}/reports/queue/?period=2025",
        )
    ]


def _more_work(series: Series, chair: SeriesViewer, drafts: int) -> None:
    """More of everything the desk lists for Viet Nam and the chair: ASEAN drafts under silence, drafts where
    the Philippines answers a proposal of Viet Nam, and requests of Thailand to meet Viet Nam."""
    viet_nam, philippines, thailand = (Party.objects.get(code=code) for code in ("VN", "PH", "TH"))
    for n in range(drafts):
        text = f"The Ministers noted item {n} of the desk."
        document, version = amm_draft(actor=chair, series=series, texts=[text])
        silence_start(
            actor=chair, document=document, version_id=version.pk, deadline=SILENCE_DEADLINE, time_zone="Asia/Vientiane"
        )
        document, version = amm_draft(actor=chair, series=series, texts=[text])
        uid = str(paragraphs_of(version)[0].uid)
        start, end = span(text, "noted")
        for party, words in ((viet_nam, "welcomed"), (philippines, "appreciated")):
            proposal_create(
                actor=chair,
                document=document,
                version_id=version.pk,
                party=party,
                kind="replace",
                paragraph_uid=uid,
                start=start,
                end=end,
                text=words,
            )
        bilateral_request_create(actor=chair, series=series, requester=thailand, counterparts=[viet_nam])


@pytest.mark.parametrize("persona", ["member_focal_point", "chair_secretariat"])
def test_desk_page_queries_do_not_grow_with_the_work(
    persona: str, full_demo: Series, chair_secretariat: SeriesViewer, persona_client: Callable[[str], Client]
) -> None:
    client = persona_client(persona)
    _more_work(full_demo, chair_secretariat, 1)
    with CaptureQueriesContext(connection) as few:
        small = client.get("/desk/")
    _more_work(full_demo, chair_secretariat, 4)
    with CaptureQueriesContext(connection) as many:
        large = client.get("/desk/")

    rows = (small.content.decode().count('class="desk-row'), large.content.decode().count('class="desk-row'))
    assert rows[1] > rows[0]
    assert len(many) == len(few)


def test_api_desk_returns_the_same_rows(
    member_focal_point: SeriesViewer, member_focal_point_client: Client, asean_silence: SilenceProcedure
) -> None:
    from tests.api.calls import call

    answer = call(member_focal_point_client, "get", "/api/v1/me/desk")
    rows = desk_for(member_focal_point.user).rows

    assert answer["series"] == ["amm-57"]
    assert [(r["section"], r["kind"], r["what"], r["party"], r["url"]) for r in answer["rows"]] == [
        (r.section, r.kind, r.what, r.party_code, r.url) for r in rows
    ]
    assert {r["seconds_left"] for r in answer["rows"] if r["due_at"] is None} == {None}
    silence = next(r for r in answer["rows"] if r["kind"] == "silence")
    assert (silence["subject"], silence["due_at"], silence["time_zone"], silence["seconds_left"] > 0) == (
        NEW_DRAFT,
        "2099-01-15T11:00:00Z",
        "Asia/Vientiane",
        True,
    )


def test_api_desk_needs_a_signed_in_user(client: Client, db: None) -> None:
    from tests.api.calls import NEEDS_SIGN_IN, call

    assert call(client, "get", "/api/v1/me/desk", status=401) == NEEDS_SIGN_IN


def test_a_user_without_roles_gets_an_empty_desk_page(db: None, client: Client) -> None:
    from tests.web.pages import parse

    client.force_login(account_create(username="nobody"))
    page = parse(client.get("/"))

    assert page.find("h1").text == "My desk"
    assert page.find(id="desk-no-role").text == (
        "You hold no role in any series yet: the desk fills once a secretariat gives you one. See the meeting series"
    )


def _published_bilaterals(series: Series, code: str, after: datetime) -> list[datetime]:
    """When the party's meetings in the published schedule start, those not over at `after` (the solver may
    place them differently from one run to the next, so tests read them rather than write them down)."""
    party = Party.objects.get(code=code)
    found = (
        BilateralAssignment.objects.filter(schedule__series=series, schedule__status="published", ends_at__gt=after)
        .filter(Q(request__requester=party) | Q(request__responses__party=party))
        .exclude(request__status="withdrawn")
        .values_list("starts_at", flat=True)
        .distinct()
    )
    return sorted(found)


def test_next_sessions_and_bilaterals_during_the_week(
    full_demo: Series, member_focal_point: SeriesViewer, partner_delegate: SeriesViewer
) -> None:
    # 26 July 2024, 09:00 in Vientiane: the PMC+1 sessions with the dialogue partners (the one under way
    # included) and the published bilaterals, five at most, soonest first, as the party's week has them.
    vientiane = ZoneInfo("Asia/Vientiane")
    during = datetime(2024, 7, 26, 9, 0, tzinfo=vientiane)
    for viewer, code in ((member_focal_point, "VN"), (partner_delegate, "JP")):
        rows = desk_for(viewer.user, now=during).upcoming
        week = party_week_build(series=full_demo, party=Party.objects.get(code=code))
        ahead = [e for e in week.events if e.status == "scheduled" and e.ends_at > during][:5]
        last = ahead[-1].starts_at

        assert [(r.kind, r.due_at, r.party_code) for r in rows] == [(e.kind, e.starts_at, code) for e in ahead]
        assert [(r.what, r.due_at, r.url) for r in rows if r.kind == "bilateral"] == [
            ("Bilateral meeting", at, f"/series/amm-57/bilaterals/delegations/{code}/")
            for at in _published_bilaterals(full_demo, code, during)
            if at <= last
        ]
    pmc = [("PMC+1 CA", 8, 55), ("PMC+1 CN", 9, 50), ("PMC+1 EU", 10, 45), ("PMC+1 IN", 11, 40), ("PMC+1 JP", 13, 30)]
    rows = desk_for(member_focal_point.user, now=during).upcoming
    assert [(r.what, r.subject, r.meeting, r.local_due) for r in rows if r.kind == "session"] == [
        ("Plenary session", "Plenary Hall", meeting, datetime(2024, 7, 26, h, m, tzinfo=vientiane))
        for meeting, h, m in pmc
        if datetime(2024, 7, 26, h, m, tzinfo=vientiane) <= (rows[-1].due_at or during)
    ]


def test_next_sessions_in_vietnamese(full_demo: Series, chair_secretariat: SeriesViewer) -> None:
    during = datetime(2024, 7, 26, 9, 0, tzinfo=ZoneInfo("Asia/Vientiane"))
    with translation.override("vi"):
        rows = desk_for(chair_secretariat.user, now=during).upcoming

    # The chair's are the programme's next sessions, titled as stored in Vietnamese.
    assert [(r.kind, r.what, r.meeting) for r in rows] == [
        ("session", "Phiên toàn thể", "PMC+1 CA"),
        ("session", "Phiên toàn thể", "PMC+1 CN"),
        ("session", "Phiên toàn thể", "PMC+1 EU"),
        ("session", "Phiên toàn thể", "PMC+1 IN"),
        ("session", "Phiên toàn thể", "PMC+1 JP"),
    ]


def test_desk_page_lists_the_five_newest_unread_notices(member_focal_point: SeriesViewer) -> None:
    user = member_focal_point.user
    for number in range(7):
        notice_to([user], title=f"Notice number {number}", title_vi=f"Notice number {number}")
    client = Client()
    client.force_login(user)

    page = client.get("/desk/").content.decode()

    shown = [number for number in range(7) if f"Test notice about Notice number {number}<" in page]
    assert shown == [2, 3, 4, 5, 6]  # the five newest
    assert 'href="/me/notifications/"' in page
