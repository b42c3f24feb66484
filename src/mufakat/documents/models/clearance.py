"""Clearing a text: parties' positions and silence procedures with their breaks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mufakat.documents.enums import PositionKind, SilenceStatus
from mufakat.reference.models import Party

from .document import DocumentVersion


class Position(models.Model):
    """A party's position on one version: the unit of clearance."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="positions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(pgettext_lazy("party position", "position"), max_length=16, choices=PositionKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "party__name_en"]
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="position_unique_party")]
        verbose_name = pgettext_lazy("party position", "position")
        verbose_name_plural = pgettext_lazy("party position", "positions")

    def __str__(self) -> str:
        return f"{self.party_id} {self.kind} on version {self.version_id}"


class SilenceProcedure(models.Model):
    """A version circulated under silence: cleared at the deadline unless a party breaks silence.

    The deadline is stored in UTC with the time zone it was announced in; `mufakat run-deadlines`
    concludes every procedure whose deadline has passed, so a restart or a missed run only delays
    the recording, never changes the result (breaks are accepted only before the deadline)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="silence_procedures")
    deadline = models.DateTimeField(_("deadline"), db_index=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=SilenceStatus.choices, default=SilenceStatus.RUNNING, db_index=True
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    concluded_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version"], condition=Q(status="running"), name="silence_one_running_per_version"
            )
        ]
        verbose_name = _("silence procedure")
        verbose_name_plural = _("silence procedures")

    def __str__(self) -> str:
        return f"silence on version {self.version_id} until {self.deadline:%Y-%m-%d %H:%M} UTC"


class SilenceBreak(models.Model):
    procedure = models.ForeignKey(SilenceProcedure, on_delete=models.CASCADE, related_name="breaks")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    broken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    broken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["procedure", "broken_at"]
        constraints = [models.UniqueConstraint(fields=["procedure", "party"], name="silence_break_unique_party")]

    def __str__(self) -> str:
        return f"{self.party_id} broke silence {self.procedure_id}"
