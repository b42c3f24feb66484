"""Schemas of the caller's notifications and notification preferences."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from mufakat.api.common import DbInt, LocalTime, Text


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="One of the kinds listed by GET /api/v1/me/notification-preferences.")
    kind_label: str = Field(description="The kind's name for people, in the request's language.")
    language: str = Field(description="The language of `subject` and `body` (en or vi).")
    subject: str
    body: str
    link: str = Field(description="A path on this site to what the notice is about, e.g. /series/amm-57/…; or empty.")
    series: str | None = Field(description="The series code, e.g. amm-57.")
    created_at: datetime
    read_at: datetime | None = Field(description="null while unread.")
    deadline: datetime | None = Field(description="A deadline the notice announces (UTC).")
    deadline_zone: str = Field(description="The venue's time zone the deadline was set in, e.g. Asia/Vientiane.")


class NotificationsReadIn(Schema):
    ids: list[DbInt] | None = Field(None, description="Mark these of the caller's notifications read.", max_length=500)
    all: bool = Field(False, description="Mark every unread notification of the caller read (instead of `ids`).")


class NotificationsReadOut(Schema):
    marked: int = Field(description="How many were unread and are read now.")
    unread: int = Field(description="How many of the caller's notifications remain unread.")


class NoticeKindOut(Schema):
    kind: str
    label: str
    email_mode: str = Field(description="immediate, digest or none.")


class NotificationPreferencesOut(Schema):
    kinds: list[NoticeKindOut] = Field(description="Every kind of notice, with how it reaches the caller by e-mail.")
    digest_time: str = Field(
        description="When the daily digest goes, HH:MM in `time_zone` (else UTC).", examples=["07:00"]
    )
    time_zone: str = Field(description="The caller's IANA time zone; empty: deadlines in the venue's time only.")
    language: str = Field(description="The language notices and e-mails are written to the caller in: en or vi.")


class NotificationPreferencesIn(Schema):
    email_modes: dict[Text, Text] | None = Field(
        None,
        description="kind → immediate (an e-mail at once), digest (in the daily digest) or none (inbox only); "
        "kinds left out keep their choice.",
        examples=[{"document.circulated": "digest", "bilateral.requested": "none"}],
    )
    digest_time: LocalTime | None = Field(None, description="HH:MM in the caller's time zone.")
    time_zone: Text | None = Field(
        None, max_length=64, description="An IANA name, e.g. Asia/Ho_Chi_Minh; empty for the venue's time only."
    )
    language: Text | None = Field(None, description="en or vi.")
