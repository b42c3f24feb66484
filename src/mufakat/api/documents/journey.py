"""A document's journey (its timeline) and the documents to be decided at a meeting with where each stands
(the list a SOM reviews before a summit). Both read through the access check of each document's series."""

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from pydantic import ConfigDict

from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.api.auth import PUBLIC, SIGNED_IN, request_user
from mufakat.api.common import DbInt, Text, errors
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.documents import selectors, services
from mufakat.documents.enums import JourneyAction
from mufakat.documents.rules import require_manage
from mufakat.meetings.models import Meeting, Series

from .common import DOCUMENT, documents_router, found


class JourneyStepOut(Schema):
    number: int
    on: date
    end: date
    where: str = Field(description='The meeting with its ordinal ("3rd Consultation Meeting ...") or the procedure.')
    meeting_id: int | None
    meeting: str | None = Field(description="The meeting's short title, e.g. ASEAN Summit-44.")
    body: str | None = Field(description="The body's code, e.g. SOMHD.")
    place: str = Field(description="The city or province, or Online.")
    action: str = Field(description="discussed, finalised, recommended, adopted, noted or endorsed.")
    version: int | None = Field(description="The draft the step produced; null when none, or for the public.")
    recommended_to: str | None = Field(description="Short title of the meeting it was recommended to.")
    note: str


class JourneyStepIn(Schema):
    model_config = ConfigDict(extra="forbid")  # a mistyped field is a 422 naming it, not silently dropped

    action: JourneyAction
    meeting_id: DbInt | None = Field(None, description="The meeting that took the step (any series, or none).")
    procedure_en: Text = Field("", max_length=240, description="Instead of a meeting: the intersessional procedure.")
    procedure_vi: Text = Field("", max_length=300)
    on: date | None = Field(None, description="Defaults to the meeting's first day; required for a procedure.")
    version: DbInt | None = Field(None, description="The draft number the step produced.")
    recommended_to_id: DbInt | None = Field(None, description="For a recommendation: the meeting it goes to.")
    note: Text = Field("", max_length=500)


class StandingOut(Schema):
    document_id: int
    series: str
    title_en: str
    kind: str
    lead_party: str | None
    status: str
    steps: int
    last_step: JourneyStepOut | None


def _step(step: selectors.StepView) -> JourneyStepOut:
    meeting = step.meeting
    return JourneyStepOut(
        number=step.number,
        on=step.on,
        end=step.end,
        where=step.where,
        meeting_id=meeting.pk if meeting else None,
        meeting=meeting.short_title if meeting else None,
        body=meeting.body.code if meeting else None,
        place=step.place,
        action=step.action,
        version=step.version_number,
        recommended_to=step.recommended_to.short_title if step.recommended_to else None,
        note=step.note,
    )


@documents_router.get(f"{DOCUMENT}/journey", response={200: list[JourneyStepOut], **errors(401, 404)}, auth=PUBLIC)
def document_journey(request: HttpRequest, code: str, document_id: DbInt) -> list[JourneyStepOut]:
    """The document's journey in date order: each meeting (or intersessional procedure) that took it up, with
    date, place, body, what it decided and the draft it produced; 404 for anyone who may not see it."""
    _series, viewer, document = found(request, code, document_id)
    return [_step(step) for step in selectors.document_journey(viewer=viewer, document=document)]


def _meeting_named(meeting_id: int | None, field: str) -> Meeting | None:
    if meeting_id is None:
        return None
    meeting = Meeting.objects.select_related("body", "series").filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationFailed(_("no meeting %(meeting_id)s.") % {"meeting_id": meeting_id}, field=field)
    return meeting


@documents_router.post(
    f"{DOCUMENT}/journey",
    response={201: JourneyStepOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def journey_step_record(
    request: HttpRequest, code: str, document_id: DbInt, data: JourneyStepIn
) -> Status[JourneyStepOut]:
    """Record the next step of the document's journey (chair secretariat of its series): a meeting of any series
    (or none, like a consultation round) or an intersessional procedure, what it did and the draft it produced.
    Refused, naming the step and the field: a step dated before the previous one, a body below ministers
    adopting, noting or endorsing, a recommendation to a meeting already held. A recommendation to the
    deciding meeting records it there; the deciding meeting's adoption decides the document."""
    _series, viewer, document = found(request, code, document_id)
    require_manage(viewer)  # before the body is looked into: 403 whatever it says
    version = None
    if data.version is not None:
        try:
            version = selectors.version_get(document=document, number=data.version)
        except NotFound as exc:
            raise NotFound(exc.message, field="version") from exc
    services.journey_step_record(
        actor=viewer,
        document=document,
        action=data.action.value,
        meeting=_meeting_named(data.meeting_id, "meeting_id"),
        procedure_en=data.procedure_en,
        procedure_vi=data.procedure_vi,
        on=data.on,
        version=version,
        recommended_to=_meeting_named(data.recommended_to_id, "recommended_to_id"),
        note=data.note,
    )
    # Steps are recorded in date order (a tie goes after): the new one is the last.
    return Status(201, _step(selectors.document_journey(viewer=viewer, document=document)[-1]))


@documents_router.get(
    "/series/{code}/meetings/{meeting_id}/documents-for-decision",
    response={200: list[StandingOut], **errors(401, 404)},
    auth=PUBLIC,
)
def documents_for_meeting(request: HttpRequest, code: str, meeting_id: DbInt) -> list[StandingOut]:
    """The documents to be adopted (noted, endorsed) at a meeting of the series, its own register and those
    recommended to it from other series, with where each stands: its status and the latest step."""
    meeting = Meeting.objects.select_related("series").filter(series__code=code, pk=meeting_id).first()
    if meeting is None:
        raise NotFound(
            _("no meeting %(meeting_id)s in %(series)s.") % {"meeting_id": meeting_id, "series": code},
            field="meeting_id",
        )
    user = request_user(request)
    cache: dict[int, SeriesViewer] = {}

    def viewer_of(series: Series) -> SeriesViewer:
        if series.pk not in cache:
            cache[series.pk] = viewer_for(user, series)
        return cache[series.pk]

    return [
        StandingOut(
            document_id=row.document.pk,
            series=row.series.code,
            title_en=row.document.title_en,
            kind=row.document.kind,
            lead_party=row.document.lead_party.code if row.document.lead_party else None,
            status=row.document.status_key,
            steps=row.steps,
            last_step=_step(row.last_step) if row.last_step else None,
        )
        for row in selectors.documents_for_meeting(meeting=meeting, viewer_of=viewer_of)
    ]
