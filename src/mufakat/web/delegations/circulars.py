"""Circulars of a series, each shown only to those its classification allows, and the new-circular form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mufakat.accounts.classification import Classification
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import ValidationFailed
from mufakat.delegations import selectors, services
from mufakat.delegations.rules import can_manage_delegations
from mufakat.meetings.models import Series
from mufakat.reference import selectors as reference_selectors
from mufakat.web.common import csv_response, form_add_error, page, series_view

from .forms import CircularForm


@require_safe
@series_view()
def circular_list(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    circulars = selectors.circular_list(viewer=viewer, series=series)
    return page(
        request,
        "circular_list.html",
        {"series": series, "circulars": circulars, "can_issue": can_manage_delegations(viewer, series.pk)},
        viewer=viewer,
    )


@require_safe
@series_view()
def circular_detail(request: HttpRequest, series: Series, viewer: SeriesViewer, circular_id: int) -> HttpResponse:
    circular = selectors.circular_get(viewer=viewer, series=series, circular_id=circular_id)
    recipients = circular.confidential_to.all() if circular.classification == Classification.CONFIDENTIAL else []
    return page(
        request,
        "circular_detail.html",
        {"series": series, "circular": circular, "recipients": recipients},
        viewer=viewer,
    )


def _circular_form(series: Series, data: Any = None) -> CircularForm:
    parties = [delegation.party for delegation in selectors.delegation_list(series=series)]
    return CircularForm(data, frameworks=reference_selectors.framework_list(), parties=parties)


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def circular_new(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    require(can_manage_delegations(viewer, series.pk), _("Only the chair secretariat issues circulars."))
    form = _circular_form(series, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                circular = services.circular_create(
                    actor=viewer,
                    series=series,
                    reference=data["reference"],
                    title_en=data["title_en"],
                    title_vi=data["title_vi"],
                    body_en=data["body_en"],
                    body_vi=data["body_vi"],
                    classification=data["classification"],
                    restricted_to=data["restricted_to"],
                    confidential_to=form.confidential_parties(),
                )
            except ValidationFailed as exc:
                form_add_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("Circular %(reference)s is issued.") % {"reference": circular.reference})
                return redirect("web:circular-detail", code=series.code, circular_id=circular.pk)
        else:
            status = 400
    return page(request, "circular_form.html", {"series": series, "form": form}, viewer=viewer, status=status)


@require_safe
@series_view()
def circulars_csv(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    tz = series.venue.tzinfo
    circulars = selectors.circular_list(viewer=viewer, series=series)
    header = ["reference", "issued_at", "classification", "restricted_to", "title_en", "title_vi", "body_en", "body_vi"]
    rows = (
        [
            c.reference,
            c.issued_at.astimezone(tz).isoformat(timespec="minutes"),
            c.classification,
            c.restricted_to.code if c.restricted_to else "",
            c.title_en,
            c.title_vi,
            c.body_en,
            c.body_vi,
        ]
        for c in circulars
    )
    return csv_response(f"{series.code}-circulars.csv", header, rows)
