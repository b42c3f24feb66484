"""Reads of outcome documents: the register, drafts and their texts, proposals, positions and silence.
Visibility is applied inside the queries (`document_visible_q`), never after them."""

from .clearance import (
    Board,
    BoardRow,
    NotifiedRow,
    SilenceState,
    positions_board,
    positions_requested_at,
    silence_notified,
    silence_procedure_get,
    silence_result,
    silence_state,
)
from .journey import Standing, StepView, document_journey, documents_for_meeting, meeting_journey_documents
from .proposals import (
    PartyRef,
    ProposalRow,
    ProposalView,
    bracket_parties,
    compromise_parties,
    proposal_get,
    proposal_rows,
)
from .register import MAX_NUMBER, document_get, document_list, paragraph_texts, version_get, version_list
from .texts import (
    TextView,
    bracketed_text,
    clean_text,
    open_proposal_count,
    open_proposals,
    silence_held_on,
    version_compare,
)

__all__ = [
    "MAX_NUMBER",
    "Board",
    "BoardRow",
    "NotifiedRow",
    "PartyRef",
    "ProposalRow",
    "ProposalView",
    "SilenceState",
    "Standing",
    "StepView",
    "TextView",
    "bracket_parties",
    "bracketed_text",
    "clean_text",
    "compromise_parties",
    "document_get",
    "document_journey",
    "document_list",
    "documents_for_meeting",
    "meeting_journey_documents",
    "open_proposal_count",
    "open_proposals",
    "paragraph_texts",
    "positions_board",
    "positions_requested_at",
    "proposal_get",
    "proposal_rows",
    "silence_held_on",
    "silence_notified",
    "silence_procedure_get",
    "silence_result",
    "silence_state",
    "version_compare",
    "version_get",
    "version_list",
]
