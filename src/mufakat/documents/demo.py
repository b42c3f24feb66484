"""Demo register of outcome documents for AMM-57 (28 documents). Idempotent: loads once per series.

Titles follow the shape of the real list; every text is our own plausible drafting, not a copy of
any real document. The register reads as the record of the week on the evening of 27 July 2024 (the demo
clock): each meeting held by then decided on its documents as its plenary closed (adopted, noted, endorsed or
issued, by the document's disposition; the SOM adopted its report to the Ministers on 23 July and recommended the
maritime statement, which the AMM adopted on 25 July), except three that show the process still running:

- the Joint Communiqué of the 57th AMM is in negotiation (draft 3, brackets from several delegations): the
  Ministers met on 25 July without consensus on the South China Sea paragraphs (Cambodia reserved at the close of
  the retreat) and left the Chair to consult capitals and issue the communiqué once agreed, as ASEAN chairs have
  done when a communiqué was late;
- the ARF Work Plan on Maritime Security went under silence procedure after the ARF on 27 July 2024 until
  29 July 2024, 18:00 Vientiane;
- the Chairman's Statement of the 31st ARF is still a draft: the Chair issues it after the meeting.

The Mekong–U.S. Partnership Plan of Action 2024–2026 is among the adopted texts (27 July 2024, and public).

Every record is dated on the demo clock (meetings.demo): drafts when circulated, positions, proposals and
decisions when the story has them taken, all by 27 July 2024, 20:00. At that moment the silence procedure is
running; the app keeps the real clock, so its deadline has passed and the first deadline pass (`mufakat serve`
or `mufakat run-deadlines`) concludes it: silence held, concluded at its deadline, the Work Plan cleared."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction

from mufakat.accounts.classification import Classification
from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.meetings.demo import demo_clock
from mufakat.meetings.enums import SessionKind
from mufakat.meetings.models import Meeting, Series
from mufakat.reference.models import Party

from .enums import Disposition, DocumentKind, ParagraphKind, PositionKind, ProposalKind
from .models import DocumentVersion, OutcomeDocument, Paragraph
from .services import (
    ParagraphInput,
    consensus_parties,
    document_create,
    document_decide,
    document_recommend,
    document_version_circulate,
    position_take,
    proposal_create,
    proposal_react,
    proposals_accept,
    silence_start,
)

VIENTIANE = zoneinfo.ZoneInfo("Asia/Vientiane")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(date(2024, 7, day), time(hour, minute), tzinfo=VIENTIANE)


SILENCE_STARTED = _at(27, 18, 30)
SILENCE_DEADLINE = _at(29, 18)


@dataclass(frozen=True)
class Entry:
    body: str
    kind: str
    title_en: str
    title_vi: str
    disposition: str
    lead: str | None = None
    classification: str = Classification.RESTRICTED
    # drafting / negotiation / silence / cleared / recommended (by the SOM, then decided by the AMM) / decided
    state: str = "planned"


ENTRIES: list[Entry] = [
    Entry(
        "AMM",
        DocumentKind.JOINT_COMMUNIQUE,
        "Joint Communiqué of the 57th ASEAN Foreign Ministers' Meeting",
        "Thông cáo chung Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57",
        Disposition.ADOPT,
        "LA",
        state="negotiation",
    ),
    Entry(
        "AMM",
        DocumentKind.JOINT_STATEMENT,
        "ASEAN Foreign Ministers' Statement on Maintaining Stability in the Maritime Sphere in Southeast Asia",
        "Tuyên bố của Bộ trưởng Ngoại giao ASEAN về duy trì ổn định trên biển ở Đông Nam Á",
        Disposition.ADOPT,
        "LA",
        state="recommended",
    ),
    Entry(
        "AMM",
        DocumentKind.CONCEPT_NOTE,
        "Concept Note on the Development of the ASEAN Community Vision 2045",
        "Khái niệm về xây dựng Tầm nhìn Cộng đồng ASEAN 2045",
        Disposition.NOTE,
        "ID",
        state="decided",
    ),
    Entry(
        "SOM",
        DocumentKind.REPORT,
        "Report of the ASEAN Senior Officials' Meeting to the 57th AMM",
        "Báo cáo của SOM ASEAN trình Hội nghị AMM lần thứ 57",
        Disposition.ADOPT,
        "LA",
        state="decided",
    ),
    Entry(
        "SEANWFZ-EXCOM",
        DocumentKind.REPORT,
        "Progress Report on the Implementation of the SEANWFZ Plan of Action 2023–2027",
        "Báo cáo tiến độ thực hiện Kế hoạch hành động SEANWFZ 2023–2027",
        Disposition.NOTE,
        "LA",
        state="decided",
    ),
    Entry(
        "SEANWFZ-COM",
        DocumentKind.WORK_PLAN,
        "Work Plan for Engagement with the Nuclear-Weapon States on the Protocol to the SEANWFZ Treaty",
        "Kế hoạch công tác với các quốc gia có vũ khí hạt nhân về Nghị định thư của Hiệp ước SEANWFZ",
        Disposition.ADOPT,
        "MY",
        state="decided",
    ),
    Entry(
        "AICHR-IF",
        DocumentKind.REPORT,
        "Annual Report of the ASEAN Intergovernmental Commission on Human Rights",
        "Báo cáo thường niên của Ủy ban liên chính phủ ASEAN về nhân quyền",
        Disposition.NOTE,
        "LA",
        state="decided",
    ),
    Entry(
        "PMC-GB",
        DocumentKind.JOINT_STATEMENT,
        "ASEAN–UK Joint Ministerial Statement on Cooperation for a Resilient Region",
        "Tuyên bố chung cấp Bộ trưởng ASEAN–Vương quốc Anh về hợp tác vì một khu vực tự cường",
        Disposition.ADOPT,
        "GB",
        state="decided",
    ),
    *[
        Entry(
            f"PMC-{code}",
            DocumentKind.CHAIRMANS_STATEMENT,
            f"Co-Chairs' Statement of the ASEAN Post Ministerial Conference with {name}",
            f"Tuyên bố của các Đồng Chủ trì Hội nghị sau Hội nghị Bộ trưởng ASEAN với {name_vi}",
            Disposition.ISSUE,
            None,
            state="decided",
        )
        for code, name, name_vi in [
            ("AU", "Australia", "Ô-xtơ-rây-li-a"),
            ("CA", "Canada", "Ca-na-đa"),
            ("CN", "China", "Trung Quốc"),
            ("EU", "the European Union", "Liên minh châu Âu"),
            ("IN", "India", "Ấn Độ"),
            ("JP", "Japan", "Nhật Bản"),
            ("NZ", "New Zealand", "Niu Di-lân"),
            ("KR", "the Republic of Korea", "Hàn Quốc"),
            ("RU", "the Russian Federation", "Liên bang Nga"),
            ("US", "the United States", "Hoa Kỳ"),
        ]
    ],
    Entry(
        "MJ-FMM",
        DocumentKind.CHAIRMANS_STATEMENT,
        "Co-Chairs' Statement of the 15th Mekong–Japan Foreign Ministers' Meeting",
        "Tuyên bố của các Đồng Chủ trì Hội nghị Bộ trưởng Ngoại giao Mê Công – Nhật Bản lần thứ 15",
        Disposition.ISSUE,
        "JP",
        state="decided",
    ),
    Entry(
        "MK-FMM",
        DocumentKind.JOINT_STATEMENT,
        "Joint Statement of the 12th Mekong–Republic of Korea Foreign Ministers' Meeting",
        "Tuyên bố chung Hội nghị Bộ trưởng Ngoại giao Mê Công – Hàn Quốc lần thứ 12",
        Disposition.ADOPT,
        "KR",
        state="decided",
    ),
    Entry(
        "APT-FMM",
        DocumentKind.CHAIRMANS_STATEMENT,
        "Chairman's Statement of the 25th ASEAN Plus Three Foreign Ministers' Meeting",
        "Tuyên bố của Chủ tịch Hội nghị Bộ trưởng Ngoại giao ASEAN+3 lần thứ 25",
        Disposition.ISSUE,
        "LA",
        state="decided",
    ),
    Entry(
        "EAS-FMM",
        DocumentKind.CHAIRMANS_STATEMENT,
        "Chairman's Statement of the 14th East Asia Summit Foreign Ministers' Meeting",
        "Tuyên bố của Chủ tịch Hội nghị Bộ trưởng Ngoại giao Cấp cao Đông Á lần thứ 14",
        Disposition.ISSUE,
        "LA",
        state="decided",
    ),
    Entry(
        "EAS-FMM",
        DocumentKind.DECLARATION,
        "East Asia Summit Leaders' Statement on Strengthening Regional Health Security",
        "Tuyên bố của các Nhà Lãnh đạo Cấp cao Đông Á về tăng cường an ninh y tế khu vực",
        Disposition.ENDORSE,
        "AU",
        state="decided",
    ),
    Entry(
        "MUSP-MIN",
        DocumentKind.PLAN_OF_ACTION,
        "Mekong–U.S. Partnership Plan of Action 2024–2026",
        "Kế hoạch hành động Quan hệ Đối tác Mê Công – Hoa Kỳ giai đoạn 2024–2026",
        Disposition.ADOPT,
        "US",
        classification=Classification.PUBLIC,
        state="decided",
    ),
    Entry(
        "MUSP-MIN",
        DocumentKind.JOINT_STATEMENT,
        "Joint Statement of the 3rd Mekong–U.S. Partnership Ministerial Meeting",
        "Tuyên bố chung Hội nghị Bộ trưởng Quan hệ Đối tác Mê Công – Hoa Kỳ lần thứ 3",
        Disposition.ADOPT,
        "US",
        state="decided",
    ),
    Entry(
        "ARF",
        DocumentKind.CHAIRMANS_STATEMENT,
        "Chairman's Statement of the 31st ASEAN Regional Forum",
        "Tuyên bố của Chủ tịch Diễn đàn Khu vực ASEAN lần thứ 31",
        Disposition.ISSUE,
        "LA",
        state="drafting",
    ),
    Entry(
        "ARF",
        DocumentKind.WORK_PLAN,
        "ARF Work Plan on Maritime Security 2024–2027",
        "Kế hoạch công tác của ARF về an ninh biển 2024–2027",
        Disposition.ADOPT,
        "VN",
        state="silence",
    ),
    Entry(
        "ARF",
        DocumentKind.CONCEPT_NOTE,
        "Concept Note on an ARF Workshop on Preventive Diplomacy and Mediation",
        "Khái niệm về Hội thảo ARF về ngoại giao phòng ngừa và hòa giải",
        Disposition.NOTE,
        "ID",
        state="decided",
    ),
]

COMMUNIQUE_DRAFT_1: list[tuple[str, str]] = [
    (ParagraphKind.HEADING, "Introduction"),
    (
        ParagraphKind.PARAGRAPH,
        "We, the Foreign Ministers of the Member States of the Association of Southeast Asian Nations, met in "
        "Vientiane, Lao PDR, on 25 July 2024 under the theme ASEAN: Enhancing Connectivity and Resilience.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We welcomed the progress made in implementing the priorities of Lao PDR's ASEAN Chairmanship in 2024.",
    ),
    (ParagraphKind.HEADING, "ASEAN Community Building"),
    (
        ParagraphKind.PARAGRAPH,
        "We reaffirmed our commitment to the full implementation of the ASEAN Community Vision 2025 and noted "
        "the good progress of the High-Level Task Force in drafting the ASEAN Community Vision 2045.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We stressed the importance of narrowing the development gap and supporting the newer Member States "
        "through the Initiative for ASEAN Integration Work Plan V.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We welcomed the steady progress of Timor-Leste in fulfilling the criteria for full membership and "
        "encouraged continued capacity-building support.",
    ),
    (ParagraphKind.HEADING, "Regional and International Issues"),
    (
        ParagraphKind.PARAGRAPH,
        "We discussed the situation in the South China Sea, on which concerns were expressed by some Ministers "
        "about land reclamations and serious incidents in the area.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We reaffirmed the importance of maintaining and promoting peace, security, stability, safety and "
        "freedom of navigation in and overflight above the South China Sea.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We underscored the importance of the full and effective implementation of the Declaration on the "
        "Conduct of Parties in the South China Sea in its entirety.",
    ),
    (
        ParagraphKind.PARAGRAPH,
        "We called for the early conclusion of an effective and substantive Code of Conduct in the South China "
        "Sea that is in accordance with international law.",
    ),
    (ParagraphKind.HEADING, "Way Forward"),
    (
        ParagraphKind.PARAGRAPH,
        "We looked forward to the 44th and 45th ASEAN Summits to be held in Vientiane in October 2024.",
    ),
]

GENERIC_TEXT = [
    (ParagraphKind.PARAGRAPH, "The Meeting was held in Vientiane, Lao PDR, on {date}, chaired by {chair}."),
    (ParagraphKind.PARAGRAPH, "The Meeting reviewed the progress of cooperation since the previous meeting."),
    (ParagraphKind.PARAGRAPH, "The Meeting agreed on the priorities for cooperation in the coming year."),
    (ParagraphKind.PARAGRAPH, "The Meeting looked forward to its next meeting in Kuala Lumpur in 2025."),
]

PLAN_TEXT = [
    (ParagraphKind.HEADING, "Purpose"),
    (
        ParagraphKind.PARAGRAPH,
        "This Plan of Action guides the cooperation of the Mekong–U.S. Partnership from 2024 to 2026.",
    ),
    (ParagraphKind.HEADING, "Areas of cooperation"),
    (ParagraphKind.PARAGRAPH, "Economic connectivity: trade facilitation, energy security and digital economy."),
    (ParagraphKind.PARAGRAPH, "Sustainable management of the Mekong River and its natural resources."),
    (ParagraphKind.PARAGRAPH, "Non-traditional security: transnational crime, health security and demining."),
    (ParagraphKind.PARAGRAPH, "Human resources development: education, youth and people-to-people exchanges."),
    (ParagraphKind.HEADING, "Implementation"),
    (ParagraphKind.PARAGRAPH, "Senior officials review the implementation of this Plan every year."),
]

WORK_PLAN_TEXT = [
    (ParagraphKind.PARAGRAPH, "This Work Plan sets out ARF cooperation on maritime security from 2024 to 2027."),
    (ParagraphKind.PARAGRAPH, "Participants will share information on maritime domain awareness."),
    (ParagraphKind.PARAGRAPH, "Participants will hold an annual Inter-Sessional Meeting on Maritime Security."),
    (ParagraphKind.PARAGRAPH, "Participants will build capacity in search and rescue at sea."),
]


def _paragraphs(rows: Sequence[tuple[str, str]], **context: str) -> list[ParagraphInput]:
    return [ParagraphInput(text=text.format(**context), kind=kind) for kind, text in rows]


def _agree_all(viewer: SeriesViewer, document: OutcomeDocument) -> None:
    version = document.current_version
    assert version is not None  # noqa: S101 - every caller has just circulated a draft
    for entry in consensus_parties(document):
        position_take(
            actor=viewer, document=document, version_id=version.pk, party=entry.party, kind=PositionKind.AGREE
        )


def _find(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _negotiate_communique(viewer: SeriesViewer, document: OutcomeDocument, parties: dict[str, Party]) -> None:
    with demo_clock(_at(20, 17)):
        draft = document_version_circulate(
            actor=viewer,
            document=document,
            paragraphs=_paragraphs(COMMUNIQUE_DRAFT_1),
            based_on_version_id=None,
            note="Chair's first draft",
            circulated_at=_at(20, 17),
        )
    texts = {p.position: p for p in Paragraph.objects.filter(version=draft)}
    para_timor = texts[7]
    with demo_clock(_at(21, 10)):
        draft2 = _first_reading(viewer, document, parties, draft.pk, para_timor)
    with demo_clock(_at(24, 10)):
        _after_the_som(viewer, document, parties, draft2)


def _first_reading(
    viewer: SeriesViewer, document: OutcomeDocument, parties: dict[str, Party], draft_id: int, para_timor: Paragraph
) -> DocumentVersion:
    accepted = proposal_create(
        actor=viewer,
        document=document,
        version_id=draft_id,
        party=parties["ID"],
        kind=ProposalKind.REPLACE,
        paragraph_uid=str(para_timor.uid),
        **dict(zip(("start", "end"), _find(para_timor.text, "steady progress"), strict=True)),
        text="significant progress",
        justification="Reflects the Roadmap for Timor-Leste's full membership.",
    )
    proposal_react(actor=viewer, proposal=accepted, party=parties["TH"], stance="support")
    return proposals_accept(
        actor=viewer,
        document=document,
        proposal_ids=[accepted.pk],
        version_id=draft_id,
        note="Draft 2 after the SOM Leaders' first reading",
        circulated_at=_at(22, 21),
    )


def _after_the_som(
    viewer: SeriesViewer, document: OutcomeDocument, parties: dict[str, Party], draft2: DocumentVersion
) -> None:
    texts2 = {p.position: p for p in Paragraph.objects.filter(version=draft2)}
    draft3 = document_version_circulate(
        actor=viewer,
        document=document,
        paragraphs=[
            ParagraphInput(
                text=p.text
                if p.position != 14
                else p.text.replace("October 2024", "October 2024, and thanked Lao PDR for its hospitality"),
                kind=p.kind,
                uid=str(p.uid),
            )
            for p in sorted(texts2.values(), key=lambda p: p.position)
        ],
        based_on_version_id=draft2.pk,
        note="Draft 3, circulated after the SOM",
        circulated_at=_at(23, 18),
    )
    texts3 = {p.position: p for p in Paragraph.objects.filter(version=draft3)}
    para_scs = texts3[9]
    para_nav = texts3[10]
    para_coc = texts3[12]

    # Positional on purpose: the calls below read like the table of proposals on the chair's desk.
    def propose(party: str, kind: str, paragraph: Paragraph, words: str, text: str, why: str) -> int:  # noqa: PLR0917
        start, end = _find(paragraph.text, words)
        if kind == ProposalKind.INSERT:
            start = end
        proposal = proposal_create(
            actor=viewer,
            document=document,
            version_id=draft3.pk,
            party=parties[party],
            kind=kind,
            paragraph_uid=str(paragraph.uid),
            start=start,
            end=end,
            text=text,
            justification=why,
        )
        return proposal.pk

    serious = propose(
        "VN", ProposalKind.REPLACE, para_scs, "some Ministers", "many Ministers", "Reflects the discussion."
    )
    propose(
        "PH",
        ProposalKind.REPLACE,
        para_scs,
        "some Ministers",
        "a number of Ministers",
        "Language of previous communiqués.",
    )
    propose(
        "PH",
        ProposalKind.INSERT,
        para_scs,
        "serious incidents",
        ", including the use of water cannon,",
        "Names the incidents.",
    )
    propose("KH", ProposalKind.DELETE, para_scs, " and serious incidents in the area", "", "Not agreed at SOM.")
    propose(
        "SG",
        ProposalKind.INSERT,
        para_nav,
        "South China Sea",
        ", in accordance with the 1982 UNCLOS",
        "International law reference.",
    )
    proposal_create(
        actor=viewer,
        document=document,
        version_id=draft3.pk,
        party=parties["MY"],
        kind=ProposalKind.NEW_PARAGRAPH,
        paragraph_uid=str(para_coc.uid),
        text="We welcomed the completion of the second reading of the Single Draft COC Negotiating Text.",
        justification="Records progress in the negotiations.",
    )
    for party in ("ID", "SG"):
        proposal_react(
            actor=viewer,
            proposal=document.proposals.get(pk=serious),
            party=parties[party],
            stance="support",
        )
    proposal_react(
        actor=viewer,
        proposal=document.proposals.get(pk=serious),
        party=parties["KH"],
        stance="object",
        note="Prefers the Chair's text.",
    )
    for code in ("BN", "LA", "MM", "TH"):
        position_take(
            actor=viewer,
            document=document,
            version_id=draft3.pk,
            party=parties[code],
            kind=PositionKind.AGREE_AD_REF if code == "TH" else PositionKind.AGREE,
        )
    # At the close of the Ministers' retreat on 25 July: no consensus; the Chair consults capitals after the AMM.
    with demo_clock(_at(25, 17, 15)):
        position_take(
            actor=viewer,
            document=document,
            version_id=draft3.pk,
            party=parties["KH"],
            kind=PositionKind.RESERVE,
            note="Reserves on paragraph 7 pending instructions.",
        )


@transaction.atomic
def documents_demo_load(*, series_code: str = "amm-57") -> int:
    """Load the AMM-57 register once; returns the number of documents created (0 when already there)."""
    series = Series.objects.get(code=series_code)
    if OutcomeDocument.objects.filter(meeting__series=series).exists():
        return 0
    viewer = viewer_for(User.objects.get(username="lao.chair"), series)
    meetings = {m.body.code: m for m in Meeting.objects.filter(series=series).select_related("body__framework")}
    parties = {p.code: p for p in Party.objects.all()}
    documents = []
    # The chair secretariat drew up the register two weeks before the week.
    with demo_clock(_at(10, 9)):
        for entry in ENTRIES:
            meeting = meetings[entry.body]
            document = document_create(
                actor=viewer,
                meeting=meeting,
                kind=entry.kind,
                title_en=entry.title_en,
                title_vi=entry.title_vi,
                lead_party=parties[entry.lead] if entry.lead else None,
                disposition=entry.disposition,
                classification=entry.classification,
            )
            documents.append((entry, document, meeting))
    for entry, document, meeting in documents:
        _advance(viewer, document, entry, meeting, parties)
    return len(documents)


def _advance(
    viewer: SeriesViewer, document: OutcomeDocument, entry: Entry, meeting: Meeting, parties: dict[str, Party]
) -> None:
    if entry.state == "planned":
        return
    if entry.state == "negotiation":
        _negotiate_communique(viewer, document, parties)
        return
    rows = PLAN_TEXT if entry.kind == DocumentKind.PLAN_OF_ACTION else GENERIC_TEXT
    if entry.state == "silence":
        rows = WORK_PLAN_TEXT
    # First drafts go out three days before their meeting; what follows happens on the story's days.
    circulated = _at(meeting.start_date.day - 3, 18)
    with demo_clock(circulated):
        _circulate_and_clear(viewer, document, entry=entry, meeting=meeting, rows=rows, circulated=circulated)


def _circulate_and_clear(
    viewer: SeriesViewer,
    document: OutcomeDocument,
    *,
    entry: Entry,
    meeting: Meeting,
    rows: Sequence[tuple[str, str]],
    circulated: datetime,
) -> None:
    document_version_circulate(
        actor=viewer,
        document=document,
        paragraphs=_paragraphs(
            rows,
            date=meeting.start_date.strftime("%d %B %Y"),
            chair=meeting.chair.name_en if meeting.chair else "Lao PDR",
        ),
        based_on_version_id=None,
        note="First draft",
        circulated_at=circulated,
    )
    document.refresh_from_db()
    if entry.state == "drafting":
        return
    if entry.state == "silence":
        version = document.current_version
        assert version is not None  # noqa: S101 - just circulated
        # Put under silence after the ARF, for two days (SILENCE_DEADLINE, after the demo clock: still running).
        with demo_clock(SILENCE_STARTED):
            silence_start(
                actor=viewer,
                document=document,
                version_id=version.pk,
                deadline=SILENCE_DEADLINE,
                time_zone="Asia/Vientiane",
            )
        return
    # Agreed by all the day before the meeting; the meeting decides on it as its plenary closes.
    if entry.state == "recommended":
        # Agreed by all during the SOM of 23 July, which recommended it to the Ministers.
        with demo_clock(_at(23, 12)):
            _agree_all(viewer, document)
            document.refresh_from_db()
            som = Meeting.objects.get(series=meeting.series, body__code="SOM")
            document_recommend(actor=viewer, document=document, expected_version=document.version, from_meeting=som)
    else:
        with demo_clock(_at(meeting.start_date.day - 1, 17)):
            _agree_all(viewer, document)
    if entry.state in {"recommended", "decided"}:
        with demo_clock(_decided_at(meeting)):
            document.refresh_from_db()
            document_decide(actor=viewer, document=document, expected_version=document.version, on=meeting.start_date)


def _decided_at(meeting: Meeting) -> datetime:
    """When the meeting's last plenary session closed: the moment it adopted (noted, issued) its documents."""
    plenary = meeting.sessions.filter(kind=SessionKind.PLENARY).order_by("-ends_at").first()
    assert plenary is not None  # noqa: S101 - every demo meeting has a plenary session
    return plenary.ends_at
