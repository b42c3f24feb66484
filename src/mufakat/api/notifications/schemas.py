"""Schemas of the caller's notifications and notification preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema, model_validator

from mufakat.api.common import LOCAL_TIME_PATTERN, DbInt, LocalTime, Text
from mufakat.core.errors import ValidationFailed


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


DIGEST_TIME = "When the daily digest goes: HH:MM in your time zone (`time_zone`), or in UTC when you set none."
# LocalTime's checks, described as the digest's time (not as a venue's).
DigestTime = Annotated[
    LocalTime,
    WithJsonSchema(
        {"type": "string", "pattern": LOCAL_TIME_PATTERN, "description": DIGEST_TIME, "examples": ["07:00"]}
    ),
]


class NoticeKindOut(Schema):
    kind: str
    label: str
    email_mode: str = Field(description="immediate, digest or none.")


class NotificationPreferencesOut(Schema):
    kinds: list[NoticeKindOut] = Field(description="Every kind of notice, with how it reaches the caller by e-mail.")
    digest_time: str = Field(description=DIGEST_TIME, examples=["07:00"])
    time_zone: str = Field(description="The caller's IANA time zone; empty: deadlines in the venue's time only.")
    language: str = Field(description="The language notices and e-mails are written to the caller in: en or vi.")


class _Strict(Schema):
    """A body that refuses keys it does not know (a misspelt field would otherwise change nothing and say 200):
    the refusal is a 400 naming the key, as every other refusal of a value."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_keys_only(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if key not in cls.model_fields:
                    raise ValidationFailed(
                        _("%(key)r is not a field here; the fields are %(fields)s.")
                        % {"key": key, "fields": ", ".join(cls.model_fields)},
                        field=str(key),
                    )
        return data


class NoticeKindIn(_Strict):
    kind: Text = Field(description="A kind of notice, as GET lists them.")
    email_mode: Text = Field(
        description="immediate (an e-mail at once), digest (in the daily digest) or none (inbox only)."
    )
    label: str | None = Field(None, description="Ignored: GET's label, so that GET's `kinds` can be sent back as is.")


class NotificationPreferencesIn(_Strict):
    kinds: list[NoticeKindIn] | None = Field(
        None,
        description="The kinds to change, in the shape GET returns them; kinds left out keep their choice.",
        examples=[[{"kind": "document.circulated", "email_mode": "digest"}]],
        max_length=200,
    )
    digest_time: DigestTime | None = Field(None, description=DIGEST_TIME)
    time_zone: Text | None = Field(
        None, max_length=64, description="An IANA name, e.g. Asia/Ho_Chi_Minh; empty for the venue's time only."
    )
    language: Text | None = Field(None, description="en or vi.")
