"""What a bilateral request comes after ("the trilateral after both bilaterals"): shown on the requests page
and set there by the requesting delegation (or the chair secretariat), shown on the schedule page. Only the
requests the reader may see are named (no-leak)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals import selectors, services
from mufakat.bilaterals.enums import RequestStatus
from mufakat.bilaterals.models import BilateralRequest
from mufakat.bilaterals.rules import can_act_for_party
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.meetings.models import Series
from mufakat.web.common import series_view

CLOSED = (RequestStatus.WITHDRAWN, RequestStatus.DECLINED)


class AfterForm(forms.Form):
    after = forms.TypedMultipleChoiceField(
        label=gettext_lazy("After"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("When both are scheduled, this meeting starts after these end."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        after: Any = self.fields["after"]
        after.choices = choices


def request_names(items: Iterable[BilateralRequest]) -> dict[int, str]:
    """'Viet Nam – Japan' for every request given (the reader sees them all)."""
    return {item.pk: " – ".join([item.requester.name, *(r.party.name for r in item.responses.all())]) for item in items}


def after_choices(
    names: dict[int, str], items: Iterable[BilateralRequest], *, leave_out: int | None
) -> list[tuple[int, str]]:
    """Requests one may name in `after`: those shown, still open, not the request itself."""
    return [(item.pk, names[item.pk]) for item in items if item.pk != leave_out and item.status not in CLOSED]


def after_rows(viewer: SeriesViewer, series: Series, items: list[BilateralRequest]) -> dict[int, dict[str, Any]]:
    """Per request shown: the names of those it comes after, and (when the reader may set them) the form."""
    names = request_names(items)
    out = {}
    for item in items:
        chosen = [pk for pk in (a.pk for a in item.after.all()) if pk in names]
        settable = item.status not in CLOSED and can_act_for_party(viewer, series.pk, item.requester_id)
        out[item.pk] = {
            "after": [names[pk] for pk in chosen],
            "after_form": AfterForm(
                initial={"after": chosen, "version": item.version},
                choices=after_choices(names, items, leave_out=item.pk),
                prefix=f"after{item.pk}",
            )
            if settable
            else None,
        }
    return out


@require_POST
@series_view(login_required=True)
def bilateral_request_after(
    request: HttpRequest, series: Series, viewer: SeriesViewer, request_id: int
) -> HttpResponse:
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    items = list(selectors.bilateral_request_list(viewer=viewer, series=series))
    form = AfterForm(
        request.POST, choices=after_choices(request_names(items), items, leave_out=item.pk), prefix=f"after{item.pk}"
    )
    back = redirect("web:bilateral-requests", code=series.code)
    if not form.is_valid():
        messages.error(request, _("Choose among the requests listed."))
        return back
    try:
        services.bilateral_request_after_set(
            actor=viewer,
            request_id=item.pk,
            after=form.cleaned_data["after"],
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
        return back
    messages.success(request, _("What this meeting comes after is saved."))
    return back
