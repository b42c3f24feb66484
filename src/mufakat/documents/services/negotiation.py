"""Proposals on the current draft, support and objection, and the chair's handling of them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.documents.enums import ProposalKind, ProposalStatus, SilenceStatus, Stance
from mufakat.documents.models import AdRefMark, OutcomeDocument, Paragraph, Proposal, ProposalReaction, SilenceProcedure
from mufakat.documents.rules import (
    ad_ref_refusal,
    proposal_refusal,
    rejection_refusal,
    require_act_for,
    require_manage,
)
from mufakat.reference.models import Party

from .common import lock, record_of, require_consensus_party, require_current, require_open, status_refresh

PROPOSAL_FIELDS = ["kind", "paragraph_uid", "start", "end", "text", "party", "status", "version"]
MAX_PROPOSED_CHARACTERS = 5_000


def _require_no_silence(document: OutcomeDocument) -> None:
    if SilenceProcedure.objects.filter(version__document=document, status=SilenceStatus.RUNNING).exists():
        raise ValidationFailed(
            _("the draft is under silence procedure; to reopen it, break silence with a reason."),
            field="version",
            record=record_of(document),
        )


def _paragraph(version_id: int, uid: str | None, *, field: str, record: str) -> Paragraph:
    try:
        parsed = uuid.UUID(str(uid))
    except ValueError:
        raise ValidationFailed(_("not a paragraph id."), field=field, record=record) from None
    paragraph: Paragraph | None = Paragraph.objects.filter(version_id=version_id, uid=parsed).first()
    if paragraph is None:
        raise ValidationFailed(
            _("no paragraph %(uid)s in the current draft.") % {"uid": uid}, field=field, record=record
        )
    return paragraph


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
    require_act_for(actor, party.pk, party.code)
    # A shared lock would do; the row lock keeps circulation of a new draft and proposals in order.
    document = lock(document)
    record = record_of(document)
    require_open(document)
    current = require_current(document, version_id, field="version_id")
    require_consensus_party(document, party)
    _require_no_silence(document)
    if kind not in ProposalKind.values:
        raise ValidationFailed(
            _("%(value)r is not one of %(choices)s.") % {"value": kind, "choices": ", ".join(ProposalKind.values)},
            field="kind",
            record=record,
        )
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
        anchor = _paragraph(current.pk, paragraph_uid, field="paragraph_uid", record=record) if paragraph_uid else None
        if anchor is not None:
            _require_proposable(anchor, record=record)
        if not text.strip():
            raise ValidationFailed(_("a new paragraph cannot be empty."), field="text", record=record)
        text, start, end, new_uid = text.strip(), None, None, uuid.uuid4()
        paragraph_value = anchor.uid if anchor else None
    else:
        paragraph = _paragraph(current.pk, paragraph_uid, field="paragraph_uid", record=record)
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
    audit_record(viewer=actor, action="proposal.create", obj=proposal, after=snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


def _open_on_current(proposal: Proposal, *, field: str = "proposal") -> OutcomeDocument:
    document = lock(proposal.document)
    record = record_of(document)
    require_open(document)
    proposal.refresh_from_db()
    if proposal.status != ProposalStatus.OPEN:
        raise Conflict(
            _("proposal %(id)s is already %(status)s.") % {"id": proposal.pk, "status": proposal.get_status_display()},
            field=field,
            record=record,
            current={"status": proposal.status},
        )
    require_current(document, proposal.version_id, field="version_id")
    return document


@transaction.atomic
def proposal_react(
    *, actor: SeriesViewer, proposal: Proposal, party: Party, stance: str, note: str = ""
) -> ProposalReaction:
    """Another delegation supports or objects; a second reaction by the same party replaces its first."""
    require_act_for(actor, party.pk, party.code)
    document = _open_on_current(proposal)
    record = f"proposal #{proposal.pk}"
    require_consensus_party(document, party)
    if stance not in Stance.values:
        raise ValidationFailed(
            _("%(value)r is not one of %(choices)s.") % {"value": stance, "choices": ", ".join(Stance.values)},
            field="stance",
            record=record,
        )
    if proposal.party_id == party.pk:
        raise ValidationFailed(
            _("%(party)s made this proposal; withdraw it instead.") % {"party": party.code},
            field="party",
            record=record,
        )
    if len(note) > 500:
        raise ValidationFailed(_("at most 500 characters."), field="note", record=record)
    reaction = ProposalReaction.objects.filter(proposal=proposal, party=party).first()
    before = snapshot(reaction, ["stance", "note"]) if reaction else None
    if reaction is None:
        reaction = ProposalReaction(proposal=proposal, party=party)
    reaction.stance, reaction.note = stance, note.strip()
    reaction.created_by, reaction.created_at = actor.user if actor.is_authenticated else None, timezone.now()
    reaction.save()
    audit_record(
        viewer=actor, action="proposal.react", obj=reaction, before=before, after=snapshot(reaction, ["stance", "note"])
    )
    return reaction


def _close(actor: SeriesViewer, proposal: Proposal, status: str, note: str, action: str) -> Proposal:
    before = snapshot(proposal, ["status"])
    proposal.status, proposal.resolved_at, proposal.resolution_note = status, timezone.now(), note.strip()[:500]
    proposal.save(update_fields=["status", "resolved_at", "resolution_note"])
    status_refresh(proposal.document)
    after = snapshot(proposal, ["status"])
    if action == "proposal.withdraw" and proposal.party_id not in actor.party_ids:
        # The chair secretariat withdrew it for the proposing delegation: the log says for whom.
        after["recorded_for"] = proposal.party.code
    audit_record(viewer=actor, action=action, obj=proposal, before=before, after=after)
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: SeriesViewer, proposal: Proposal, note: str = "") -> Proposal:
    if not (actor.is_chair or proposal.party_id in actor.party_ids):
        raise PermissionDenied(_("only the proposing delegation or the chair withdraws a proposal."))
    document = _open_on_current(proposal)
    proposal.document = document
    return _close(actor, proposal, ProposalStatus.WITHDRAWN, note, "proposal.withdraw")


@transaction.atomic
def proposal_reject(*, actor: SeriesViewer, proposal: Proposal, note: str = "") -> Proposal:
    """The chair drops a proposal that did not gain consensus (its text stays as it was)."""
    require_manage(actor)
    document = _open_on_current(proposal)
    refusal = rejection_refusal(note=note)
    if refusal:
        raise ValidationFailed(refusal, field="note", record=f"proposal #{proposal.pk}")
    proposal.document = document
    return _close(actor, proposal, ProposalStatus.REJECTED, note, "proposal.reject")


@transaction.atomic
def proposals_merge(
    *,
    actor: SeriesViewer,
    proposals: Sequence[Proposal],
    text: str,
    party: Party,
    justification: str = "",
) -> Proposal:
    """The chair replaces alternatives on one paragraph by one compromise over the union of their spans."""
    require_manage(actor)
    if len({proposal.pk for proposal in proposals}) < 2:
        raise ValidationFailed(_("merging needs at least two proposals."), field="proposal_ids")
    document = lock(proposals[0].document)
    record = record_of(document)
    require_open(document)
    fresh = list(Proposal.objects.select_for_update().filter(pk__in=[p.pk for p in proposals]))
    current = require_current(document, fresh[0].version_id, field="proposal_ids")
    paragraphs = {p.paragraph_uid for p in fresh}
    if len(paragraphs) != 1 or any(p.kind == ProposalKind.NEW_PARAGRAPH for p in fresh):
        raise ValidationFailed(
            _("only proposals on the same paragraph's words can be merged."), field="proposal_ids", record=record
        )
    for proposal in fresh:
        if (
            proposal.status != ProposalStatus.OPEN
            or proposal.version_id != current.pk
            or proposal.document_id != document.pk
        ):
            raise Conflict(
                _("proposal %(id)s is not open on the current draft.") % {"id": proposal.pk},
                field="proposal_ids",
                record=record,
                current={"version_id": current.pk, "number": current.number},
            )
    start = min(p.start or 0 for p in fresh)
    end = max(p.end or 0 for p in fresh)
    kind = ProposalKind.INSERT if start == end else (ProposalKind.REPLACE if text.strip() else ProposalKind.DELETE)
    # The alternatives close before the compromise is created: a compromise worded as one of them, in that
    # party's name, is not that party proposing it twice.
    resolved_at = timezone.now()
    for proposal in fresh:
        proposal.status, proposal.resolved_at = ProposalStatus.MERGED, resolved_at
        proposal.save(update_fields=["status", "resolved_at"])
    merged = proposal_create(
        actor=actor,
        document=document,
        version_id=current.pk,
        party=party,
        kind=kind,
        paragraph_uid=str(fresh[0].paragraph_uid),
        start=start,
        end=end,
        text=text if kind != ProposalKind.DELETE else "",
        justification=justification or _("Chair's compromise"),
    )
    Proposal.objects.filter(pk__in=[p.pk for p in fresh]).update(merged_into=merged)
    status_refresh(document)
    audit_record(
        viewer=actor,
        action="proposal.merge",
        obj=merged,
        after={"merged": sorted(p.pk for p in fresh), "into": merged.pk},
    )
    return merged


@transaction.atomic
def paragraph_ad_ref_mark(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    version_id: int,
    paragraph_uid: str,
    parties: Sequence[Party] = (),
    note: str = "",
) -> AdRefMark:
    """The chair records that a paragraph is agreed ad referendum (capitals still to confirm)."""
    require_manage(actor)
    document = lock(document)
    record = record_of(document)
    require_open(document)
    current = require_current(document, version_id, field="version_id")
    paragraph = _paragraph(current.pk, paragraph_uid, field="paragraph_uid", record=record)
    open_ids = list(
        Proposal.objects.filter(version=current, paragraph_uid=paragraph.uid, status=ProposalStatus.OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    refusal = ad_ref_refusal(paragraph_kind=paragraph.kind, open_proposal_ids=open_ids)
    if refusal:
        raise ValidationFailed(refusal, field="paragraph_uid", record=record)
    mark, _created = AdRefMark.objects.get_or_create(
        version=current,
        paragraph_uid=paragraph.uid,
        defaults={"note": note.strip()[:500], "marked_by": actor.user if actor.is_authenticated else None},
    )
    mark.parties.set(parties)
    status_refresh(document)
    audit_record(
        viewer=actor,
        action="paragraph.ad_ref_mark",
        obj=mark,
        after={"paragraph_uid": str(paragraph.uid), "parties": sorted(p.code for p in parties)},
    )
    return mark


@transaction.atomic
def paragraph_ad_ref_confirm(
    *, actor: SeriesViewer, document: OutcomeDocument, version_id: int, paragraph_uid: str
) -> None:
    """Capitals confirmed: the paragraph is simply agreed."""
    require_manage(actor)
    document = lock(document)
    record = record_of(document)
    require_open(document)
    current = require_current(document, version_id, field="version_id")
    paragraph = _paragraph(current.pk, paragraph_uid, field="paragraph_uid", record=record)
    mark = AdRefMark.objects.filter(version=current, paragraph_uid=paragraph.uid).first()
    if mark is None:
        raise ValidationFailed(_("the paragraph is not marked ad ref."), field="paragraph_uid", record=record)
    audit_record(
        viewer=actor, action="paragraph.ad_ref_confirm", obj=mark, before={"paragraph_uid": str(paragraph.uid)}
    )
    mark.delete()
    status_refresh(document)
