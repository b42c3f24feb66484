"""Plans of action and how they are carried out: the plan's numbered outline (areas → measures → action
lines), its recorded revisions, the reporting periods, the parties' implementation reports per action line
and the reviews meetings hold. Numbers of lines are stable: a line keeps its number for the life of the plan,
new lines take the next free number, discontinued lines keep theirs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.classification import Classified
from mufakat.core.i18n import localized
from mufakat.meetings.models import Meeting
from mufakat.reference.models import Framework, Party

from .enums import LineKind, PlanStatus, ReportState, ReportStatus


class Plan(Classified):
    """A plan of action (or work plan) of a framework over a period of years, adopted at a meeting."""

    title_en = models.CharField(_("title (English)"), max_length=300)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=400, blank=True)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="plans", verbose_name=_("framework")
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    adopted_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans_adopted",
        verbose_name=_("adopted at"),
    )
    adopted_by_document = models.ForeignKey(
        "documents.OutcomeDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("adopted through the document"),
    )
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    # The number of the latest recorded revision of the outline (0: none recorded yet).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-start_year", "title_en"]
        verbose_name = _("plan of action")
        verbose_name_plural = _("plans of action")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plan_end_not_before_start")
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class PlanRevision(models.Model):
    """A recorded state of the outline: revision 1 as adopted, later ones as amended by a review meeting;
    with what changed against the revision before and the lines as they then stood."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("number"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("meeting")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changelog = models.JSONField(default=list)
    lines = models.JSONField(default=list)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan} — revision {self.number}"


class PlanLine(models.Model):
    """An area, a measure or an action line. `segment` is the line's own part of its number (the 3 of 2.1.3),
    given once and never changed; `number` and `sort_key` are derived from the segments of the line and its
    parents when the line is created."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("plan"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=LineKind.choices)
    segment = models.PositiveIntegerField(_("number segment"))
    number = models.CharField(_("number"), max_length=32)
    sort_key = models.CharField(max_length=48, editable=False)
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=600, blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    lead_parties = models.ManyToManyField(Party, blank=True, related_name="+", verbose_name=_("lead parties"))
    responsible_parties = models.ManyToManyField(
        Party, blank=True, related_name="+", verbose_name=_("responsible parties")
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    indicator_en = models.TextField(_("indicator (English)"), blank=True)
    indicator_vi = models.TextField(_("indicator (Vietnamese)"), blank=True)
    discontinued = models.BooleanField(_("discontinued"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["plan", "sort_key"]
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_line_unique_number"),
            models.CheckConstraint(condition=Q(segment__gte=1), name="plan_line_segment_positive"),
        ]
        indexes = [models.Index(fields=["plan", "sort_key"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title_en}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def indicator(self) -> str:
        return localized(self, "indicator")

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1


class ReportingPeriod(models.Model):
    """A period parties report on (e.g. "2024"), with its deadline and the review meeting that takes the
    reports up; once frozen, its reports no longer change."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods", verbose_name=_("plan"))
    label = models.CharField(_("label"), max_length=40)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Stored in UTC; shown in the time zone the deadline was set in.
    due_at = models.DateTimeField(_("reports due"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Jakarta")
    review_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken up by"),
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["plan", "starts_on", "label"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="reporting_period_unique_label"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="reporting_period_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.label}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ImplementationReport(models.Model):
    """One party's report on one action line for one period."""

    line = models.ForeignKey(PlanLine, on_delete=models.PROTECT, related_name="reports", verbose_name=_("line"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reports", verbose_name=_("period")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    narrative = models.TextField(_("narrative"), blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT, db_index=True
    )
    returned_reason = models.TextField(_("reason returned"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["period", "line__sort_key", "party__name_en"]
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        constraints = [
            models.UniqueConstraint(fields=["line", "period", "party"], name="report_unique_line_period_party"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(returned_reason=""), name="report_returned_has_reason"
            ),
        ]
        # Covers the review timeline's count of reports on time and late per period.
        indexes = [models.Index(fields=["period", "state", "submitted_at"])]

    def __str__(self) -> str:
        return f"report of {self.party_id} on line {self.line_id} for period {self.period_id}"


class PlanReview(models.Model):
    """A meeting's review of a plan: the figures compiled from the reports it took up, and its conclusions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("plan"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="plan_reviews", verbose_name=_("meeting")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("period reviewed"),
    )
    conclusions_en = models.TextField(_("conclusions (English)"))
    conclusions_vi = models.TextField(_("conclusions (Vietnamese)"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    figures = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["plan", "meeting__start_date"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        constraints = [models.UniqueConstraint(fields=["plan", "meeting"], name="plan_review_unique_meeting")]

    def __str__(self) -> str:
        return f"review of {self.plan} at meeting {self.meeting_id}"

    @property
    def conclusions(self) -> str:
        return localized(self, "conclusions")
