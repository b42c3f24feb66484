"""The agreed-language archive of the demo: the Joint Communiqués of the 55th AMM (Phnom Penh, 2022) and the
56th AMM (Jakarta, 2023), adopted, from which several paragraphs of the AMM-57 Joint Communiqué descend, and an
ASEAN-only record of the 56th AMM's retreat. Our own plausible drafting, marked illustrative, not the real
texts; the meetings' places and dates are the real ones. Idempotent: loaded once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction

from mufakat.accounts.classification import Classification
from mufakat.accounts.rules import SeriesViewer
from mufakat.demo.clock import DEMO_NOW, demo_clock
from mufakat.demo.documents_negotiation import agree_all
from mufakat.documents.enums import DocumentKind, ParagraphKind
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.services import ParagraphInput, document_create, document_decide, document_version_circulate
from mufakat.meetings.models import Body, Series
from mufakat.meetings.services import meeting_upsert, series_upsert, venue_upsert
from mufakat.reference.models import Party

H, P = ParagraphKind.HEADING, ParagraphKind.PARAGRAPH
NOTE = " (illustrative text)"

COMMUNIQUE_55 = [
    (H, "Introduction"),
    (
        P,
        "We, the Foreign Ministers of the Member States of the Association of Southeast Asian Nations, met in "
        "Phnom Penh, Cambodia, on 3 August 2022 under the theme ASEAN A.C.T.: Addressing Challenges Together.",
    ),
    (H, "ASEAN Community Building"),
    (
        P,
        "We reaffirmed our commitment to the full implementation of the ASEAN Community Vision 2025 and tasked "
        "the High-Level Task Force to begin drafting the ASEAN Community Vision 2045.",
    ),
    (
        P,
        "We stressed the importance of narrowing the development gap and supporting the newer Member States "
        "through the Initiative for ASEAN Integration Work Plan IV.",
    ),
    (H, "Regional and International Issues"),
    (
        P,
        "We discussed the situation in the South China Sea, on which concerns were expressed by some Ministers "
        "on the land reclamations, activities and serious incidents in the area, which have eroded trust and "
        "confidence.",
    ),
    (
        P,
        "We reaffirmed the importance of maintaining and promoting peace, security, stability, safety and "
        "freedom of navigation in and overflight above the South China Sea.",
    ),
    (
        P,
        "We underscored the importance of the full and effective implementation of the Declaration on the "
        "Conduct of Parties in the South China Sea in its entirety.",
    ),
    (
        P,
        "We reaffirmed the importance of environmental protection and of cooperation on biosafety and "
        "biosecurity (an toàn sinh học và an ninh sinh học) in the region.",
    ),
]

COMMUNIQUE_56 = [
    (H, "Introduction"),
    (
        P,
        "We, the Foreign Ministers of the Member States of the Association of Southeast Asian Nations, met in "
        "Jakarta, Indonesia, on 11 July 2023 under the theme ASEAN Matters: Epicentrum of Growth.",
    ),
    (H, "ASEAN Community Building"),
    (
        P,
        "We reaffirmed our commitment to the full implementation of the ASEAN Community Vision 2025 and noted "
        "the progress of the High-Level Task Force in drafting the ASEAN Community Vision 2045.",
    ),
    (
        P,
        "We welcomed the progress of Timor-Leste in fulfilling the criteria for full membership and encouraged "
        "continued capacity-building support.",
    ),
    (H, "Regional and International Issues"),
    (
        P,
        "We discussed the situation in the South China Sea, on which concerns were expressed by some Ministers "
        "about land reclamations and recent incidents in the area.",
    ),
    (
        P,
        "We reaffirmed the importance of maintaining and promoting peace, security, stability, safety and "
        "freedom of navigation in and overflight above the South China Sea.",
    ),
    (
        P,
        "We called for the early conclusion of an effective and substantive Code of Conduct in the South China "
        "Sea that is in accordance with international law, including the 1982 UNCLOS.",
    ),
]

# An ASEAN-only record: a dialogue partner never sees it, nor any precedent drawn from it.
RETREAT_56 = [
    (
        P,
        "The Ministers exchanged views at the retreat on the early conclusion of an effective and substantive Code "
        "of Conduct in the South China Sea and on the outreach of ASEAN to its external partners.",
    ),
]


@dataclass(frozen=True)
class _Meeting:
    code: str
    ordinal: int
    city_en: str
    city_vi: str
    venue_en: str
    chair: str
    country: str
    zone: str
    day: date
    theme_en: str
    theme_vi: str


MEETINGS = [
    _Meeting(
        "amm-55",
        55,
        "Phnom Penh",
        "Phnôm Pênh",
        "Sokha Phnom Penh Hotel",
        "KH",
        "KH",
        "Asia/Phnom_Penh",
        date(2022, 8, 3),
        "ASEAN A.C.T.: Addressing Challenges Together",
        "ASEAN hành động: Cùng giải quyết thách thức",
    ),
    _Meeting(
        "amm-56",
        56,
        "Jakarta",
        "Gia-các-ta",
        "Shangri-La Hotel Jakarta",
        "ID",
        "ID",
        "Asia/Jakarta",
        date(2023, 7, 11),
        "ASEAN Matters: Epicentrum of Growth",
        "ASEAN tầm vóc: Tâm điểm của tăng trưởng",
    ),
]


def _adopt(viewer: SeriesViewer, document: OutcomeDocument, rows: Sequence[tuple[str, str]], at: datetime) -> None:
    with demo_clock(at):
        document_version_circulate(
            actor=viewer,
            document=document,
            paragraphs=[ParagraphInput(text=text, kind=kind) for kind, text in rows],
            based_on_version_id=None,
            note="Final draft" + NOTE,
            circulated_at=at,
        )
        document.refresh_from_db()
        agree_all(viewer, document)
        document.refresh_from_db()
        document_decide(
            actor=viewer, document=document, expected_version=document.version, on=document.meeting.start_date
        )


@transaction.atomic
def precedents_demo_load() -> int:
    """The 55th and 56th AMM with their adopted texts; returns the number of documents created."""
    if Series.objects.filter(code="amm-56", meetings__documents__isnull=False).exists():
        return 0
    amm = Body.objects.get(code="AMM")
    created = 0
    for item in MEETINGS:
        chair = Party.objects.get(code=item.chair)
        venue = venue_upsert(
            name_en=item.venue_en,
            name_vi=item.venue_en,
            city_en=item.city_en,
            city_vi=item.city_vi,
            country=Party.objects.get(code=item.country),
            time_zone=item.zone,
            rooms=[("Plenary Hall", 400)],
        )
        series = series_upsert(
            code=item.code,
            title_en=f"{item.ordinal}th ASEAN Foreign Ministers' Meeting and Related Meetings",
            title_vi=f"Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ {item.ordinal} và các Hội nghị liên quan",
            theme_en=item.theme_en,
            theme_vi=item.theme_vi,
            chair=chair,
            venue=venue,
            start_date=item.day,
            end_date=item.day,
        )
        Series.objects.filter(pk=series.pk).update(demo_as_of=DEMO_NOW)
        at = datetime.combine(item.day, time(17, 0), tzinfo=ZoneInfo(item.zone))
        with demo_clock(at):
            meeting = meeting_upsert(
                body=amm, series=series, start_date=item.day, end_date=item.day, note=NOTE.strip(" ()")
            )
        viewer = SeriesViewer.system(series.pk, purpose="demo loader: agreed-language archive")
        texts = [
            (
                f"Joint Communiqué of the {item.ordinal}th ASEAN Foreign Ministers' Meeting",
                COMMUNIQUE_55 if item.ordinal == 55 else COMMUNIQUE_56,
                Classification.PUBLIC,
            )
        ]
        if item.ordinal == 56:
            texts.append(
                ("Record of the Ministers' retreat at the 56th AMM (ASEAN only)", RETREAT_56, Classification.RESTRICTED)
            )
        for title, rows, classification in texts:
            with demo_clock(at):
                document = document_create(
                    actor=viewer,
                    meeting=meeting,
                    kind=DocumentKind.JOINT_COMMUNIQUE if "Communiqué" in title else DocumentKind.CHAIRMANS_STATEMENT,
                    title_en=title,
                    title_vi=(
                        f"Thông cáo chung Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ {item.ordinal}"
                        if "Communiqué" in title
                        else ""
                    ),
                    lead_party=chair,
                    classification=classification,
                )
            _adopt(viewer, document, rows, at)
            created += 1
    return created
