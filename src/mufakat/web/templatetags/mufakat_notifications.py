"""The unread counter in the page header."""

from __future__ import annotations

from typing import Any

from django import template

from mufakat.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    """How many of the signed-in user's notifications are unread: one COUNT, once per request."""
    request = context.get("request")
    if request is None:
        return 0
    if not hasattr(request, "_mufakat_unread"):
        request._mufakat_unread = unread_count(user=getattr(request, "user", None))
    count: int = request._mufakat_unread
    return count
