"""Reads of bilaterals, always through the viewer's rights: the chair secretariat sees everything; a party
sees the requests and meetings it takes part in; the public sees nothing. The series' settings and the
requests a solve takes in are read for the services and the adapter, which check the viewer themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import NotFound
from mufakat.delegations.models import Delegation
from mufakat.jobs.models import Job
from mufakat.meetings.models import Series

from .enums import SCHEDULABLE, CounterpartResponse, RequestStatus, ScheduleStatus
from .models import (
    BilateralAssignment,
    BilateralCounterpart,
    BilateralRequest,
    BilateralRoom,
    BilateralSchedule,
    BilateralSettings,
    BilateralUnscheduled,
    BlockedPeriod,
    DelegationPresence,
)
from .rules import can_act_for_party, can_use_bilaterals, can_view_all_bilaterals, can_view_party_bilaterals

NOT_FOR_YOU = gettext_lazy(
    "bilateral meetings are visible to the parties that take part in them and the chair secretariat only."
)


def _party_q(party_ids: frozenset[int] | set[int], prefix: str = "") -> Q:
    """Requests one of the parties makes or is invited to."""
    return Q(**{f"{prefix}requester_id__in": party_ids}) | Q(**{f"{prefix}responses__party_id__in": party_ids})


def _requests() -> QuerySet[BilateralRequest]:
    return BilateralRequest.objects.select_related("requester", "created_by").prefetch_related(
        Prefetch("responses", queryset=BilateralCounterpart.objects.select_related("party").order_by("party__code")),
        "after",
    )


def bilateral_request_visible_q(viewer: SeriesViewer, series_id: int) -> Q:
    """The requests of the series this viewer may see: all for the chair, a party's own (made or received)
    for its people. Notices about a request are told only to whom this keeps."""
    if can_view_all_bilaterals(viewer, series_id):
        return Q(series_id=series_id)
    ids = BilateralRequest.objects.filter(series_id=series_id).filter(_party_q(viewer.party_ids)).values("pk")
    return Q(pk__in=ids)


def bilateral_request_list(*, viewer: SeriesViewer, series: Series) -> QuerySet[BilateralRequest]:
    """Every request for the chair; a party's own (made or received) for its people."""
    require(can_use_bilaterals(viewer, series.pk), NOT_FOR_YOU)
    requests = _requests().filter(series=series).filter(bilateral_request_visible_q(viewer, series.pk))
    return requests.order_by("-priority", "pk")


def bilateral_request_get(*, viewer: SeriesViewer, series: Series, request_id: int) -> BilateralRequest:
    found = None
    if can_use_bilaterals(viewer, series.pk):
        found = bilateral_request_list(viewer=viewer, series=series).filter(pk=request_id).first()
    if found is None:
        raise NotFound(
            _("no bilateral request with id %(request_id)s in %(series)s.")
            % {"request_id": request_id, "series": series.code},
            field="request_id",
        )
    return found


def bilateral_settings_of(series: Series) -> BilateralSettings:
    """The series' settings, or the defaults (unsaved) when the chair never changed them."""
    found = BilateralSettings.objects.filter(series=series).first()
    return found if found is not None else BilateralSettings(series=series)


def bilateral_requests_schedulable(*, series: Series) -> list[BilateralRequest]:
    """Accepted requests (and those a published schedule placed or left out): what a solve takes in."""
    return list(
        BilateralRequest.objects.filter(series=series, status__in=SCHEDULABLE)
        .select_related("requester")
        .prefetch_related("responses__party")
        .order_by("pk")
    )


def bilateral_room_list(*, series: Series) -> QuerySet[BilateralRoom]:
    return BilateralRoom.objects.filter(series=series).select_related("room").order_by("room__name")


def bilateral_schedule_get(*, viewer: SeriesViewer, series: Series, status: str) -> BilateralSchedule | None:
    """The current draft (the chair only) or the published schedule (anyone of a party, filtered later)."""
    if status == ScheduleStatus.DRAFT:
        require(can_view_all_bilaterals(viewer, series.pk), _("only the chair secretariat sees the draft schedule."))
    else:
        require(can_use_bilaterals(viewer, series.pk), NOT_FOR_YOU)
    return (
        BilateralSchedule.objects.filter(series=series, status=status)
        .select_related("created_by", "published_by")
        .order_by("-number")
        .first()
    )


def bilateral_schedule_by_id(*, viewer: SeriesViewer, series: Series, schedule_id: int) -> BilateralSchedule:
    schedule = None
    if can_view_all_bilaterals(viewer, series.pk):
        schedule = BilateralSchedule.objects.filter(series=series, pk=schedule_id).first()
    if schedule is None:
        raise NotFound(
            _("no bilateral schedule with id %(schedule_id)s in %(series)s.")
            % {"schedule_id": schedule_id, "series": series.code},
            field="schedule_id",
        )
    return schedule


def bilateral_assignment_list(
    *, viewer: SeriesViewer, schedule: BilateralSchedule, party_id: int | None = None
) -> QuerySet[BilateralAssignment]:
    """The schedule's meetings the viewer may see: all for the chair, a party's own for its people.
    `party_id` narrows to one party's meetings (which the viewer must be allowed to see)."""
    assignments = (
        BilateralAssignment.objects.filter(schedule=schedule)
        .select_related("request__requester", "room__room")
        .prefetch_related(
            Prefetch(
                "request__responses",
                queryset=BilateralCounterpart.objects.select_related("party").order_by("party__code"),
            ),
            "request__after",
        )
        .order_by("starts_at", "room__room__name", "pk")
    )
    if party_id is not None:
        require(can_view_party_bilaterals(viewer, schedule.series_id, party_id), NOT_FOR_YOU)
        return assignments.filter(pk__in=_ids_for(schedule, {party_id}))
    if can_view_all_bilaterals(viewer, schedule.series_id):
        return assignments
    require(
        schedule.status != ScheduleStatus.DRAFT and can_use_bilaterals(viewer, schedule.series_id),
        NOT_FOR_YOU,
    )
    return assignments.filter(pk__in=_ids_for(schedule, set(viewer.party_ids)))


def _ids_for(schedule: BilateralSchedule, party_ids: set[int]) -> QuerySet[BilateralAssignment, Any]:
    return BilateralAssignment.objects.filter(schedule=schedule).filter(_party_q(party_ids, "request__")).values("pk")


def bilateral_unscheduled_list(*, viewer: SeriesViewer, schedule: BilateralSchedule) -> QuerySet[BilateralUnscheduled]:
    unscheduled = (
        BilateralUnscheduled.objects.filter(schedule=schedule)
        .select_related("request__requester")
        .prefetch_related(
            Prefetch(
                "request__responses",
                queryset=BilateralCounterpart.objects.select_related("party").order_by("party__code"),
            )
        )
        .order_by("-request__priority", "request_id")
    )
    if can_view_all_bilaterals(viewer, schedule.series_id):
        return unscheduled
    require(schedule.status != ScheduleStatus.DRAFT and can_use_bilaterals(viewer, schedule.series_id), NOT_FOR_YOU)
    ids = (
        BilateralUnscheduled.objects.filter(schedule=schedule)
        .filter(_party_q(set(viewer.party_ids), "request__"))
        .values("pk")
    )
    return unscheduled.filter(pk__in=ids)


def party_meetings(*, viewer: SeriesViewer, series: Series, delegation: Delegation) -> list[BilateralAssignment]:
    """The party's meetings in the published schedule, withdrawn ones left out."""
    require(can_view_party_bilaterals(viewer, series.pk, delegation.party_id), NOT_FOR_YOU)
    published = BilateralSchedule.objects.filter(series=series, status=ScheduleStatus.PUBLISHED).first()
    if published is None:
        return []
    return list(
        bilateral_assignment_list(viewer=viewer, schedule=published, party_id=delegation.party_id).exclude(
            request__status=RequestStatus.WITHDRAWN
        )
    )


def presence_list(*, viewer: SeriesViewer, delegation: Delegation) -> list[DelegationPresence]:
    require(can_view_party_bilaterals(viewer, delegation.series_id, delegation.party_id), NOT_FOR_YOU)
    return list(DelegationPresence.objects.filter(delegation=delegation).order_by("level"))


def blocked_period_list(*, viewer: SeriesViewer, delegation: Delegation) -> list[BlockedPeriod]:
    require(can_view_party_bilaterals(viewer, delegation.series_id, delegation.party_id), NOT_FOR_YOU)
    return list(BlockedPeriod.objects.filter(delegation=delegation).order_by("starts_at", "pk"))


def bilateral_answers_awaited(*, viewer: SeriesViewer, series: Series) -> list[BilateralCounterpart]:
    """For "my desk": the invitations to the parties the viewer answers for (its focal point or a delegate;
    an observer only reads) still pending on requests that stand, oldest first (one query). The chair, who
    answers only on a party's behalf, gets none here (bilateral_requests_unanswered is its line)."""
    party_ids = [
        party_id
        for party_id in viewer.party_ids
        if viewer.series_id == series.pk and can_act_for_party(viewer, series.pk, party_id)
    ]
    if not party_ids:
        return []
    return list(
        BilateralCounterpart.objects.filter(
            request__series=series,
            request__status=RequestStatus.REQUESTED,
            party_id__in=party_ids,
            response=CounterpartResponse.PENDING,
        )
        .select_related("request__requester", "party")
        .order_by("request__created_at", "request_id", "party__code")
    )


def bilateral_requests_unanswered(*, viewer: SeriesViewer, series: Series) -> int:
    """For the chair's desk: how many requests still wait for a counterpart's answer (0 for anyone else)."""
    if not can_view_all_bilaterals(viewer, series.pk):
        return 0
    return BilateralRequest.objects.filter(series=series, status=RequestStatus.REQUESTED).count()


def bilateral_solve_job_latest(*, series: Series) -> Job | None:
    """The series' latest solve job, whatever became of it (the chair's schedule page shows it)."""
    return (
        Job.objects.filter(kind="bilaterals.solve", series=series)
        .select_related("enqueued_by")
        .order_by("-created_at")
        .first()
    )
