from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import NOTICE_KINDS


class Notice(models.Model):
    """One thing that happened, told to some people. Its subject and body are written once per language when
    it is raised (recipients read what was true then); who is told is decided by the emitter under the object's
    classification, and each recipient's copy is a Notification."""

    kind = models.CharField(_("kind"), max_length=64)
    series = models.ForeignKey(
        "meetings.Series", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("series")
    )
    # {"en": "...", "vi": "..."}
    subject = models.JSONField(_("subject"))
    body = models.JSONField(_("body"))
    # A path on this site ("/series/amm-57/documents/12/"); e-mails make it absolute with MUFAKAT_SITE_URL.
    link = models.CharField(_("link"), max_length=500, blank=True)
    # What it is about, so an object's page can list who was told about it (the proof of a silence procedure).
    object_type = models.CharField(max_length=48, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    # A deadline the notice announces: shown in the venue's time and in each recipient's own.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    deadline_zone = models.CharField(max_length=64, blank=True)
    # Raising the same notice twice (a re-run, a second worker) is a no-op when the emitter gives a key.
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} notice {self.pk}"

    @property
    def kind_label(self) -> str:
        return str(NOTICE_KINDS.get(self.kind, self.kind))

    def subject_in(self, language: str) -> str:
        return str(self.subject.get(language) or self.subject.get("en", ""))

    def body_in(self, language: str) -> str:
        return str(self.body.get(language) or self.body.get("en", ""))


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("by e-mail at once")
    DIGEST = "digest", _("in a daily e-mail digest")
    NONE = "none", _("not by e-mail (inbox only)")


class EmailState(models.TextChoices):
    QUEUED = "queued", _("queued")
    DIGEST = "digest", _("waiting for the digest")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("accepted by the mail server")
    RETRYING = "retrying", _("refused, will retry")
    FAILED = "failed", _("failed")
    NOT_SENT = "not_sent", _("not sent (inbox only)")
    NO_ADDRESS = "no_address", _("not sent (no e-mail address)")
    # Held back when sending: the recipient may no longer see what the notice is about (not the user's choice).
    WITHHELD = "withheld", _("not sent (no longer visible to the recipient)")


class Notification(models.Model):
    """One recipient's copy of a notice: an inbox row for a user (read or unread), and its e-mail's fate.
    A head of delegation without an account is told by e-mail only (address, no user)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    address = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    # The party on whose behalf the recipient is told, when it matters (silence procedure: every party told).
    party = models.ForeignKey(
        "reference.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )
    language = models.CharField(max_length=8, default="en")
    time_zone = models.CharField(max_length=64, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_mode = models.CharField(max_length=12, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    email_state = models.CharField(max_length=12, choices=EmailState.choices, default=EmailState.QUEUED)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email_state"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(address=""), name="notification_has_recipient"),
            models.UniqueConstraint(fields=["notice", "user"], name="notification_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.notice.kind} to {self.user_id or self.address}"


class NotificationPreference(models.Model):
    """How one user wants one kind of notice by e-mail; no row means at once. The inbox always has it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    kind = models.CharField(max_length=64)
    email_mode = models.CharField(max_length=12, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.email_mode}"


class DigestSchedule(models.Model):
    """When a user's daily digest goes (in their own time zone), and the last one sent."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_schedule")
    send_at = models.TimeField(_("digest time"), default="07:00")
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"digest at {self.send_at}"
