"""Demo bilaterals for AMM-57 (Vientiane, July 2024). Idempotent.

Plausible, not the record: about forty requests among the parties at the meetings, modelled on the kind
of meetings ministers hold on the sidelines (a US–Japan–ROK trilateral as at AMM-56 in Jakarta; the
US–China and China–Russia meetings of that week); four rooms set aside for bilaterals; some ministers
arriving late or leaving early. Most requests are accepted, a few declined, pending or withdrawn. The
chair's solver then places them and the schedule is published, with two meetings confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction

from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.bilaterals.enums import Level, RequestStatus, ScheduleStatus
from mufakat.bilaterals.models import (
    BilateralCounterpart,
    BilateralRequest,
    BilateralRoom,
    BilateralSchedule,
    DelegationPresence,
)
from mufakat.bilaterals.services import (
    bilateral_assignment_confirm,
    bilateral_request_create,
    bilateral_request_respond,
    bilateral_request_withdraw,
    bilateral_room_set,
    bilateral_schedule_publish,
    bilateral_schedule_solve,
    blocked_period_add,
    delegation_presence_set,
)
from mufakat.delegations.models import Delegation
from mufakat.demo.clock import VIENTIANE, demo_clock
from mufakat.meetings.models import Room, Series
from mufakat.reference.models import Party

ROOMS = [("Bilateral Room 1", 2), ("Bilateral Room 2", 2), ("Bilateral Room 3", 3), ("Champa Room", 4)]

ASEAN = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
# Ministers in town (Vientiane wall clock): ASEAN's from the eve of the SEANWFZ Commission; dialogue
# partners for the PMC+1 day; a few late or leaving early; ARF-only participants for the ARF.
ARRIVALS: dict[str, tuple[str | None, str | None]] = {
    **dict.fromkeys([*ASEAN, "TL"], ("2024-07-23 21:00", None)),
    **dict.fromkeys(["AU", "CA", "CN", "EU", "IN", "JP", "NZ", "KR"], ("2024-07-25 14:00", None)),
    "LA": (None, None),
    "US": ("2024-07-26 10:00", None),
    "RU": ("2024-07-25 18:00", "2024-07-27 18:00"),
    "GB": ("2024-07-26 08:00", "2024-07-26 20:00"),
    "IN": ("2024-07-25 14:00", "2024-07-27 17:30"),
    **dict.fromkeys(["BD", "KP", "MN", "PG", "PK"], ("2024-07-26 16:00", None)),
    "LK": ("2024-07-27 08:00", None),
}


@dataclass(frozen=True)
class DemoRequest:
    requester: str
    counterparts: tuple[str, ...]
    priority: int
    minutes: int = 30
    level: str = Level.MINISTER
    outcome: str = RequestStatus.ACCEPTED  # accepted, declined, requested (pending), withdrawn
    window: tuple[str, str] | None = None
    preferred: tuple[str, str] | None = None
    note: str = ""


REQUESTS = [
    DemoRequest("US", ("JP", "KR"), 5, 45, window=("2024-07-26 10:00", "2024-07-27 20:00"), note="Trilateral."),
    DemoRequest("US", ("CN",), 5, 60, preferred=("2024-07-26 10:00", "2024-07-26 14:00")),
    DemoRequest("CN", ("RU",), 4, 45, preferred=("2024-07-25 18:00", "2024-07-25 21:00")),
    DemoRequest("VN", ("CN",), 5, preferred=("2024-07-25 17:00", "2024-07-25 21:00")),
    DemoRequest("VN", ("JP",), 4),
    DemoRequest("VN", ("US",), 4),
    DemoRequest("VN", ("AU",), 3),
    DemoRequest("VN", ("IN",), 3),
    DemoRequest("VN", ("KR",), 3),
    DemoRequest("VN", ("RU",), 3),
    DemoRequest("VN", ("LA",), 2, level=Level.SOM_LEADER, preferred=("2024-07-23 16:00", "2024-07-23 18:00")),
    DemoRequest("JP", ("CN",), 4, 45),
    DemoRequest("JP", ("KR",), 3),
    DemoRequest("JP", ("AU",), 3),
    DemoRequest("JP", ("PH",), 4),
    DemoRequest("JP", ("IN",), 2),
    DemoRequest("JP", ("KP",), 1, outcome=RequestStatus.DECLINED),
    DemoRequest("US", ("PH",), 4),
    DemoRequest("US", ("ID",), 3),
    DemoRequest("US", ("AU",), 2),
    DemoRequest("CN", ("MY",), 3),
    DemoRequest("CN", ("TH",), 3),
    DemoRequest("CN", ("KH",), 3),
    DemoRequest("KR", ("ID",), 3),
    DemoRequest("KR", ("SG",), 2),
    DemoRequest("AU", ("ID",), 3),
    DemoRequest("AU", ("NZ",), 2),
    DemoRequest("LA", ("AU",), 3),
    DemoRequest("NZ", ("SG",), 2, outcome=RequestStatus.WITHDRAWN),
    DemoRequest("IN", ("MM",), 3),
    DemoRequest("IN", ("TH",), 2),
    DemoRequest("EU", ("VN",), 3),
    DemoRequest("EU", ("PH",), 3),
    DemoRequest("GB", ("MY",), 2),
    DemoRequest("GB", ("VN",), 2),
    DemoRequest("CA", ("PH",), 2, outcome=RequestStatus.REQUESTED),
    DemoRequest("RU", ("LA",), 3),
    DemoRequest("RU", ("GB",), 1, outcome=RequestStatus.DECLINED),
    DemoRequest("TL", ("ID",), 3, note="Accession road map."),
    DemoRequest("TL", ("AU",), 2, outcome=RequestStatus.REQUESTED),
    DemoRequest("PK", ("CN",), 2),
    DemoRequest("MN", ("KR",), 1),
    DemoRequest("SG", ("MY",), 2, level=Level.SOM_LEADER),
    # Two the solver cannot place, to show why: the British minister leaves before Sri Lanka's arrives;
    # Thailand asked for a slot on the morning of 27 July, when both ministers are at APT and the EAS.
    DemoRequest("LK", ("GB",), 2),
    DemoRequest("TH", ("VN",), 2, window=("2024-07-27 08:00", "2024-07-27 12:00")),
]

# The two meetings the chair confirms with the parties after publishing.
CONFIRMED = [("US", ("CN",)), ("CN", ("RU",))]


def _at(series: Series, text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=series.venue.tzinfo)


def _acting(party: str, viewers: dict[str, SeriesViewer], chair: SeriesViewer) -> SeriesViewer:
    """Viet Nam and Japan enter their own; the chair secretariat enters the rest as notes verbales arrive."""
    return viewers.get(party, chair)


def _load_rooms(series: Series, chair: SeriesViewer) -> None:
    for name, capacity in ROOMS:
        room, _created = Room.objects.get_or_create(venue=series.venue, name=name, defaults={"capacity": 12})
        if BilateralRoom.objects.filter(room=room).exists():
            continue  # a second load leaves the chair's room settings (and the audit log) alone
        bilateral_room_set(actor=chair, series=series, room=room, capacity=capacity)


def _load_presence(series: Series, chair: SeriesViewer, viewers: dict[str, SeriesViewer]) -> None:
    delegations = {d.party.code: d for d in Delegation.objects.filter(series=series).select_related("party", "series")}
    for code, (arrives, departs) in ARRIVALS.items():
        delegation = delegations.get(code)
        if delegation is None or (arrives is None and departs is None):
            continue
        if DelegationPresence.objects.filter(delegation=delegation, level=Level.MINISTER).exists():
            continue
        delegation_presence_set(
            actor=_acting(code, viewers, chair),
            delegation=delegation,
            level=Level.MINISTER,
            arrives_at=_at(series, arrives) if arrives else None,
            departs_at=_at(series, departs) if departs else None,
        )
    if not delegations["VN"].blocked_periods.exists():
        blocked_period_add(
            actor=viewers["VN"],
            delegation=delegations["VN"],
            level=Level.MINISTER,
            starts_at=_at(series, "2024-07-25 18:00"),
            ends_at=_at(series, "2024-07-25 19:00"),
            note="Call on the Prime Minister of the Lao PDR (illustrative).",
        )


def _load_requests(series: Series, chair: SeriesViewer, viewers: dict[str, SeriesViewer]) -> None:
    parties = {party.code: party for party in Party.objects.all()}
    for item in REQUESTS:
        request = bilateral_request_create(
            actor=_acting(item.requester, viewers, chair),
            series=series,
            requester=parties[item.requester],
            counterparts=[parties[code] for code in item.counterparts],
            level=item.level,
            duration_minutes=item.minutes,
            priority=item.priority,
            window_start=_at(series, item.window[0]) if item.window else None,
            window_end=_at(series, item.window[1]) if item.window else None,
            preferred=[(_at(series, item.preferred[0]), _at(series, item.preferred[1]))] if item.preferred else [],
            note=item.note,
        )
        if item.outcome == RequestStatus.REQUESTED:
            continue
        for position, code in enumerate(item.counterparts):
            declines = item.outcome == RequestStatus.DECLINED and position == len(item.counterparts) - 1
            bilateral_request_respond(
                actor=_acting(code, viewers, chair), request_id=request.pk, party=parties[code], accept=not declines
            )
        if item.outcome == RequestStatus.WITHDRAWN:
            bilateral_request_withdraw(actor=_acting(item.requester, viewers, chair), request_id=request.pk)


def bilaterals_demo_dates(*, series_code: str = "amm-57") -> None:
    """Date the demo's records as they might have happened in July 2024, not when the demo was loaded."""
    series = Series.objects.get(code=series_code)
    for index, request_id in enumerate(
        BilateralRequest.objects.filter(series=series).order_by("pk").values_list("pk", flat=True)
    ):
        created = datetime(2024, 7, 15, 2, 0, tzinfo=UTC) + timedelta(hours=5 * index)
        BilateralRequest.objects.filter(pk=request_id).update(created_at=created)
        BilateralCounterpart.objects.filter(request_id=request_id, responded_at__isnull=False).update(
            responded_at=created + timedelta(hours=20)
        )
    BilateralSchedule.objects.filter(series=series, number=1, published_at__isnull=False).update(
        created_at=datetime(2024, 7, 24, 11, 0, tzinfo=UTC), published_at=datetime(2024, 7, 24, 12, 0, tzinfo=UTC)
    )


def _solve_and_publish(series: Series, chair: SeriesViewer) -> None:
    outcome = bilateral_schedule_solve(actor=chair, series=series, time_limit=10)
    published = bilateral_schedule_publish(actor=chair, schedule_id=outcome.schedule.pk)
    for requester, counterparts in CONFIRMED:
        assignment = published.assignments.filter(
            request__requester__code=requester, request__responses__party__code__in=counterparts
        ).first()
        if assignment is not None:
            bilateral_assignment_confirm(
                actor=chair, assignment_id=assignment.pk, expected_version=assignment.version, confirmed=True
            )


@transaction.atomic
def bilaterals_demo_load(*, series_code: str = "amm-57", solve: bool = True) -> None:
    """Rooms, presence, requests and answers for AMM-57; then (with `solve`) a published schedule.
    Needs the delegations and programme demos loaded first."""
    series = Series.objects.select_related("venue").get(code=series_code)
    chair = viewer_for(User.objects.get(username="lao.chair"), series)
    viewers = {
        "VN": viewer_for(User.objects.get(username="vn.focal"), series),
        "JP": viewer_for(User.objects.get(username="jp.delegate"), series),
    }
    # Written as the schedule was published, on 24 July 2024 (demo clock); requests and answers are then dated
    # back to the days they came in.
    with demo_clock(datetime(2024, 7, 24, 19, 0, tzinfo=VIENTIANE)):
        _load_rooms(series, chair)
        _load_presence(series, chair, viewers)
        if not BilateralRequest.objects.filter(series=series).exists():
            _load_requests(series, chair, viewers)
        if solve and not BilateralSchedule.objects.filter(series=series, status=ScheduleStatus.PUBLISHED).exists():
            _solve_and_publish(series, chair)
    bilaterals_demo_dates(series_code=series_code)
