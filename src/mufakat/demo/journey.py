"""Demo: the journey of the ASEAN Leaders' Declaration on Biosafety and Biosecurity, from its 1st consultation
to its adoption by the Leaders at the 44th ASEAN Summit (Vientiane, 9 October 2024, as the "ASEAN Leaders'
Declaration on Strengthening Regional Biosafety and Biosecurity"), and the register of the 44th Summit.

The journey is a record of what happened, entered after the fact: its writes are dated on the story's own days
(`_on`), which run past the AMM-57 demo clock (July 2024) up to October 2024; like the demo clock, it raises
no notices. The texts are our own drafting, marked illustrative; the titles are real where public (the
declaration, the Chairman's Statement), the other entry is illustrative. Idempotent: loads once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.db import transaction

from mufakat.accounts.classification import Classification
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.clock import clock_set_to
from mufakat.demo.clock import VIENTIANE
from mufakat.demo.documents_negotiation import agree_all
from mufakat.demo.summit import SUMMIT_SERIES
from mufakat.documents.enums import Disposition, DocumentKind, JourneyAction, ParagraphKind
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph
from mufakat.documents.services import (
    ParagraphInput,
    document_create,
    document_update,
    document_version_circulate,
    journey_step_record,
)
from mufakat.meetings.models import Body, Meeting, Series
from mufakat.notifications.services import notices_held
from mufakat.reference.models import Party

BIOSAFETY_TITLE = "ASEAN Leaders' Declaration on Strengthening Regional Biosafety and Biosecurity"
ILLUSTRATIVE_TEXT = "(Illustrative text drafted for the mufakat demo; not the text of the declaration.)"
DRAFTS = [
    [
        "We, the Heads of State/Government of the Member States of ASEAN, recognising the risks that biological "
        "agents pose to the health of our peoples;",
        "Resolve to strengthen cooperation on biosafety and biosecurity among our laboratories.",
    ],
    [
        "We, the Heads of State/Government of the Member States of ASEAN, recognising the risks that biological "
        "agents pose to the health of our peoples;",
        "Resolve to strengthen regional cooperation on biosafety and biosecurity among our laboratories and "
        "health authorities.",
        "Task the Senior Officials' Meeting on Health Development to follow up this Declaration.",
    ],
    [
        "We, the Heads of State/Government of the Member States of ASEAN, recognising the risks that biological "
        "agents pose to the health of our peoples;",
        "Resolve to strengthen regional biosafety and biosecurity through shared standards, training and the "
        "exchange of information among our laboratories and health authorities.",
        "Task the Senior Officials' Meeting on Health Development to follow up this Declaration and report to "
        "the ASEAN Health Ministers' Meeting.",
    ],
]


@contextmanager
def _on(day: date, hour: int = 17) -> Iterator[datetime]:
    """Write the block as of that day of the story, in Vientiane; no notices (told to no one today)."""
    with clock_set_to(datetime.combine(day, time(hour), tzinfo=VIENTIANE)) as moment, notices_held():
        yield moment


def _paragraphs(texts: list[str]) -> list[ParagraphInput]:
    return [ParagraphInput(text=ILLUSTRATIVE_TEXT, kind=ParagraphKind.HEADING)] + [
        ParagraphInput(text=text, kind=ParagraphKind.PARAGRAPH) for text in texts
    ]


def _biosafety(viewer: SeriesViewer, summit: Meeting, som: Meeting) -> OutcomeDocument:
    consultations = list(Meeting.objects.filter(body__code="BIOSAFETY-CONS").order_by("start_date"))
    with _on(consultations[0].start_date, 9):
        document = document_create(
            actor=viewer,
            meeting=summit,
            kind=DocumentKind.DECLARATION,
            title_en=BIOSAFETY_TITLE,
            title_vi="Tuyên bố của các Nhà Lãnh đạo ASEAN về Tăng cường An toàn sinh học và An ninh sinh học khu vực",
            lead_party=Party.objects.get(code="LA"),
            lead_body=Body.objects.get(code="SOMHD"),
            disposition=Disposition.ADOPT,
            classification=Classification.RESTRICTED,
        )
    based_on = None
    actions = [JourneyAction.DISCUSSED, JourneyAction.DISCUSSED, JourneyAction.FINALISED]
    for consultation, texts, action in zip(consultations, DRAFTS, actions, strict=True):
        with _on(consultation.end_date):
            version = document_version_circulate(
                actor=viewer,
                document=document,
                paragraphs=_paragraphs(texts) if based_on is None else _carry(based_on, texts),
                based_on_version_id=based_on.pk if based_on else None,
                note=f"As it stood after the {consultation.ordinal_label} consultation",
            )
            document.refresh_from_db()
            journey_step_record(
                actor=viewer,
                document=document,
                meeting=consultation,
                on=consultation.start_date,
                action=action,
                version=version,
                note=consultation.note if "Illustrative" in consultation.note else "",
            )
        based_on = version
    with _on(som.start_date, 12):
        document.refresh_from_db()
        agree_all(viewer, document)
        document.refresh_from_db()
        journey_step_record(
            actor=viewer,
            document=document,
            meeting=som,
            action=JourneyAction.RECOMMENDED,
            recommended_to=summit,
            note="Recommended to the Leaders for adoption. Illustrative date (demo).",
        )
    with _on(summit.start_date):
        document.refresh_from_db()
        # Released with its adoption: the Leaders' declarations are published (drafts stay with the delegations).
        document_update(
            actor=viewer,
            document=document,
            expected_version=document.version,
            kind=document.kind,
            title_en=document.title_en,
            title_vi=document.title_vi,
            lead_party=document.lead_party,
            disposition=document.disposition,
            classification=Classification.PUBLIC,
            restricted_to=None,
        )
        document.refresh_from_db()
        journey_step_record(
            actor=viewer,
            document=document,
            meeting=summit,
            action=JourneyAction.ADOPTED,
            note=f"Adopted as the “{BIOSAFETY_TITLE}”.",
        )
    return document


def _carry(previous: DocumentVersion, texts: list[str]) -> list[ParagraphInput]:
    """The next draft keeps the identity of the paragraphs it revises (heading, then paragraph by paragraph)."""
    uids = [
        str(uid)
        for uid in Paragraph.objects.filter(version=previous).order_by("position").values_list("uid", flat=True)
    ]
    rows = _paragraphs(texts)
    return [
        ParagraphInput(text=row.text, kind=row.kind, uid=uids[index] if index < len(uids) else None)
        for index, row in enumerate(rows)
    ]


@transaction.atomic
def journey_demo_load() -> int:
    """The 44th Summit's register (three documents) and the declaration's journey; returns the number of
    documents created (0 when already there)."""
    series = Series.objects.get(code=SUMMIT_SERIES)
    if OutcomeDocument.objects.filter(meeting__series=series).exists():
        return 0
    viewer = SeriesViewer.system(series.pk, purpose="demo loader")
    summit = Meeting.objects.get(series=series, body__code="SUMMIT", start_date=date(2024, 10, 9))
    som = Meeting.objects.get(series=series, body__code="SOM")
    _biosafety(viewer, summit, som)
    with _on(date(2024, 9, 20)):
        document_create(
            actor=viewer,
            meeting=summit,
            kind=DocumentKind.CHAIRMANS_STATEMENT,
            title_en="Chairman's Statement of the 44th and 45th ASEAN Summits",
            title_vi="Tuyên bố của Chủ tịch Hội nghị Cấp cao ASEAN lần thứ 44 và 45",
            lead_party=Party.objects.get(code="LA"),
            disposition=Disposition.ISSUE,
            classification=Classification.RESTRICTED,
        )
        # An ASEAN-only draft on its way: discussed by the SOM, not yet cleared (illustrative title).
        draft = document_create(
            actor=viewer,
            meeting=summit,
            kind=DocumentKind.DECLARATION,
            title_en="ASEAN Leaders' Statement on Regional Health Emergency Preparedness (illustrative)",
            title_vi="Tuyên bố của các Nhà Lãnh đạo ASEAN về Chuẩn bị ứng phó khẩn cấp y tế khu vực (minh họa)",
            lead_party=Party.objects.get(code="LA"),
            lead_body=Body.objects.get(code="SOMHD"),
            classification=Classification.RESTRICTED,
        )
    with _on(som.start_date, 15):
        journey_step_record(
            actor=viewer,
            document=draft,
            meeting=som,
            action=JourneyAction.DISCUSSED,
            note="Illustrative (demo).",
        )
    return 3
