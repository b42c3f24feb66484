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

Every record is dated on the demo clock (demo.clock): drafts when circulated, positions, proposals and
decisions when the story has them taken, all by 27 July 2024, 20:00. At that moment the silence procedure is
running; the app keeps the real clock, so its deadline has passed and the first deadline pass (`mufakat serve`
or `mufakat run-deadlines`) concludes it: silence held, concluded at its deadline, the Work Plan cleared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.demo.clock import demo_clock, july_2024
from mufakat.demo.documents_negotiation import agree_all, negotiate_communique, paragraphs_of
from mufakat.demo.documents_register import ENTRIES, GENERIC_TEXT, PLAN_TEXT, WORK_PLAN_TEXT, Entry
from mufakat.documents.enums import DocumentKind
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.services import (
    document_create,
    document_decide,
    document_recommend,
    document_version_circulate,
    silence_start,
)
from mufakat.meetings.enums import SessionKind
from mufakat.meetings.models import Meeting, Series
from mufakat.reference.models import Party

SILENCE_STARTED = july_2024(27, 18, 30)
SILENCE_DEADLINE = july_2024(29, 18)


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
    with demo_clock(july_2024(10, 9)):
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
        negotiate_communique(viewer, document, parties)
        return
    rows = PLAN_TEXT if entry.kind == DocumentKind.PLAN_OF_ACTION else GENERIC_TEXT
    if entry.state == "silence":
        rows = WORK_PLAN_TEXT
    # First drafts go out three days before their meeting; what follows happens on the story's days.
    circulated = july_2024(meeting.start_date.day - 3, 18)
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
        paragraphs=paragraphs_of(
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
        with demo_clock(july_2024(23, 12)):
            agree_all(viewer, document)
            document.refresh_from_db()
            som = Meeting.objects.get(series=meeting.series, body__code="SOM")
            document_recommend(actor=viewer, document=document, expected_version=document.version, from_meeting=som)
    else:
        with demo_clock(july_2024(meeting.start_date.day - 1, 17)):
            agree_all(viewer, document)
    if entry.state in {"recommended", "decided"}:
        with demo_clock(_decided_at(meeting)):
            document.refresh_from_db()
            document_decide(actor=viewer, document=document, expected_version=document.version, on=meeting.start_date)


def _decided_at(meeting: Meeting) -> datetime:
    """When the meeting's last plenary session closed: the moment it adopted (noted, issued) its documents."""
    plenary = meeting.sessions.filter(kind=SessionKind.PLENARY).order_by("-ends_at").first()
    assert plenary is not None  # noqa: S101 - every demo meeting has a plenary session
    return plenary.ends_at
