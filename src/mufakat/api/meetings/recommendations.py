"""What the SOM recommends to the meeting it prepares, and the receiving meeting's decision."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.api.auth import PUBLIC, SIGNED_IN, request_viewer
from mufakat.api.common import DbInt, errors
from mufakat.api.meetings.common import meeting_get, programme_router
from mufakat.api.meetings.programme_schemas import (
    MeetingRefOut,
    RecommendationDecisionIn,
    RecommendationIn,
    RecommendationOut,
    RecommendationsOut,
)
from mufakat.core.errors import ValidationFailed, get_or_not_found
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings import services as meeting_services
from mufakat.meetings.models import Meeting, ProgrammeRelease, Recommendation


def _meeting_ref(meeting: Meeting) -> MeetingRefOut:
    return MeetingRefOut(
        id=meeting.pk,
        short_title=meeting.short_title,
        title_en=meeting.title_en,
        title_vi=meeting.title_vi,
        start_date=meeting.start_date,
    )


def _recommendation(recommendation: Recommendation) -> RecommendationOut:
    """Callers pass only recommendations the viewer may see (`recommendations_for`, or the chair's own)."""
    with translation.override("en"):
        text_en = recommendation.text
    with translation.override("vi"):
        text_vi = recommendation.text
    return RecommendationOut(
        id=recommendation.pk,
        from_meeting=_meeting_ref(recommendation.from_meeting),
        to_meeting=_meeting_ref(recommendation.to_meeting),
        subject=recommendation.subject,
        release_number=recommendation.release.number if recommendation.release else None,
        document_id=recommendation.document_id,
        text_en=text_en,
        text_vi=text_vi,
        status=recommendation.status,
        recommended_at=recommendation.recommended_at,
        decided_at=recommendation.decided_at,
    )


def _recommendation_now(recommendation_id: int) -> Recommendation:
    recommendation: Recommendation = get_or_not_found(
        Recommendation.objects.select_related(
            "from_meeting__body", "to_meeting__body", "to_meeting__series", "release", "document"
        ),
        what=_("recommendation"),
        field="recommendation_id",
        value=recommendation_id,
        pk=recommendation_id,
    )
    return recommendation


@programme_router.get(
    "/meetings/{meeting_id}/recommendations", response={200: RecommendationsOut, **errors(401, 404)}, auth=PUBLIC
)
def recommendation_list(request: HttpRequest, meeting_id: DbInt) -> RecommendationsOut:
    """Both links of the chain: what this meeting (a SOM) recommended to the meeting it prepares, and what
    this meeting (an AMM) received and whether it adopted it. A document's recommendation is listed only to
    whoever may see the document."""
    meeting = meeting_get(meeting_id)
    chain = meeting_selectors.recommendations_for(viewer=request_viewer(request, meeting.series), meeting=meeting)
    return RecommendationsOut(
        made=[_recommendation(r) for r in chain["made"]],
        received=[_recommendation(r) for r in chain["received"]],
    )


# The services name their own arguments; the API's body names them differently.
_BODY_FIELDS = {"to_meeting": "to_meeting_id", "release": "release_number", "document": "subject"}


@programme_router.post(
    "/meetings/{meeting_id}/recommendations",
    response={201: RecommendationOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def recommendation_create(request: HttpRequest, meeting_id: DbInt, data: RecommendationIn) -> Status[RecommendationOut]:
    """Record what this meeting (the SOM) recommends to the meeting it prepares (the AMM): the programme
    (name its `release_number`), an agenda or the list of documents (chair secretariat). A single document is
    recommended with POST /series/{code}/documents/{document_id}/recommendation."""
    meeting = meeting_get(meeting_id)
    viewer = request_viewer(request, meeting.series)
    to_meeting = Meeting.objects.select_related("body").filter(pk=data.to_meeting_id).first()
    if to_meeting is None:
        raise ValidationFailed(
            _("no meeting %(to_meeting_id)s.") % {"to_meeting_id": data.to_meeting_id}, field="to_meeting_id"
        )
    release = None
    if data.release_number is not None:
        release = ProgrammeRelease.objects.filter(series=meeting.series, number=data.release_number).first()
        if release is None:
            raise ValidationFailed(
                _("no release v%(release_number)s of the programme of this series.")
                % {"release_number": data.release_number},
                field="release_number",
            )
    try:
        recommendation = meeting_services.recommendation_make(
            actor=viewer,
            from_meeting=meeting,
            to_meeting=to_meeting,
            subject=data.subject.value,
            release=release,
            text_en=data.text_en,
            text_vi=data.text_vi,
        )
    except ValidationFailed as exc:
        field = _BODY_FIELDS.get(exc.field or "", exc.field)
        raise ValidationFailed(exc.message, field=field, record=exc.record) from exc
    return Status(201, _recommendation(_recommendation_now(recommendation.pk)))


@programme_router.post(
    "/recommendations/{recommendation_id}/decision",
    response={200: RecommendationOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def recommendation_decision(
    request: HttpRequest, recommendation_id: DbInt, data: RecommendationDecisionIn
) -> RecommendationOut:
    """The receiving meeting (the AMM) adopts what was recommended, or does not (chair secretariat). An
    adopted agenda is frozen."""
    recommendation = _recommendation_now(recommendation_id)
    viewer = request_viewer(request, recommendation.to_meeting.series)
    meeting_services.recommendation_decide(actor=viewer, recommendation=recommendation, adopted=data.adopted)
    return _recommendation(_recommendation_now(recommendation_id))
