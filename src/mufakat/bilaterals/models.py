"""Bilateral (and plurilateral) meetings on the sidelines of a series: requests and their counterparts'
answers, when principals are in town or busy, the rooms set aside for bilaterals, and the schedules the
solver produces (a draft the chair adjusts, then publishes)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mufakat.delegations.models import Delegation
from mufakat.meetings.models import Room, Series
from mufakat.reference.models import Party

from .enums import CounterpartResponse, Level, RequestStatus, ScheduleStatus, UnscheduledReason


class BilateralSettings(models.Model):
    """Series-wide rules of the bilateral schedule. A series without a row uses the defaults."""

    series = models.OneToOneField(
        Series, on_delete=models.CASCADE, related_name="bilateral_settings", verbose_name=_("series")
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer (minutes)"), default=15, help_text=_("Walking time a principal needs between two meetings.")
    )
    day_starts = models.TimeField(_("bilaterals from"), default=time(8, 0))
    day_ends = models.TimeField(_("bilaterals until"), default=time(21, 0))
    time_limit_seconds = models.PositiveSmallIntegerField(_("solver time limit (seconds)"), default=20)
    gap_fairness = models.PositiveSmallIntegerField(
        _("idle gaps fairness"),
        default=2,
        help_text=_("No principal more than this many idle gaps above the one with fewest, where the schedule allows."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("bilateral settings")
        verbose_name_plural = _("bilateral settings")
        constraints = [
            models.CheckConstraint(condition=Q(day_ends__gt=models.F("day_starts")), name="bilateral_day_ends_after")
        ]

    def __str__(self) -> str:
        return f"bilateral settings of {self.series.code}"


class BilateralRequest(models.Model):
    """A party asks to meet one or more others (a bilateral, or a trilateral such as US–Japan–ROK)."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="bilateral_requests", verbose_name=_("series")
    )
    requester = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="bilateral_requests_made", verbose_name=_("requested by")
    )
    counterparts: models.ManyToManyField[Party, BilateralCounterpart] = models.ManyToManyField(
        Party,
        through="BilateralCounterpart",
        related_name="bilateral_requests_received",
        verbose_name=_("counterparts"),
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.MINISTER)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    priority = models.PositiveSmallIntegerField(_("priority"), default=3, help_text=_("1 (low) to 5 (high)."))
    window_start = models.DateTimeField(_("not before"), null=True, blank=True)
    window_end = models.DateTimeField(_("not after"), null=True, blank=True)
    # [[starts_at, ends_at], ...] as ISO 8601 with offsets: softer than the window, rewarded by the solver.
    preferred = models.JSONField(_("preferred times"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    note = models.TextField(_("note"), blank=True)
    # Precedences: requests of the same series this one must come after ("the trilateral after both
    # bilaterals"); no cycles, not itself (services.requests checks). When both are scheduled, this one
    # starts after the other ends (plus the walking buffer when they share a principal); when the other
    # is not scheduled, this one still may be.
    after: models.ManyToManyField[BilateralRequest, Any] = models.ManyToManyField(
        "self", symmetrical=False, related_name="before", blank=True, verbose_name=_("after")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["series", "pk"]
        verbose_name = _("bilateral request")
        verbose_name_plural = _("bilateral requests")
        constraints = [
            models.CheckConstraint(condition=Q(priority__gte=1, priority__lte=5), name="bilateral_priority_1_to_5"),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="bilateral_duration_positive"),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_end__gt=models.F("window_start")),
                name="bilateral_window_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["series", "status"])]

    def __str__(self) -> str:
        return f"bilateral request {self.pk} of {self.requester_id} in {self.series_id}"


class BilateralCounterpart(models.Model):
    """One invited party and its answer."""

    request = models.ForeignKey(
        BilateralRequest, on_delete=models.CASCADE, related_name="responses", verbose_name=_("request")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    response = models.CharField(
        _("response"), max_length=10, choices=CounterpartResponse.choices, default=CounterpartResponse.PENDING
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["request", "party__code"]
        verbose_name = _("counterpart")
        verbose_name_plural = _("counterparts")
        constraints = [models.UniqueConstraint(fields=["request", "party"], name="bilateral_counterpart_unique")]

    def __str__(self) -> str:
        return f"{self.party_id} on request {self.request_id}: {self.response}"


class DelegationPresence(models.Model):
    """When a delegation's principal (minister or SOM Leader) is in town; no row: the whole series."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="presences", verbose_name=_("delegation")
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    arrives_at = models.DateTimeField(_("arrives"), null=True, blank=True)
    departs_at = models.DateTimeField(_("departs"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["delegation", "level"]
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "level"], name="presence_unique_level"),
            models.CheckConstraint(
                condition=Q(arrives_at__isnull=True)
                | Q(departs_at__isnull=True)
                | Q(departs_at__gt=models.F("arrives_at")),
                name="presence_departs_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"presence of {self.level} of delegation {self.delegation_id}"


class BlockedPeriod(models.Model):
    """A time the principal is busy outside the programme (a call on the Prime Minister, a press interview)."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="blocked_periods", verbose_name=_("delegation")
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=240, blank=True)

    class Meta:
        ordering = ["delegation", "starts_at", "pk"]
        verbose_name = _("blocked period")
        verbose_name_plural = _("blocked periods")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="blocked_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.level} of delegation {self.delegation_id} busy from {self.starts_at:%Y-%m-%d %H:%M}"


class BilateralRoom(models.Model):
    """A room of the venue set aside for bilaterals, seating `capacity` delegations."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="bilateral_rooms", verbose_name=_("series")
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+", verbose_name=_("room"))
    capacity = models.PositiveSmallIntegerField(_("capacity (delegations)"), default=2)
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    available_to = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        ordering = ["series", "room__name"]
        verbose_name = _("bilateral room")
        verbose_name_plural = _("bilateral rooms")
        constraints = [
            models.UniqueConstraint(fields=["series", "room"], name="bilateral_room_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=2), name="bilateral_room_seats_two"),
        ]

    def __str__(self) -> str:
        return self.room.name


SOLVER_LABELS: dict[str, object] = {"highs": "HiGHS", "greedy": _("greedy heuristic")}
SOLVER_STATUS_LABELS: dict[str, object] = {
    "optimal": _("proven optimal"),
    "feasible": _("feasible, not proven optimal"),
    "infeasible": _("no schedule possible"),
    "empty": _("nothing to schedule"),
}


class BilateralSchedule(models.Model):
    """One solver run: its inputs, figures and result. A draft until the chair publishes it; publishing
    supersedes the schedule published before."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="bilateral_schedules", verbose_name=_("series")
    )
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=12, choices=ScheduleStatus.choices, default=ScheduleStatus.DRAFT)
    solver = models.CharField(_("solver"), max_length=20)
    solver_status = models.CharField(_("solver status"), max_length=20)
    objective = models.FloatField(_("scheduled weight"))
    bound = models.FloatField(_("proven bound"))
    gap = models.FloatField(_("gap"))
    seconds = models.FloatField(_("seconds"))
    seconds_to_first = models.FloatField(_("seconds to the first schedule"), null=True, blank=True)
    # Compactness (below the weight): idle gaps in the principals' days as the solver left them, the proven
    # fewest for the meetings placed, each principal's gaps, and the fairness setting it ran with.
    gaps = models.PositiveIntegerField(_("idle gaps"), null=True, blank=True)
    gaps_bound = models.PositiveIntegerField(_("proven fewest idle gaps"), null=True, blank=True)
    gaps_by_principal = models.JSONField(_("idle gaps per principal"), default=dict, blank=True)
    gap_fairness = models.PositiveSmallIntegerField(_("idle gaps fairness"), null=True, blank=True)
    greedy_objective = models.FloatField(_("greedy baseline weight"), null=True, blank=True)
    greedy_scheduled = models.PositiveIntegerField(_("greedy baseline meetings"), null=True, blank=True)
    requested = models.PositiveIntegerField(_("requests considered"), default=0)
    inputs = models.JSONField(_("inputs"), default=dict)
    moves = models.JSONField(_("moves against the published schedule"), default=list)
    # Rescheduling (a published schedule existed): its meetings re-timed or dropped, and the proven fewest
    # any schedule at least this heavy re-times or drops (None when the solver could not prove one).
    moved = models.PositiveIntegerField(_("published meetings re-timed or dropped"), null=True, blank=True)
    moves_minimum = models.PositiveIntegerField(_("fewest re-timed or dropped, proven"), null=True, blank=True)
    log = models.JSONField(_("solver log"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["series", "-number"]
        verbose_name = _("bilateral schedule")
        verbose_name_plural = _("bilateral schedules")
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="bilateral_schedule_unique_number"),
            models.UniqueConstraint(
                fields=["series"], condition=Q(status="published"), name="bilateral_schedule_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series.code} bilateral schedule {self.number} ({self.status})"

    @property
    def solver_label(self) -> str:
        """The solver by its name ("HiGHS"), not its code."""
        return str(SOLVER_LABELS.get(self.solver, self.solver))

    @property
    def solver_status_label(self) -> str:
        """What the solver proved, in words ("proven optimal"), not its code."""
        return str(SOLVER_STATUS_LABELS.get(self.solver_status, self.solver_status))


class BilateralAssignment(models.Model):
    """A request placed at a time in a room. `confirmed`: agreed with the parties; a re-solve keeps it."""

    schedule = models.ForeignKey(
        BilateralSchedule, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("schedule")
    )
    request = models.ForeignKey(
        BilateralRequest, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("request")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(BilateralRoom, on_delete=models.PROTECT, related_name="+", verbose_name=_("room"))
    confirmed = models.BooleanField(_("confirmed"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["schedule", "starts_at", "room__room__name"]
        verbose_name = _("bilateral assignment")
        verbose_name_plural = _("bilateral assignments")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "request"], name="bilateral_assignment_unique_request"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="assignment_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"request {self.request_id} at {self.starts_at:%Y-%m-%d %H:%M} in schedule {self.schedule_id}"


class BilateralUnscheduled(models.Model):
    """A request a schedule could not place, and why."""

    schedule = models.ForeignKey(
        BilateralSchedule, on_delete=models.CASCADE, related_name="unscheduled", verbose_name=_("schedule")
    )
    request = models.ForeignKey(
        BilateralRequest, on_delete=models.PROTECT, related_name="unscheduled_in", verbose_name=_("request")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=UnscheduledReason.choices)
    detail = models.TextField(_("detail"), blank=True)
    # The detail as an English template and its values, rendered in the reader's language (bilaterals.reasons).
    detail_text = models.JSONField(_("detail template"), default=dict, blank=True)

    class Meta:
        ordering = ["schedule", "request"]
        verbose_name = _("unscheduled request")
        verbose_name_plural = _("unscheduled requests")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "request"], name="bilateral_unscheduled_unique_request")
        ]

    def __str__(self) -> str:
        return f"request {self.request_id} unscheduled in schedule {self.schedule_id}: {self.reason}"
