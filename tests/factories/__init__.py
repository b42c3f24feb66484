"""Small builders for crafted cases. Reference rows are made directly (they are data); meetings go
through the services so that ordinals stay derived exactly as in production."""

from .meetings import body_create, meeting_create, series_create, venue_create
from .reference import chair_year_create, framework_create, membership_create, party_create

__all__ = [
    "body_create",
    "chair_year_create",
    "framework_create",
    "meeting_create",
    "membership_create",
    "party_create",
    "series_create",
    "venue_create",
]
