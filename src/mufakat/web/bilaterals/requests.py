"""Bilateral requests: the list (a party's own, made and received, or every request for the chair), the
request form, answers and withdrawals; a delegation's arrival, departure and blocked periods with the
free time the scheduler derives for its principals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals import selectors, services
from mufakat.bilaterals.availability import principals_free_time, series_days
from mufakat.bilaterals.enums import CounterpartResponse, Level, RequestStatus
from mufakat.bilaterals.models import BilateralRequest
from mufakat.bilaterals.rules import (
    can_act_for_party,
    can_manage_bilaterals,
    can_use_bilaterals,
    can_view_party_bilaterals,
)
from mufakat.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from mufakat.delegations.models import Delegation
from mufakat.delegations.selectors import delegation_get
from mufakat.meetings.models import Series
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Party
from mufakat.web.bilaterals.forms import (
    BilateralRequestForm,
    BlockedPeriodForm,
    PresenceForm,
    RespondForm,
    VersionForm,
)
from mufakat.web.common import form_add_error, page, series_view

from .grid import meetings_by_day, request_parties
from .precedence import after_choices, after_rows, request_names


def require_bilaterals(viewer: SeriesViewer, series: Series) -> None:
    if not can_use_bilaterals(viewer, series.pk):
        raise PermissionDenied(
            _("Bilateral meetings are for the delegations that take part in them and the chair secretariat.")
        )


def _delegated_parties(series: Series) -> list[Party]:
    return [d.party for d in Delegation.objects.filter(series=series).select_related("party").order_by("party__code")]


def _acting_parties(viewer: SeriesViewer, series: Series, parties: list[Party]) -> list[Party]:
    return [party for party in parties if can_act_for_party(viewer, series.pk, party.pk)]


@require_safe
@series_view(login_required=True)
def bilateral_requests(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    require_bilaterals(viewer, series)
    rows: list[dict[str, Any]] = []
    is_chair = can_manage_bilaterals(viewer, series.pk)
    items = list(selectors.bilateral_request_list(viewer=viewer, series=series))
    precedences = after_rows(viewer, series, items)
    for item in items:
        responses = list(item.responses.all())
        # A delegate answers for its own party; the chair secretariat records any counterpart's answer as it
        # arrives (a note verbale, a call), for a delegation that has no account or does not use it.
        answerable = [
            {"party": r.party, "on_behalf": r.party_id not in viewer.party_ids}
            for r in responses
            if r.response == CounterpartResponse.PENDING
            and item.status == RequestStatus.REQUESTED
            and (r.party_id in viewer.party_ids or is_chair)
            and can_act_for_party(viewer, series.pk, r.party_id)
        ]
        rows.append(
            {
                "request": item,
                "parties": request_parties(item),
                "responses": responses,
                "answerable": answerable,
                "ours": item.requester_id in viewer.party_ids,
                "can_withdraw": item.status not in (RequestStatus.WITHDRAWN, RequestStatus.DECLINED)
                and can_act_for_party(viewer, series.pk, item.requester_id),
                **precedences[item.pk],
            }
        )
    return page(
        request,
        "bilateral_requests.html",
        {
            "series": series,
            "rows": rows,
            "made": [row for row in rows if row["ours"]],
            "received": [row for row in rows if not row["ours"]],
            "is_chair": is_chair,
            "time_zone": series.venue.time_zone,
        },
        viewer=viewer,
    )


def _request_form(series: Series, viewer: SeriesViewer, data: Any = None) -> BilateralRequestForm:
    parties = _delegated_parties(series)
    items = list(selectors.bilateral_request_list(viewer=viewer, series=series))
    return BilateralRequestForm(
        data,
        after=after_choices(request_names(items), items, leave_out=None),
        requesters=_acting_parties(viewer, series, parties),
        parties=parties,
        days=series_days(series),
        zone=series.venue.tzinfo,
    )


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def bilateral_request_new(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    require_bilaterals(viewer, series)
    form = _request_form(series, viewer, request.POST if request.method == "POST" else None)
    if not form.fields["requester"].choices:  # type: ignore[attr-defined]
        raise PermissionDenied(_("Only a delegation's focal point or delegates request bilaterals for it."))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                created = services.bilateral_request_create(actor=viewer, series=series, **form.request_data())
            except ValidationFailed as exc:
                form_add_error(form, exc)
            else:
                sent = (
                    _("Your request to meet %(parties)s is sent; they are asked to accept.")
                    if created.requester_id in viewer.party_ids
                    else _("%(requester)s's request to meet %(parties)s is sent; they are asked to accept.")
                )
                names = ", ".join(r.party.name for r in created.responses.select_related("party"))
                messages.success(request, sent % {"parties": names, "requester": created.requester.name})
                return redirect("web:bilateral-requests", code=series.code)
    return page(
        request,
        "bilateral_request_form.html",
        {"series": series, "form": form, "time_zone": series.venue.time_zone},
        viewer=viewer,
        status=status,
    )


def _party(code: str) -> Party:
    party = reference_selectors.party_list().filter(code=code.upper()).first()
    if party is None:
        raise NotFound(_("There is no party “%(code)s”.") % {"code": code}, field="party")
    return party


def _back_to_requests(series: Series) -> HttpResponse:
    return redirect("web:bilateral-requests", code=series.code)


@require_POST
@series_view(login_required=True)
def bilateral_request_respond(
    request: HttpRequest, series: Series, viewer: SeriesViewer, request_id: int
) -> HttpResponse:
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    form = RespondForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Choose accept or decline."), field="answer")
    accept = form.cleaned_data["answer"] == "accept"
    answering = _party(form.cleaned_data["party"])
    try:
        services.bilateral_request_respond(
            actor=viewer,
            request_id=item.pk,
            party=answering,
            accept=accept,
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
        return _back_to_requests(series)
    names = " – ".join(p.name for p in request_parties(item))
    if answering.pk in viewer.party_ids:
        message = _("You accepted the meeting %(parties)s.") if accept else _("You declined the meeting %(parties)s.")
    elif accept:
        message = _("You recorded that %(party)s accepted the meeting %(parties)s.")
    else:
        message = _("You recorded that %(party)s declined the meeting %(parties)s.")
    messages.success(request, message % {"parties": names, "party": answering.name})
    return _back_to_requests(series)


@require_POST
@series_view(login_required=True)
def bilateral_request_withdraw(
    request: HttpRequest, series: Series, viewer: SeriesViewer, request_id: int
) -> HttpResponse:
    item = selectors.bilateral_request_get(viewer=viewer, series=series, request_id=request_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("The form is incomplete; reload the page."), field="version")
    try:
        services.bilateral_request_withdraw(
            actor=viewer, request_id=item.pk, expected_version=form.cleaned_data["version"]
        )
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
        return _back_to_requests(series)
    if item.requester_id in viewer.party_ids:
        withdrawn = _("Your request to meet %(parties)s is withdrawn.")
    else:
        # The chair secretariat withdrew it for the requesting delegation: not "your" request.
        withdrawn = _("%(requester)s's request to meet %(parties)s is withdrawn.")
    messages.success(request, withdrawn % {"parties": request_names_short(item), "requester": item.requester.name})
    return _back_to_requests(series)


def request_names_short(item: BilateralRequest) -> str:
    return ", ".join(response.party.name for response in item.responses.all())


# A delegation's presence, blocked periods and free time ---------------------------------------------------


def _delegation(series: Series, viewer: SeriesViewer, party_code: str) -> Delegation:
    delegation = delegation_get(series=series, party_code=party_code)
    if not can_view_party_bilaterals(viewer, series.pk, delegation.party_id):
        raise PermissionDenied(_("A delegation's bilaterals are visible to it and the chair secretariat only."))
    return delegation


def _free_days(series: Series, free: list[tuple[datetime, datetime]]) -> list[dict[str, Any]]:
    zone = series.venue.tzinfo
    by_day: dict[date, list[tuple[datetime, datetime]]] = {day: [] for day in series_days(series)}
    for start, end in free:
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        by_day.setdefault(local_start.date(), []).append((local_start, local_end))
    return [{"day": day, "slots": slots} for day, slots in sorted(by_day.items())]


def _delegation_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    delegation: Delegation,
    *,
    presence_forms: dict[str, PresenceForm] | None = None,
    blocked_form: BlockedPeriodForm | None = None,
    status: int = 200,
) -> HttpResponse:
    zone = series.venue.tzinfo
    presences = {p.level: p for p in selectors.presence_list(viewer=viewer, delegation=delegation)}
    forms = presence_forms or {}
    code = delegation.party.code
    free = principals_free_time(series=series, principals=[(code, level) for level in Level.values])
    levels = []
    for level, label in Level.choices:
        presence = presences.get(level)
        forms.setdefault(
            level,
            PresenceForm(
                initial={
                    "level": level,
                    "arrives_at": presence.arrives_at if presence else None,
                    "departs_at": presence.departs_at if presence else None,
                    "version": presence.version if presence else None,
                },
                zone=zone,
                prefix=level,
            ),
        )
        levels.append(
            {
                "level": level,
                "label": label,
                "presence": presence,
                "form": forms[level],
                "free": _free_days(series, free[(code, level)]),
            }
        )
    meetings = selectors.party_meetings(viewer=viewer, series=series, delegation=delegation)
    return page(
        request,
        "bilateral_delegation.html",
        {
            "series": series,
            "delegation": delegation,
            "party": delegation.party,
            "levels": levels,
            "blocked": selectors.blocked_period_list(viewer=viewer, delegation=delegation),
            "blocked_form": blocked_form or BlockedPeriodForm(zone=zone),
            "can_edit": can_act_for_party(viewer, series.pk, delegation.party_id),
            "meeting_days": meetings_by_day(meetings, time_zone=series.venue.time_zone),
            "meeting_count": len(meetings),
            "settings": selectors.bilateral_settings_of(series),
            "time_zone": series.venue.time_zone,
            # One calendar per delegation: its week (sessions, bilaterals, deadlines). The bilaterals-only feed
            # (.../bilaterals/delegations/<party>/meetings.ics) still answers for calendars subscribed to it.
            "ics_url": f"/api/v1/series/{series.code}/delegations/{delegation.party.code}/week.ics",
            "week_url": reverse("web:party-week", kwargs={"code": series.code, "party_code": delegation.party.code}),
        },
        viewer=viewer,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def bilateral_delegation(request: HttpRequest, series: Series, viewer: SeriesViewer, party_code: str) -> HttpResponse:
    """GET: the page. POST: arrival and departure of one principal (the form's prefix is its level)."""
    delegation = _delegation(series, viewer, party_code)
    if request.method == "GET":
        return _delegation_page(request, series, viewer, delegation)
    # Each principal's form carries its level as its prefix.
    level = next((value for value in Level.values if request.POST.get(f"{value}-level") == value), "")
    if not level:
        raise ValidationFailed(_("Choose the minister or the SOM Leader."), field="level")
    form = PresenceForm(request.POST, zone=series.venue.tzinfo, prefix=level)
    if form.is_valid():
        try:
            services.delegation_presence_set(
                actor=viewer,
                delegation=delegation,
                level=level,
                arrives_at=form.cleaned_data["arrives_at"],
                departs_at=form.cleaned_data["departs_at"],
                expected_version=form.cleaned_data["version"],
            )
        except (ValidationFailed, Conflict) as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, _("Arrival and departure are saved."))
            return redirect("web:bilateral-delegation", code=series.code, party_code=delegation.party.code)
    return _delegation_page(request, series, viewer, delegation, presence_forms={level: form}, status=400)


@require_POST
@series_view(login_required=True)
def blocked_period_add(request: HttpRequest, series: Series, viewer: SeriesViewer, party_code: str) -> HttpResponse:
    delegation = _delegation(series, viewer, party_code)
    form = BlockedPeriodForm(request.POST, zone=series.venue.tzinfo)
    if form.is_valid():
        try:
            services.blocked_period_add(actor=viewer, delegation=delegation, **form.cleaned_data)
        except ValidationFailed as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, _("The blocked period is saved; no bilateral will be placed in it."))
            return redirect("web:bilateral-delegation", code=series.code, party_code=delegation.party.code)
    return _delegation_page(request, series, viewer, delegation, blocked_form=form, status=400)


@require_POST
@series_view(login_required=True)
def blocked_period_remove(
    request: HttpRequest, series: Series, viewer: SeriesViewer, party_code: str, period_id: int
) -> HttpResponse:
    delegation = _delegation(series, viewer, party_code)
    services.blocked_period_remove(actor=viewer, delegation=delegation, period_id=period_id)
    messages.success(request, _("The blocked period is removed."))
    return redirect("web:bilateral-delegation", code=series.code, party_code=delegation.party.code)
