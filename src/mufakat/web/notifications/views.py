"""The inbox (newest first, unread marked, a page at a time), opening one (which marks it read), marking all
read, and the preferences page. Every notification is the signed-in user's own: another's is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mufakat.accounts.models import User
from mufakat.core.errors import ApplicationError, NotFound
from mufakat.notifications.email import deadline_lines
from mufakat.notifications.models import Notification
from mufakat.notifications.preferences import notice_settings, notice_settings_update
from mufakat.notifications.selectors import notification_get, notification_list, unread_count
from mufakat.notifications.services import notifications_mark_read
from mufakat.web.common import form_add_error, login_required_view

from .forms import PreferencesForm

PAGE_SIZE = 25


@dataclass(frozen=True)
class InboxRow:
    pk: int
    kind_label: str
    subject: str
    body: str
    series_code: str
    created_at: datetime
    unread: bool
    deadlines: list[str]
    has_link: bool


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required_view guarantees it; this narrows the type
    return user


def _row(notification: Notification, *, language: str, time_zone: str) -> InboxRow:
    notice = notification.notice
    return InboxRow(
        pk=notification.pk,
        kind_label=notice.kind_label,
        subject=notice.subject_in(language),
        body=notice.body_in(language),
        series_code=notice.series.code if notice.series else "",
        created_at=notification.created_at,
        unread=notification.read_at is None,
        deadlines=deadline_lines(notice, time_zone),
        has_link=bool(notice.link),
    )


@never_cache
@require_safe
@login_required_view
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    unread_only = request.GET.get("unread") == "1"
    current = Paginator(notification_list(user=user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Shown in the language the page is read in (the notice was written in every language when it was raised).
    language = (get_language() or "en")[:2]
    rows = [_row(n, language=language, time_zone=user.time_zone) for n in current.object_list]
    unread_total = unread_count(user=user)
    request._mufakat_unread = unread_total  # type: ignore[attr-defined]  # the header's counter: counted once
    context = {
        "page": current,
        "rows": rows,
        "unread_only": unread_only,
        "unread_total": unread_total,
        "query": "unread=1&" if unread_only else "",
        "zone": user.time_zone or "UTC",
    }
    return render(request, "web/notifications/inbox.html", context)


def _safe_link(request: HttpRequest, link: str) -> str | None:
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return link
    return None


@require_safe
@login_required_view
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go to what it is about (the inbox when it names nothing on this site)."""
    user = _user(request)
    try:
        notification = notification_get(user=user, notification_id=notification_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    notifications_mark_read(user=user, notification_ids=[notification.pk])
    return redirect(_safe_link(request, notification.notice.link) or reverse("web:notifications"))


@require_POST
@login_required_view
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=_user(request))
    messages.success(
        request,
        ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", count)
        % {"count": count},
    )
    return redirect(reverse("web:notifications") + ("?unread=1" if request.POST.get("unread") == "1" else ""))


@never_cache
@require_http_methods(["GET", "POST"])
@login_required_view
def preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    current = notice_settings(user=user)
    if request.method == "GET":
        form = PreferencesForm(settings=current)
        return render(request, "web/notifications/preferences.html", {"form": form})
    form = PreferencesForm(request.POST, settings=current)
    if not form.is_valid():
        return render(request, "web/notifications/preferences.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        every_kind = data["every_kind"] or None
        notice_settings_update(
            user=user,
            # "Set every kind at once" stands in place of the menus below it, all in the one transaction.
            every_kind=every_kind,
            email_modes=None if every_kind else form.email_modes(),
            digest_time=data["digest_time"],
            time_zone=data["time_zone"],
            language=data["language"],
        )
    except ApplicationError as exc:
        form_add_error(form, exc)
        return render(request, "web/notifications/preferences.html", {"form": form}, status=exc.status_code)
    messages.success(request, _("Your notification preferences are saved."))
    return redirect("web:notification-preferences")
