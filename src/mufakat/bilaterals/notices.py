"""The notices of bilaterals: a request received, accepted or declined, a meeting placed, moved or cancelled.
Who meets whom is the parties' business: every notice about a request is told only to the people of its
parties whom the request's own visibility rule (selectors.bilateral_request_visible_q) shows it to, never to a
third party. Raised by the services inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from mufakat.accounts.enums import PARTY_ROLES, SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.text import Text, gettext_noop
from mufakat.meetings.models import Series
from mufakat.notifications.phrases import in_languages, local_time, party_recipients
from mufakat.notifications.selectors import series_viewers, who_may_see
from mufakat.notifications.services import Recipient
from mufakat.notifications.services import notify as notify_all
from mufakat.notifications.text import Localized, localized_of
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .enums import SCHEDULABLE, CounterpartResponse, Level, RequestStatus, ScheduleStatus
from .models import BilateralAssignment, BilateralCounterpart, BilateralRequest, BilateralSchedule
from .selectors import bilateral_request_visible_q

# Who is asked and answers for a party: those who may act for it (an observer reads only).
ACTING_ROLES = (SeriesRole.FOCAL_POINT, SeriesRole.DELEGATE)


def _counterparts(request: BilateralRequest) -> list[Party]:
    """The invited parties by code (from the prefetched answers when the caller fetched them)."""
    return sorted((answer.party for answer in request.responses.all()), key=lambda party: party.code)


def _level_label(level: str) -> str:
    """'minister' or 'SOM Leader', as services.common.level_label writes it in refusals."""
    label = str(Level(level).label)
    return label.lower() if level == Level.MINISTER else label


def _names(parties: Iterable[Party]) -> tuple[Localized, ...]:
    return tuple(localized_of(party, "name") for party in parties)


def _values(request: BilateralRequest, counterparts: Sequence[Party]) -> dict[str, Any]:
    zone = request.series.venue.time_zone
    return {
        "requester": localized_of(request.requester, "name"),
        "parties": _names(counterparts),
        "level": in_languages(lambda: _level_label(request.level)),
        "minutes": request.duration_minutes,
        "series": localized_of(request.series, "title"),
        "when": local_time(timezone.now(), zone),
    }


def _told(
    request: BilateralRequest,
    *,
    party_ids: Iterable[int],
    roles: Iterable[str],
    actor: SeriesViewer | None,
    viewers: Sequence[SeriesViewer] | None = None,
) -> list[Recipient]:
    wanted = set(party_ids)
    if viewers is None:
        viewers = series_viewers(series_id=request.series_id, roles=roles, party_ids=wanted)
    else:
        viewers = [v for v in viewers if v.party_ids & wanted]
    allowed = who_may_see(viewers, request, lambda v: bilateral_request_visible_q(v, request.series_id))
    return party_recipients(allowed, party_ids=wanted, actor=actor)


def requests_visible_to(*, viewer: SeriesViewer, series: Series, index: MembershipIndex) -> QuerySet[BilateralRequest]:
    """The requests whose notices a reader may still be shown (notifications.visibility): those the requests'
    selector shows them now (a party that left a request, or a person who no longer holds its role, is shown
    none of its notices)."""
    return BilateralRequest.objects.filter(series=series).filter(bilateral_request_visible_q(viewer, series.pk))


def notify(*, recipients: list[Recipient], **notice: Any) -> None:
    """Raise the notice if anyone is to be told (most parties of a week have no account of their own)."""
    if recipients:
        notify_all(recipients=recipients, **notice)


def _requests_link(request: BilateralRequest) -> str:
    return reverse("web:bilateral-requests", kwargs={"code": request.series.code})


def bilateral_requested_notify(*, actor: SeriesViewer, request: BilateralRequest) -> None:
    """The invited parties' focal points and delegates: someone must answer."""
    counterparts = _counterparts(request)
    recipients = _told(request, party_ids=[p.pk for p in counterparts], roles=ACTING_ROLES, actor=actor)
    values = _values(request, counterparts)
    notify(
        kind="bilateral.requested",
        recipients=recipients,
        subject=Text(gettext_noop("Bilateral request from %(requester)s"), values),
        body=Text(
            gettext_noop(
                "%(requester)s asks %(parties)s to meet at %(level)s level for %(minutes)s minutes during "
                "%(series)s (asked on %(when)s). Accept or decline the request on the bilaterals page."
            ),
            values,
        ),
        series_id=request.series_id,
        link=_requests_link(request),
        about=request,
    )


def bilateral_answered_notify(*, actor: SeriesViewer, request: BilateralRequest, party: Party, accept: bool) -> None:
    """The requesting party's focal points and delegates: a counterpart accepted (with whether the meeting
    now goes into the next schedule) or declined (which closes the request)."""
    counterparts = _counterparts(request)
    recipients = _told(request, party_ids=[request.requester_id], roles=ACTING_ROLES, actor=actor)
    waiting = [
        c.party
        for c in BilateralCounterpart.objects.filter(
            request=request, response=CounterpartResponse.PENDING
        ).select_related("party")
    ]
    values = {**_values(request, counterparts), "party": localized_of(party, "name")}
    if waiting:
        values["waiting"] = _names(waiting)
    if not accept:
        kind = "bilateral.declined"
        subject = Text(gettext_noop("%(party)s declined the bilateral request of %(requester)s"), values)
        body = Text(
            gettext_noop(
                "%(party)s declined on %(when)s the request of %(requester)s to meet %(parties)s at %(level)s "
                "level. The request is closed; no meeting will be scheduled for it."
            ),
            values,
        )
    else:
        kind = "bilateral.accepted"
        subject = Text(gettext_noop("%(party)s accepted the bilateral request of %(requester)s"), values)
        if request.status == RequestStatus.ACCEPTED:
            template = gettext_noop(
                "%(party)s accepted on %(when)s the request of %(requester)s to meet %(parties)s at %(level)s "
                "level. Every invited party has accepted: the meeting goes into the next bilateral schedule."
            )
        else:
            template = gettext_noop(
                "%(party)s accepted on %(when)s the request of %(requester)s to meet %(parties)s at %(level)s "
                "level. Still waiting for the answer of %(waiting)s."
            )
        body = Text(template, values)
    notify(
        kind=kind,
        recipients=recipients,
        subject=subject,
        body=body,
        series_id=request.series_id,
        link=_requests_link(request),
        about=request,
    )


def _published_meeting(request: BilateralRequest) -> BilateralAssignment | None:
    return (
        BilateralAssignment.objects.filter(request=request, schedule__status=ScheduleStatus.PUBLISHED)
        .select_related("room__room")
        .first()
    )


def bilateral_withdrawn_notify(*, actor: SeriesViewer, request: BilateralRequest) -> None:
    """Both sides (the requesting party's other people too): the request is withdrawn, and its meeting, if
    the published schedule holds one, is cancelled."""
    counterparts = _counterparts(request)
    parties = [request.requester_id, *(p.pk for p in counterparts)]
    recipients = _told(request, party_ids=parties, roles=PARTY_ROLES, actor=actor)
    values = _values(request, counterparts)
    meeting = _published_meeting(request)
    if meeting is None:
        template = gettext_noop(
            "%(requester)s withdrew on %(when)s its request to meet %(parties)s at %(level)s level during %(series)s."
        )
    else:
        values |= {
            "start": local_time(meeting.starts_at, request.series.venue.time_zone),
            "room": meeting.room.room.name,
        }
        template = gettext_noop(
            "%(requester)s withdrew on %(when)s its request to meet %(parties)s at %(level)s level: the meeting "
            "of %(start)s in %(room)s is cancelled."
        )
    notify(
        kind="bilateral.cancelled",
        recipients=recipients,
        subject=Text(gettext_noop("Bilateral cancelled: %(requester)s with %(parties)s"), values),
        body=Text(template, values),
        series_id=request.series_id,
        link=_requests_link(request),
        about=request,
    )


def _meetings(schedule_id: int | None) -> dict[int, BilateralAssignment]:
    if schedule_id is None:
        return {}
    return {
        a.request_id: a
        for a in BilateralAssignment.objects.filter(schedule_id=schedule_id)
        .select_related("room__room", "request__requester", "request__series__venue")
        .prefetch_related(Prefetch("request__responses", BilateralCounterpart.objects.select_related("party")))
    }


def bilateral_schedule_published_notify(
    *, actor: SeriesViewer, schedule: BilateralSchedule, previous_id: int | None
) -> None:
    """What publishing `schedule` (replacing the schedule `previous_id`) changes for each meeting, told to the
    people of its parties: placed (new), moved (old → new time and room), or dropped (no longer placed; a
    withdrawn request was told when withdrawn). A meeting left where it was tells no one."""
    series = schedule.series
    zone = series.venue.time_zone
    new, old = _meetings(schedule.pk), _meetings(previous_id)
    dropped_ids = set(
        BilateralRequest.objects.filter(pk__in=set(old) - set(new), status__in=SCHEDULABLE).values_list("pk", flat=True)
    )
    changed = [rid for rid in new if rid not in old or _where(new[rid]) != _where(old[rid])] + sorted(dropped_ids)
    if not changed:
        return
    viewers = series_viewers(series_id=series.pk, roles=PARTY_ROLES)
    link = reverse("web:bilateral-schedule", kwargs={"code": series.code})
    for request_id in changed:
        meeting = new.get(request_id) or old[request_id]
        request = meeting.request
        counterparts = _counterparts(request)
        recipients = _told(
            request,
            party_ids=[request.requester_id, *(p.pk for p in counterparts)],
            roles=PARTY_ROLES,
            actor=actor,
            viewers=viewers,
        )
        values = {**_values(request, counterparts), "number": schedule.number}
        if request_id in new:
            values |= {"start": local_time(new[request_id].starts_at, zone), "room": new[request_id].room.room.name}
        if request_id in old:
            values |= {
                "old_start": local_time(old[request_id].starts_at, zone),
                "old_room": old[request_id].room.room.name,
            }
        if request_id not in old:
            kind = "bilateral.placed"
            subject = Text(gettext_noop("Bilateral placed: %(requester)s with %(parties)s, %(start)s"), values)
            template = gettext_noop(
                "Bilateral schedule %(number)s, published on %(when)s, places the meeting of %(requester)s with "
                "%(parties)s at %(level)s level on %(start)s, for %(minutes)s minutes, in %(room)s."
            )
        elif request_id in new:
            kind = "bilateral.moved"
            subject = Text(gettext_noop("Bilateral moved: %(requester)s with %(parties)s, now %(start)s"), values)
            template = gettext_noop(
                "Bilateral schedule %(number)s, published on %(when)s, moves the meeting of %(requester)s with "
                "%(parties)s at %(level)s level from %(old_start)s in %(old_room)s to %(start)s in %(room)s."
            )
        else:
            kind = "bilateral.cancelled"
            subject = Text(gettext_noop("Bilateral cancelled: %(requester)s with %(parties)s"), values)
            template = gettext_noop(
                "Bilateral schedule %(number)s, published on %(when)s, no longer holds the meeting of "
                "%(requester)s with %(parties)s at %(level)s level that was on %(old_start)s in %(old_room)s: "
                "it could not be placed again. Ask the chair secretariat why."
            )
        notify(
            kind=kind,
            recipients=recipients,
            subject=subject,
            body=Text(template, values),
            series_id=series.pk,
            link=link,
            about=request,
        )


def _where(meeting: BilateralAssignment) -> tuple[Any, int]:
    return meeting.starts_at, meeting.room_id
