"""What awaits a delegation or the chair on a series' documents, for "my desk": positions still to take,
silence procedures running, other parties' proposals on paragraphs the party has a stake in, and proposals
the chair has to resolve. Each reads from `visible_documents` (document_list), so nothing reaches a viewer that
its classification hides from it; each runs a fixed number of queries, whatever the number of documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.enums import ProposalStatus, SilenceStatus, Stance
from mufakat.documents.models import OutcomeDocument, Position, Proposal, ProposalReaction, SilenceProcedure
from mufakat.documents.rules import SILENCE_STATUSES, can_act_for, can_manage_documents
from mufakat.documents.services.common import consensus_parties
from mufakat.meetings.models import Series
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .register import document_list


@dataclass(frozen=True)
class PositionAwaited:
    document: OutcomeDocument
    party: Party


def visible_documents(
    *, viewer: SeriesViewer, series: Series, index: MembershipIndex | None = None
) -> QuerySet[OutcomeDocument]:
    """The series' register as the viewer sees it (document_list), built once for the functions below: the
    classification filter reads the memberships when it is built, so one build serves them all."""
    return document_list(viewer=viewer, series=series, index=index)


def positions_awaited(
    *,
    viewer: SeriesViewer,
    documents: QuerySet[OutcomeDocument],
    parties: list[Party],
    index: MembershipIndex | None = None,
) -> list[PositionAwaited]:
    """Each text still to be cleared (drafting, under negotiation, ad ref) with a circulated draft, on which one
    of the parties the viewer speaks for takes part in the consensus and has taken no position on the
    current draft. Four queries (documents, positions, and the memberships once)."""
    parties = [party for party in parties if can_act_for(viewer, party.pk)]
    if not parties:
        return []
    open_ = list(documents.filter(status__in=SILENCE_STATUSES, current_version__isnull=False))
    if not open_:
        return []
    taken = set(
        Position.objects.filter(version_id__in=[d.current_version_id for d in open_], party__in=parties).values_list(
            "version_id", "party_id"
        )
    )
    index = index or MembershipIndex()
    awaited = []
    for document in open_:
        needed = {entry.party.pk for entry in consensus_parties(document, index)}
        awaited += [
            PositionAwaited(document, party)
            for party in parties
            if party.pk in needed and (document.current_version_id, party.pk) not in taken
        ]
    return awaited


def silence_procedures_running(*, documents: QuerySet[OutcomeDocument], now: datetime) -> QuerySet[SilenceProcedure]:
    """Running silence procedures whose deadline is still ahead, on these documents (the ones the viewer may
    see), soonest first (one query)."""
    return (
        SilenceProcedure.objects.filter(
            status=SilenceStatus.RUNNING, deadline__gt=now, version__document__in=documents.values("pk")
        )
        .select_related("version__document__meeting__body")
        .order_by("deadline", "pk")
    )


def proposals_to_answer(
    *, viewer: SeriesViewer, documents: QuerySet[OutcomeDocument], parties: list[Party]
) -> QuerySet[Proposal]:
    """Open proposals of other parties on a paragraph where one of the given parties proposed text or
    supported a proposal, which that party has neither supported nor objected to yet (one query)."""
    party_ids = [party.pk for party in parties if can_act_for(viewer, party.pk)]
    if not party_ids:
        return Proposal.objects.none()
    stake = Proposal.objects.filter(document=OuterRef("document"), paragraph_uid=OuterRef("paragraph_uid")).filter(
        Q(party_id__in=party_ids) | Q(reactions__party_id__in=party_ids, reactions__stance=Stance.SUPPORT)
    )
    answered = ProposalReaction.objects.filter(proposal=OuterRef("pk"), party_id__in=party_ids)
    return (
        Proposal.objects.filter(
            document__in=documents.values("pk"),
            status=ProposalStatus.OPEN,
            paragraph_uid__isnull=False,
        )
        .exclude(party_id__in=party_ids)
        .filter(Exists(stake))
        .exclude(Exists(answered))
        .select_related("document__meeting__body", "party")
        .order_by("document__meeting__start_date", "document_id", "created_at", "pk")
    )


@dataclass(frozen=True)
class ProposalsOpen:
    document: OutcomeDocument
    count: int


def proposals_to_resolve(*, viewer: SeriesViewer, documents: QuerySet[OutcomeDocument]) -> list[ProposalsOpen]:
    """For the chair: the documents with open proposals, and how many (one query)."""
    if not can_manage_documents(viewer):
        return []
    found = (
        documents.filter(status__in=SILENCE_STATUSES)
        .annotate(open_proposals=Count("proposals", filter=Q(proposals__status=ProposalStatus.OPEN)))
        .filter(open_proposals__gt=0)
        .order_by("meeting__start_date", "position", "pk")
    )
    return [ProposalsOpen(document, document.open_proposals) for document in found]
