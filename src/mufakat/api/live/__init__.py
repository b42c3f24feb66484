"""The live room over the API: the floor of a session, the wall screen's pointer, who follows a document.
The event stream itself is `/series/{code}/live/?topic=…` (Server-Sent Events, outside /api/v1)."""

from .room import live_router

__all__ = ["live_router"]
