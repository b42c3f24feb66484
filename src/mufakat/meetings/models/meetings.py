"""Bodies, venues and rooms, series, meetings, their sessions and attendance additions."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import time

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from mufakat.core.i18n import active_language, localized, ordinal_en
from mufakat.meetings.enums import (
    AdditionKind,
    AgendaStatus,
    BodyLevel,
    DatePrecision,
    MeetingStatus,
    SessionKind,
    SessionStatus,
)
from mufakat.reference.models import Framework, Party


class Body(models.Model):
    """A meeting body (AMM, SOM, ARF, ...). Ordinals of its meetings are derived from its history."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=240)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    abbreviation = models.CharField(_("abbreviation"), max_length=32)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("framework")
    )
    level = models.CharField(_("level"), max_length=20, choices=BodyLevel.choices)
    prepares = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_by",
        verbose_name=_("prepares"),
    )
    numbered = models.BooleanField(_("meetings carry ordinals"), default=True)
    # Meetings held before the recorded history starts; counted into every ordinal, with a source.
    prior_meetings_unrecorded = models.PositiveIntegerField(_("earlier meetings not recorded"), default=0)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.abbreviation

    @property
    def name(self) -> str:
        return localized(self, "name")


class Venue(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    city_en = models.CharField(_("city (English)"), max_length=120)
    city_vi = models.CharField(_("city (Vietnamese)"), max_length=120, blank=True)
    country = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="venues", verbose_name=_("country"))
    time_zone = models.CharField(_("time zone"), max_length=64, help_text=_("IANA name, e.g. Asia/Vientiane"))
    opens_at = models.TimeField(_("opens at"), default=time(7, 0))
    closes_at = models.TimeField(_("closes at"), default=time(23, 0))

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [models.UniqueConstraint(fields=["name_en", "city_en"], name="venue_unique_name_city")]

    def __str__(self) -> str:
        return f"{self.name_en}, {self.city_en}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def city(self) -> str:
        return localized(self, "city")

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue"))
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)

    class Meta:
        ordering = ["venue", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="room_unique_name_per_venue")]

    def __str__(self) -> str:
        return self.name


class Series(models.Model):
    """A chair's week of meetings, e.g. the 57th AMM and Related Meetings."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=240)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    theme_en = models.CharField(_("theme (English)"), max_length=240, blank=True)
    theme_vi = models.CharField(_("theme (Vietnamese)"), max_length=300, blank=True)
    chair = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="chaired_series", verbose_name=_("chair"))
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="series", verbose_name=_("venue"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set only by the demo loaders: the series is demo data, written as the world stood at this moment (the demo
    # clock). The app itself keeps the real clock; pages say so in a banner while any series carries it.
    demo_as_of = models.DateTimeField(_("demo set as of"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("series")
        verbose_name_plural = _("series")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="series_end_not_before_start"
            )
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def theme(self) -> str:
        return localized(self, "theme")


class Meeting(models.Model):
    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    # Derived from the body's history by meetings.services.body_renumber; never typed by hand.
    ordinal = models.PositiveIntegerField(_("ordinal"), null=True, blank=True, editable=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("date precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings", verbose_name=_("venue")
    )
    chair = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chair"),
    )
    co_chair = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_chaired_meetings",
        verbose_name=_("co-chair"),
    )
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    # Held by video conference: no venue, no room (a consultation round is often online).
    online = models.BooleanField(_("online"), default=False)
    note = models.TextField(_("note"), blank=True)
    agenda_status = models.CharField(
        _("agenda status"), max_length=12, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    agenda_version = models.PositiveIntegerField(default=1, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["start_date", "body__code"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="meeting_end_not_before_start"
            ),
            models.UniqueConstraint(fields=["body", "start_date"], name="meeting_unique_body_start"),
        ]
        indexes = [models.Index(fields=["body", "start_date"])]

    def __str__(self) -> str:
        return self.title_en

    @property
    def short_title(self) -> str:
        """AMM-57, or the abbreviation alone for unnumbered bodies."""
        if self.body.numbered and self.ordinal:
            return f"{self.body.abbreviation}-{self.ordinal}"
        return self.body.abbreviation

    @property
    def title_en(self) -> str:
        if self.body.numbered and self.ordinal:
            return f"{ordinal_en(self.ordinal)} {self.body.name_en} ({self.short_title})"
        return f"{self.body.name_en} ({self.body.abbreviation})"

    @property
    def title_vi(self) -> str:
        if self.body.numbered and self.ordinal:
            return f"{self.body.name_vi} lần thứ {self.ordinal}"
        return self.body.name_vi

    @property
    def title(self) -> str:
        return self.title_vi if active_language() == "vi" else self.title_en

    @property
    def ordinal_label(self) -> str:
        """The ordinal alone, in the reader's language ("3rd"; a translation may use the bare %(number)d, as
        Vietnamese does: "lần thứ 3"); empty for unnumbered bodies."""
        if not (self.body.numbered and self.ordinal):
            return ""
        # The Vietnamese uses %(number)d, which the English does not: not checked as a format by msgfmt.
        # xgettext:no-python-format
        return pgettext("ordinal of a meeting; %(number)d is the bare number", "%(ordinal)s") % {
            "ordinal": ordinal_en(self.ordinal),
            "number": self.ordinal,
        }

    @property
    def effective_venue(self) -> Venue | None:
        """Where the meeting takes place: its own venue, else its series' (most meetings of a week share it)."""
        return self.venue or (self.series.venue if self.series else None)


class Session(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("meeting"))
    title_en = models.CharField(_("title (English)"), max_length=240)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.PLENARY)
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("room")
    )
    # Stored aware in UTC; shown in the venue's time zone.
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # Stable across edits and releases: the iCalendar UID and the changelog's key.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    named_participants = models.ManyToManyField(
        "delegations.Participant", blank=True, related_name="sessions", verbose_name=_("named participants")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["starts_at", "room__name"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start")
        ]
        indexes = [models.Index(fields=["meeting", "starts_at"])]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")


class AttendanceAddition(models.Model):
    """A party attending a meeting its framework membership would not bring it to (guest, special observer)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance_additions", verbose_name=_("meeting")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="attendance_additions", verbose_name=_("party")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AdditionKind.choices)
    note = models.CharField(_("note"), max_length=240, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "party__name_en"]
        verbose_name = _("attendance addition")
        verbose_name_plural = _("attendance additions")
        constraints = [models.UniqueConstraint(fields=["meeting", "party"], name="attendance_addition_unique")]

    def __str__(self) -> str:
        return f"{self.party.code} as {self.kind} at meeting {self.meeting_id}"
