"""Press releases and document publication (see the package docstring)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from mufakat.api.auth import PUBLIC, SIGNED_IN, request_viewer
from mufakat.api.common import DbInt, errors
from mufakat.api.meetings.common import meeting_with_series
from mufakat.core.errors import NotFound
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.selectors import document_get
from mufakat.meetings import selectors as meeting_selectors
from mufakat.publishing import selectors, services
from mufakat.publishing.enums import PressStatus
from mufakat.publishing.models import PressRelease
from mufakat.publishing.rules import can_publish

publishing_router = Router(tags=["publishing"])


class PressReleaseOut(Schema):
    id: int
    meeting_id: int
    status: str
    advance_release: bool
    title_en: str
    title_vi: str
    body_en: str
    body_vi: str
    version: int
    published_at: datetime | None


class PressDraftIn(Schema):
    advance_release: bool = False


class PressUpdateIn(Schema):
    """The fields to change; any other key (status, a misspelt name) is refused with a 422 naming it rather
    than ignored. Sending the values the release already has changes nothing: no new version."""

    model_config = ConfigDict(extra="forbid")

    version: int
    title_en: str | None = None
    title_vi: str | None = None
    body_en: str | None = None
    body_vi: str | None = None
    advance_release: bool | None = None


class VersionIn(Schema):
    version: int


class PublishedDocumentOut(Schema):
    id: int
    classification: str
    version: int


def _out(release: PressRelease) -> PressReleaseOut:
    return PressReleaseOut(
        id=release.pk,
        meeting_id=release.meeting_id,
        status=release.status,
        advance_release=release.advance_release,
        title_en=release.title_en,
        title_vi=release.title_vi,
        body_en=release.body_en,
        body_vi=release.body_vi,
        version=release.version,
        published_at=release.published_at,
    )


def _release(request: HttpRequest, release_id: int) -> PressRelease:
    """A press release the caller may read: published ones for everyone, drafts for the press office only
    (anything else is the same 404)."""
    release = selectors.press_release_get(release_id=release_id)
    if release.status != PressStatus.PUBLISHED and not can_publish(
        request_viewer(request, release.meeting.series), release.meeting.series_id
    ):
        raise NotFound(f"There is no published press release {release_id}.", field="id")
    return release


@publishing_router.post(
    "/meetings/{meeting_id}/press-releases",
    response={201: PressReleaseOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def press_release_draft(request: HttpRequest, meeting_id: DbInt, payload: PressDraftIn) -> Status[PressReleaseOut]:
    """Draft a press release about the meeting from its record, in English and Vietnamese."""
    meeting = meeting_with_series(meeting_id)
    release = services.press_release_draft(
        actor=request_viewer(request, meeting.series), meeting=meeting, advance_release=payload.advance_release
    )
    return Status(201, _out(release))


@publishing_router.get("/press-releases/{release_id}", response={200: PressReleaseOut, **errors(401, 404)}, auth=PUBLIC)
def press_release_get(request: HttpRequest, release_id: DbInt) -> PressReleaseOut:
    """A press release: published ones for everyone, drafts for the press office."""
    return _out(_release(request, release_id))


@publishing_router.patch(
    "/press-releases/{release_id}", response={200: PressReleaseOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def press_release_update(request: HttpRequest, release_id: DbInt, payload: PressUpdateIn) -> PressReleaseOut:
    """Edit the texts (409 with the current version when someone else edited first; an edit that changes
    nothing answers the release as it is, with its version unchanged)."""
    release = _release(request, release_id)
    changes = payload.dict(exclude_none=True, exclude={"version"})
    updated = services.press_release_update(
        actor=request_viewer(request, release.meeting.series),
        release=release,
        expected_version=payload.version,
        changes=changes,
    )
    return _out(updated)


@publishing_router.delete(
    "/press-releases/{release_id}", response={204: None, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def press_release_discard(request: HttpRequest, release_id: DbInt, version: int) -> Status[None]:
    """Discard a press release never published (`version`: the one read; 409 when someone changed it since;
    400 for a published one)."""
    release = _release(request, release_id)
    services.press_release_discard(
        actor=request_viewer(request, release.meeting.series), release=release, expected_version=version
    )
    return Status(204, None)


@publishing_router.post(
    "/press-releases/{release_id}/approval",
    response={200: PressReleaseOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def press_release_approve(request: HttpRequest, release_id: DbInt, payload: VersionIn) -> PressReleaseOut:
    release = _release(request, release_id)
    return _out(
        services.press_release_approve(
            actor=request_viewer(request, release.meeting.series), release=release, expected_version=payload.version
        )
    )


@publishing_router.post(
    "/press-releases/{release_id}/publication",
    response={200: PressReleaseOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def press_release_publish(request: HttpRequest, release_id: DbInt, payload: VersionIn) -> PressReleaseOut:
    """Publish an approved press release; refused before the meeting took place unless it is an advance release."""
    release = _release(request, release_id)
    return _out(
        services.press_release_publish(
            actor=request_viewer(request, release.meeting.series), release=release, expected_version=payload.version
        )
    )


@publishing_router.post(
    "/series/{code}/documents/{document_id}/publication",
    response={200: PublishedDocumentOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def document_publish(request: HttpRequest, code: str, document_id: DbInt, payload: VersionIn) -> PublishedDocumentOut:
    """The chair publishes a decided document: public from now on, recorded in the audit log."""
    series = meeting_selectors.series_get(code=code)
    viewer = request_viewer(request, series)
    document: OutcomeDocument = document_get(viewer=viewer, series=series, document_id=document_id)
    published = services.document_publish(actor=viewer, document=document, expected_version=payload.version)
    return PublishedDocumentOut(id=published.pk, classification=published.classification, version=published.version)
