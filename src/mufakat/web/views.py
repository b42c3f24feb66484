"""Thin views: read through selectors, render templates."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mufakat.accounts.rules import viewer_for
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Framework
from mufakat.reference.selectors import MembershipIndex


@require_safe
def series_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/series_list.html", {"series_list": meeting_selectors.series_list()})


@require_safe
def series_detail(request: HttpRequest, code: str) -> HttpResponse:
    series = get_object_or_404(Series.objects.select_related("chair", "venue", "venue__country"), code=code)
    days = meeting_selectors.series_programme(series=series)
    return render(
        request,
        "web/series_detail.html",
        {
            "series": series,
            "days": days,
            "meeting_count": sum(len(rows) for _, rows in days),
            "viewer": viewer_for(request.user, series),
        },
    )


@require_safe
def framework_list(request: HttpRequest) -> HttpResponse:
    index = MembershipIndex()
    today = timezone.localdate()
    rows = [
        {
            "framework": f,
            "count": reference_selectors.members_count_text(
                reference_selectors.members_count_by_role(index.members_on(f.pk, today))
            ),
        }
        for f in reference_selectors.framework_list()
    ]
    return render(request, "web/framework_list.html", {"rows": rows, "today": today})


@require_safe
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = get_object_or_404(Framework.objects.prefetch_related("includes"), code=code)
    error = ""
    on = timezone.localdate()
    if request.GET.get("on"):
        try:
            on = date.fromisoformat(request.GET["on"])
        except ValueError:
            error = _("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": request.GET["on"]}
    index = MembershipIndex()
    members = index.members_on(framework.pk, on)
    return render(
        request,
        "web/framework_detail.html",
        {
            "framework": framework,
            "on": on,
            "error": error,
            "members": members,
            "members_count": reference_selectors.members_count_text(reference_selectors.members_count_by_role(members)),
            "history": index.history(framework.pk),
            "bodies": framework.bodies.order_by("code"),
        },
        status=400 if error else 200,
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers and feed readers ask for /favicon.ico whatever the page links; send them to our SVG icon."""
    return HttpResponseRedirect(static("mufakat/favicon.svg"))


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
