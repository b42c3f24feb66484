"""The press office's API: press releases of a meeting (draft from the record, edit with the version read,
approve, publish) and the publication of a decided document. Reads of drafts are the chair secretariat's;
published press releases are public."""

from .press import publishing_router

__all__ = ["publishing_router"]
