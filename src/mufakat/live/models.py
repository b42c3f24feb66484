"""Live events (the log every stream reads from and reconnects by), the wall screen's pointer, the floor and
presence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .enums import Audience, FloorStatus


class LiveEvent(models.Model):
    """One change, written in the transaction that made it. Its id is the stream's event id: a client that
    reconnects with Last-Event-ID gets every later event on its topics, or is told to reload when the id is
    older than what is kept. The payload names what changed (a paragraph, a party, a draft number), never
    the text itself: each screen fetches the text through the page, which checks access as always."""

    topic = models.CharField(gettext_lazy("topic"), max_length=64)
    kind = models.CharField(gettext_lazy("kind"), max_length=40)
    payload = models.JSONField(gettext_lazy("payload"), default=dict, blank=True)
    audience = models.CharField(gettext_lazy("audience"), max_length=8, choices=Audience.choices, default=Audience.ALL)
    created_at = models.DateTimeField(gettext_lazy("created at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["topic", "id"], name="live_event_topic_id")]
        verbose_name = gettext_lazy("live event")
        verbose_name_plural = gettext_lazy("live events")

    def __str__(self) -> str:
        return f"{self.pk} {self.topic} {self.kind}"


class ScreenPointer(models.Model):
    """The paragraph the chair points at on a document's wall screen."""

    document = models.OneToOneField(
        "documents.OutcomeDocument", on_delete=models.CASCADE, related_name="screen_pointer"
    )
    paragraph_uid = models.UUIDField(gettext_lazy("paragraph"), null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    set_at = models.DateTimeField(gettext_lazy("set at"), default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("screen pointer")
        verbose_name_plural = gettext_lazy("screen pointers")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.paragraph_uid}"


class SessionFloor(models.Model):
    """A session in the room: the agenda item under discussion now."""

    session = models.OneToOneField("meetings.Session", on_delete=models.CASCADE, related_name="floor")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("agenda item now"),
    )
    updated_at = models.DateTimeField(gettext_lazy("updated at"), default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("session floor")
        verbose_name_plural = gettext_lazy("session floors")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.agenda_item_id}"


class FloorRequest(models.Model):
    """A delegation asking for the floor in a session; kept as the record of who spoke under which item."""

    session = models.ForeignKey("meetings.Session", on_delete=models.CASCADE, related_name="floor_requests")
    party = models.ForeignKey("reference.Party", on_delete=models.PROTECT, related_name="+")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        gettext_lazy("status"), max_length=12, choices=FloorStatus.choices, default=FloorStatus.WAITING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(gettext_lazy("asked at"), default=timezone.now)
    given_at = models.DateTimeField(gettext_lazy("floor given at"), null=True, blank=True)
    closed_at = models.DateTimeField(gettext_lazy("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "party"],
                condition=models.Q(status__in=["waiting", "speaking"]),
                name="live_floor_one_open_request_per_party",
            )
        ]
        verbose_name = gettext_lazy("floor request")
        verbose_name_plural = gettext_lazy("floor requests")

    def __str__(self) -> str:
        return f"{self.session_id} {self.party_id} {self.status}"


class Presence(models.Model):
    """One open stream on a topic: who follows it now. Refreshed while connected; a row not seen for a
    while (a process that died) is ignored and pruned."""

    connection = models.CharField(max_length=40, unique=True)
    topic = models.CharField(max_length=64, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    party_codes = models.CharField(max_length=64, blank=True)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("presence")
        verbose_name_plural = gettext_lazy("presences")

    def __str__(self) -> str:
        return f"{self.topic} {self.user_id}"
