"""Circulating versions: a new text, or the current one with accepted proposals applied.

A new version carries forward what still applies: open proposals on paragraphs whose text did not
change (or whose disputed words can still be found exactly once) and ad ref marks on unchanged
paragraphs. Proposals that can no longer be placed lapse, with a note saying why, so nobody's
amendment disappears silently."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed, require_choice
from mufakat.core.versioning import versioned_update
from mufakat.documents import brackets
from mufakat.documents.enums import (
    DocumentStatus,
    ParagraphKind,
    ProposalKind,
    ProposalStatus,
    SilenceStatus,
    VersionOrigin,
)
from mufakat.documents.models import AdRefMark, DocumentVersion, OutcomeDocument, Paragraph, Proposal, SilenceProcedure
from mufakat.documents.rules import can_circulate
from mufakat.live.services import document_changed
from mufakat.search.indexing import index_version

from .common import lock, lock_to_manage, record_of, require_current, require_open, status_refresh
from .history import proposals_record
from .notices import notify_circulated, notify_proposals_decided
from .silence_notices import notify_silence_cancelled

MAX_PARAGRAPH_CHARACTERS = 20_000
CONTEXT = 24  # characters each side used to find a disputed span again in an edited paragraph


@dataclass(frozen=True)
class ParagraphInput:
    text: str
    kind: str = ParagraphKind.PARAGRAPH
    uid: str | None = None  # the paragraph of the previous version this one continues; None: a new paragraph


def _validated(paragraphs: Sequence[ParagraphInput], previous_uids: set[str], record: str) -> list[ParagraphInput]:
    if not paragraphs:
        raise ValidationFailed(_("a version needs at least one paragraph."), field="paragraphs", record=record)
    seen: set[str] = set()
    cleaned: list[ParagraphInput] = []
    for index, paragraph in enumerate(paragraphs):
        field = f"paragraphs[{index}]"
        text = paragraph.text.strip()
        if not text:
            raise ValidationFailed(_("a paragraph cannot be empty."), field=f"{field}.text", record=record)
        if len(text) > MAX_PARAGRAPH_CHARACTERS:
            raise ValidationFailed(
                _("at most %(limit)s characters per paragraph.") % {"limit": MAX_PARAGRAPH_CHARACTERS},
                field=f"{field}.text",
                record=record,
            )
        if "\x00" in text:
            raise ValidationFailed(_("contains a NUL character."), field=f"{field}.text", record=record)
        require_choice(paragraph.kind, ParagraphKind.values, field=f"{field}.kind", record=record)
        uid = paragraph.uid
        if uid is not None:
            try:
                uid = str(uuid.UUID(str(uid)))
            except ValueError:
                raise ValidationFailed(_("not a paragraph id."), field=f"{field}.uid", record=record) from None
            if uid not in previous_uids:
                raise ValidationFailed(
                    _("no paragraph %(uid)s in the current version; leave the id empty for a new paragraph.")
                    % {"uid": uid},
                    field=f"{field}.uid",
                    record=record,
                )
            if uid in seen:
                raise ValidationFailed(
                    _("paragraph %(uid)s appears twice.") % {"uid": uid}, field=f"{field}.uid", record=record
                )
            seen.add(uid)
        cleaned.append(ParagraphInput(text=text, kind=paragraph.kind, uid=uid))
    return cleaned


def _relocate(old_text: str, new_text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the span [start, end) of old_text is in new_text, if that can be said without guessing."""
    if old_text == new_text:
        return start, end
    for context in (CONTEXT, 8, 0):
        before = old_text[max(0, start - context) : start]
        after = old_text[end : end + context]
        needle = before + old_text[start:end] + after
        if not needle:
            return None
        first = new_text.find(needle)
        if first == -1 or new_text.find(needle, first + 1) != -1:
            continue
        return first + len(before), first + len(before) + (end - start)
    return None


def _write_version(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    paragraphs: list[ParagraphInput],
    origin: str,
    note: str,
    circulated_at: datetime | None,
    new_uids: dict[int, str] | None = None,
    accepted: Sequence[Proposal] = (),
) -> DocumentVersion:
    previous = document.current_version
    number = (DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        circulated_at=circulated_at or timezone.now(),
        circulated_by=actor.user if actor.is_authenticated else None,
        origin=origin,
        based_on=previous,
        note=note.strip(),
    )
    rows = []
    for position, paragraph in enumerate(paragraphs, start=1):
        uid = paragraph.uid or (new_uids or {}).get(position - 1) or str(uuid.uuid4())
        rows.append(Paragraph(version=version, uid=uid, position=position, kind=paragraph.kind, text=paragraph.text))
    Paragraph.objects.bulk_create(rows)
    if previous is not None:
        proposals_record(version=previous)  # before anything on it is accepted, carried forward or lapses
    for proposal in accepted:
        proposal.status, proposal.resolved_at, proposal.resolved_in = ProposalStatus.ACCEPTED, timezone.now(), version
        proposal.save(update_fields=["status", "resolved_at", "resolved_in"])
    lapsed = _carry_forward(document=document, previous=previous, version=version, new_rows=rows)
    for procedure in SilenceProcedure.objects.filter(version__document=document, status=SilenceStatus.RUNNING):
        procedure.status, procedure.concluded_at = SilenceStatus.CANCELLED, timezone.now()
        procedure.result = _("superseded by draft %(number)s") % {"number": number}
        procedure.save(update_fields=["status", "concluded_at", "result"])
        notify_silence_cancelled(actor=actor, procedure=procedure)
    # The register entry moves on with its text: a new current version and a new register version. The draft
    # the author edited was checked by the caller (a superseded one is refused naming the current draft).
    versioned_update(
        document,
        expected_version=None,
        record=record_of(document),
        changes={
            "current_version": version,
            "status": DocumentStatus.DRAFTING if document.status == DocumentStatus.PLANNED else document.status,
        },
        update_fields=["current_version", "status"],
    )
    status_refresh(document)
    index_version(version)  # the new wordings searchable in this transaction
    notify_circulated(actor=actor, document=document, version=version)
    closed = list(accepted) + list(Proposal.objects.filter(pk__in=lapsed).select_related("party", "document"))
    notify_proposals_decided(actor=actor, proposals=closed, number=number)
    audit_record(
        viewer=actor,
        action="document.version_circulate",
        obj=version,
        before={"version": previous.number if previous else None},
        after={
            "version": number,
            "origin": origin,
            "paragraphs": len(rows),
            "accepted": sorted(p.pk for p in accepted),
            "lapsed": lapsed,
        },
    )
    document_changed(document.pk, "draft", number=number)
    return version


def _carry_forward(
    *, document: OutcomeDocument, previous: DocumentVersion | None, version: DocumentVersion, new_rows: list[Paragraph]
) -> list[int]:
    if previous is None:
        return []
    old_text = {str(uid): text for uid, text in Paragraph.objects.filter(version=previous).values_list("uid", "text")}
    new_text = {str(row.uid): row.text for row in new_rows}
    lapsed: list[int] = []
    carried: list[Proposal] = []
    for proposal in Proposal.objects.filter(version=previous, status=ProposalStatus.OPEN):
        uid = str(proposal.paragraph_uid) if proposal.paragraph_uid else None
        if proposal.kind == ProposalKind.NEW_PARAGRAPH:
            if uid is None or uid in new_text:
                proposal.version = version
                carried.append(proposal)
                continue
            reason = _("the paragraph it followed was removed in draft %(number)s") % {"number": version.number}
        elif uid in new_text and uid in old_text:
            span = _relocate(old_text[uid], new_text[uid], proposal.start or 0, proposal.end or 0)
            if span is not None:
                proposal.version, (proposal.start, proposal.end) = version, span
                carried.append(proposal)
                continue
            reason = _("the words it changes were edited in draft %(number)s") % {"number": version.number}
        else:
            reason = _("its paragraph was removed in draft %(number)s") % {"number": version.number}
        proposal.status, proposal.resolved_at = ProposalStatus.LAPSED, timezone.now()
        proposal.resolution_note = _("%(reason)s; propose again on the new text.") % {"reason": reason}
        proposal.save(update_fields=["status", "resolved_at", "resolution_note"])
        lapsed.append(proposal.pk)
    Proposal.objects.bulk_update(carried, ["version", "start", "end"])
    unchanged = {uid for uid, text in new_text.items() if old_text.get(uid) == text}
    for mark in AdRefMark.objects.filter(version=previous).prefetch_related("parties"):
        if str(mark.paragraph_uid) in unchanged:
            copy = AdRefMark.objects.create(
                version=version,
                paragraph_uid=mark.paragraph_uid,
                note=mark.note,
                marked_by=mark.marked_by,
                marked_at=mark.marked_at,
            )
            copy.parties.set(mark.parties.all())
    return lapsed


@transaction.atomic
def document_version_circulate(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    paragraphs: Sequence[ParagraphInput],
    based_on_version_id: int | None,
    note: str = "",
    origin: str = VersionOrigin.DRAFTED,
    circulated_at: datetime | None = None,
) -> DocumentVersion:
    """Circulate a new text. `based_on_version_id` is the version the author edited (None for the first
    draft); if someone circulated another draft meanwhile, the edit is refused with 409."""
    document = lock(document)
    record = record_of(document)
    if not can_circulate(actor, document):
        raise PermissionDenied(_("only the chair secretariat or the lead party's focal point circulates drafts."))
    require_open(document)
    current = document.current_version
    if (current.pk if current else None) != based_on_version_id:
        raise Conflict(
            _("another draft was circulated meanwhile (now draft %(number)s); start from it.")
            % {"number": current.number if current else 0},
            field="based_on_version_id",
            record=record,
            current={"version_id": current.pk if current else None, "number": current.number if current else 0},
        )
    previous_uids = (
        {str(uid) for uid in Paragraph.objects.filter(version=current).values_list("uid", flat=True)}
        if current
        else set()
    )
    cleaned = _validated(paragraphs, previous_uids, record)
    if origin not in (VersionOrigin.DRAFTED, VersionOrigin.IMPORTED):
        raise ValidationFailed(_("a circulated text is drafted or imported."), field="origin", record=record)
    return _write_version(
        actor=actor, document=document, paragraphs=cleaned, origin=origin, note=note, circulated_at=circulated_at
    )


@transaction.atomic
def proposals_accept(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    proposal_ids: Sequence[int],
    version_id: int,
    note: str = "",
    circulated_at: datetime | None = None,
) -> DocumentVersion:
    """The chair accepts proposals: the next draft is the current one with them applied."""
    document, record = lock_to_manage(actor, document)
    require_open(document)
    current = require_current(document, version_id)
    if not proposal_ids:
        raise ValidationFailed(_("name at least one proposal to accept."), field="proposal_ids", record=record)
    proposals = list(Proposal.objects.filter(document=document, pk__in=set(proposal_ids)).select_for_update())
    missing = sorted(set(proposal_ids) - {p.pk for p in proposals})
    if missing:
        raise ValidationFailed(
            _("no proposal %(ids)s on this document.") % {"ids": ", ".join(map(str, missing))},
            field="proposal_ids",
            record=record,
        )
    for proposal in proposals:
        if proposal.status != ProposalStatus.OPEN or proposal.version_id != current.pk:
            raise Conflict(
                _("proposal %(id)s is %(status)s, not open on the current draft.")
                % {"id": proposal.pk, "status": proposal.get_status_display()},
                field="proposal_ids",
                record=record,
                current={"version_id": current.pk, "number": current.number},
            )
    rows = list(Paragraph.objects.filter(version=current).order_by("position"))
    by_uid: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.kind != ProposalKind.NEW_PARAGRAPH:
            by_uid.setdefault(str(proposal.paragraph_uid), []).append(proposal)
    _refuse_overlaps(by_uid, record)
    texts: list[ParagraphInput] = []
    new_uids: dict[int, str] = {}

    def add_new_after(anchor: str | None) -> None:
        for proposal in sorted(
            (p for p in proposals if p.kind == ProposalKind.NEW_PARAGRAPH and _uid(p.paragraph_uid) == anchor),
            key=lambda p: p.pk,
        ):
            new_uids[len(texts)] = str(proposal.new_uid or uuid.uuid4())
            texts.append(ParagraphInput(text=proposal.text.strip(), kind=ParagraphKind.PARAGRAPH))

    add_new_after(None)
    for row in rows:
        uid = str(row.uid)
        text = row.text
        if uid in by_uid:
            text = brackets.apply_proposals(text, [_as_open(p) for p in by_uid[uid]]).strip()
        if text:
            texts.append(ParagraphInput(text=text, kind=row.kind, uid=uid))
        add_new_after(uid)
    if not texts:
        raise ValidationFailed(
            _("accepting these would leave the document empty."), field="proposal_ids", record=record
        )
    return _write_version(
        actor=actor,
        document=document,
        paragraphs=texts,
        origin=VersionOrigin.RESOLVED,
        note=note,
        circulated_at=circulated_at,
        new_uids=new_uids,
        accepted=proposals,
    )


def _refuse_overlaps(by_uid: dict[str, list[Proposal]], record: str) -> None:
    """Accepted together, two proposals must not change the same words (the chair merges them first)."""
    for uid, group in by_uid.items():
        ordered = sorted(group, key=lambda p: (p.start or 0, p.end or 0))
        for first, second in itertools.pairwise(ordered):
            if (second.start or 0) < (first.end or 0) or (first.start, first.end) == (second.start, second.end):
                raise ValidationFailed(
                    _("proposals %(a)s and %(b)s change the same words of paragraph %(uid)s; merge them first.")
                    % {"a": first.pk, "b": second.pk, "uid": uid},
                    field="proposal_ids",
                    record=record,
                )


def _uid(value: uuid.UUID | None) -> str | None:
    return str(value) if value else None


def _as_open(proposal: Proposal) -> brackets.OpenProposal:
    return brackets.OpenProposal(
        id=proposal.pk,
        kind=proposal.kind,
        paragraph_uid=_uid(proposal.paragraph_uid),
        start=proposal.start or 0,
        end=proposal.end or 0,
        text=proposal.text,
        parties=(),
    )
