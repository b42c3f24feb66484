"""Plans of action: the plans of a series (in force in its year, or adopted or reviewed at its meetings), their
outline, revisions and reporting periods; implementation reports (save, submit, return for clarification);
what a party owes; the compiled review of a meeting with its conclusions; CSV, iCalendar, Word and PDF.

Roles are the caller's in the series named in the path (plans outlive a series). A plan is classified: one the
caller may not see answers 404, like one that does not exist. Reports and reviews are for the secretariats
and the parties taking part in the plan's framework. Writes go through the plans services (which check rights,
numbering, responsibility, frozen periods and versions); a stale `version` is answered with 409 and the
current state in `current`."""

from __future__ import annotations

from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import Conflict, NotFound, ValidationFailed, get_or_not_found
from mufakat.meetings.models import Meeting, Series
from mufakat.meetings.selectors import series_get
from mufakat.plans import selectors, services
from mufakat.plans.enums import LineKind
from mufakat.plans.exports import deadlines_ics, reports_csv, review_document, review_docx, review_pdf
from mufakat.plans.models import ImplementationReport, Plan, PlanLine, PlanReview, PlanRevision, ReportingPeriod
from mufakat.plans.review import RollUp
from mufakat.plans.rules import can_manage_plans
from mufakat.plans.services.common import MANAGE_REASON
from mufakat.reference.models import Party

from .auth import PUBLIC, SIGNED_IN, request_viewer
from .common import (
    CSV,
    DOCX,
    ICS,
    PDF,
    DbInt,
    StaleOut,
    Text,
    errors,
    file_doc,
    file_response,
    framework_from_body,
    parties_from_body,
    party_from_body,
)
from .plans_schemas import (
    ConclusionsIn,
    DueLineOut,
    DueOut,
    FreezeIn,
    LineIn,
    LineListOut,
    LineOut,
    LinePatchIn,
    OutlineImportOut,
    PeriodIn,
    PeriodOut,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    PlanPatchIn,
    ReportIn,
    ReportOut,
    ReturnIn,
    ReviewOut,
    ReviewRefOut,
    RevisionIn,
    RevisionOut,
    RollUpOut,
    StatusChangeOut,
)

plans_router = Router(tags=["plans"])


def _viewer_and_plan(request: HttpRequest, code: str, plan_id: int) -> tuple[Series, SeriesViewer, Plan]:
    series = series_get(code=code)
    viewer = request_viewer(request, series)
    return series, viewer, selectors.plan_get(viewer=viewer, series=series, plan_id=plan_id)


def _manager(request: HttpRequest, series: Series) -> SeriesViewer:
    viewer = request_viewer(request, series)
    require(can_manage_plans(viewer), MANAGE_REASON)
    return viewer


def _meeting(meeting_id: int | None, *, field: str) -> Meeting | None:
    if meeting_id is None:
        return None
    meeting = Meeting.objects.select_related("body", "body__framework", "series").filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationFailed(
            _("no meeting with id %(meeting_id)s; see /api/v1/meetings.") % {"meeting_id": meeting_id}, field=field
        )
    return meeting


# Shapes -----------------------------------------------------------------------------------------


def _plan(plan: Plan, action_lines: int) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title_en": plan.title_en,
        "title_vi": plan.title_vi,
        "framework": plan.framework.code,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
        "classification": plan.classification,
        "restricted_to": plan.restricted_to.code if plan.restricted_to else None,
        "adopted_at_meeting": plan.adopted_at_meeting_id,
        "adopted_by_document": plan.adopted_by_document_id,
        "revision": plan.revision,
        "action_lines": action_lines,
        "version": plan.version,
    }


def _line(entry: selectors.OutlineLine) -> LineOut:
    line = entry.line
    return LineOut(
        id=line.pk,
        number=line.number,
        kind=line.kind,
        parent_id=line.parent_id,
        title_en=line.title_en,
        title_vi=line.title_vi,
        text_en=line.text_en,
        text_vi=line.text_vi,
        target_year=line.target_year,
        indicator_en=line.indicator_en,
        indicator_vi=line.indicator_vi,
        discontinued=line.discontinued,
        lead=[party.code for party in entry.lead],
        responsible=[party.code for party in entry.responsible],
        version=line.version,
    )


def _period(period: ReportingPeriod) -> PeriodOut:
    return PeriodOut(
        id=period.pk,
        label=period.label,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_at=period.due_at,
        due_at_local=period.due_at.astimezone(ZoneInfo(period.time_zone)),
        time_zone=period.time_zone,
        review_meeting=period.review_meeting_id,
        frozen_at=period.frozen_at,
        version=period.version,
    )


def _revision(revision: PlanRevision) -> RevisionOut:
    return RevisionOut(
        number=revision.number,
        meeting=revision.meeting_id,
        recorded_at=revision.recorded_at,
        note=revision.note,
        changelog=revision.changelog,
    )


def _detail(plan: Plan) -> PlanDetailOut:
    plan = Plan.objects.select_related("framework", "restricted_to", "adopted_at_meeting").get(pk=plan.pk)
    outline = selectors.plan_outline(plan=plan)
    action_lines = sum(1 for e in outline if e.line.kind == LineKind.ACTION and not e.line.discontinued)
    return PlanDetailOut(
        **_plan(plan, action_lines),
        lines=[_line(entry) for entry in outline],
        periods=[_period(period) for period in selectors.plan_periods(plan=plan)],
        revisions=[_revision(r) for r in PlanRevision.objects.filter(plan=plan).order_by("number")],
        reviews=[
            ReviewRefOut(
                meeting=review.meeting_id,
                period=review.period.label if review.period else None,
                recorded_at=review.recorded_at,
            )
            for review in selectors.review_list(plan=plan)
        ],
    )


def _report(report: ImplementationReport) -> ReportOut:
    return ReportOut(
        id=report.pk,
        line=report.line.number,
        line_title=report.line.title_en,
        period=report.period.label,
        party=report.party.code,
        status=report.status,
        progress=report.progress,
        narrative=report.narrative,
        links=list(report.links),
        state=report.state,
        returned_reason=report.returned_reason,
        submitted_at=report.submitted_at,
        late=selectors.report_is_late(report),
        version=report.version,
    )


def _report_now(report_id: int) -> ReportOut:
    return _report(ImplementationReport.objects.select_related("line", "period", "party").get(pk=report_id))


def _conflict(exc: Conflict, current: Any) -> Status[StaleOut]:
    body = StaleOut(detail=exc.message, field=exc.field, record=exc.record, current=current)
    return Status(409, body)


# Plans ------------------------------------------------------------------------------------------


@plans_router.get("/series/{code}/plans", response={200: list[PlanOut], **errors(401, 404)}, auth=PUBLIC)
def plan_list(request: HttpRequest, code: str) -> list[PlanOut]:
    """The plans in force in the series' year and those adopted or reviewed at its meetings, as the caller
    may see them: an ASEAN-only plan never reaches a dialogue partner."""
    series = series_get(code=code)
    viewer = request_viewer(request, series)
    return [
        PlanOut(**_plan(plan, plan.action_line_count))  # type: ignore[attr-defined]  # annotated by plan_list
        for plan in selectors.plan_list(viewer=viewer, series=series)
    ]


@plans_router.get(
    "/series/{code}/plans/due", response={200: list[DueOut], **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def reports_due(request: HttpRequest, code: str, party: Text) -> list[DueOut]:
    """What a party owes: for every plan it is responsible in and every reporting period not yet frozen, the
    action lines without a submitted report; `late` once the deadline has passed. For the party's delegation
    and the secretariats."""
    series = series_get(code=code)
    viewer = request_viewer(request, series)
    found = _party_required(party)
    out = []
    for item in selectors.reports_due(viewer=viewer, series=series, party=found):
        out.append(
            DueOut(
                plan=item.plan.pk,
                plan_title=item.plan.title_en,
                period=item.period.label,
                due_at=item.period.due_at,
                due_at_local=item.period.due_at.astimezone(ZoneInfo(item.period.time_zone)),
                late=item.late,
                party=found.code,
                lines=len(item.lines),
                submitted=item.submitted,
                outstanding=[
                    DueLineOut(
                        line=entry.line.number,
                        title=entry.line.title_en,
                        state=entry.report.state if entry.report else None,
                        report_id=entry.report.pk if entry.report else None,
                    )
                    for entry in item.outstanding
                ],
            )
        )
    return out


@plans_router.get(
    "/series/{code}/plans/deadlines.ics",
    response={200: None, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=file_doc("text/calendar", "iCalendar (RFC 5545): one event per reporting deadline of the party."),
)
def deadlines_feed(request: HttpRequest, code: str, party: Text) -> HttpResponse:
    """The party's reporting deadlines as a calendar: one event per period, at the deadline in the time zone
    it was set in, with a reminder a week before; UIDs stable, SEQUENCE rising when a deadline moves."""
    series = series_get(code=code)
    viewer = request_viewer(request, series)
    found = _party_required(party)
    deadlines = selectors.party_deadlines(viewer=viewer, series=series, party=found)
    body = deadlines_ics(name=f"{found.name_en} – reporting deadlines", deadlines=deadlines)
    return file_response(body, media_type=ICS, filename=f"{found.code.lower()}-deadlines.ics")


@plans_router.post("/series/{code}/plans", response={201: PlanDetailOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN)
def plan_create(request: HttpRequest, code: str, data: PlanIn) -> Status[PlanDetailOut]:
    """A new plan without an outline (secretariats). A restricted plan is restricted to its own framework
    unless `restricted_to` names another."""
    series = series_get(code=code)
    viewer = _manager(request, series)
    framework = framework_from_body(data.framework, field="framework")
    restricted_to = framework_from_body(data.restricted_to, field="restricted_to") if data.restricted_to else None
    plan = services.plan_create(
        actor=viewer,
        title_en=data.title_en,
        title_vi=data.title_vi,
        framework=framework,
        start_year=data.start_year,
        end_year=data.end_year,
        classification=data.classification.value,
        restricted_to=restricted_to,
        confidential_to=parties_from_body(data.confidential_to, field="confidential_to"),
        adopted_at_meeting=_meeting(data.adopted_at_meeting, field="adopted_at_meeting"),
    )
    return Status(201, _detail(plan))


@plans_router.get("/series/{code}/plans/{plan_id}", response={200: PlanDetailOut, **errors(401, 404)}, auth=PUBLIC)
def plan_get(request: HttpRequest, code: str, plan_id: DbInt) -> PlanDetailOut:
    """The plan with its numbered outline (areas, measures, action lines with their lead and responsible
    parties), reporting periods, recorded revisions and reviews."""
    _series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    return _detail(plan)


@plans_router.patch(
    "/series/{code}/plans/{plan_id}",
    response={200: PlanDetailOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def plan_patch(request: HttpRequest, code: str, plan_id: DbInt, data: PlanPatchIn) -> Any:
    """Change the plan's titles, years or status (secretariats), against its current `version`."""
    series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    viewer = _manager(request, series)
    changes = {key: value for key, value in data.model_dump(exclude_unset=True).items() if key != "version"}
    changes = {key: value for key, value in changes.items() if value is not None}
    if "status" in changes:
        changes["status"] = str(data.status.value) if data.status else None
    try:
        updated = services.plan_update(actor=viewer, plan_id=plan.pk, expected_version=data.version, **changes)
    except Conflict as exc:
        return _conflict(exc, {"version": Plan.objects.get(pk=plan.pk).version})
    return _detail(updated)


_OUTLINE_BODY = {
    "requestBody": {
        "required": True,
        "description": (
            "The outline as a `text/csv` body (columns number, title_en, title_vi, text_en, text_vi, lead, "
            "responsible, target_year, indicator_en, indicator_vi; UTF-8), or as the multipart field `file`: a "
            "CSV file or a Word document (.docx) with numbered paragraphs (1., 1.1, 1.1.1)."
        ),
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}
MAX_UPLOAD = 5 * 1024 * 1024


@plans_router.post(
    "/series/{code}/plans/{plan_id}/outline",
    response={201: OutlineImportOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=_OUTLINE_BODY,
)
def plan_outline_import(request: HttpRequest, code: str, plan_id: DbInt) -> Status[OutlineImportOut]:
    """Import the outline of a plan that has none yet (secretariats). The whole file is checked first: a
    number given twice, a gap among siblings, a line without its parent, more than three levels, an unknown
    party — 400 naming the row or paragraph in `record`, and nothing is imported."""
    series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    viewer = _manager(request, series)
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(_("send the outline as the multipart field 'file'."), field="file")
        if upload.size and upload.size > MAX_UPLOAD:
            raise ValidationFailed(_("is larger than 5 MB."), field="file")
        raw: bytes = upload.read()
        is_docx = (upload.name or "").lower().endswith(".docx") or raw[:2] == b"PK"
    else:
        raw = request.body
        is_docx = False
    if len(raw) > MAX_UPLOAD:
        raise ValidationFailed(_("is larger than 5 MB."), field="file")
    if is_docx:
        services.plan_outline_import_docx(actor=viewer, plan_id=plan.pk, data=raw)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationFailed(
                _("is not UTF-8 text (byte %(start)s); save the spreadsheet as CSV UTF-8.") % {"start": exc.start},
                field="file",
            ) from exc
        services.plan_outline_import_csv(actor=viewer, plan_id=plan.pk, text=text)
    lines = [_line(entry) for entry in selectors.plan_outline(plan=plan)]
    return Status(201, OutlineImportOut(created=len(lines), lines=lines))


def _outline_line(plan: Plan, line_id: int) -> LineOut:
    entry = next((e for e in selectors.plan_outline(plan=plan) if e.line.pk == line_id), None)
    if entry is None:
        raise NotFound(
            _("plan %(pk)s has no line with id %(line_id)s.") % {"pk": plan.pk, "line_id": line_id}, field="line_id"
        )
    return _line(entry)


@plans_router.post(
    "/series/{code}/plans/{plan_id}/lines", response={201: LineOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def line_create(request: HttpRequest, code: str, plan_id: DbInt, data: LineIn) -> Status[LineOut]:
    """Add an area (no `parent_id`), a measure (under an area) or an action line (under a measure)
    (secretariats). It takes the number after the highest among its siblings; no line is renumbered."""
    series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    viewer = _manager(request, series)
    line = services.line_add(
        actor=viewer,
        plan_id=plan.pk,
        parent_id=data.parent_id,
        title_en=data.title_en,
        title_vi=data.title_vi,
        text_en=data.text_en,
        text_vi=data.text_vi,
        target_year=data.target_year,
        indicator_en=data.indicator_en,
        indicator_vi=data.indicator_vi,
        lead=parties_from_body(data.lead, field="lead"),
        responsible=parties_from_body(data.responsible, field="responsible") if data.responsible is not None else None,
    )
    return Status(201, _outline_line(plan, line.pk))


@plans_router.patch(
    "/series/{code}/plans/{plan_id}/lines/{line_id}",
    response={200: LineOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def line_patch(request: HttpRequest, code: str, plan_id: DbInt, line_id: DbInt, data: LinePatchIn) -> Any:
    """Edit a line, or discontinue / reinstate it (`discontinued`), against its current `version`
    (secretariats). The number never changes."""
    series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    viewer = _manager(request, series)
    line = get_or_not_found(PlanLine.objects, what=_("line"), field="line_id", value=line_id, pk=line_id, plan=plan)
    changes: dict[str, Any] = {
        key: value
        for key, value in data.model_dump(exclude_unset=True).items()
        if key not in ("version", "discontinued") and value is not None
    }
    if "lead" in changes:
        changes["lead"] = parties_from_body(changes["lead"], field="lead")
    if "responsible" in changes:
        changes["responsible"] = parties_from_body(changes["responsible"], field="responsible")
    try:
        version = data.version
        if changes:
            version = services.line_update(actor=viewer, line_id=line.pk, expected_version=version, **changes).version
        if data.discontinued is not None:
            services.line_set_discontinued(
                actor=viewer, line_id=line.pk, discontinued=data.discontinued, expected_version=version
            )
    except Conflict as exc:
        return _conflict(exc, _outline_line(plan, line.pk).model_dump())
    return _outline_line(plan, line.pk)


@plans_router.post(
    "/series/{code}/plans/{plan_id}/revisions",
    response={201: RevisionOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def revision_create(request: HttpRequest, code: str, plan_id: DbInt, data: RevisionIn) -> Status[RevisionOut]:
    """Record the outline as it now stands as the next revision, as adopted or as amended by `meeting`, with
    the changes against the revision before (secretariats)."""
    series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    viewer = _manager(request, series)
    revision = services.plan_revision_record(
        actor=viewer, plan_id=plan.pk, meeting=_meeting(data.meeting, field="meeting"), note=data.note
    )
    return Status(201, _revision(revision))


@plans_router.post(
    "/series/{code}/plans/{plan_id}/periods",
    response={201: PeriodOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def period_create(request: HttpRequest, code: str, plan_id: DbInt, data: PeriodIn) -> Status[PeriodOut]:
    """Open a reporting period with its deadline (secretariats)."""
    series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    viewer = _manager(request, series)
    period = services.period_create(
        actor=viewer,
        plan_id=plan.pk,
        label=data.label,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        due_at=data.due_at,
        time_zone=data.time_zone,
        review_meeting=_meeting(data.review_meeting, field="review_meeting"),
    )
    return Status(201, _period(period))


@plans_router.post(
    "/series/{code}/plans/{plan_id}/periods/{period_id}/freeze",
    response={200: PeriodOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def period_freeze(request: HttpRequest, code: str, plan_id: DbInt, period_id: DbInt, data: FreezeIn) -> PeriodOut:
    """The reports of the period are taken up (by `meeting`): submitted ones are frozen and none changes any
    more (secretariats). Recording a review's conclusions does this for the period the review takes up."""
    series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    viewer = _manager(request, series)
    period = get_or_not_found(
        ReportingPeriod.objects, what=_("reporting period"), field="period_id", value=period_id, pk=period_id, plan=plan
    )
    frozen = services.period_freeze(actor=viewer, period_id=period.pk, meeting=_meeting(data.meeting, field="meeting"))
    return _period(frozen)


# Reports ----------------------------------------------------------------------------------------


def _period_by_label(plan: Plan, label: str | None) -> ReportingPeriod | None:
    if not label:
        return None
    period = ReportingPeriod.objects.filter(plan=plan, label=label).first()
    if period is None:
        raise NotFound(
            _("plan %(pk)s has no reporting period %(label)r.") % {"pk": plan.pk, "label": label}, field="period"
        )
    return period


def _party_required(code: str) -> Party:
    if not code.strip():
        raise ValidationFailed(_("is empty; give a party code such as VN."), field="party")
    party = _party_or_404(code)
    assert party is not None  # noqa: S101 - a non-empty code is found or refused
    return party


def _party_or_404(code: str | None) -> Party | None:
    if not code:
        return None
    party = Party.objects.filter(code=code.strip().upper()[:12]).first()
    if party is None:
        raise NotFound(_("no party with code %(code)r.") % {"code": code}, field="party")
    return party


@plans_router.get(
    "/series/{code}/plans/{plan_id}/reports",
    response={200: list[ReportOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def report_list(
    request: HttpRequest, code: str, plan_id: DbInt, period: Text | None = None, party: Text | None = None
) -> list[ReportOut]:
    """The plan's reports the caller may see: submitted and frozen ones for every participant, drafts and
    returned ones for their own party (the secretariats see all)."""
    series, viewer, plan = _viewer_and_plan(request, code, plan_id)
    reports = selectors.report_list(
        viewer=viewer,
        series=series,
        plan=plan,
        period=_period_by_label(plan, period),
        party=_party_or_404(party),
    )
    return [_report(report) for report in reports]


@plans_router.put(
    "/series/{code}/plans/{plan_id}/reports",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def report_put(request: HttpRequest, code: str, plan_id: DbInt, data: ReportIn) -> Any:
    """Write a party's report on an action line for a period, as a draft or submitted (`submit`) — the
    party's focal point only. Refused with 400 naming the line: a line or period the plan does not have, a
    party not responsible for the line, progress outside 0–100, a frozen period. A report that exists is
    changed only against its `version` (409 with the current report otherwise)."""
    _series, viewer, plan = _viewer_and_plan(request, code, plan_id)
    party = party_from_body(data.party, field="party")
    try:
        report = services.report_save(
            actor=viewer,
            plan_id=plan.pk,
            line_number=data.line,
            period_label=data.period,
            party=party,
            status=data.status.value,
            progress=data.progress,
            narrative=data.narrative,
            links=list(data.links),
            submit=data.submit,
            expected_version=data.version,
        )
    except Conflict as exc:
        current = ImplementationReport.objects.filter(
            period__plan=plan, period__label=data.period, line__number=data.line, party=party
        ).first()
        return _conflict(exc, _report_now(current.pk).model_dump() if current else None)
    return _report_now(report.pk)


@plans_router.post(
    "/series/{code}/plans/{plan_id}/reports/{report_id}/return",
    response={200: ReportOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def report_return(request: HttpRequest, code: str, plan_id: DbInt, report_id: DbInt, data: ReturnIn) -> Any:
    """Return a submitted report to its party for clarification, saying why (secretariats)."""
    series, _viewer, plan = _viewer_and_plan(request, code, plan_id)
    viewer = _manager(request, series)
    report = get_or_not_found(
        ImplementationReport.objects,
        what=_("report"),
        field="report_id",
        value=report_id,
        pk=report_id,
        period__plan=plan,
    )
    try:
        services.report_return(actor=viewer, report_id=report.pk, reason=data.reason, expected_version=data.version)
    except Conflict as exc:
        return _conflict(exc, _report_now(report.pk).model_dump())
    return _report_now(report.pk)


@plans_router.get(
    "/series/{code}/plans/{plan_id}/reports.csv",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=file_doc("text/csv", "The reports the caller may see, one row per report (UTF-8 with BOM)."),
)
def report_csv(request: HttpRequest, code: str, plan_id: DbInt, period: Text | None = None) -> HttpResponse:
    """The reports as CSV: plan, period, line, line_title, party, status, progress, state, submitted_at (in the
    period's time zone), late, narrative, links, returned_reason."""
    series, viewer, plan = _viewer_and_plan(request, code, plan_id)
    found = _period_by_label(plan, period)
    reports = selectors.report_list(viewer=viewer, series=series, plan=plan, period=found)
    suffix = f"-{found.label}" if found else ""
    return file_response(
        reports_csv(reports), media_type=CSV, filename=f"plan-{plan.pk}-reports{suffix}.csv", attachment=True
    )


# The review -------------------------------------------------------------------------------------


def _review_target(request: HttpRequest, meeting_id: int, plan_id: int) -> tuple[Meeting, SeriesViewer, Plan]:
    meeting: Meeting = get_or_not_found(
        Meeting.objects.select_related("body", "body__framework", "series"),
        what=_("meeting"),
        field="meeting_id",
        value=meeting_id,
        pk=meeting_id,
    )
    if meeting.series is None:
        raise NotFound(_("%(meeting)s is not part of a series.") % {"meeting": meeting.short_title}, field="meeting_id")
    viewer = request_viewer(request, meeting.series)
    return meeting, viewer, selectors.plan_get(viewer=viewer, series=meeting.series, plan_id=plan_id)


def _rollup(row: RollUp) -> RollUpOut:
    return RollUpOut(
        key=row.key,
        label=row.label,
        expected=row.expected,
        completed=row.completed,
        ongoing=row.ongoing,
        not_started=row.not_started,
        discontinued=row.discontinued,
        unreported=row.unreported,
        mean_progress=row.mean_progress,
    )


def _review(data: selectors.ReviewData) -> ReviewOut:
    compiled, review = data.compiled, data.review
    return ReviewOut(
        plan=data.plan.pk,
        meeting=data.meeting.pk,
        period=data.period.label if data.period else None,
        previous_period=data.previous.label if data.previous else None,
        recorded=review is not None,
        recorded_at=review.recorded_at if review else None,
        conclusions_en=review.conclusions_en if review else "",
        conclusions_vi=review.conclusions_vi if review else "",
        version=review.version if review else None,
        action_lines=compiled.action_lines,
        overall=_rollup(compiled.overall),
        by_area=[_rollup(row) for row in compiled.by_area],
        by_party=[_rollup(row) for row in compiled.by_party],
        changes=[
            StatusChangeOut(
                number=c.number,
                title=c.title,
                party=c.party,
                before=c.before,
                after=c.after,
                before_progress=c.before_progress,
                after_progress=c.after_progress,
            )
            for c in compiled.changes
        ],
        overdue=[
            LineListOut(number=o.number, title=o.title, parties=list(o.parties), target_year=o.target_year)
            for o in compiled.overdue
        ],
        unreported=[LineListOut(number=u.number, title=u.title, parties=list(u.parties)) for u in compiled.unreported],
    )


@plans_router.get(
    "/meetings/{meeting_id}/plans/{plan_id}/review",
    response={200: ReviewOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def review_get(request: HttpRequest, meeting_id: DbInt, plan_id: DbInt) -> ReviewOut:
    """The progress report the meeting reviews: roll-ups per area and per party, what changed since the
    period before, overdue and unreported action lines; as recorded with the conclusions, or compiled now."""
    meeting, viewer, plan = _review_target(request, meeting_id, plan_id)
    with translation.override("en"):
        data = selectors.review_get(viewer=viewer, plan=plan, meeting=meeting)
    return _review(data)


@plans_router.post(
    "/meetings/{meeting_id}/plans/{plan_id}/review",
    response={200: ReviewOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def review_record(request: HttpRequest, meeting_id: DbInt, plan_id: DbInt, data: ConclusionsIn) -> Any:
    """Record the meeting's conclusions (secretariats of the meeting's series). The first time, the period the
    meeting takes up is frozen and the figures are kept with the review; later, only the conclusions change,
    against the review's `version`."""
    meeting, viewer, plan = _review_target(request, meeting_id, plan_id)
    try:
        services.plan_review_record(
            actor=viewer,
            plan_id=plan.pk,
            meeting=meeting,
            conclusions_en=data.conclusions_en,
            conclusions_vi=data.conclusions_vi,
            expected_version=data.version,
        )
    except Conflict as exc:
        current = PlanReview.objects.filter(plan=plan, meeting=meeting).values("version", "conclusions_en").first()
        return _conflict(exc, current)
    with translation.override("en"):
        return _review(selectors.review_get(viewer=viewer, plan=plan, meeting=meeting))


@plans_router.get(
    "/meetings/{meeting_id}/plans/{plan_id}/review.docx",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=file_doc(DOCX, "The compiled review as a Word document."),
)
def review_word(
    request: HttpRequest, meeting_id: DbInt, plan_id: DbInt, lang: Query[Literal["en", "vi"]] = "en"
) -> HttpResponse:
    """The compiled review as Word (.docx), in English or Vietnamese (`lang`)."""
    meeting, viewer, plan = _review_target(request, meeting_id, plan_id)
    with translation.override(lang):
        data = selectors.review_get(viewer=viewer, plan=plan, meeting=meeting)
    return file_response(
        review_docx(review_document(data, lang)),
        media_type=DOCX,
        filename=f"plan-{plan.pk}-review-{meeting.pk}-{lang}.docx",
        attachment=True,
    )


@plans_router.get(
    "/meetings/{meeting_id}/plans/{plan_id}/review.pdf",
    response={200: None, **errors(401, 403, 404)},
    auth=SIGNED_IN,
    openapi_extra=file_doc("application/pdf", "The compiled review as an A4 PDF."),
)
def review_pdf_file(
    request: HttpRequest, meeting_id: DbInt, plan_id: DbInt, lang: Query[Literal["en", "vi"]] = "en"
) -> HttpResponse:
    """The compiled review as PDF (A4, with a chart of progress by area), in English or Vietnamese (`lang`)."""
    meeting, viewer, plan = _review_target(request, meeting_id, plan_id)
    with translation.override(lang):
        data = selectors.review_get(viewer=viewer, plan=plan, meeting=meeting)
    return file_response(
        review_pdf(review_document(data, lang), lang),
        media_type=PDF,
        filename=f"plan-{plan.pk}-review-{meeting.pk}-{lang}.pdf",
    )
