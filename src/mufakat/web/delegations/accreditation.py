"""The chair secretariat's accreditation queue: accredit a pending participant, or return it with a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.delegations import selectors, services
from mufakat.delegations.rules import can_decide_accreditation
from mufakat.meetings.models import Series
from mufakat.web.common import page, series_view

from .forms import DecisionForm


def _queue_page(
    request: HttpRequest, series: Series, viewer: SeriesViewer, *, status: int = 200, **context: Any
) -> HttpResponse:
    queue = selectors.accreditation_queue(viewer=viewer, series=series)
    return page(
        request,
        "accreditation_queue.html",
        {"series": series, "queue": queue, "can_decide": can_decide_accreditation(viewer, series.pk), **context},
        viewer=viewer,
        status=status,
    )


@require_safe
@series_view(login_required=True)
def accreditation_queue(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    return _queue_page(request, series, viewer)


@require_POST
@series_view(login_required=True)
def participant_decide(request: HttpRequest, series: Series, viewer: SeriesViewer, participant_id: int) -> HttpResponse:
    participant = selectors.participant_get(viewer=viewer, participant_id=participant_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _queue_page(
            request,
            series,
            viewer,
            failed=participant,
            failed_field="decision",
            failed_message=_("Choose Accredit or Return; reload the page if the buttons are missing."),
            status=400,
        )
    accredit = form.cleaned_data["decision"] == "accredit"
    try:
        decided = services.participant_decide(
            actor=viewer,
            participant_id=participant.pk,
            expected_version=form.cleaned_data["version"],
            accredit=accredit,
            reason=form.cleaned_data["reason"],
        )
    except (ValidationFailed, Conflict) as exc:
        message = exc.message
        if isinstance(exc, Conflict):
            message = _("Someone else changed this participant: %(reason)s") % {"reason": exc.message}
        return _queue_page(
            request,
            series,
            viewer,
            failed=participant,
            failed_field=exc.field,
            failed_message=message,
            failed_reason=form.cleaned_data["reason"],
            status=exc.status_code,
        )
    if accredit:
        messages.success(request, _("%(name)s is accredited.") % {"name": decided.name})
    else:
        messages.success(request, _("%(name)s is returned to the delegation.") % {"name": decided.name})
    return redirect("web:accreditation", code=series.code)
