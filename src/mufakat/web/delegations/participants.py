"""Delegations of a series, a delegation's participants, their registration, changes and CSV export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.delegations import selectors, services
from mufakat.delegations.enums import Accreditation
from mufakat.delegations.models import Delegation, Participant
from mufakat.delegations.rules import can_edit_participants, can_manage_delegations, can_view_participants
from mufakat.meetings.models import Series
from mufakat.web.common import csv_response, form_add_error, page, series_view

from .forms import ParticipantEditForm, ParticipantForm, QuotaForm, WithdrawForm


def _delegation_url(delegation: Delegation) -> str:
    return reverse("web:delegation-detail", args=[delegation.series.code, delegation.party.code])


def unsaved_input(form: Any, submitted: dict[str, Any], current: Any) -> list[tuple[str, str, str]]:
    """(label, what the user typed, what is stored now) for every field where the two differ."""
    rows = []
    for name, value in submitted.items():
        field = form.fields.get(name)
        if name == "version" or field is None:
            continue
        stored = getattr(current, name, "")
        if str(value or "") != str(stored or ""):
            labels = {str(key): str(label) for key, label in getattr(field, "choices", [])}
            shown = (labels.get(str(value), str(value or "")), labels.get(str(stored), str(stored or "")))
            rows.append((str(field.label), *shown))
    return rows


@require_safe
@series_view()
def delegation_list(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    delegations = selectors.delegation_list(series=series)
    return page(request, "delegation_list.html", {"series": series, "delegations": delegations}, viewer=viewer)


def _delegation_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    delegation: Delegation,
    *,
    quota_form: QuotaForm | None = None,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    participants: list[Participant] | None = None
    show_withdrawn = request.GET.get("withdrawn") == "1"
    if can_view_participants(viewer, delegation):
        participants = list(
            selectors.participant_list(viewer=viewer, delegation=delegation, include_withdrawn=show_withdrawn)
        )
    if quota_form is None and can_manage_delegations(viewer, series.pk):
        quota_form = QuotaForm(initial={"quota": delegation.quota, "version": delegation.version})
    registered = sum(p.accreditation != Accreditation.WITHDRAWN for p in participants or [])
    return page(
        request,
        "delegation_detail.html",
        {
            "series": series,
            "delegation": delegation,
            "participants": participants,
            "registered": registered,
            "can_edit": can_edit_participants(viewer, delegation),
            "quota_form": quota_form,
            "show_withdrawn": show_withdrawn,
            **context,
        },
        viewer=viewer,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@series_view()
def delegation_detail(request: HttpRequest, series: Series, viewer: SeriesViewer, party_code: str) -> HttpResponse:
    delegation = selectors.delegation_get(series=series, party_code=party_code)
    if request.method == "GET":
        return _delegation_page(request, series, viewer, delegation)
    if request.POST.get("action") != "quota":
        raise ValidationFailed(_("This page takes one action: action=quota."), field="action")
    require(can_manage_delegations(viewer, series.pk), _("Only the chair secretariat sets the quota of a delegation."))
    form = QuotaForm(request.POST)
    if not form.is_valid():
        return _delegation_page(request, series, viewer, delegation, quota_form=form, status=400)
    try:
        services.delegation_set_quota(
            actor=viewer,
            delegation_id=delegation.pk,
            quota=form.cleaned_data["quota"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _delegation_page(request, series, viewer, delegation, quota_form=form, status=exc.status_code)
    except Conflict as exc:
        current = selectors.delegation_get(series=series, party_code=party_code)
        fresh = QuotaForm({"quota": current.quota, "version": current.version})
        return _delegation_page(
            request,
            series,
            viewer,
            current,
            quota_form=fresh,
            conflict=exc.message,
            unsaved=unsaved_input(form, form.cleaned_data, current),
            status=exc.status_code,
        )
    messages.success(request, _("The quota is now %(quota)d.") % {"quota": form.cleaned_data["quota"]})
    return redirect(_delegation_url(delegation))


@require_safe
@series_view(login_required=True)
def participants_csv(request: HttpRequest, series: Series, viewer: SeriesViewer, party_code: str) -> HttpResponse:
    delegation = selectors.delegation_get(series=series, party_code=party_code)
    participants = selectors.participant_list(viewer=viewer, delegation=delegation)
    header = [
        "name_en",
        "name_vi",
        "title_en",
        "title_vi",
        "rank",
        "role",
        "email",
        "phone",
        "accreditation",
        "returned_reason",
    ]
    rows = (
        [
            p.name_en,
            p.name_vi,
            p.title_en,
            p.title_vi,
            p.get_rank_display(),
            p.get_role_display(),
            p.email,
            p.phone,
            p.get_accreditation_display(),
            p.returned_reason,
        ]
        for p in participants
    )
    return csv_response(f"{series.code}-{delegation.party.code}-participants.csv", header, rows)


def _participant_form_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    delegation: Delegation,
    form: ParticipantForm,
    *,
    participant: Participant | None = None,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    registered = selectors.participant_list(viewer=viewer, delegation=delegation).count()
    return page(
        request,
        "participant_form.html",
        {
            "series": series,
            "delegation": delegation,
            "form": form,
            "participant": participant,
            "registered": registered,
            **context,
        },
        viewer=viewer,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def participant_new(request: HttpRequest, series: Series, viewer: SeriesViewer, party_code: str) -> HttpResponse:
    delegation = selectors.delegation_get(series=series, party_code=party_code)
    require(
        can_edit_participants(viewer, delegation),
        _("Participants of the %(party)s delegation are registered by its focal point and the chair secretariat.")
        % {"party": delegation.party.name},
    )
    if request.method == "GET":
        return _participant_form_page(request, series, viewer, delegation, ParticipantForm())
    form = ParticipantForm(request.POST)
    if not form.is_valid():
        return _participant_form_page(request, series, viewer, delegation, form, status=400)
    try:
        participant = services.participant_create(actor=viewer, delegation_id=delegation.pk, **form.participant_data())
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _participant_form_page(request, series, viewer, delegation, form, status=exc.status_code)
    messages.success(request, _("%(name)s is registered and pending accreditation.") % {"name": participant.name})
    return redirect(_delegation_url(delegation))


def _participant_initial(participant: Participant) -> dict[str, Any]:
    return {name: getattr(participant, name) for name in ParticipantEditForm.base_fields}


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def participant_edit(request: HttpRequest, series: Series, viewer: SeriesViewer, participant_id: int) -> HttpResponse:
    participant = selectors.participant_get(viewer=viewer, participant_id=participant_id)
    delegation = participant.delegation
    require(
        can_edit_participants(viewer, delegation),
        _("Participants of the %(party)s delegation are changed by its focal point and the chair secretariat.")
        % {"party": delegation.party.name},
    )
    if request.method == "GET":
        form = ParticipantEditForm(initial=_participant_initial(participant))
        return _participant_form_page(request, series, viewer, delegation, form, participant=participant)
    form = ParticipantEditForm(request.POST)
    if not form.is_valid():
        return _participant_form_page(request, series, viewer, delegation, form, participant=participant, status=400)
    try:
        updated = services.participant_update(
            actor=viewer,
            participant_id=participant.pk,
            expected_version=form.cleaned_data["version"],
            **form.participant_data(),
        )
    except ValidationFailed as exc:
        form_add_error(form, exc)
        return _participant_form_page(
            request, series, viewer, delegation, form, participant=participant, status=exc.status_code
        )
    except Conflict as exc:
        current = selectors.participant_get(viewer=viewer, participant_id=participant_id)
        fresh = ParticipantEditForm(_participant_initial(current))
        return _participant_form_page(
            request,
            series,
            viewer,
            delegation,
            fresh,
            participant=current,
            conflict=exc.message,
            unsaved=unsaved_input(form, form.cleaned_data, current),
            status=exc.status_code,
        )
    messages.success(request, _("%(name)s is saved and pending accreditation.") % {"name": updated.name})
    return redirect(_delegation_url(delegation))


@require_POST
@series_view(login_required=True)
def participant_withdraw(
    request: HttpRequest, series: Series, viewer: SeriesViewer, participant_id: int
) -> HttpResponse:
    participant = selectors.participant_get(viewer=viewer, participant_id=participant_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("The form lacks the participant's version; reload the page."), field="version")
    withdrawn = services.participant_withdraw(
        actor=viewer, participant_id=participant.pk, expected_version=form.cleaned_data["version"]
    )
    messages.success(request, _("%(name)s is withdrawn.") % {"name": withdrawn.name})
    return redirect(_delegation_url(participant.delegation))
