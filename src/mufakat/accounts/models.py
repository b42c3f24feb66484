from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import SeriesRole


class User(AbstractUser):
    """An account. Own model from the first migration so fields can be added without a swap later."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=[("en", "English"), ("vi", "Tiếng Việt")], default="en"
    )
    # Deadlines in notices are shown in the venue's time and in this one; empty: the venue's only.
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, help_text=_("IANA name, e.g. Asia/Ho_Chi_Minh")
    )
    # Vietnamese (and Chinese, Korean, Khmer, Japanese ...) names are written family name first: Nguyễn Thị Lan.
    family_name_first = models.BooleanField(
        _("family name first"),
        default=False,
        help_text=_("Write the full name family name first, e.g. “Nguyễn Thị Lan”."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The name in the order its bearer writes it."""
        parts = (self.last_name, self.first_name) if self.family_name_first else (self.first_name, self.last_name)
        return " ".join(part.strip() for part in parts if part.strip())


class RoleAssignment(models.Model):
    """A user's role in one series; party-scoped roles (focal point, delegate, observer) name the party."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    series = models.ForeignKey(
        "meetings.Series", on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("series")
    )
    role = models.CharField(_("role"), max_length=24, choices=SeriesRole.choices)
    party = models.ForeignKey(
        "reference.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("party"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series", "role", "user__username"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "series", "role", "party"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} ({self.party_id or '-'}) in series {self.series_id}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest of the secret is stored; the prefix finds the row."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class LoginAttempt(models.Model):
    """Failed and successful logins, for throttling and for the record."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {'ok' if self.succeeded else 'failed'} at {self.at:%Y-%m-%d %H:%M}"


class LoginThrottleKey(models.Model):
    """One row per account name and per client address that has tried to log in: the row an attempt locks
    while it counts the recent failures and reserves its own, so concurrent attempts count one at a time."""

    key = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.key


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk update and delete would go round the model's own guard (the admin's "delete selected" uses them)."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """Append-only record of a state change: who (with role and party), what, on which object, the
    state before and after, when, and the request it came from."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_username = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=120, blank=True)
    actor_party = models.CharField(_("party"), max_length=12, blank=True)
    series = models.ForeignKey(
        "meetings.Series", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("series")
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=240)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["series", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")
