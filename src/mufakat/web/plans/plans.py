"""The plans of a series, a plan's page with its outline, and the secretariat's forms: new plan, edit,
import the outline, add or edit a line, discontinue one, record a revision, open a reporting period."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mufakat.accounts.models import RoleAssignment
from mufakat.accounts.rules import SeriesViewer, require, viewer_for
from mufakat.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from mufakat.core.i18n import active_language
from mufakat.delegations import selectors as delegation_selectors
from mufakat.meetings.models import Meeting, Series
from mufakat.plans import selectors, services
from mufakat.plans.enums import LineKind
from mufakat.plans.membership import framework_members
from mufakat.plans.models import Plan, PlanLine
from mufakat.plans.rules import can_manage_plans, can_view_reports
from mufakat.publishing.selectors import public_plan_get
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Party
from mufakat.web.common import form_add_error, page, series_view
from mufakat.web.plans.forms import (
    DiscontinueForm,
    LineAddForm,
    LineEditForm,
    OutlineImportForm,
    PeriodForm,
    PlanEditForm,
    PlanForm,
    RevisionForm,
)


def _require_manager(viewer: SeriesViewer) -> None:
    require(can_manage_plans(viewer), _("Only the secretariats manage plans of action."))


def plan_url(series: Series, plan: Plan, anchor: str = "") -> str:
    return reverse("web:plan-detail", args=[series.code, plan.pk]) + (f"#{anchor}" if anchor else "")


def framework_meetings(plan: Plan) -> Any:
    """The meetings of the plan's framework that can take up reports or amend the plan, newest first."""
    return (
        Meeting.objects.filter(body__framework=plan.framework)
        .exclude(date_precision="year")
        .select_related("body")
        .order_by("-start_date", "body__code")
    )


@require_safe
@series_view()
def plan_list(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    plans = list(selectors.plan_list(viewer=viewer, series=series))
    due = []
    for party in focal_parties(viewer):
        due.extend(selectors.reports_due(viewer=viewer, series=series, party=party))
    return page(
        request,
        "plan_list.html",
        {"series": series, "plans": plans, "due": due, "can_manage": can_manage_plans(viewer)},
        viewer=viewer,
    )


def focal_parties(viewer: SeriesViewer) -> list[Party]:
    """The parties whose reports the viewer writes (as their focal point)."""
    if not viewer.focal_party_ids:
        return []
    return list(reference_selectors.party_list().filter(pk__in=viewer.focal_party_ids))


def _parents(outline: list[selectors.OutlineLine]) -> list[tuple[int, str]]:
    """The lines a new line can go under: areas and measures."""
    return [(e.line.pk, f"{e.line.number} {e.line.title}") for e in outline if e.line.kind != LineKind.ACTION]


def _plan_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    plan: Plan,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    outline = selectors.plan_outline(plan=plan)
    manage = can_manage_plans(viewer)
    context: dict[str, Any] = {
        "series": series,
        "plan": plan,
        "adopting_document": selectors.plan_adopting_document(viewer=viewer, series=series, plan=plan),
        "outline": outline,
        "action_lines": sum(1 for e in outline if e.line.kind == LineKind.ACTION and not e.line.discontinued),
        "periods": selectors.plan_periods(plan=plan),
        "reviews": selectors.review_list(plan=plan),
        "revisions": list(plan.revisions.select_related("meeting__body").order_by("-number")),
        "can_manage": manage,
        "can_view_reports": can_view_reports(viewer, selectors.plan_participant_ids(plan)),
        "focal_codes": [p.code for p in focal_parties(viewer)],
    }
    if manage:
        meetings = framework_meetings(plan)
        context.update(
            {
                "import_form": OutlineImportForm(),
                "line_form": LineAddForm(parents=_parents(outline)),
                "revision_form": RevisionForm(meetings=meetings),
                "period_form": PeriodForm(meetings=meetings),
                **(forms or {}),
            }
        )
    return page(request, "plan_detail.html", context, viewer=viewer, status=status)


def _post_on_plan_page(
    request: HttpRequest,
    series: Series,
    viewer: SeriesViewer,
    plan: Plan,
    *,
    act: Callable[[], HttpResponse],
    refused: type[ApplicationError] = ValidationFailed,
    **form: Any,
) -> HttpResponse:
    """A form POSTed from the plan page (passed under its name there): invalid, it comes back on the page (400);
    valid, `act` calls the service and answers; a `refused` error comes back on the form."""
    if not all(bound.is_valid() for bound in form.values()):
        return _plan_page(request, series, viewer, plan, forms=form, status=400)
    try:
        return act()
    except refused as exc:
        for bound in form.values():
            form_add_error(bound, exc)
        return _plan_page(request, series, viewer, plan, forms=form, status=exc.status_code)


@require_safe
def plan_goto(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan's link that names no series (a search hit): the plan's page in the most recent series where the
    reader holds a role and the plan is listed, else its public page, else the 404 of an unknown plan. A plan
    adopted in an earlier year, or outside any series, is read where its reader works now."""
    user = request.user
    if user.is_authenticated:
        held = RoleAssignment.objects.filter(user=user).values("series_id")
        for series in Series.objects.filter(pk__in=held).order_by("-start_date", "-pk"):
            if selectors.plan_list(viewer=viewer_for(user, series), series=series).filter(pk=plan_id).exists():
                return redirect("web:plan-detail", code=series.code, plan_id=plan_id)
    try:
        plan = public_plan_get(plan_id=plan_id)
    except NotFound as exc:  # unknown and not for this reader alike: the same 404
        raise Http404("not found") from exc
    return redirect("web:public-plan", lang=active_language(), plan_id=plan.pk)


@require_safe
@series_view()
def plan_detail(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    return _plan_page(request, series, viewer, selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id))


def _plan_form(series: Series, plan: Plan | None = None, data: Any = None) -> PlanForm:
    parties = [delegation.party for delegation in delegation_selectors.delegation_list(series=series)]
    meetings = Meeting.objects.filter(series=series).select_related("body").order_by("start_date", "body__code")
    frameworks = reference_selectors.framework_list()
    if plan is None:
        return PlanForm(data, frameworks=frameworks, meetings=meetings, parties=parties)
    initial = {
        "title_en": plan.title_en,
        "title_vi": plan.title_vi,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "adopted_at_meeting": plan.adopted_at_meeting_id,
        "classification": plan.classification,
        "restricted_to": plan.restricted_to_id,
        "confidential_to": [party.code for party in plan.confidential_to.all()],
        "status": plan.status,
        "version": plan.version,
    }
    return PlanEditForm(data, initial=initial, frameworks=frameworks, meetings=meetings, parties=parties)


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def plan_new(request: HttpRequest, series: Series, viewer: SeriesViewer) -> HttpResponse:
    _require_manager(viewer)
    form = _plan_form(series, data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.plan_create(actor=viewer, framework=form.cleaned_data["framework"], **form.plan_data())
            except ValidationFailed as exc:
                form_add_error(form, exc)
                status = exc.status_code
            else:
                messages.success(
                    request, _("The plan “%(title)s” is created; now import its outline.") % {"title": plan.title}
                )
                return redirect(plan_url(series, plan))
        else:
            status = 400
    return page(request, "plan_form.html", {"series": series, "form": form}, viewer=viewer, status=status)


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def plan_edit(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    _require_manager(viewer)
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    form = _plan_form(series, plan, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.plan_data()
            try:
                plan = services.plan_update(
                    actor=viewer,
                    plan_id=plan.pk,
                    expected_version=form.cleaned_data["version"],
                    status=form.cleaned_data["status"],
                    **data,
                )
            except (ValidationFailed, Conflict) as exc:
                form_add_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("The plan is saved."))
                return redirect(plan_url(series, plan))
        else:
            status = 400
    return page(request, "plan_form.html", {"series": series, "form": form, "plan": plan}, viewer=viewer, status=status)


@require_POST
@series_view(login_required=True)
def plan_import(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    _require_manager(viewer)
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    form = OutlineImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _plan_page(request, series, viewer, plan, forms={"import_form": form}, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        if upload.name.lower().endswith(".docx"):
            lines = services.plan_outline_import_docx(actor=viewer, plan_id=plan.pk, data=data)
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValidationFailed(
                    _("The file is not UTF-8 text; save the spreadsheet as CSV UTF-8."), field="file"
                ) from exc
            lines = services.plan_outline_import_csv(actor=viewer, plan_id=plan.pk, text=text)
    except ValidationFailed as exc:
        form.add_error("file", f"{exc.record}: {exc.message}" if exc.record else exc.message)
        return _plan_page(request, series, viewer, plan, forms={"import_form": form}, status=exc.status_code)
    messages.success(request, _("%(count)d lines are imported.") % {"count": len(lines)})
    return redirect(plan_url(series, plan, "outline"))


@require_POST
@series_view(login_required=True)
def line_add(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    _require_manager(viewer)
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    outline = selectors.plan_outline(plan=plan)
    form = LineAddForm(request.POST, parents=_parents(outline))

    def act() -> HttpResponse:
        line = services.line_add(
            actor=viewer, plan_id=plan.pk, parent_id=form.cleaned_data["parent"], **form.line_data()
        )
        messages.success(request, _("Line %(number)s is added.") % {"number": line.number})
        return redirect(plan_url(series, plan, f"line-{line.number}"))

    return _post_on_plan_page(request, series, viewer, plan, act=act, line_form=form)


def _line(plan: Plan, line_id: int) -> PlanLine:
    line = PlanLine.objects.filter(plan=plan, pk=line_id).first()
    if line is None:
        raise NotFound(_("This plan has no line with id %(id)d.") % {"id": line_id}, field="line_id")
    return line


@require_http_methods(["GET", "POST"])
@series_view(login_required=True)
def line_edit(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int, line_id: int) -> HttpResponse:
    _require_manager(viewer)
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    line = _line(plan, line_id)
    entry = next(e for e in selectors.plan_outline(plan=plan) if e.line.pk == line.pk)
    initial = {
        **{name: getattr(line, name) for name in LineEditForm.base_fields if hasattr(line, name)},
        "lead": " ".join(p.code for p in entry.lead),
        "responsible": "" if entry.all_members else " ".join(p.code for p in entry.responsible),
        "version": line.version,
    }
    form = LineEditForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.line_data()
            if data["responsible"] is None:
                data["responsible"] = framework_members(plan)
            try:
                services.line_update(
                    actor=viewer, line_id=line.pk, expected_version=form.cleaned_data["version"], **data
                )
            except (ValidationFailed, Conflict) as exc:
                form_add_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("Line %(number)s is saved.") % {"number": line.number})
                return redirect(plan_url(series, plan, f"line-{line.number}"))
        else:
            status = 400
    return page(
        request,
        "plan_line_form.html",
        {"series": series, "plan": plan, "line": line, "form": form, "discontinue_form": DiscontinueForm()},
        viewer=viewer,
        status=status,
    )


@require_POST
@series_view(login_required=True)
def line_discontinue(
    request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int, line_id: int
) -> HttpResponse:
    _require_manager(viewer)
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    line = _line(plan, line_id)
    form = DiscontinueForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("The form lacks the line's version; reload the page."), field="version")
    line = services.line_set_discontinued(
        actor=viewer,
        line_id=line.pk,
        discontinued=form.cleaned_data["discontinued"],
        expected_version=form.cleaned_data["version"],
    )
    if line.discontinued:
        messages.success(request, _("Line %(number)s is discontinued; it keeps its number.") % {"number": line.number})
    else:
        messages.success(request, _("Line %(number)s is reinstated.") % {"number": line.number})
    return redirect(plan_url(series, plan, f"line-{line.number}"))


@require_POST
@series_view(login_required=True)
def revision_record(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    _require_manager(viewer)
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    form = RevisionForm(request.POST, meetings=framework_meetings(plan))

    def act() -> HttpResponse:
        revision = services.plan_revision_record(
            actor=viewer, plan_id=plan.pk, meeting=form.cleaned_data["meeting"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("Revision %(number)d is recorded.") % {"number": revision.number})
        return redirect(plan_url(series, plan, "revisions"))

    return _post_on_plan_page(request, series, viewer, plan, act=act, revision_form=form)


@require_POST
@series_view(login_required=True)
def period_new(request: HttpRequest, series: Series, viewer: SeriesViewer, plan_id: int) -> HttpResponse:
    _require_manager(viewer)
    plan = selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)
    form = PeriodForm(request.POST, meetings=framework_meetings(plan))

    def act() -> HttpResponse:
        data = form.cleaned_data
        period = services.period_create(
            actor=viewer,
            plan_id=plan.pk,
            label=data["label"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            due_at=form.due_at(),
            time_zone=data["time_zone"],
            review_meeting=data["review_meeting"],
        )
        messages.success(request, _("The reporting period %(label)s is open.") % {"label": period.label})
        return redirect(plan_url(series, plan, "periods"))

    return _post_on_plan_page(request, series, viewer, plan, act=act, refused=ApplicationError, period_form=form)
