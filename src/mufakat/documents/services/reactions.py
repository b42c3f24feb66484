"""Answering a proposal: support or objection by another party, withdrawal by its proposer, rejection or
a compromise merging several proposals by the chair."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed, require_choice
from mufakat.documents.enums import ProposalKind, ProposalStatus, Stance
from mufakat.documents.models import OutcomeDocument, Proposal, ProposalReaction
from mufakat.documents.rules import (
    rejection_refusal,
    require_act_for,
    require_manage,
)
from mufakat.live.services import document_changed
from mufakat.reference.models import Party

from .common import lock, record_of, require_consensus_party, require_current, require_open, status_refresh
from .notices import notify_proposals_decided
from .proposals import proposal_create


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
    require_choice(stance, Stance.values, field="stance", record=record)
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
    document_changed(document.pk, "reaction", proposal=proposal.pk, party=party.code, stance=stance)
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
    document_changed(proposal.document_id, str(status), proposal=proposal.pk, paragraph=proposal.paragraph_uid)
    if action != "proposal.withdraw" or proposal.party_id not in actor.party_ids:
        # The chair's decision (a delegation withdrawing its own proposal knows it already).
        notify_proposals_decided(actor=actor, proposals=[proposal])
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
    for proposal in fresh:
        proposal.merged_into = merged
    notify_proposals_decided(actor=actor, proposals=fresh)
    status_refresh(document)
    audit_record(
        viewer=actor,
        action="proposal.merge",
        obj=merged,
        after={"merged": sorted(p.pk for p in fresh), "into": merged.pk},
    )
    document_changed(document.pk, "merged", proposal=merged.pk, paragraph=merged.paragraph_uid)
    return merged
