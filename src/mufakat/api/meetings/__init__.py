"""Series, meetings and sessions, with the chair's attendance additions (guests, special observers) to a
meeting; the programme (released versions for everyone, the draft and its conflicts for the chair), a
party's week, agendas, the SOM's recommendations, and the exports: iCalendar, the PDF booklet, CSV import.

Reads of the released programme are public: it is what the press gets. The draft, its conflicts and every
write are the chair secretariat's. Writes go through the meetings services (which check rights and
versions and audit); a stale `version` or `agenda_version` is answered with 409 and the current state."""

from . import agendas, exports, meetings, recommendations, releases, series, sessions, week
from .common import meetings_router, programme_router

__all__ = [
    "agendas",
    "exports",
    "meetings",
    "meetings_router",
    "programme_router",
    "recommendations",
    "releases",
    "series",
    "sessions",
    "week",
]
