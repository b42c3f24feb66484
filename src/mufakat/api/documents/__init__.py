"""Outcome documents: the register of a series, versions and their paragraphs, the bracketed and clean text,
comparisons, proposals and their handling, ad ref marks, positions, silence procedures, recommendation and
adoption.

Every operation first finds the document through the access-checked selector: a document the caller may
not see is 404, whatever the operation (a dialogue partner's token never learns an ASEAN-only draft
exists). The public and callers without a role see decided texts only, and not the negotiation record.
Writes go through the documents services, which check rights, lock, check versions and audit; work on a
superseded draft is refused with 409 and `current.version_id`."""

from . import clearance, journey, negotiation, register, texts
from .common import documents_router

__all__ = ["clearance", "documents_router", "journey", "negotiation", "register", "texts"]
