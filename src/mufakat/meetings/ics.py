"""iCalendar (RFC 5545) export of released programme sessions: time zones, stable UIDs, SEQUENCE."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, Timezone

UID_DOMAIN = "mufakat"


def calendar_new(*, name: str, time_zone: str, product: str = "programme") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//mufakat//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    return calendar


def calendar_add_entries(
    calendar: Calendar,
    *,
    entries: Iterable[dict[str, str | int | None]],
    time_zone: str,
    location: str,
    sequence: dict[str, int],
    stamp: datetime | None = None,
) -> None:
    """One VEVENT per entry (a released session, or anything shaped like one), times in the venue's zone. A
    cancelled entry stays as STATUS:CANCELLED with a higher SEQUENCE, so subscribed calendars drop it
    instead of keeping the old event forever. `stamp` is every DTSTAMP: the release's time for a released
    programme, so the same release always gives the same bytes (now when not given)."""
    zone = ZoneInfo(time_zone)
    stamp = stamp or timezone.now()
    for entry in entries:
        event = Event()
        uid = str(entry["uid"])
        event.add("uid", f"{uid}@{UID_DOMAIN}")
        event.add("sequence", sequence.get(uid, 0))
        event.add("dtstamp", stamp)
        event.add("summary", f"{entry['meeting']}: {entry['title']}")
        event.add("dtstart", datetime.fromisoformat(str(entry["starts_at"])).astimezone(zone))
        event.add("dtend", datetime.fromisoformat(str(entry["ends_at"])).astimezone(zone))
        room = entry.get("room")
        event.add("location", f"{room}, {location}" if room else location)
        event.add("status", "CANCELLED" if entry["status"] == "cancelled" else "CONFIRMED")
        calendar.add_component(event)


@lru_cache(maxsize=32)
def _vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE block of one zone, built once per process: building it walks the zone's transitions
    from 1970 to 2038, which was half the time of a whole programme .ics."""
    vtimezone: bytes = Timezone.from_tzid(tzid).to_ical()
    return vtimezone


def calendar_bytes(calendar: Calendar) -> bytes:
    for tzid in sorted(calendar.get_missing_tzids()):
        try:
            calendar.subcomponents.insert(0, Timezone.from_ical(_vtimezone(tzid)))
        except ValueError:
            continue
    ical: bytes = calendar.to_ical()
    return ical


def calendar_from_release(
    *,
    name: str,
    entries: Iterable[dict[str, str | int | None]],
    time_zone: str,
    location: str,
    sequence: dict[str, int],
    stamp: datetime | None = None,
) -> bytes:
    """One VEVENT per released session, times in the venue's zone with its VTIMEZONE."""
    calendar = calendar_new(name=name, time_zone=time_zone)
    calendar_add_entries(
        calendar, entries=entries, time_zone=time_zone, location=location, sequence=sequence, stamp=stamp
    )
    return calendar_bytes(calendar)
