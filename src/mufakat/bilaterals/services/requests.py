"""Bilateral requests: a party asks to meet others, the counterparts answer, the requester withdraws. Every
refusal names the field and the fix; a request that can never be scheduled is refused when made."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.bilaterals.availability import GRAIN_MINUTES, principals_free_time
from mufakat.bilaterals.enums import CounterpartResponse, Level, RequestStatus
from mufakat.bilaterals.models import BilateralCounterpart, BilateralRequest
from mufakat.bilaterals.notices import (
    bilateral_answered_notify,
    bilateral_requested_notify,
    bilateral_withdrawn_notify,
)
from mufakat.bilaterals.rules import can_act_for_party, can_view_party_bilaterals
from mufakat.bilaterals.validators import validate_aware
from mufakat.core.errors import NotFound, ValidationFailed, require_choice
from mufakat.core.locking import lock_then_read
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.delegations.models import Delegation
from mufakat.meetings.models import Series
from mufakat.reference.models import Party

from .common import AuditNoting, inside_series, level_label

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
        inside_series(series, window_start, window_end, field="window_start", record=record)
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
        inside_series(series, start, end, field="preferred", record=record)


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
                    "level_label": level_label(level),
                    "party": party.name,
                    "where": where,
                },
                field="duration_minutes",
                record=record,
            )


@transaction.atomic
def bilateral_request_create(
    *,
    actor: SeriesViewer,
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
    after: Sequence[int] = (),
) -> BilateralRequest:
    """A party asks to meet one or more others. The counterparts are asked to accept; every refusal names
    the field and the fix."""
    require(
        can_act_for_party(actor, series.pk, requester.pk),
        _("only %(requester)s's focal point or delegates (or the chair secretariat) request bilaterals on its behalf.")
        % {"requester": requester.name},
    )
    record = f"new bilateral request of {requester.code}"
    require_choice(level, Level.values, field="level", record=record)
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
    from .precedence import validate_after  # noqa: PLC0415 - precedence imports this module

    before = validate_after(actor=actor, series_id=series.pk, request_id=None, after=after, record=record)
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
        created_by=actor.user if actor.is_authenticated else None,
    )
    BilateralCounterpart.objects.bulk_create(
        [BilateralCounterpart(request=request, party=party) for party in sorted(counterparts, key=lambda p: p.code)]
    )
    request.after.set(before)
    audit_record(
        viewer=actor,
        action="bilateral_request.create",
        obj=request,
        after={
            **snapshot(request, REQUEST_AUDIT_FIELDS),
            "counterparts": sorted(party.code for party in counterparts),
            "after": sorted(r.pk for r in before),
        },
    )
    bilateral_requested_notify(actor=actor, request=request)
    return request


def _request_locked(request_id: int, actor: SeriesViewer) -> BilateralRequest:
    request = lock_then_read(
        BilateralRequest.objects.select_related("series", "series__venue", "requester"), pk=request_id
    )
    visible = request is not None and (
        can_view_party_bilaterals(actor, request.series_id, request.requester_id)
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
    *, actor: SeriesViewer, request_id: int, party: Party, accept: bool, expected_version: int | None = None
) -> BilateralRequest:
    """A counterpart accepts or declines. When every counterpart has accepted, the request is accepted
    (and goes into the next solve); one refusal declines it."""
    request = _request_locked(request_id, actor)
    record = f"bilateral request {request.pk}"
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
    check_fresh(request, expected_version=expected_version, record=record)
    if request.status != RequestStatus.REQUESTED:
        raise ValidationFailed(
            _("is %(status)s; answers are taken only while a request waits for them.") % {"status": request.status},
            field="status",
            record=record,
        )
    counterpart.response = CounterpartResponse.ACCEPTED if accept else CounterpartResponse.DECLINED
    counterpart.responded_at = timezone.now()
    counterpart.responded_by = actor.user if actor.is_authenticated else None
    counterpart.save()
    responses = list(BilateralCounterpart.objects.filter(request=request).values_list("response", flat=True))
    noting = {"party": party.code}
    if party.pk not in actor.party_ids:
        # The chair secretariat (or a system actor) recorded the party's answer: the log says for whom.
        noting["recorded_for"] = party.code
    answered = versioned_update(
        request,
        expected_version=expected_version,
        record=record,
        changes={"status": _status_from_responses(responses)},
        update_fields=["status"],
        audit=AuditNoting(
            actor,
            "bilateral_request.accept" if accept else "bilateral_request.decline",
            REQUEST_AUDIT_FIELDS,
            noting=noting,
        ),
    )
    bilateral_answered_notify(actor=actor, request=answered, party=party, accept=accept)
    return answered


@transaction.atomic
def bilateral_request_withdraw(
    *, actor: SeriesViewer, request_id: int, expected_version: int | None = None
) -> BilateralRequest:
    """The requesting party takes its request back; a published meeting of it shows as cancelled."""
    request = _request_locked(request_id, actor)
    record = f"bilateral request {request.pk}"
    require(
        can_act_for_party(actor, request.series_id, request.requester_id),
        _("only %(requester)s's focal point or delegates (or the chair secretariat) withdraw its requests.")
        % {"requester": request.requester.name},
    )
    check_fresh(request, expected_version=expected_version, record=record)
    if request.status == RequestStatus.WITHDRAWN:
        raise ValidationFailed(_("is already withdrawn."), field="status", record=record)
    if request.status == RequestStatus.DECLINED:
        raise ValidationFailed(_("is declined; there is nothing to withdraw."), field="status", record=record)
    # The chair secretariat (or a system actor) may withdraw it for the requesting party: the log says for whom.
    noting = {} if request.requester_id in actor.party_ids else {"recorded_for": request.requester.code}
    withdrawn = versioned_update(
        request,
        expected_version=expected_version,
        record=record,
        changes={"status": RequestStatus.WITHDRAWN},
        update_fields=["status"],
        audit=AuditNoting(actor, "bilateral_request.withdraw", REQUEST_AUDIT_FIELDS, noting=noting),
    )
    bilateral_withdrawn_notify(actor=actor, request=withdrawn)
    return withdrawn
