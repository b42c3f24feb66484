"""Making a proposal: a party's change to one paragraph of the current draft, or a new paragraph; the
span and overlap checks that keep the bracketed text readable."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed, require_choice
from mufakat.documents.enums import ProposalKind, ProposalStatus, SilenceStatus
from mufakat.documents.models import OutcomeDocument, Paragraph, Proposal, SilenceProcedure
from mufakat.documents.rules import (
    proposal_refusal,
)
from mufakat.live.services import document_changed
from mufakat.reference.models import Party

from .common import (
    lock_for_party,
    paragraph_of,
    record_of,
    status_refresh,
)
from .notices import notify_proposal_on_paragraph

PROPOSAL_FIELDS = ["kind", "paragraph_uid", "start", "end", "text", "party", "status", "version"]


MAX_PROPOSED_CHARACTERS = 5_000


def _require_no_silence(document: OutcomeDocument) -> None:
    if SilenceProcedure.objects.filter(version__document=document, status=SilenceStatus.RUNNING).exists():
        raise ValidationFailed(
            _("the draft is under silence procedure; to reopen it, break silence with a reason."),
            field="version",
            record=record_of(document),
        )


def _require_proposable(paragraph: Paragraph, *, record: str) -> None:
    refusal = proposal_refusal(paragraph_kind=paragraph.kind)
    if refusal:
        raise ValidationFailed(refusal, field="paragraph_uid", record=record)


def _validate_span(
    paragraph: Paragraph, *, kind: str, start: int | None, end: int | None, text: str, record: str
) -> None:
    """The span fits the paragraph and suits the kind of change."""
    length = len(paragraph.text)
    if start is None or end is None:
        raise ValidationFailed(
            _("say which characters of the paragraph the change applies to."), field="start", record=record
        )
    if not 0 <= start <= length:
        raise ValidationFailed(
            _("must be between 0 and %(length)s (the paragraph's length).") % {"length": length},
            field="start",
            record=record,
        )
    if not start <= end <= length:
        raise ValidationFailed(
            _("must be between start (%(start)s) and %(length)s.") % {"start": start, "length": length},
            field="end",
            record=record,
        )
    _validate_change(paragraph, kind=kind, start=start, end=end, text=text, record=record)


def _validate_change(paragraph: Paragraph, *, kind: str, start: int, end: int, text: str, record: str) -> None:
    if kind == ProposalKind.INSERT:
        if start != end:
            raise ValidationFailed(
                _("an insertion goes at one point: start and end must be equal."), field="end", record=record
            )
        if not text.strip():
            raise ValidationFailed(_("say what to insert."), field="text", record=record)
    elif kind == ProposalKind.DELETE:
        if start == end:
            raise ValidationFailed(_("a deletion needs the words to delete."), field="end", record=record)
        if text:
            raise ValidationFailed(_("a deletion carries no text."), field="text", record=record)
    else:
        if start == end:
            raise ValidationFailed(_("a replacement needs the words it replaces."), field="end", record=record)
        if not text.strip():
            raise ValidationFailed(
                _("say what replaces the words, or propose a deletion."), field="text", record=record
            )
        if text == paragraph.text[start:end]:
            raise ValidationFailed(_("the replacement is the same as the text."), field="text", record=record)


def _require_not_proposed(
    version_id: int,
    *,
    party: Party,
    kind: str,
    paragraph_uid: uuid.UUID | None,
    start: int | None,
    end: int | None,
    text: str,
    record: str,
) -> None:
    """The same party proposing the same change on the same words of the current draft while its first is
    still open is a form sent twice, not a second proposal. Callers hold the document's row lock, so two
    such requests at once are checked one after the other and the second sees the first."""
    existing: Proposal | None = (
        Proposal.objects.filter(
            version_id=version_id,
            party=party,
            kind=kind,
            paragraph_uid=paragraph_uid,
            start=start,
            end=end,
            text=text,
            status=ProposalStatus.OPEN,
        )
        .order_by("pk")
        .first()
    )
    if existing is None:
        return
    raise Conflict(
        _("%(party)s already proposed this change (proposal #%(id)s).") % {"party": party.name, "id": existing.pk},
        field="text",
        record=record,
        current={
            "proposal_id": existing.pk,
            "party": party.code,
            "kind": existing.kind,
            "paragraph_uid": str(existing.paragraph_uid) if existing.paragraph_uid else None,
            "start": existing.start,
            "end": existing.end,
            "text": existing.text,
            "status": existing.status,
        },
    )


@transaction.atomic
def proposal_create(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    version_id: int,
    party: Party,
    kind: str,
    paragraph_uid: str | None,
    start: int | None = None,
    end: int | None = None,
    text: str = "",
    justification: str = "",
) -> Proposal:
    """A delegation proposes a change to a paragraph of the current draft (or a new paragraph after one).

    Refused with 409 naming the current version when `version_id` is superseded, and with 409 naming the
    existing proposal when the party already has the very same change open (a form sent twice); two
    delegations proposing on the same paragraph at once both keep their proposals (each is its own row)."""
    # A shared lock would do; the row lock keeps circulation of a new draft and proposals in order.
    document, record, current = lock_for_party(actor, document, party, version_id)
    _require_no_silence(document)
    require_choice(kind, ProposalKind.values, field="kind", record=record)
    if len(text) > MAX_PROPOSED_CHARACTERS:
        raise ValidationFailed(
            _("at most %(limit)s characters.") % {"limit": MAX_PROPOSED_CHARACTERS}, field="text", record=record
        )
    if "\x00" in text or "\x00" in justification:
        raise ValidationFailed(_("contains a NUL character."), field="text", record=record)
    if len(justification) > 500:
        raise ValidationFailed(_("at most 500 characters."), field="justification", record=record)
    new_uid = None
    if kind == ProposalKind.NEW_PARAGRAPH:
        anchor = (
            paragraph_of(current.pk, paragraph_uid, field="paragraph_uid", record=record) if paragraph_uid else None
        )
        if anchor is not None:
            _require_proposable(anchor, record=record)
        if not text.strip():
            raise ValidationFailed(_("a new paragraph cannot be empty."), field="text", record=record)
        text, start, end, new_uid = text.strip(), None, None, uuid.uuid4()
        paragraph_value = anchor.uid if anchor else None
    else:
        paragraph = paragraph_of(current.pk, paragraph_uid, field="paragraph_uid", record=record)
        _require_proposable(paragraph, record=record)
        _validate_span(paragraph, kind=kind, start=start, end=end, text=text, record=record)
        paragraph_value = paragraph.uid
    _require_not_proposed(
        current.pk,
        party=party,
        kind=kind,
        paragraph_uid=paragraph_value,
        start=start,
        end=end,
        text=text,
        record=record,
    )
    proposal = Proposal.objects.create(
        document=document,
        version=current,
        paragraph_uid=paragraph_value,
        kind=kind,
        start=start,
        end=end,
        text=text,
        justification=justification.strip(),
        new_uid=new_uid,
        party=party,
        created_by=actor.user if actor.is_authenticated else None,
    )
    status_refresh(document)
    notify_proposal_on_paragraph(actor=actor, proposal=proposal)
    audit_record(viewer=actor, action="proposal.create", obj=proposal, after=snapshot(proposal, PROPOSAL_FIELDS))
    document_changed(document.pk, "proposal", proposal=proposal.pk, paragraph=proposal.paragraph_uid, party=party.code)
    return proposal
