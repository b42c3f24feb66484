"""Bilateral meetings: requests and answers, a delegation's presence, blocked periods and derived free time,
rooms and settings, the chair's schedules (solve, the draft, moves, publishing), the published schedule
and a party's meetings as iCalendar.

Nothing here is public: the chair secretariat sees everything; a delegation sees the requests and
meetings it takes part in. Writes go through bilaterals.services (which check rights and versions and
audit); a stale `version` is answered with 409 and the current state."""

from . import availability, requests, rooms, schedules
from .common import bilaterals_router

__all__ = ["availability", "bilaterals_router", "requests", "rooms", "schedules"]
