"""Every write on outcome documents. Services are keyword-only, run in a transaction, lock the
document row, check versions (409 on a superseded draft) and write the audit log."""

from .ad_ref import paragraph_ad_ref_confirm, paragraph_ad_ref_mark
from .adoption import document_decide, document_recommend
from .clearance import (
    position_take,
    positions_request,
    silence_break,
    silence_cancel,
    silence_conclude,
    silence_conclude_due,
    silence_start,
)
from .common import consensus_parties, status_refresh
from .journey import journey_step_record
from .proposals import proposal_create
from .reactions import proposal_react, proposal_reject, proposal_withdraw, proposals_merge
from .register import agenda_item_document_link, document_create, document_update, document_withdraw
from .silence_notices import silence_remind, silence_reminders_due
from .versions import ParagraphInput, document_version_circulate, proposals_accept

__all__ = [
    "ParagraphInput",
    "agenda_item_document_link",
    "consensus_parties",
    "document_create",
    "document_decide",
    "document_recommend",
    "document_update",
    "document_version_circulate",
    "document_withdraw",
    "journey_step_record",
    "paragraph_ad_ref_confirm",
    "paragraph_ad_ref_mark",
    "position_take",
    "positions_request",
    "proposal_create",
    "proposal_react",
    "proposal_reject",
    "proposal_withdraw",
    "proposals_accept",
    "proposals_merge",
    "silence_break",
    "silence_cancel",
    "silence_conclude",
    "silence_conclude_due",
    "silence_remind",
    "silence_reminders_due",
    "silence_start",
    "status_refresh",
]
