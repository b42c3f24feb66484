"""The meetings models: meetings.py (bodies, venues, series, meetings, sessions, attendance) and programme.py
(releases, agendas, recommendations)."""

from .meetings import AttendanceAddition, Body, Meeting, Room, Series, Session, Venue
from .programme import AgendaItem, ProgrammeRelease, Recommendation

__all__ = [
    "AgendaItem",
    "AttendanceAddition",
    "Body",
    "Meeting",
    "ProgrammeRelease",
    "Recommendation",
    "Room",
    "Series",
    "Session",
    "Venue",
]
