"""The reference pages: the frameworks (ASEAN, ASEAN+3, EAS...) and their members on a date."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Framework
from mufakat.reference.selectors import MembershipIndex


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
