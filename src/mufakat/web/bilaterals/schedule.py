"""The chair's bilateral schedule: solve, the draft (or the published schedule) as a day × room grid with
its figures, the requests left out and why, moves checked for conflicts, confirmations, publishing.
A delegation is sent to its own page, where its published meetings are."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals import selectors, services
from mufakat.bilaterals.availability import series_days
from mufakat.bilaterals.compactness import schedule_compactness
from mufakat.bilaterals.enums import ScheduleStatus
from mufakat.bilaterals.models import BilateralSchedule
from mufakat.bilaterals.rules import can_manage_bilaterals
from mufakat.core.errors import Conflict, NotFound, ValidationFailed
from mufakat.meetings.models import Series
from mufakat.web.bilaterals.forms import MoveForm, SolveForm, VersionForm, move_initial
from mufakat.web.common import page, series_view

from .grid import meeting_grid, request_codes
from .precedence import request_names
from .requests import require_bilaterals
from .solving import solve_form, solve_job_context, solve_refusal


def _schedule_url(series: Series, anchor: str = "") -> str:
    return reverse("web:bilateral-schedule", kwargs={"code": series.code}) + (f"#{anchor}" if anchor else "")


def _figures(schedule: BilateralSchedule) -> dict[str, Any]:
    greedy = schedule.greedy_objective
    return {
        "gap_percent": schedule.gap * 100,
        "greedy_ratio": (schedule.objective / greedy) if greedy else None,
    }


@require_safe
@series_view(login_required=True)
def bilateral_schedule(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    require_bilaterals(viewer, series)
    if not can_manage_bilaterals(viewer, series.pk):
        return redirect("web:bilateral-delegation", code=series.code, party_code=viewer.party_codes[0])
    # The solve job is read before the schedules: a job seen finished saved its draft before it finished, so
    # the draft is then read too. Read after them, a job finishing in between showed "succeeded" beside "No
    # schedule yet", and the page stopped reloading itself (seen on a loaded machine).
    solve = solve_job_context(series)
    draft = selectors.bilateral_schedule_get(viewer=viewer, series=series, status=ScheduleStatus.DRAFT)
    published = selectors.bilateral_schedule_get(viewer=viewer, series=series, status=ScheduleStatus.PUBLISHED)
    show_published = request.GET.get("show") == "published" or draft is None
    schedule = published if show_published else draft
    settings = selectors.bilateral_settings_of(series)
    zone = series.venue.tzinfo
    rooms = list(selectors.bilateral_room_list(series=series))
    context: dict[str, Any] = {
        "series": series,
        "draft": draft,
        "published": published,
        "schedule": schedule,
        "rooms": rooms,
        "settings": settings,
        "solve_form": solve_form(settings, solve["solve_job"]),
        "time_zone": series.venue.time_zone,
        **solve,
    }
    if schedule is not None:
        assignments = list(selectors.bilateral_assignment_list(viewer=viewer, schedule=schedule))
        days = series_days(series)
        names = request_names(selectors.bilateral_request_list(viewer=viewer, series=series))
        context |= {
            "figures": _figures(schedule),
            "compactness": schedule_compactness(schedule, assignments),
            "grid": meeting_grid(assignments, rooms=rooms, time_zone=series.venue.time_zone),
            "rows": [
                {
                    "assignment": a,
                    "codes": request_codes(a.request),
                    "after": [names[r.pk] for r in a.request.after.all() if r.pk in names],
                    "form": MoveForm(
                        initial=move_initial(a.starts_at, a.room_id, a.version, zone),
                        days=days,
                        rooms=rooms,
                        zone=zone,
                        prefix=f"a{a.pk}",
                    ),
                }
                for a in assignments
            ],
            "scheduled": len(assignments),
            "unscheduled": list(selectors.bilateral_unscheduled_list(viewer=viewer, schedule=schedule)),
            "publish_form": VersionForm(initial={"version": schedule.version}),
        }
    return page(request, "bilateral_schedule.html", context, viewer=viewer)


@require_POST
@series_view(login_required=True)
def bilateral_solve(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    form = SolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The time limit must be between 1 and 120 seconds."))
        return redirect(_schedule_url(series))
    try:
        job = services.bilateral_solve_start(actor=viewer, series=series, time_limit=form.cleaned_data["time_limit"])
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect(_schedule_url(series))
    except Conflict as exc:
        messages.error(request, solve_refusal(series, exc))
        return redirect(_schedule_url(series))
    # The solve runs in a worker; this page follows the job (see solve_job_context).
    messages.success(
        request,
        _("Solving in the background (at most %(seconds)s seconds); this page shows how far it got.")
        % {"seconds": format(job.params["time_limit"], "g")},
    )
    return redirect(_schedule_url(series))


@require_POST
@series_view(login_required=True)
def bilateral_assignment_move(
    request: HttpRequest, series: Series, viewer: SeriesViewer, assignment_id: int
) -> HttpResponse:
    zone = series.venue.tzinfo
    form = MoveForm(
        request.POST,
        days=series_days(series),
        rooms=list(selectors.bilateral_room_list(series=series)),
        zone=zone,
        prefix=f"a{assignment_id}",
    )
    anchor = f"assignment-{assignment_id}"
    if not form.is_valid():
        messages.error(request, _("Choose a day, a start time and a room."))
        return redirect(_schedule_url(series, anchor))
    try:
        moved = services.bilateral_assignment_move(actor=viewer, assignment_id=assignment_id, **form.move_data())
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
        return redirect(_schedule_url(series, anchor))
    local = moved.starts_at.astimezone(zone)
    messages.success(
        request,
        _("%(meeting)s is moved to %(day)s %(time)s in %(room)s.")
        % {
            "meeting": request_codes(moved.request),
            "day": formats.date_format(local, "DAY_FORMAT"),
            "time": formats.date_format(local, "TIME_FORMAT"),
            "room": moved.room.room.name,
        },
    )
    return redirect(_schedule_url(series, anchor))


@require_POST
@series_view(login_required=True)
def bilateral_assignment_confirm(
    request: HttpRequest, series: Series, viewer: SeriesViewer, assignment_id: int
) -> HttpResponse:
    form = VersionForm(request.POST)
    confirmed = request.POST.get("confirmed") == "1"
    anchor = f"assignment-{assignment_id}"
    if not form.is_valid():
        messages.error(request, _("The form is incomplete; reload the page."))
        return redirect(_schedule_url(series, anchor))
    try:
        services.bilateral_assignment_confirm(
            actor=viewer,
            assignment_id=assignment_id,
            expected_version=form.cleaned_data["version"],
            confirmed=confirmed,
        )
    except (ValidationFailed, Conflict, NotFound) as exc:
        messages.error(request, exc.message)
        return redirect(_schedule_url(series, anchor))
    messages.success(
        request, _("The meeting is confirmed.") if confirmed else _("The meeting is no longer marked as confirmed.")
    )
    return redirect(_schedule_url(series, anchor))


@require_POST
@series_view(login_required=True)
def bilateral_publish(request: HttpRequest, series: Series, viewer: SeriesViewer, schedule_id: int) -> HttpResponse:
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is incomplete; reload the page."))
        return redirect(_schedule_url(series))
    try:
        published = services.bilateral_schedule_publish(
            actor=viewer, schedule_id=schedule_id, expected_version=form.cleaned_data["version"]
        )
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
        return redirect(_schedule_url(series))
    messages.success(
        request,
        _("Schedule %(number)d is published; each delegation now sees its own meetings.")
        % {"number": published.number},
    )
    return redirect(_schedule_url(series) + "?show=published")
