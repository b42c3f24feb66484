"""The record of what each draft circulated with: when a draft is superseded, the proposals open on it
are recorded as they stand (span, supporters, objectors), so its bracketed text can be read again later,
unchanged, whatever happens to those proposals on the drafts that follow."""

from __future__ import annotations

from collections import defaultdict

from mufakat.documents.enums import ProposalStatus, Stance
from mufakat.documents.models import DocumentVersion, Proposal, ProposalReaction, ProposalRecord


def proposals_record(*, version: DocumentVersion) -> int:
    """Record the proposals open on `version` as they stand now; called by the circulation of the draft
    that supersedes it, inside its transaction and under its document lock (so nothing moves meanwhile).
    Returns how many were recorded."""
    stances: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for proposal_id, code, stance in (
        ProposalReaction.objects.filter(proposal__version=version, proposal__status=ProposalStatus.OPEN)
        .order_by("party__code", "pk")
        .values_list("proposal_id", "party__code", "stance")
    ):
        stances[proposal_id][0 if stance == Stance.SUPPORT else 1].append(code)
    records = [
        ProposalRecord(
            version=version,
            proposal_id=pk,
            start=start,
            end=end,
            supporters=stances[pk][0] if pk in stances else [],
            objectors=stances[pk][1] if pk in stances else [],
        )
        for pk, start, end in Proposal.objects.filter(version=version, status=ProposalStatus.OPEN)
        .order_by("pk")
        .values_list("pk", "start", "end")
    ]
    ProposalRecord.objects.bulk_create(records)
    return len(records)
