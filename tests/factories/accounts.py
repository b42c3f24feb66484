from __future__ import annotations

from datetime import datetime
from typing import Any

from mufakat.accounts.models import AuditEvent, LoginAttempt, User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.accounts.services import role_assign
from mufakat.meetings.models import Series
from mufakat.reference.models import Party


def account_create(
    *, username: str, series: Series | None = None, role: str | None = None, party_code: str | None = None
) -> User:
    """A user without a usable password (tests log in with force_login; Argon2 would only slow them),
    with a role in the series given through role_assign by a system actor, as a set-up script would."""
    user = User.objects.create_user(username=username, first_name=username.split(".", maxsplit=1)[0].upper())
    if role is not None:
        if series is None:
            raise ValueError("a role is held in a series; pass series=")
        party = Party.objects.get(code=party_code) if party_code else None
        set_up = SeriesViewer.system(series.pk, purpose="test set-up")
        role_assign(actor=set_up, user=user, series=series, role=role, party=party)
    return user


def viewer_create(
    *, username: str, series: Series, role: str | None = None, party_code: str | None = None
) -> SeriesViewer:
    return viewer_for(account_create(username=username, series=series, role=role, party_code=party_code), series)


def login_failures_create(*, times: list[datetime], username: str = "vn.focal", ip_address: str | None = None) -> None:
    LoginAttempt.objects.bulk_create(
        [LoginAttempt(username=username, ip_address=ip_address, succeeded=False, at=at) for at in times]
    )


AUDIT_FIELDS = (
    "actor_username",
    "actor_role",
    "actor_party",
    "series_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
)


def last_audit() -> dict[str, Any]:
    """The newest audit entry's fields, as a test compares them."""
    return AuditEvent.objects.order_by("-pk").values(*AUDIT_FIELDS)[0]


def audited_as(action: str, object_id: object) -> tuple[int | None, str, str, int | None]:
    """Whom the audit entry of `action` on this object names: (user id, username, role, series id)."""
    entry = AuditEvent.objects.get(action=action, object_id=str(object_id))
    return (entry.actor_id, entry.actor_username, entry.actor_role, entry.series_id)
