"""Writes to bilateral requests and to what the scheduler derives availability from: requests and the
counterparts' answers, presence and blocked periods, rooms set aside for bilaterals, series settings.
Every function checks the actor's rights, runs in one transaction and writes an audit entry. The
schedule itself (solve, adjust, publish) is in bilaterals.schedules.

`actor=None` is for set-up scripts only (the demo loader, the command line run by the operator)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, tzinfo
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, require, viewer_for
from mufakat.core.errors import NotFound, ValidationFailed, check_version
from mufakat.core.locking import lock_then_read
from mufakat.delegations.models import Delegation
from mufakat.meetings.models import Room, Series
from mufakat.reference.models import Party

from .adapter import GRAIN_MINUTES, bilateral_settings_of, principals_free_time
from .enums import CounterpartResponse, Level, RequestStatus
from .models import (
    BilateralCounterpart,
    BilateralRequest,
    BilateralRoom,
    BilateralSettings,
    BlockedPeriod,
    DelegationPresence,
)
from .rules import can_act_for_party, can_manage_bilaterals, can_view_party_bilaterals
from .validators import validate_aware

MAX_COUNTERPARTS = 5
REQUEST_AUDIT_FIELDS = [
    "requester",
    "level",
    "duration_minutes",
    "priority",
    "window_start",
    "window_end",
    "preferred",
    "status",
    "note",
    "version",
]


def _audit_viewer(actor: SeriesViewer | None, series: Series) -> SeriesViewer:
    return actor if actor is not None else viewer_for(None, series)


def _inside_series(series: Series, start: datetime, end: datetime, *, field: str, record: str) -> None:
    zone = series.venue.tzinfo
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.date() < series.start_date or local_end.date() > series.end_date or local_end <= local_start:
        raise ValidationFailed(
            _(
                "%(local_start)s–%(local_end)s (%(time_zone)s) lies outside the series' dates "
                "%(start_date)s..%(end_date)s."
            )
            % {
                "local_start": format(local_start, "%Y-%m-%d %H:%M"),
                "local_end": format(local_end, "%Y-%m-%d %H:%M"),
                "time_zone": series.venue.time_zone,
                "start_date": series.start_date,
                "end_date": series.end_date,
            },
            field=field,
            record=record,
        )


def _delegated_parties(series: Series) -> set[int]:
    return set(Delegation.objects.filter(series=series).values_list("party_id", flat=True))


def _longest_free_minutes(free: list[tuple[datetime, datetime]], zone: tzinfo) -> tuple[int, str]:
    """The longest of a principal's free stretches and the local day it falls on."""
    best, day = 0, ""
    for start, end in free:
        minutes = int((end - start).total_seconds() // 60)
        if minutes > best:
            best, day = minutes, formats.date_format(start.astimezone(zone), "DAY_FORMAT")
    return best, day


def _level_label(level: str) -> str:
    return str(Level(level).label).lower() if level == Level.MINISTER else str(Level(level).label)


def _validate_parties(series: Series, requester: Party, counterparts: Sequence[Party], *, record: str) -> None:
    delegated = _delegated_parties(series)
    if requester.pk not in delegated:
        raise ValidationFailed(
            _("%(requester)s has no delegation in %(series)s.") % {"requester": requester.name, "series": series.code},
            field="requester",
            record=record,
        )
    if not counterparts:
        raise ValidationFailed(_("name at least one party to meet."), field="counterparts", record=record)
    if len(counterparts) > MAX_COUNTERPARTS:
        raise ValidationFailed(
            _("at most %(max_counterparts)s parties may be invited to one meeting.")
            % {"max_counterparts": MAX_COUNTERPARTS},
            field="counterparts",
            record=record,
        )
    if len({party.pk for party in counterparts}) != len(counterparts):
        raise ValidationFailed(_("names a party twice."), field="counterparts", record=record)
    for party in counterparts:
        if party.pk == requester.pk:
            raise ValidationFailed(
                _("%(party)s is the requesting party; a party does not meet itself.") % {"party": party.name},
                field="counterparts",
                record=record,
            )
        if party.pk not in delegated:
            raise ValidationFailed(
                _("%(party)s has no delegation in %(series)s; only parties at the meetings can be met.")
                % {"party": party.name, "series": series.code},
                field="counterparts",
                record=record,
            )


def _validate_times(
    series: Series,
    *,
    duration_minutes: int,
    window_start: datetime | None,
    window_end: datetime | None,
    preferred: Sequence[tuple[datetime, datetime]],
    record: str,
) -> None:
    if duration_minutes <= 0 or duration_minutes % GRAIN_MINUTES:
        raise ValidationFailed(
            _("%(duration_minutes)s minutes is not a positive multiple of %(grain_minutes)s minutes.")
            % {"duration_minutes": duration_minutes, "grain_minutes": GRAIN_MINUTES},
            field="duration_minutes",
            record=record,
        )
    if (window_start is None) != (window_end is None):
        raise ValidationFailed(
            _("give both ends of the window, or neither."),
            field="window_end" if window_end is None else "window_start",
            record=record,
        )
    if window_start is not None and window_end is not None:
        validate_aware(window_start, field="window_start", record=record)
        validate_aware(window_end, field="window_end", record=record)
        if window_end <= window_start:
            raise ValidationFailed(_("is not after the window's start."), field="window_end", record=record)
        _inside_series(series, window_start, window_end, field="window_start", record=record)
        if (window_end - window_start).total_seconds() < duration_minutes * 60:
            raise ValidationFailed(
                _("is shorter than the %(duration_minutes)s-minute meeting.") % {"duration_minutes": duration_minutes},
                field="window_end",
                record=record,
            )
    for start, end in preferred:
        validate_aware(start, field="preferred", record=record)
        validate_aware(end, field="preferred", record=record)
        if end <= start:
            raise ValidationFailed(
                _("%(when)s–%(when2)s ends before it starts.") % {"when": start.isoformat(), "when2": end.isoformat()},
                field="preferred",
                record=record,
            )
        _inside_series(series, start, end, field="preferred", record=record)


def _validate_fits(series: Series, parties: Sequence[Party], *, level: str, duration_minutes: int, record: str) -> None:
    """A meeting longer than every free slot of one of its principals can never be scheduled: say so now."""
    free = principals_free_time(series=series, principals=[(party.code, level) for party in parties])
    for party in parties:
        longest, day = _longest_free_minutes(free[(party.code, level)], series.venue.tzinfo)
        if duration_minutes > longest:
            where = (
                _(" (the longest is %(longest)s minutes, on %(day)s)") % {"longest": longest, "day": day}
                if longest
                else ""
            )
            raise ValidationFailed(
                _(
                    "%(duration_minutes)s minutes is longer than any free slot of the "
                    "%(level_label)s of %(party)s%(where)s."
                )
                % {
                    "duration_minutes": duration_minutes,
                    "level_label": _level_label(level),
                    "party": party.name,
                    "where": where,
                },
                field="duration_minutes",
                record=record,
            )


@transaction.atomic
def bilateral_request_create(
    *,
    actor: SeriesViewer | None,
    series: Series,
    requester: Party,
    counterparts: Sequence[Party],
    level: str = Level.MINISTER,
    duration_minutes: int = 30,
    priority: int = 3,
    window_start: datetime | None = None,
    window_end: datetime | None = None,
    preferred: Sequence[tuple[datetime, datetime]] = (),
    note: str = "",
) -> BilateralRequest:
    """A party asks to meet one or more others. The counterparts are asked to accept; every refusal names
    the field and the fix."""
    if actor is not None:
        require(
            can_act_for_party(actor, series.pk, requester.pk),
            _(
                "only %(requester)s's focal point or delegates (or the chair secretariat) "
                "request bilaterals on its behalf."
            )
            % {"requester": requester.name},
        )
    record = f"new bilateral request of {requester.code}"
    if level not in Level.values:
        raise ValidationFailed(
            _("%(level)r is not one of %(values)s.") % {"level": level, "values": ", ".join(Level.values)},
            field="level",
            record=record,
        )
    _validate_parties(series, requester, counterparts, record=record)
    if not 1 <= priority <= 5:
        raise ValidationFailed(
            _("%(priority)s is not between 1 (low) and 5 (high).") % {"priority": priority},
            field="priority",
            record=record,
        )
    _validate_times(
        series,
        duration_minutes=duration_minutes,
        window_start=window_start,
        window_end=window_end,
        preferred=preferred,
        record=record,
    )
    _validate_fits(series, [requester, *counterparts], level=level, duration_minutes=duration_minutes, record=record)
    if len(note) > 2000:
        raise ValidationFailed(_("is longer than 2,000 characters."), field="note", record=record)
    request = BilateralRequest.objects.create(
        series=series,
        requester=requester,
        level=level,
        duration_minutes=duration_minutes,
        priority=priority,
        window_start=window_start,
        window_end=window_end,
        preferred=[[start.isoformat(), end.isoformat()] for start, end in preferred],
        note=note.strip(),
        created_by=actor.user if actor is not None and actor.is_authenticated else None,
    )
    BilateralCounterpart.objects.bulk_create(
        [BilateralCounterpart(request=request, party=party) for party in sorted(counterparts, key=lambda p: p.code)]
    )
    audit_record(
        viewer=_audit_viewer(actor, series),
        action="bilateral_request.create",
        obj=request,
        after={
            **snapshot(request, REQUEST_AUDIT_FIELDS),
            "counterparts": sorted(party.code for party in counterparts),
        },
    )
    return request


def _request_locked(request_id: int, actor: SeriesViewer | None) -> BilateralRequest:
    request = lock_then_read(
        BilateralRequest.objects.select_related("series", "series__venue", "requester"), pk=request_id
    )
    visible = request is not None and (
        actor is None
        or can_view_party_bilaterals(actor, request.series_id, request.requester_id)
        or any(
            can_view_party_bilaterals(actor, request.series_id, party_id)
            for party_id in request.responses.values_list("party_id", flat=True)
        )
    )
    if request is None or not visible:
        # Someone who may not see it learns nothing, not even that it exists.
        raise NotFound(
            _("no bilateral request with id %(request_id)s.") % {"request_id": request_id}, field="request_id"
        )
    return request


def _status_from_responses(responses: Sequence[str]) -> str:
    if CounterpartResponse.DECLINED in responses:
        return RequestStatus.DECLINED
    if all(response == CounterpartResponse.ACCEPTED for response in responses):
        return RequestStatus.ACCEPTED
    return RequestStatus.REQUESTED


@transaction.atomic
def bilateral_request_respond(
    *, actor: SeriesViewer | None, request_id: int, party: Party, accept: bool, expected_version: int | None = None
) -> BilateralRequest:
    """A counterpart accepts or declines. When every counterpart has accepted, the request is accepted
    (and goes into the next solve); one refusal declines it."""
    request = _request_locked(request_id, actor)
    record = f"bilateral request {request.pk}"
    if actor is not None:
        require(
            can_act_for_party(actor, request.series_id, party.pk),
            _("only %(party)s's focal point or delegates (or the chair secretariat) answer on its behalf.")
            % {"party": party.name},
        )
    counterpart = BilateralCounterpart.objects.filter(request=request, party=party).first()
    if counterpart is None:
        raise ValidationFailed(
            _("%(party)s is not invited to this meeting.") % {"party": party.name}, field="party", record=record
        )
    if expected_version is not None:
        check_version(current=request.version, expected=expected_version, record=record)
    if request.status != RequestStatus.REQUESTED:
        raise ValidationFailed(
            _("is %(status)s; answers are taken only while a request waits for them.") % {"status": request.status},
            field="status",
            record=record,
        )
    before = snapshot(request, REQUEST_AUDIT_FIELDS)
    counterpart.response = CounterpartResponse.ACCEPTED if accept else CounterpartResponse.DECLINED
    counterpart.responded_at = timezone.now()
    counterpart.responded_by = actor.user if actor is not None and actor.is_authenticated else None
    counterpart.save()
    responses = list(BilateralCounterpart.objects.filter(request=request).values_list("response", flat=True))
    request.status = _status_from_responses(responses)
    request.version = F("version") + 1
    request.save(update_fields=["status", "version"])
    request.refresh_from_db()
    after: dict[str, Any] = {**snapshot(request, REQUEST_AUDIT_FIELDS), "party": party.code}
    if actor is None or party.pk not in actor.party_ids:
        # The chair secretariat (or the operator) recorded the party's answer: the log says for whom.
        after["recorded_for"] = party.code
    audit_record(
        viewer=_audit_viewer(actor, request.series),
        action="bilateral_request.accept" if accept else "bilateral_request.decline",
        obj=request,
        before=before,
        after=after,
    )
    return request


@transaction.atomic
def bilateral_request_withdraw(
    *, actor: SeriesViewer | None, request_id: int, expected_version: int | None = None
) -> BilateralRequest:
    """The requesting party takes its request back; a published meeting of it shows as cancelled."""
    request = _request_locked(request_id, actor)
    record = f"bilateral request {request.pk}"
    if actor is not None:
        require(
            can_act_for_party(actor, request.series_id, request.requester_id),
            _("only %(requester)s's focal point or delegates (or the chair secretariat) withdraw its requests.")
            % {"requester": request.requester.name},
        )
    if expected_version is not None:
        check_version(current=request.version, expected=expected_version, record=record)
    if request.status == RequestStatus.WITHDRAWN:
        raise ValidationFailed(_("is already withdrawn."), field="status", record=record)
    if request.status == RequestStatus.DECLINED:
        raise ValidationFailed(_("is declined; there is nothing to withdraw."), field="status", record=record)
    before = snapshot(request, REQUEST_AUDIT_FIELDS)
    request.status = RequestStatus.WITHDRAWN
    request.version = F("version") + 1
    request.save(update_fields=["status", "version"])
    request.refresh_from_db()
    after: dict[str, Any] = snapshot(request, REQUEST_AUDIT_FIELDS)
    if actor is None or request.requester_id not in actor.party_ids:
        # The chair secretariat (or the operator) withdrew it for the requesting party: the log says for whom.
        after["recorded_for"] = request.requester.code
    audit_record(
        viewer=_audit_viewer(actor, request.series),
        action="bilateral_request.withdraw",
        obj=request,
        before=before,
        after=after,
    )
    return request


# Presence and blocked periods -------------------------------------------------------------------------


def _require_party(actor: SeriesViewer | None, delegation: Delegation) -> None:
    if actor is not None:
        require(
            can_act_for_party(actor, delegation.series_id, delegation.party_id),
            _(
                "only %(party)s's focal point or delegates (or the chair secretariat) enter its "
                "arrival, departure and blocked periods."
            )
            % {"party": delegation.party.name},
        )


def _validate_level(level: str, record: str) -> None:
    if level not in Level.values:
        raise ValidationFailed(
            _("%(level)r is not one of %(values)s.") % {"level": level, "values": ", ".join(Level.values)},
            field="level",
            record=record,
        )


@transaction.atomic
def delegation_presence_set(
    *,
    actor: SeriesViewer | None,
    delegation: Delegation,
    level: str,
    arrives_at: datetime | None,
    departs_at: datetime | None,
    expected_version: int | None = None,
) -> DelegationPresence:
    """When the principal arrives and leaves (None: there from the first day, or to the last)."""
    _require_party(actor, delegation)
    series = delegation.series
    record = f"presence of the {_level_label(level)} of {delegation.party.code}"
    _validate_level(level, record)
    for value, name in ((arrives_at, "arrives_at"), (departs_at, "departs_at")):
        if value is not None:
            validate_aware(value, field=name, record=record)
    zone = series.venue.tzinfo
    if arrives_at is not None and arrives_at.astimezone(zone).date() > series.end_date:
        raise ValidationFailed(
            _("is after the series ends (%(end_date)s).") % {"end_date": series.end_date},
            field="arrives_at",
            record=record,
        )
    if departs_at is not None and departs_at.astimezone(zone).date() < series.start_date:
        raise ValidationFailed(
            _("is before the series starts (%(start_date)s).") % {"start_date": series.start_date},
            field="departs_at",
            record=record,
        )
    if arrives_at is not None and departs_at is not None and departs_at <= arrives_at:
        raise ValidationFailed(_("is not after the arrival."), field="departs_at", record=record)
    # The delegation's row is locked first: a presence that does not exist yet has no row to lock, and two
    # first settings at once would both create it (the second failing on the unique constraint).
    Delegation.objects.select_for_update().filter(pk=delegation.pk).first()
    presence = DelegationPresence.objects.filter(delegation=delegation, level=level).first()
    fields = ["level", "arrives_at", "departs_at", "version"]
    before = snapshot(presence, fields) if presence else None
    if presence is None:
        presence = DelegationPresence.objects.create(
            delegation=delegation, level=level, arrives_at=arrives_at, departs_at=departs_at
        )
    else:
        if expected_version is not None:
            check_version(current=presence.version, expected=expected_version, record=record)
        presence.arrives_at, presence.departs_at = arrives_at, departs_at
        presence.version = F("version") + 1
        presence.save()
        presence.refresh_from_db()
    audit_record(
        viewer=_audit_viewer(actor, series),
        action="bilateral_presence.set",
        obj=presence,
        before=before,
        after=snapshot(presence, fields),
    )
    return presence


@transaction.atomic
def blocked_period_add(
    *,
    actor: SeriesViewer | None,
    delegation: Delegation,
    level: str,
    starts_at: datetime,
    ends_at: datetime,
    note: str = "",
) -> BlockedPeriod:
    """A time the principal is busy outside the programme; taken as entered (include travel time)."""
    _require_party(actor, delegation)
    series = delegation.series
    record = f"blocked period of the {_level_label(level)} of {delegation.party.code}"
    _validate_level(level, record)
    validate_aware(starts_at, field="starts_at", record=record)
    validate_aware(ends_at, field="ends_at", record=record)
    if ends_at <= starts_at:
        raise ValidationFailed(_("is not after the start."), field="ends_at", record=record)
    _inside_series(series, starts_at, ends_at, field="starts_at", record=record)
    if len(note) > 240:
        raise ValidationFailed(_("is longer than 240 characters."), field="note", record=record)
    period = BlockedPeriod.objects.create(
        delegation=delegation, level=level, starts_at=starts_at, ends_at=ends_at, note=note.strip()
    )
    audit_record(
        viewer=_audit_viewer(actor, series),
        action="bilateral_blocked.add",
        obj=period,
        after=snapshot(period, ["delegation", "level", "starts_at", "ends_at", "note"]),
    )
    return period


@transaction.atomic
def blocked_period_remove(*, actor: SeriesViewer | None, delegation: Delegation, period_id: int) -> None:
    _require_party(actor, delegation)
    period = BlockedPeriod.objects.filter(delegation=delegation, pk=period_id).first()
    if period is None:
        raise NotFound(
            _("%(party)s has no blocked period with id %(period_id)s.")
            % {"party": delegation.party.code, "period_id": period_id},
            field="period_id",
        )
    audit_record(
        viewer=_audit_viewer(actor, delegation.series),
        action="bilateral_blocked.remove",
        obj=period,
        before=snapshot(period, ["delegation", "level", "starts_at", "ends_at", "note"]),
    )
    period.delete()


# Rooms and settings (the chair) -----------------------------------------------------------------------


def _require_chair(actor: SeriesViewer | None, series: Series, reason: str) -> None:
    if actor is not None:
        require(can_manage_bilaterals(actor, series.pk), reason)


@transaction.atomic
def bilateral_room_set(
    *,
    actor: SeriesViewer | None,
    series: Series,
    room: Room,
    capacity: int,
    available_from: datetime | None = None,
    available_to: datetime | None = None,
) -> BilateralRoom:
    """Set a room of the venue aside for bilaterals (or change its capacity and hours)."""
    _require_chair(actor, series, _("only the chair secretariat sets rooms aside for bilaterals."))
    record = f"bilateral room {room.name}"
    if room.venue_id != series.venue_id:
        raise ValidationFailed(
            _("%(name)r is not at %(venue)s.") % {"name": room.name, "venue": series.venue.name},
            field="room",
            record=record,
        )
    if not 2 <= capacity <= 20:
        raise ValidationFailed(
            _("%(capacity)s is not between 2 and 20 delegations.") % {"capacity": capacity},
            field="capacity",
            record=record,
        )
    for value, name in ((available_from, "available_from"), (available_to, "available_to")):
        if value is not None:
            validate_aware(value, field=name, record=record)
    if available_from is not None and available_to is not None and available_to <= available_from:
        raise ValidationFailed(_("is not after available_from."), field="available_to", record=record)
    fields = ["room", "capacity", "available_from", "available_to"]
    # The venue's room row is locked first, for the same reason as the delegation in delegation_presence_set.
    Room.objects.select_for_update().filter(pk=room.pk).first()
    bilateral_room = BilateralRoom.objects.filter(series=series, room=room).first()
    before = snapshot(bilateral_room, fields) if bilateral_room else None
    if bilateral_room is None:
        bilateral_room = BilateralRoom(series=series, room=room)
    bilateral_room.capacity = capacity
    bilateral_room.available_from, bilateral_room.available_to = available_from, available_to
    bilateral_room.save()
    audit_record(
        viewer=_audit_viewer(actor, series),
        action="bilateral_room.set",
        obj=bilateral_room,
        before=before,
        after=snapshot(bilateral_room, fields),
    )
    return bilateral_room


@transaction.atomic
def bilateral_settings_update(
    *,
    actor: SeriesViewer | None,
    series: Series,
    expected_version: int | None = None,
    **changes: Any,
) -> BilateralSettings:
    """Change the buffer (walking time), the hours of bilaterals or the solver's time limit."""
    _require_chair(actor, series, _("only the chair secretariat changes the rules of the bilateral schedule."))
    record = f"bilateral settings of {series.code}"
    allowed = {"buffer_minutes", "day_starts", "day_ends", "time_limit_seconds"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationFailed(
            _("cannot be changed; allowed: %(values)s.") % {"values": ", ".join(sorted(allowed))},
            field=unknown[0],
            record=record,
        )
    settings = bilateral_settings_of(series)
    before = _settings_snapshot(settings) if settings.pk else None
    # Before the first change the defaults are version 1: a caller who read them is checked too.
    if expected_version is not None:
        check_version(current=settings.version, expected=expected_version, record=record)
    for key, value in changes.items():
        setattr(settings, key, value)
    if not 0 <= settings.buffer_minutes <= 120 or settings.buffer_minutes % 5:
        raise ValidationFailed(
            _("%(buffer_minutes)s is not a multiple of 5 between 0 and 120 minutes.")
            % {"buffer_minutes": settings.buffer_minutes},
            field="buffer_minutes",
            record=record,
        )
    if not isinstance(settings.day_starts, time) or not isinstance(settings.day_ends, time):
        raise ValidationFailed(_("must be a time of day (HH:MM)."), field="day_starts", record=record)
    if settings.day_ends <= settings.day_starts:
        raise ValidationFailed(_("is not after day_starts."), field="day_ends", record=record)
    if not 1 <= settings.time_limit_seconds <= 600:
        raise ValidationFailed(
            _("%(time_limit_seconds)s is not between 1 and 600 seconds.")
            % {"time_limit_seconds": settings.time_limit_seconds},
            field="time_limit_seconds",
            record=record,
        )
    if settings.pk:
        settings.version = F("version") + 1
    settings.save()
    settings.refresh_from_db()
    audit_record(
        viewer=_audit_viewer(actor, series),
        action="bilateral_settings.update",
        obj=settings,
        before=before,
        after=_settings_snapshot(settings),
    )
    return settings


def _settings_snapshot(settings: BilateralSettings) -> dict[str, Any]:
    return snapshot(settings, ["buffer_minutes", "day_starts", "day_ends", "time_limit_seconds", "version"])
