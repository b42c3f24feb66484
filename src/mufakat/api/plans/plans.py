"""Plans of action: listed, created, changed; their outline (imported or line by line), revisions and
reporting periods; what a party owes and its deadlines as iCalendar."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.api.auth import PUBLIC, SIGNED_IN, series_viewer
from mufakat.api.common import (
    ICS,
    DbInt,
    Text,
    errors,
    file_doc,
    file_response,
    framework_from_body,
    parties_from_body,
    presents_conflict,
    upload_doc,
    utf8_text,
)
from mufakat.api.plans.common import (
    detail_out,
    line_out,
    manager_viewer,
    meeting_from_body,
    party_required,
    period_out,
    plan_fields,
    plan_found,
    plans_router,
    revision_out,
)
from mufakat.api.plans.schemas import (
    DueLineOut,
    DueOut,
    FreezeIn,
    LineIn,
    LineOut,
    LinePatchIn,
    OutlineImportOut,
    PeriodIn,
    PeriodOut,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    PlanPatchIn,
    PlanVersionOut,
    RevisionIn,
    RevisionOut,
)
from mufakat.core.errors import NotFound, ValidationFailed, get_or_not_found
from mufakat.meetings.selectors import series_get
from mufakat.plans import selectors, services
from mufakat.plans.exports import deadlines_ics
from mufakat.plans.models import Plan, PlanLine, ReportingPeriod


@plans_router.get("/series/{code}/plans", response={200: list[PlanOut], **errors(401, 404)}, auth=PUBLIC)
def plan_list(request: HttpRequest, code: str) -> list[PlanOut]:
    """The plans in force in the series' year and those adopted or reviewed at its meetings, as the caller
    may see them: an ASEAN-only plan never reaches a dialogue partner."""
    series, viewer = series_viewer(request, code)
    return [
        PlanOut(**plan_fields(plan, plan.action_line_count))  # type: ignore[attr-defined]  # annotated by plan_list
        for plan in selectors.plan_list(viewer=viewer, series=series)
    ]


@plans_router.get(
    "/series/{code}/plans/due", response={200: list[DueOut], **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def reports_due(request: HttpRequest, code: str, party: Text) -> list[DueOut]:
    """What a party owes: for every plan it is responsible in and every reporting period not yet frozen, the
    action lines without a submitted report; `late` once the deadline has passed. For the party's delegation
    and the secretariats."""
    series, viewer = series_viewer(request, code)
    found = party_required(party)
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
    openapi_extra=file_doc(ICS, "iCalendar (RFC 5545): one event per reporting deadline of the party."),
)
def deadlines_feed(request: HttpRequest, code: str, party: Text) -> HttpResponse:
    """The party's reporting deadlines as a calendar: one event per period, at the deadline in the time zone
    it was set in, with a reminder a week before; UIDs stable, SEQUENCE rising when a deadline moves."""
    series, viewer = series_viewer(request, code)
    found = party_required(party)
    deadlines = selectors.party_deadlines(viewer=viewer, series=series, party=found)
    body = deadlines_ics(name=f"{found.name_en} – reporting deadlines", deadlines=deadlines)
    return file_response(body, media_type=ICS, filename=f"{found.code.lower()}-deadlines.ics")


@plans_router.post("/series/{code}/plans", response={201: PlanDetailOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN)
def plan_create(request: HttpRequest, code: str, data: PlanIn) -> Status[PlanDetailOut]:
    """A new plan without an outline (secretariats). A restricted plan is restricted to its own framework
    unless `restricted_to` names another."""
    series = series_get(code=code)
    viewer = manager_viewer(request, series)
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
        adopted_at_meeting=meeting_from_body(data.adopted_at_meeting, field="adopted_at_meeting"),
    )
    return Status(201, detail_out(plan))


@plans_router.get("/series/{code}/plans/{plan_id}", response={200: PlanDetailOut, **errors(401, 404)}, auth=PUBLIC)
def plan_get(request: HttpRequest, code: str, plan_id: DbInt) -> PlanDetailOut:
    """The plan with its numbered outline (areas, measures, action lines with their lead and responsible
    parties), reporting periods, recorded revisions and reviews."""
    _series, _viewer, plan = plan_found(request, code, plan_id)
    return detail_out(plan)


@plans_router.patch(
    "/series/{code}/plans/{plan_id}",
    response={200: PlanDetailOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def plan_patch(request: HttpRequest, code: str, plan_id: DbInt, data: PlanPatchIn) -> PlanDetailOut:
    """Change the plan's titles, years or status (secretariats), against its current `version`."""
    series, _viewer, plan = plan_found(request, code, plan_id)
    viewer = manager_viewer(request, series)
    changes = {key: value for key, value in data.model_dump(exclude_unset=True).items() if key != "version"}
    changes = {key: value for key, value in changes.items() if value is not None}
    if "status" in changes:
        changes["status"] = str(data.status.value) if data.status else None
    updated = services.plan_update(actor=viewer, plan_id=plan.pk, expected_version=data.version, **changes)
    return detail_out(updated)


_OUTLINE_BODY = upload_doc(
    "The outline as a `text/csv` body (columns number, title_en, title_vi, text_en, text_vi, lead, "
    "responsible, target_year, indicator_en, indicator_vi; UTF-8), or as the multipart field `file`: a "
    "CSV file or a Word document (.docx) with numbered paragraphs (1., 1.1, 1.1.1)."
)


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
    series, _viewer, plan = plan_found(request, code, plan_id)
    viewer = manager_viewer(request, series)
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
        services.plan_outline_import_csv(actor=viewer, plan_id=plan.pk, text=utf8_text(raw))
    lines = [line_out(entry) for entry in selectors.plan_outline(plan=plan)]
    return Status(201, OutlineImportOut(created=len(lines), lines=lines))


@presents_conflict(Plan)
def _plan_now(request: HttpRequest, plan: Plan) -> PlanVersionOut:
    """A 409 on a plan says which version holds now (the reader saw the plan before the service ran)."""
    return PlanVersionOut(version=plan.version)


@presents_conflict(PlanLine)
def _line_now(request: HttpRequest, line: PlanLine) -> LineOut:
    """A 409 on a line shows it as it is now, with its lead and responsible parties."""
    return line_out(
        selectors.OutlineLine(
            line=line,
            lead=list(line.lead_parties.order_by("name_en")),
            responsible=list(line.responsible_parties.order_by("name_en")),
        )
    )


def _outline_line(plan: Plan, line_id: int) -> LineOut:
    entry = next((e for e in selectors.plan_outline(plan=plan) if e.line.pk == line_id), None)
    if entry is None:
        raise NotFound(
            _("plan %(pk)s has no line with id %(line_id)s.") % {"pk": plan.pk, "line_id": line_id}, field="line_id"
        )
    return line_out(entry)


@plans_router.post(
    "/series/{code}/plans/{plan_id}/lines", response={201: LineOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def line_create(request: HttpRequest, code: str, plan_id: DbInt, data: LineIn) -> Status[LineOut]:
    """Add an area (no `parent_id`), a measure (under an area) or an action line (under a measure)
    (secretariats). It takes the number after the highest among its siblings; no line is renumbered."""
    series, _viewer, plan = plan_found(request, code, plan_id)
    viewer = manager_viewer(request, series)
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
def line_patch(request: HttpRequest, code: str, plan_id: DbInt, line_id: DbInt, data: LinePatchIn) -> LineOut:
    """Edit a line, or discontinue / reinstate it (`discontinued`), against its current `version`
    (secretariats). The number never changes."""
    series, _viewer, plan = plan_found(request, code, plan_id)
    viewer = manager_viewer(request, series)
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
    version = data.version
    if changes:
        version = services.line_update(actor=viewer, line_id=line.pk, expected_version=version, **changes).version
    if data.discontinued is not None:
        services.line_set_discontinued(
            actor=viewer, line_id=line.pk, discontinued=data.discontinued, expected_version=version
        )
    return _outline_line(plan, line.pk)


@plans_router.post(
    "/series/{code}/plans/{plan_id}/revisions",
    response={201: RevisionOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def revision_create(request: HttpRequest, code: str, plan_id: DbInt, data: RevisionIn) -> Status[RevisionOut]:
    """Record the outline as it now stands as the next revision, as adopted or as amended by `meeting`, with
    the changes against the revision before (secretariats)."""
    series, _viewer, plan = plan_found(request, code, plan_id)
    viewer = manager_viewer(request, series)
    revision = services.plan_revision_record(
        actor=viewer, plan_id=plan.pk, meeting=meeting_from_body(data.meeting, field="meeting"), note=data.note
    )
    return Status(201, revision_out(revision))


@plans_router.post(
    "/series/{code}/plans/{plan_id}/periods",
    response={201: PeriodOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def period_create(request: HttpRequest, code: str, plan_id: DbInt, data: PeriodIn) -> Status[PeriodOut]:
    """Open a reporting period with its deadline (secretariats)."""
    series, _viewer, plan = plan_found(request, code, plan_id)
    viewer = manager_viewer(request, series)
    period = services.period_create(
        actor=viewer,
        plan_id=plan.pk,
        label=data.label,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        due_at=data.due_at,
        time_zone=data.time_zone,
        review_meeting=meeting_from_body(data.review_meeting, field="review_meeting"),
    )
    return Status(201, period_out(period))


@plans_router.post(
    "/series/{code}/plans/{plan_id}/periods/{period_id}/freeze",
    response={200: PeriodOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def period_freeze(request: HttpRequest, code: str, plan_id: DbInt, period_id: DbInt, data: FreezeIn) -> PeriodOut:
    """The reports of the period are taken up (by `meeting`): submitted ones are frozen and none changes any
    more (secretariats). Recording a review's conclusions does this for the period the review takes up."""
    series, _viewer, plan = plan_found(request, code, plan_id)
    viewer = manager_viewer(request, series)
    period = get_or_not_found(
        ReportingPeriod.objects, what=_("reporting period"), field="period_id", value=period_id, pk=period_id, plan=plan
    )
    frozen = services.period_freeze(
        actor=viewer, period_id=period.pk, meeting=meeting_from_body(data.meeting, field="meeting")
    )
    return period_out(frozen)
