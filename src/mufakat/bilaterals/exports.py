"""iCalendar of a party's bilateral meetings in the published schedule, with the programme's machinery
(meetings.ics: the venue's VTIMEZONE, stable UIDs, SEQUENCE). A meeting keeps its UID across schedules
(`bilateral-<request id>`), so a subscribed calendar moves the event instead of adding a second one;
SEQUENCE counts the published schedules that changed its time or room; a withdrawn meeting stays in the
feed as cancelled."""

from __future__ import annotations

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.delegations.models import Delegation
from mufakat.meetings.ics import calendar_from_release
from mufakat.meetings.models import Series

from .enums import RequestStatus, ScheduleStatus
from .models import BilateralAssignment, BilateralSchedule
from .rules import can_view_party_bilaterals
from .selectors import NOT_FOR_YOU, bilateral_assignment_list


def bilateral_uid(request_id: int) -> str:
    return f"bilateral-{request_id}"


def bilateral_sequence(series: Series) -> dict[str, int]:
    """Per meeting UID: how many published schedules after its first moved or re-roomed it."""
    placed: dict[str, tuple[str, int]] = {}
    sequence: dict[str, int] = {}
    rows = (
        BilateralAssignment.objects.filter(schedule__series=series, schedule__published_at__isnull=False)
        .order_by("schedule__number", "pk")
        .values_list("request_id", "starts_at", "room_id")
    )
    for request_id, starts_at, room_id in rows:
        uid = bilateral_uid(request_id)
        where = (starts_at.isoformat(), room_id)
        if uid not in placed:
            sequence[uid] = 0
        elif placed[uid] != where:
            sequence[uid] += 1
        placed[uid] = where
    return sequence


def party_meetings_ics(*, viewer: SeriesViewer, series: Series, delegation: Delegation) -> bytes:
    """The party's meetings in the published schedule as iCalendar (empty before the first publication)."""
    require(can_view_party_bilaterals(viewer, series.pk, delegation.party_id), NOT_FOR_YOU)
    party = delegation.party
    published = BilateralSchedule.objects.filter(series=series, status=ScheduleStatus.PUBLISHED).first()
    entries: list[dict[str, str | int | None]] = []
    if published is not None:
        for assignment in bilateral_assignment_list(viewer=viewer, schedule=published, party_id=party.pk):
            request = assignment.request
            parties = [request.requester, *(r.party for r in request.responses.all())]
            entries.append(
                {
                    "uid": bilateral_uid(request.pk),
                    "meeting": "Bilateral " + "–".join(p.code for p in parties),
                    "title": " – ".join(p.name_en for p in parties) + f" ({request.get_level_display()})",
                    "room": assignment.room.room.name,
                    "starts_at": assignment.starts_at.isoformat(),
                    "ends_at": assignment.ends_at.isoformat(),
                    "status": "cancelled" if request.status == RequestStatus.WITHDRAWN else "scheduled",
                }
            )
    venue = series.venue
    return calendar_from_release(
        name=f"{party.name_en} – {series.title_en} – bilateral meetings",
        entries=entries,
        time_zone=venue.time_zone,
        location=f"{venue.name_en}, {venue.city_en}",
        sequence=bilateral_sequence(series),
    )
