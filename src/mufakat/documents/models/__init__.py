"""Outcome documents and how their text gets agreed: versions, paragraphs, proposals, positions,
silence procedures. Versions and their paragraphs are immutable once written; a change of text is a
new version. Statuses are derived by services, never typed."""

from .clearance import Position, SilenceBreak, SilenceProcedure
from .document import AgendaItemDocument, DocumentVersion, ImmutableQuerySet, OutcomeDocument, Paragraph
from .journey import JourneyStep
from .negotiation import AdRefMark, Proposal, ProposalReaction, ProposalRecord

__all__ = [
    "AdRefMark",
    "AgendaItemDocument",
    "DocumentVersion",
    "ImmutableQuerySet",
    "JourneyStep",
    "OutcomeDocument",
    "Paragraph",
    "Position",
    "Proposal",
    "ProposalReaction",
    "ProposalRecord",
    "SilenceBreak",
    "SilenceProcedure",
]
