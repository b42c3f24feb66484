"""Every write on meetings. Services are keyword-only and run in a transaction; those a person (or a
system actor) calls take a required `actor`, refuse with meetings.rules, check versions and write the
audit log. The set-up writes (bodies file, venues, series, meetings) are the loaders' and the CLI's."""

from .agendas import agenda_adopt, agenda_item_add, agenda_item_remove
from .bodies import bodies_load, body_renumber, default_bodies_file
from .calendar import meeting_update, meeting_upsert, series_upsert, session_upsert, venue_upsert
from .consultations import consultation_record
from .programme import programme_release, session_change, session_create
from .programme_import import CsvSession, programme_csv_check, programme_import
from .recommendations import recommendation_decide, recommendation_make

__all__ = [
    "CsvSession",
    "agenda_adopt",
    "agenda_item_add",
    "agenda_item_remove",
    "bodies_load",
    "body_renumber",
    "consultation_record",
    "default_bodies_file",
    "meeting_update",
    "meeting_upsert",
    "programme_csv_check",
    "programme_import",
    "programme_release",
    "recommendation_decide",
    "recommendation_make",
    "series_upsert",
    "session_change",
    "session_create",
    "session_upsert",
    "venue_upsert",
]
