"""Demo programme releases, agendas and the SOM's recommendations for AMM-57. Idempotent.

Agenda wording is our own plausible text, modelled on the usual shape of AMM agendas."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.demo.clock import demo_clock, july_2024
from mufakat.meetings.enums import RecommendationSubject
from mufakat.meetings.models import AgendaItem, Meeting, ProgrammeRelease, Recommendation, Series, Session
from mufakat.meetings.services import (
    agenda_adopt,
    agenda_item_add,
    programme_release,
    recommendation_decide,
    recommendation_make,
    session_change,
)

AMM_AGENDA = [
    ("Opening of the Meeting", "Khai mạc Hội nghị", []),
    ("Adoption of the Agenda", "Thông qua Chương trình nghị sự", []),
    (
        "ASEAN Community building",
        "Xây dựng Cộng đồng ASEAN",
        [
            ("Implementation of the ASEAN Community Vision 2025", "Thực hiện Tầm nhìn Cộng đồng ASEAN 2025"),
            ("Development of the ASEAN Community Vision 2045", "Xây dựng Tầm nhìn Cộng đồng ASEAN 2045"),
        ],
    ),
    ("ASEAN's external relations", "Quan hệ đối ngoại của ASEAN", []),
    (
        "Regional and international issues of common interest and concern",
        "Các vấn đề khu vực và quốc tế cùng quan tâm",
        [],
    ),
    ("Preparations for the 44th and 45th ASEAN Summits", "Chuẩn bị cho Hội nghị Cấp cao ASEAN lần thứ 44 và 45", []),
    ("Other matters", "Các vấn đề khác", []),
]

SOM_AGENDA = [
    ("Adoption of the Agenda", "Thông qua Chương trình nghị sự", []),
    (
        "Preparations for the 57th AMM and Related Meetings",
        "Chuẩn bị cho AMM-57 và các Hội nghị liên quan",
        [
            ("Programme of the meetings", "Chương trình hoạt động"),
            ("Agendas of the ministerial meetings", "Chương trình nghị sự của các hội nghị cấp Bộ trưởng"),
            ("List of documents to be adopted, noted or endorsed", "Danh mục các văn kiện được thông qua, ghi nhận"),
        ],
    ),
    ("Other matters", "Các vấn đề khác", []),
]


def _agenda(meeting: Meeting, items: list[tuple[str, str, list[tuple[str, str]]]]) -> None:
    if AgendaItem.objects.filter(meeting=meeting).exists():
        return
    loader = SeriesViewer.system(meeting.series_id, purpose="demo loader")
    for title_en, title_vi, children in items:
        parent = agenda_item_add(actor=loader, meeting=meeting, title_en=title_en, title_vi=title_vi)
        for child_en, child_vi in children:
            agenda_item_add(actor=loader, meeting=meeting, title_en=child_en, title_vi=child_vi, parent=parent)


@transaction.atomic
def programme_demo_load(*, series_code: str = "amm-57") -> None:
    """Agendas and the first release on 20 July 2024; the SOM adopting its own agenda at its opening on 23 July,
    the second release as it finalised the programme, its recommendations that day; and the AMM deciding all three
    (programme, agenda, list of documents) at its opening on 25 July (all on the demo clock)."""
    series = Series.objects.get(code=series_code)
    chair = viewer_for(User.objects.get(username="lao.chair"), series)
    som = Meeting.objects.get(series=series, body__code="SOM")
    amm = Meeting.objects.get(series=series, body__code="AMM")
    with demo_clock(july_2024(20, 10)):
        _agenda(amm, AMM_AGENDA)
        _agenda(som, SOM_AGENDA)
        if ProgrammeRelease.objects.filter(series=series).exists():
            return
        programme_release(actor=chair, series=series, note="Programme as circulated before the SOM.")
    with demo_clock(july_2024(23, 9, 5)):
        # Item 1 of the SOM's agenda: the SOM adopts its own agenda (nobody recommends it).
        agenda_adopt(actor=chair, meeting=som)
    with demo_clock(july_2024(23, 17)):
        # The ARF chair's press conference slipped by an hour: v2 carries the move in its changelog.
        press = Session.objects.get(meeting__series=series, meeting__body__code="ARF", kind="press_conference")
        session_change(
            actor=chair,
            session_id=press.pk,
            expected_version=press.version,
            starts_at=press.starts_at + timedelta(hours=1),
            ends_at=press.ends_at + timedelta(hours=1),
        )
        second = programme_release(
            actor=chair, series=series, note="As reviewed and finalised by the SOM, 23 July 2024."
        )
        _recommend(chair, som, amm, second)
    # The 57th AMM adopted the programme, its agenda and the list of documents at its opening; each document of the
    # list is then decided on its own (demo.documents).
    with demo_clock(july_2024(25, 9, 30)):
        for subject in (
            RecommendationSubject.PROGRAMME,
            RecommendationSubject.AGENDA,
            RecommendationSubject.DOCUMENT_LIST,
        ):
            recommendation = Recommendation.objects.get(from_meeting=som, to_meeting=amm, subject=subject)
            recommendation_decide(actor=chair, recommendation=recommendation, adopted=True)


def _recommend(chair: SeriesViewer, som: Meeting, amm: Meeting, second: ProgrammeRelease) -> None:
    for subject, release, text_en, text_vi in [
        (
            RecommendationSubject.PROGRAMME,
            second,
            f"The SOM reviewed and finalised the programme (v{second.number}) and recommends it to the Ministers.",
            f"SOM đã rà soát, hoàn thiện chương trình hoạt động (v{second.number}) và khuyến nghị lên các Bộ trưởng.",
        ),
        (
            RecommendationSubject.AGENDA,
            None,
            "The SOM recommends the agenda of the 57th AMM.",
            "SOM khuyến nghị chương trình nghị sự của AMM-57.",
        ),
        (
            RecommendationSubject.DOCUMENT_LIST,
            None,
            "The SOM recommends the list of outcome documents to be adopted, noted or endorsed.",
            "SOM khuyến nghị danh mục các văn kiện được thông qua, ghi nhận hoặc tán thành.",
        ),
    ]:
        recommendation_make(
            actor=chair,
            from_meeting=som,
            to_meeting=amm,
            subject=subject,
            release=release,
            text_en=text_en,
            text_vi=text_vi,
        )
