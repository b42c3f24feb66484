from __future__ import annotations

from datetime import date
from typing import Any

from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.enums import BodyLevel, MeetingStatus
from mufakat.meetings.models import Body, Meeting, Series, Session, Venue
from mufakat.meetings.services import meeting_upsert, series_upsert, session_change, venue_upsert
from mufakat.reference.models import Framework, Party
from tests.factories.programme import vientiane


def body_create(
    *,
    code: str,
    framework: Framework,
    numbered: bool = True,
    prior_meetings_unrecorded: int = 0,
    prepares: Body | None = None,
    level: str = BodyLevel.MINISTERS,
) -> Body:
    return Body.objects.create(
        code=code,
        abbreviation=code,
        name_en=f"Body {code}",
        name_vi=f"Cơ quan {code}",
        framework=framework,
        level=level,
        numbered=numbered,
        prior_meetings_unrecorded=prior_meetings_unrecorded,
        prepares=prepares,
        source_note="test factory",
    )


def venue_create(*, country: Party, time_zone: str = "Asia/Vientiane", name_en: str = "Test Hall") -> Venue:
    return venue_upsert(
        name_en=name_en,
        city_en="Test City",
        country=country,
        time_zone=time_zone,
        rooms=[("Room A", 50), ("Room B", 20)],
    )


def series_create(*, code: str, chair: Party, venue: Venue, start_date: date, end_date: date) -> Series:
    return series_upsert(
        code=code,
        title_en=f"Series {code}",
        title_vi=f"Chuỗi {code}",
        chair=chair,
        venue=venue,
        start_date=start_date,
        end_date=end_date,
    )


def meeting_create(
    *,
    body: Body,
    start_date: date,
    end_date: date | None = None,
    series: Series | None = None,
    venue: Venue | None = None,
    status: str = MeetingStatus.CONFIRMED,
) -> Meeting:
    return meeting_upsert(
        body=body,
        start_date=start_date,
        end_date=end_date or start_date,
        series=series,
        venue=venue,
        status=status,
    )


def session_move(actor: SeriesViewer, session: Session, *, day: int, start: str, end: str, **fields: Any) -> Session:
    """Move `session` (at its current version) to `start`–`end` Vientiane time on that day of July 2024."""
    return session_change(
        actor=actor,
        session_id=session.pk,
        expected_version=session.version,
        starts_at=vientiane(day, start),
        ends_at=vientiane(day, end),
        **fields,
    )
