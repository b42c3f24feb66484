"""A document's pages: the bracketed text with open proposals, the clean text, versions, comparison, the
positions board with the silence procedure, and the FINAL text."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound
from mufakat.documents import selectors
from mufakat.documents.enums import (
    CLOSED_STATUSES,
    DocumentStatus,
    ParagraphKind,
    PositionKind,
    SilenceStatus,
)
from mufakat.documents.models import DocumentVersion, OutcomeDocument
from mufakat.documents.rules import (
    SILENCE_STATUSES,
    ad_ref_refusal,
    can_circulate,
    can_manage_documents,
    can_see_drafts,
    decision_refusal,
    positions_refusal,
    proposal_refusal,
    recommendation_refusal,
    silence_start_refusal,
)
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series
from mufakat.web.common import countdown_units, page, series_view, time_left
from mufakat.web.documents.forms import (
    DecideForm,
    PositionForm,
    RecommendForm,
    SilenceBreakForm,
    SilenceStartForm,
)

from .render import DocumentPageRenderer, PageFlags, proposal_change
from .shared import acting_parties, draft_line, local_time, speaking_party, venue_of, zone_of

POSITION_LABELS = dict(PositionKind.choices)


def _header(document: OutcomeDocument, viewer: SeriesViewer) -> dict[str, Any]:
    version = document.current_version
    return {
        "series": document.meeting.series,
        "document": document,
        "version": version,
        "draft_line": draft_line(document, version),
        "is_open": document.status not in CLOSED_STATUSES,
        "is_chair": can_manage_documents(viewer),
        "can_circulate": can_circulate(viewer, document) and document.status not in CLOSED_STATUSES,
    }


def document_page(
    request: HttpRequest,
    document: OutcomeDocument,
    viewer: SeriesViewer,
    *,
    status: int = 200,
    shown: DocumentVersion | None = None,
    **extra: Any,
) -> HttpResponse:
    """The bracketed text, every paragraph with its number, status and open proposals beneath; `shown`, a
    superseded draft, read only, as it stood when the next draft was circulated."""
    context = _header(document, viewer)
    version = shown or document.current_version
    superseded = shown is not None and shown.pk != document.current_version_id
    if superseded:
        # Nothing is proposed, resolved or marked on a superseded draft: its page is the record.
        context.update(is_open=False, draft_line=draft_line(document, shown), superseded=shown)
    context["shown_version"] = version
    rows: list[dict[str, Any]] = []
    silence = selectors.silence_state(document=document)
    silence_running = silence is not None and silence.procedure.status == SilenceStatus.RUNNING
    parties = acting_parties(viewer, document) if version is not None else []
    speaking_for = speaking_party(request, document, parties)
    can_propose = bool(parties) and context["is_open"] and not silence_running
    if version is not None:
        renderer = DocumentPageRenderer(
            PageFlags(
                series_code=document.meeting.series.code,  # type: ignore[union-attr]
                document_id=document.pk,
                version_id=version.pk,
                csrf_token=get_token(request),
                speaking_for=speaking_for.code if speaking_for else "",
                viewer_codes=frozenset(viewer.party_codes),
                can_propose=can_propose,
                is_chair=context["is_chair"],
                is_open=context["is_open"],
                silence_running=silence_running,
            )
        )
        text = selectors.bracketed_text(version=version)
        raw = {p.uid: p.text for p in selectors.paragraph_texts(version=version)}
        grouped = text.proposals_by_paragraph
        # What the service's ad ref check counts: every open proposal on the paragraph, and new paragraphs
        # proposed after it.
        waiting: dict[str, list[int]] = defaultdict(list)
        for row in text.proposals:
            waiting[str(row.proposal.paragraph_uid)].append(row.proposal.pk)
        may_mark = context["is_chair"] and context["is_open"] and not silence_running
        for paragraph in text.paragraphs:
            entries = [
                (row, proposal_change(row.proposal, raw.get(paragraph.uid, "")))
                for row in grouped.get(paragraph.uid, [])
            ]
            ad_ref = (
                ad_ref_refusal(paragraph_kind=paragraph.kind, open_proposal_ids=waiting[paragraph.uid])
                if may_mark and not paragraph.proposed and paragraph.status != "ad_ref"
                else None
            )
            rows.append(
                {
                    "paragraph": paragraph,
                    "html": mark_safe(paragraph.html()),  # noqa: S308 - brackets.html() escapes every text it holds
                    "proposals_html": renderer.proposals(entries),
                    "propose_html": renderer.propose_form(paragraph.uid)
                    if can_propose and not paragraph.proposed and not proposal_refusal(paragraph_kind=paragraph.kind)
                    else "",
                    "anchor": f"p-{paragraph.uid}",
                    # None: no ad ref mark to offer here; "": the chair may mark it; else why not yet.
                    "ad_ref": None if ad_ref and paragraph.kind == ParagraphKind.HEADING else ad_ref,
                }
            )
        context["bracket_count"] = text.bracket_count
        context["has_headings"] = any(p.kind == ParagraphKind.HEADING for p in text.paragraphs)
        context["open_count"] = len(text.proposals)
    prepared_by = meeting_selectors.meeting_prepared_by(meeting=document.meeting) if context["is_chair"] else []
    chair_may = context["is_chair"] and context["is_open"] and version is not None
    # Why the SOM cannot recommend, or the meeting decide, yet (shown instead of a form that would be refused);
    # nothing to say about recommending a text already recommended.
    recommend_cannot = (
        recommendation_refusal(status=document.status)
        if chair_may and prepared_by and document.status != DocumentStatus.RECOMMENDED
        else ""
    )
    decide_cannot = (
        decision_refusal(status=document.status, open_count=context.get("open_count", 0)) if chair_may else ""
    )
    context.update(
        {
            "recommend_cannot": recommend_cannot,
            "decide_cannot": decide_cannot,
            "rows": rows,
            "parties": parties,
            # Every form on the page speaks for one party: the viewer's own, or the one the secretariat
            # chose to record for (a select in each of thousands of forms would weigh megabytes).
            "single_party": speaking_for,
            "can_propose": can_propose,
            "silence_running": silence_running,
            "viewer_codes": set(viewer.party_codes),
            "recommend_form": RecommendForm(initial={"expected_version": document.version}, meetings=prepared_by)
            if chair_may and prepared_by and document.status != DocumentStatus.RECOMMENDED and not recommend_cannot
            else None,
            "decide_form": DecideForm(
                initial={
                    "expected_version": document.version,
                    "place": venue_of(document).city if venue_of(document) else "",  # type: ignore[union-attr]
                    "on": document.meeting.end_date,
                }
            )
            if chair_may and not decide_cannot
            else None,
            **extra,
        }
    )
    return page(request, "documents/document.html", context, viewer=viewer, status=status)


def _document(series: Series, viewer: SeriesViewer, document_id: int) -> OutcomeDocument:
    return selectors.document_get(viewer=viewer, series=series, document_id=document_id)


@require_safe
@series_view()
def document_detail(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = _document(series, viewer, document_id)
    if not can_see_drafts(viewer):
        return redirect("web:document-final", code=series.code, document_id=document.pk)
    number = _number(request.GET.get("version"))
    shown = selectors.version_get(document=document, number=number) if number is not None else None
    return document_page(request, document, viewer, shown=shown)


@require_safe
@series_view()
def document_clean(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = _document(series, viewer, document_id)
    if not can_see_drafts(viewer):
        return redirect("web:document-final", code=series.code, document_id=document.pk)
    context = _header(document, viewer)
    number = _number(request.GET.get("version"))
    version = (
        selectors.version_get(document=document, number=number) if number is not None else document.current_version
    )
    if version is not None and version.pk != document.current_version_id:
        context.update(draft_line=draft_line(document, version), superseded=version)
    context["shown_version"] = version
    context["paragraphs"] = selectors.clean_text(version=version).paragraphs if version else []
    return page(request, "documents/clean.html", context, viewer=viewer)


@require_safe
@series_view()
def document_final(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = _document(series, viewer, document_id)
    if not document.is_final or document.current_version is None:
        raise NotFound(_("“%(title)s” has no final text yet.") % {"title": document.title}, field="document_id")
    context = _header(document, viewer)
    context["paragraphs"] = selectors.clean_text(version=document.current_version).paragraphs
    return page(request, "documents/final.html", context, viewer=viewer)


@require_safe
@series_view(login_required=True)
def document_versions(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = _document(series, viewer, document_id)
    context = _header(document, viewer)
    context["versions"] = [
        {"version": v, "when": local_time(document, v.circulated_at)}
        for v in reversed(selectors.version_list(document=document))
    ]
    return page(request, "documents/versions.html", context, viewer=viewer)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_safe
@series_view(login_required=True)
def document_compare(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = _document(series, viewer, document_id)
    context = _header(document, viewer)
    versions = selectors.version_list(document=document)
    numbers = [v.number for v in versions]
    new_number = _number(request.GET.get("new")) or (numbers[-1] if numbers else None)
    old_number = _number(request.GET.get("old")) or (new_number - 1 if new_number and new_number > 1 else None)
    context.update({"numbers": numbers, "old_number": old_number, "new_number": new_number, "comparison": None})
    if old_number and new_number:
        old = selectors.version_get(document=document, number=old_number)
        new = selectors.version_get(document=document, number=new_number)
        context["comparison"] = selectors.version_compare(old=old, new=new)
    return page(request, "documents/compare.html", context, viewer=viewer)


def board_page(
    request: HttpRequest,
    document: OutcomeDocument,
    viewer: SeriesViewer,
    *,
    status: int = 200,
    position_form: PositionForm | None = None,
    silence_form: SilenceStartForm | None = None,
    break_form: SilenceBreakForm | None = None,
    **extra: Any,
) -> HttpResponse:
    """Parties × their position on the current draft, and the silence procedure's panel."""
    context = _header(document, viewer)
    board = selectors.positions_board(document=document)
    silence = selectors.silence_state(document=document)
    version = document.current_version
    parties = acting_parties(viewer, document) if version is not None and context["is_open"] else []
    zone = zone_of(document)
    running = silence is not None and silence.procedure.status == SilenceStatus.RUNNING
    default_deadline = (timezone.now().astimezone(zone) + timedelta(days=2)).replace(
        hour=18, minute=0, second=0, microsecond=0, tzinfo=None
    )
    may_start = context["is_chair"] and version is not None and context["is_open"] and not running
    silence_held = may_start and version is not None and selectors.silence_held_on(version=version)
    silence_cannot = (
        silence_start_refusal(
            version_number=version.number,
            open_count=selectors.open_proposal_count(version=version),
            status=document.status,
            silence_held=silence_held,
        )
        if may_start and version is not None and silence_form is None
        else ""
    )
    # A text cleared by silence held has no positions to count: the board says how it was cleared instead.
    cleared_by_silence = (
        silence is not None
        and silence.procedure.status == SilenceStatus.HELD
        and silence.procedure.version_id == getattr(version, "pk", None)
    )
    positions_closed = (
        positions_refusal(version_number=version.number, status=document.status, silence_held=cleared_by_silence)
        if version is not None
        else ""
    )
    asking_refused = (
        positions_refusal(
            version_number=version.number, status=document.status, silence_held=cleared_by_silence, asking=True
        )
        if version is not None
        else ""
    )
    if positions_closed:
        parties = []
    requested_at = selectors.positions_requested_at(version=version) if version is not None else None
    context.update(
        {
            "board": board,
            "cleared_by_silence": cleared_by_silence,
            "positions_closed": positions_closed,
            "silence_result": selectors.silence_result(procedure=silence.procedure) if silence else "",
            "rows": [
                {
                    "row": row,
                    "position": POSITION_LABELS.get(row.position, ""),
                    "previous": POSITION_LABELS.get(row.previous, ""),
                }
                for row in board.rows
            ],
            "total": len(board.rows),
            "counts": [(label, board.count(value), value) for value, label in PositionKind.choices],
            "silence": silence,
            "silence_running": running,
            "silence_deadline": local_time(document, silence.procedure.deadline) if silence else "",
            "silence_deadline_zone": formats.date_format(silence.local_deadline, "DATETIME_FORMAT") if silence else "",
            "silence_remaining": time_left(silence.seconds_left) if silence and running else "",
            "countdown_units": countdown_units(),
            # The proof that every party was told (the secretariats only): who, how, when, the e-mail's fate.
            "silence_notified": [
                {
                    "row": row,
                    "when": local_time(document, row.told_at) if row.told_at else "",
                    "emailed": local_time(document, row.emailed_at) if row.emailed_at else "",
                }
                for row in selectors.silence_notified(procedure=silence.procedure)
            ]
            if silence and viewer.is_secretariat
            else None,
            # The chair may ask the parties without a position on the current draft for one.
            "may_request_positions": context["is_chair"]
            and context["is_open"]
            and version is not None
            and not running
            and not asking_refused
            and board.pending > 0
            and requested_at is None,
            "positions_requested_at": local_time(document, requested_at) if requested_at else "",
            "silence_breaks": [
                {"party": code, "reason": reason, "when": local_time(document, when)}
                for code, reason, when in (silence.breaks if silence else [])
            ],
            "position_form": position_form
            or (PositionForm(initial={"version_id": version.pk}, parties=parties) if parties and version else None),
            "break_form": break_form or (SilenceBreakForm(parties=parties) if parties and running else None),
            "silence_form": silence_form
            or (
                SilenceStartForm(
                    initial={"version_id": version.pk, "deadline": default_deadline, "time_zone": zone.key}
                )
                if may_start and version and not silence_cannot
                else None
            ),
            "silence_cannot": silence_cannot,
            # A text already cleared (or silence already held) is past silence, not yet to go under it.
            "silence_settled": silence_held or document.status not in SILENCE_STATUSES,
            **extra,
        }
    )
    return page(request, "documents/board.html", context, viewer=viewer, status=status)


@require_safe
@series_view(login_required=True)
def document_board(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    return board_page(request, _document(series, viewer, document_id), viewer)
