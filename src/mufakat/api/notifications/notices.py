"""/me/notifications: the caller's inbox, newest first, and marking notifications read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja.pagination import paginate

from mufakat.api.auth import SIGNED_IN, request_user
from mufakat.api.common import BoundedPagination, errors
from mufakat.core.errors import ValidationFailed
from mufakat.notifications import selectors
from mufakat.notifications.models import Notification
from mufakat.notifications.services import notifications_mark_read

from .common import notifications_router
from .schemas import NotificationOut, NotificationsReadIn, NotificationsReadOut


def _language(request: HttpRequest, user: Any) -> str:
    """The request's language when it names one (Accept-Language or the language cookie, as for every text of the
    API); otherwise the one the user reads their notices in."""
    if "Accept-Language" in request.headers or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return (get_language() or "en")[:2]
    return str(user.preferred_language or "en")


def notification_out(notification: Notification, language: str) -> NotificationOut:
    notice = notification.notice
    return NotificationOut(
        id=notification.pk,
        kind=notice.kind,
        kind_label=notice.kind_label,
        language=language,
        subject=notice.subject_in(language),
        body=notice.body_in(language),
        link=notice.link,
        series=notice.series.code if notice.series else None,
        created_at=notification.created_at,
        read_at=notification.read_at,
        deadline=notice.deadline,
        deadline_zone=notice.deadline_zone,
    )


class _Page:
    """What the paginator slices: the page's rows written out in one language."""

    def __init__(self, notifications: QuerySet[Notification], language: str) -> None:
        self._notifications, self._language = notifications, language

    def __len__(self) -> int:
        return self._notifications.count()

    def __getitem__(self, page: slice) -> list[NotificationOut]:
        return [notification_out(n, self._language) for n in self._notifications[page]]


@notifications_router.get("/me/notifications", response={200: list[NotificationOut], **errors(401)}, auth=SIGNED_IN)
@paginate(BoundedPagination)
def notification_list(request: HttpRequest, unread: bool = False) -> Any:
    """The caller's notifications, newest first (`unread=true`: the unread ones only). `subject` and `body` are
    in the request's language when it names one (Accept-Language or the language cookie), else in the language
    the caller chose for notices; `language` says which."""
    user = request_user(request)
    return _Page(selectors.notification_list(user=user, unread_only=unread), _language(request, user))


@notifications_router.post(
    "/me/notifications/read", response={200: NotificationsReadOut, **errors(400, 401, 403)}, auth=SIGNED_IN
)
def notifications_read(request: HttpRequest, data: NotificationsReadIn) -> NotificationsReadOut:
    """Mark notifications read: `ids` (the caller's own; others' are ignored, as if they did not exist) or
    `all: true`. Marking one already read again changes nothing."""
    user = request_user(request)
    if data.all == (data.ids is not None):
        raise ValidationFailed(_("send either ids (a list) or all: true, not both and not neither."), field="ids")
    marked = notifications_mark_read(user=user, notification_ids=None if data.all else data.ids)
    return NotificationsReadOut(marked=marked, unread=selectors.unread_count(user=user))
