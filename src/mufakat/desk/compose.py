"""The desk's rows, series by series: what awaits an answer, the deadlines running, what comes next.

Every row says what is to be done, in which series and meeting, when it is due (a moment, shown in its own
time zone) and where it is done (a web page, one click away). The number of queries depends on the number
of series and parties the user holds roles for, never on how many documents, requests or reports there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer, series_viewers
from mufakat.bilaterals import selectors as bilateral_selectors
from mufakat.bilaterals.enums import Level
from mufakat.core.i18n import active_language
from mufakat.delegations import selectors as delegation_selectors
from mufakat.delegations.week import party_events
from mufakat.documents.enums import ParagraphKind, ProposalKind
from mufakat.documents.models import Paragraph, Proposal
from mufakat.documents.selectors import desk as document_desk
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series
from mufakat.plans import selectors as plan_selectors
from mufakat.plans.rules import can_report_for
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .rows import KIND_ORDER, Desk, DeskRow, SeriesRows

# How many of the next sessions and bilateral meetings a series shows: the desk is for today, the week's page
# (one click away) has the rest.
NEXT_EVENTS = 5


def desk_for(user: Any, *, now: datetime | None = None) -> Desk:
    """The user's desk in every series it holds a role in: what awaits an answer, then the deadlines running,
    then what comes next; within each, soonest first (rows without a due time last), then by series."""
    now = now or timezone.now()
    viewers = series_viewers(user)
    if not viewers:
        return Desk(now=now)
    index = MembershipIndex()
    parties = {party.pk: party for party in Party.objects.filter(pk__in={p for _, v in viewers for p in v.party_ids})}
    rows: list[DeskRow] = []
    for series, viewer in viewers:
        own = [parties[pk] for pk in sorted(viewer.party_ids, key=lambda pk: parties[pk].code)]
        rows += _series_rows(series, viewer, own, index, now)
    order = {"answer": 0, "deadline": 1, "next": 2}
    # A stable sort: rows equal on these keys keep the order their selectors gave them.
    rows.sort(
        key=lambda r: (order[r.section], r.due_at is None, r.due_at or now, r.series_code, KIND_ORDER.index(r.kind))
    )
    return Desk(now=now, rows=rows, series_codes=[series.code for series, _ in viewers])


def _series_rows(
    series: Series, viewer: SeriesViewer, parties: list[Party], index: MembershipIndex, now: datetime
) -> list[DeskRow]:
    at = SeriesRows(series)
    rows = _document_rows(at, viewer, parties, index, now)
    rows += _bilateral_rows(at, viewer)
    rows += _plan_rows(at, viewer, parties)
    rows += _delegation_rows(at, viewer)
    rows += _next_rows(at, viewer, parties, now)
    return rows


def _document_rows(
    at: SeriesRows, viewer: SeriesViewer, parties: list[Party], index: MembershipIndex, now: datetime
) -> list[DeskRow]:
    documents = document_desk.visible_documents(viewer=viewer, series=at.series, index=index)
    rows = [
        at.row(
            kind="position",
            section="answer",
            what=_("Take a position on draft %(number)s") % {"number": item.document.current_version.number},
            subject=item.document.title,
            meeting=item.document.meeting.short_title,
            party_code=item.party.code,
            url=at.url("document-board", item.document.pk, anchor="take-position"),
        )
        for item in document_desk.positions_awaited(viewer=viewer, documents=documents, parties=parties, index=index)
        if item.document.current_version is not None
    ]
    rows += [
        at.row(
            kind="silence",
            section="deadline",
            what=_("Silence procedure on draft %(number)s ends") % {"number": procedure.version.number},
            subject=procedure.version.document.title,
            meeting=procedure.version.document.meeting.short_title,
            due_at=procedure.deadline,
            time_zone=procedure.time_zone,
            url=at.url("document-board", procedure.version.document_id, anchor="silence"),
        )
        for procedure in document_desk.silence_procedures_running(documents=documents, now=now)
    ]
    rows += [
        at.row(
            kind="proposal",
            section="answer",
            what=_proposal_what(proposal),
            subject=proposal.document.title,
            meeting=proposal.document.meeting.short_title,
            party_code=", ".join(p.code for p in parties if p.pk != proposal.party_id),
            url=at.url("document-detail", proposal.document_id, anchor=f"proposal-{proposal.pk}"),
        )
        for proposal in _with_paragraph_numbers(
            document_desk.proposals_to_answer(viewer=viewer, documents=documents, parties=parties)
        )
    ]
    for item in document_desk.proposals_to_resolve(viewer=viewer, documents=documents):
        rows += at.counted(
            "resolve",
            item.count,
            section="answer",
            subject=item.document.title,
            meeting=item.document.meeting.short_title,
            url=at.url("document-detail", item.document.pk, anchor="resolve"),
        )
    return rows


def _with_paragraph_numbers(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Each proposal with the number its paragraph is printed with in the proposal's version (headings carry
    none: `paragraph_number` is None for them), in the same one query."""
    target = Paragraph.objects.filter(version_id=OuterRef("version_id"), uid=OuterRef("paragraph_uid"))
    numbered_up_to = (
        Paragraph.objects.filter(
            version_id=OuterRef("version_id"),
            kind=ParagraphKind.PARAGRAPH,
            position__lte=OuterRef("paragraph_position"),
        )
        .order_by()
        .values("version_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return proposals.annotate(
        paragraph_position=Subquery(target.values("position")[:1]),
        paragraph_kind=Subquery(target.values("kind")[:1]),
    ).annotate(paragraph_count=Subquery(numbered_up_to))


def _proposal_what(proposal: Any) -> str:
    """Which proposal, on which paragraph, whose: two proposals of one party read apart. The party's name stands
    as the reference data writes it (in brackets: no article to guess, "the Philippines" but "Cambodia")."""
    values = {"number": proposal.pk, "party": proposal.party.name}
    if proposal.paragraph_kind != ParagraphKind.PARAGRAPH or not proposal.paragraph_count:
        return _("Support or object to proposal #%(number)s (%(party)s)") % values
    values["paragraph"] = proposal.paragraph_count
    if proposal.kind == ProposalKind.NEW_PARAGRAPH:
        return (
            _("Support or object to proposal #%(number)s, a new paragraph after paragraph %(paragraph)s (%(party)s)")
            % values
        )
    return _("Support or object to proposal #%(number)s on paragraph %(paragraph)s (%(party)s)") % values


def _bilateral_rows(at: SeriesRows, viewer: SeriesViewer) -> list[DeskRow]:
    series = at.series
    rows = [
        at.row(
            kind="bilateral_request",
            section="answer",
            what=_("Answer the request of %(party)s to meet") % {"party": invitation.request.requester.name},
            subject=_("%(level)s, %(minutes)d minutes")
            % {"level": Level(invitation.request.level).label, "minutes": invitation.request.duration_minutes},
            party_code=invitation.party.code,
            due_at=invitation.request.window_start,
            url=at.url("bilateral-requests", anchor=f"request-{invitation.request_id}"),
        )
        for invitation in bilateral_selectors.bilateral_answers_awaited(viewer=viewer, series=series)
    ]
    unanswered = bilateral_selectors.bilateral_requests_unanswered(viewer=viewer, series=series)
    return rows + at.counted(
        "bilateral_unanswered",
        unanswered,
        section="answer",
        subject=_("Bilateral meetings"),
        url=at.url("bilateral-requests"),
    )


def _plan_rows(at: SeriesRows, viewer: SeriesViewer, parties: list[Party]) -> list[DeskRow]:
    series = at.series
    rows = []
    for party in parties:
        if not can_report_for(viewer, party.pk):
            continue
        for due in plan_selectors.reports_due(viewer=viewer, series=series, party=party):
            returned = len(due.returned)
            # The reports still to write (a deadline running) and those returned for clarification (to answer).
            for kind, section, count in (
                ("report_due", "deadline", len(due.outstanding) - returned),
                ("report_returned", "answer", returned),
            ):
                rows += at.counted(
                    kind,
                    count,
                    section=section,
                    subject=f"{due.plan.title}, {due.period.label}",
                    party_code=party.code,
                    due_at=due.period.due_at,
                    time_zone=due.period.time_zone,
                    url=at.url("plan-reports", due.plan.pk, query={"party": party.code}),
                )
    for waiting in plan_selectors.reports_to_review(viewer=viewer, series=series):
        period = waiting.period
        rows += at.counted(
            "report_review",
            waiting.submitted,
            section="answer",
            subject=f"{period.plan.title}, {period.label}",
            due_at=period.due_at,
            time_zone=period.time_zone,
            url=at.url("plan-report-queue", period.plan_id, query={"period": period.label}),
        )
    return rows


def _delegation_rows(at: SeriesRows, viewer: SeriesViewer) -> list[DeskRow]:
    series = at.series
    rows = [
        at.row(
            kind="participant_returned",
            section="answer",
            what=_("Correct the returned registration of %(name)s") % {"name": participant.name},
            subject=participant.returned_reason,
            party_code=participant.delegation.party.code,
            url=at.url("participant-edit", participant.pk),
        )
        for participant in delegation_selectors.participants_returned(viewer=viewer, series=series)
    ]
    waiting = delegation_selectors.accreditation_waiting(viewer=viewer, series=series)
    return rows + at.counted(
        "accreditation", waiting, section="answer", subject=_("Accreditation"), url=at.url("accreditation")
    )


def _next_rows(at: SeriesRows, viewer: SeriesViewer, parties: list[Party], now: datetime) -> list[DeskRow]:
    """The next sessions and bilateral meetings: the parties' own weeks (delegations.week), or for the chair
    the series' released programme. Session titles in Vietnamese come from the sessions as stored now (a
    release keeps the English ones), in one query."""
    series = at.series
    events: list[_Next] = []
    if viewer.is_chair or not parties:
        release = meeting_selectors.programme_latest_release(series=series)
        events = [
            _Next(e.uid, "session", e.title, e.meeting, e.meeting_id, e.starts_at, e.room, "", ())
            for e in (meeting_selectors.release_sessions(release) if release else [])
            if e.ends_at > now
        ][:NEXT_EVENTS]
    for party in [] if viewer.is_chair else parties:
        events += [
            _Next(e.uid, e.kind, e.title, e.meeting, e.meeting_id, e.starts_at, e.room, party.code, e.parties)
            for e in party_events(series=series, party=party, after=now)
            if e.status == "scheduled"
        ][:NEXT_EVENTS]
    chosen = sorted({e.uid: e for e in events}.values(), key=lambda e: (e.starts_at, e.uid))[:NEXT_EVENTS]
    titles: dict[str, str] = {}
    if chosen and active_language() == "vi":
        titles = meeting_selectors.session_titles_vi(uids=[e.uid for e in chosen if e.kind == "session"])
    return [_next_row(at, event, titles.get(event.uid) or event.title) for event in chosen]


@dataclass(frozen=True)
class _Next:
    """A session or bilateral meeting ahead, from the programme or a party's week."""

    uid: str
    kind: str
    title: str
    meeting: str
    meeting_id: int | None
    starts_at: datetime
    room: str | None
    party_code: str
    parties: tuple[Party, ...]


def _next_row(at: SeriesRows, event: _Next, title: str) -> DeskRow:
    if event.kind == "bilateral":
        return at.row(
            kind="bilateral",
            section="next",
            what=_("Bilateral meeting"),
            subject=" – ".join(p.name for p in event.parties) + (f" · {event.room}" if event.room else ""),
            party_code=event.party_code,
            due_at=event.starts_at,
            url=at.url("bilateral-delegation", event.party_code),
        )
    return at.row(
        kind="session",
        section="next",
        what=title,
        subject=event.room or "",
        meeting=event.meeting,
        party_code=event.party_code,
        due_at=event.starts_at,
        url=reverse("web:meeting-detail", args=[event.meeting_id]) if event.meeting_id else at.url("programme"),
    )
