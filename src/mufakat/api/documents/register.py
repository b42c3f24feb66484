"""The register of a series: entries, their withdrawal, the SOM's recommendation and the decision."""

# No `from __future__ import annotations`: @paginate re-reads the list operation's signature from its own
# module, where postponed annotations (Query, DocumentStatus) would not resolve.
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import PUBLIC, SIGNED_IN, request_viewer, series_viewer
from mufakat.api.common import (
    BoundedPagination,
    DbInt,
    errors,
    framework_from_body,
    parties_from_body,
    party_from_body,
    presents_conflict,
)
from mufakat.api.documents.schemas import (
    DecideIn,
    DocumentDetailOut,
    DocumentIn,
    DocumentOut,
    DocumentPatchIn,
    DocumentWithdrawIn,
    RecommendIn,
)
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.documents import selectors, services
from mufakat.documents.enums import DocumentStatus
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.rules import can_see_drafts
from mufakat.meetings.models import Body, Meeting, Series

from .common import DOCUMENT, consensus_summary, documents_router, found

# The register ------------------------------------------------------------------------------------


def _detail(viewer: SeriesViewer, series: Series, document_id: int) -> DocumentDetailOut:
    """The document as stored now, with the counts of its negotiation for those who may follow it."""
    return _detail_of(viewer, selectors.document_get(viewer=viewer, series=series, document_id=document_id))


@presents_conflict(OutcomeDocument)
def _document_now(request: HttpRequest, document: OutcomeDocument) -> DocumentDetailOut:
    """A 409 on a register entry shows it as it is now (the reader found it before the service ran); a
    superseded draft's 409 carries the current draft's id and number instead (see services.require_current)."""
    return _detail_of(request_viewer(request, document.meeting.series), document)


def _detail_of(viewer: SeriesViewer, found: OutcomeDocument) -> DocumentDetailOut:
    document: Any = found
    document.open_proposals, document.consensus_summary = None, None
    if can_see_drafts(viewer):
        version = document.current_version
        document.open_proposals = selectors.open_proposal_count(version=version) if version is not None else 0
        document.consensus_summary = consensus_summary(selectors.positions_board(document=document))
    return DocumentDetailOut.model_validate(document)


@documents_router.get("/series/{code}/documents", response={200: list[DocumentOut], **errors(401, 404)}, auth=PUBLIC)
@paginate(BoundedPagination)
def document_list(
    request: HttpRequest,
    code: str,
    meeting_id: Query[DbInt | None] = None,
    status: Query[DocumentStatus | None] = None,
) -> QuerySet[OutcomeDocument]:
    """The register of documents of the series (or of one meeting), as the caller may see it: framework
    members and partners see what their frameworks' classification allows, the public decided texts only."""
    series, viewer = series_viewer(request, code)
    meeting = None
    if meeting_id is not None:
        meeting = Meeting.objects.filter(series=series, pk=meeting_id).first()
        if meeting is None:
            raise NotFound(
                _("no meeting %(meeting_id)s in %(series)s.") % {"meeting_id": meeting_id, "series": series.code},
                field="meeting_id",
            )
    documents = selectors.document_list(viewer=viewer, series=series, meeting=meeting)
    if status is not None:
        documents = documents.filter(status=status.value)
    return documents


@documents_router.post(
    "/series/{code}/documents", response={201: DocumentDetailOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def document_create(request: HttpRequest, code: str, data: DocumentIn) -> Status[DocumentDetailOut]:
    """Add a document to a meeting's register (chair secretariat). A restricted document without
    `restricted_to` is restricted to the meeting's framework."""
    series, viewer = series_viewer(request, code)
    meeting = Meeting.objects.select_related("body__framework").filter(series=series, pk=data.meeting_id).first()
    if meeting is None:
        raise ValidationFailed(
            _("no meeting %(meeting_id)s in %(series)s.") % {"meeting_id": data.meeting_id, "series": series.code},
            field="meeting_id",
        )
    document = services.document_create(
        actor=viewer,
        meeting=meeting,
        kind=data.kind.value,
        title_en=data.title_en,
        title_vi=data.title_vi,
        lead_party=party_from_body(data.lead_party, field="lead_party") if data.lead_party else None,
        disposition=data.disposition.value,
        classification=data.classification.value,
        restricted_to=framework_from_body(data.restricted_to, field="restricted_to") if data.restricted_to else None,
        confidential_to=parties_from_body(data.confidential_to, field="confidential_to"),
        lead_body=_body(data.lead_body) if data.lead_body else None,
    )
    return Status(201, _detail(viewer, series, document.pk))


def _body(code: str) -> Body:
    body = Body.objects.filter(code=code.strip().upper()).first()
    if body is None:
        raise ValidationFailed(_("no body with code %(code)r.") % {"code": code}, field="lead_body")
    return body


@documents_router.get(DOCUMENT, response={200: DocumentDetailOut, **errors(401, 404)}, auth=PUBLIC)
def document_get(request: HttpRequest, code: str, document_id: DbInt) -> DocumentDetailOut:
    """One document of the register with its current version, the number of open proposals and how far
    consensus is (delegations and secretariats); 404 for anyone who may not see it."""
    series, viewer, document = found(request, code, document_id)
    return _detail(viewer, series, document.pk)


@documents_router.patch(DOCUMENT, response={200: DocumentDetailOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN)
def document_update(request: HttpRequest, code: str, document_id: DbInt, data: DocumentPatchIn) -> DocumentDetailOut:
    """Change the register entry (chair secretariat): type, titles, lead party, disposition, classification.
    Only the fields sent change; a stale `version` is 409."""
    series, viewer, document = found(request, code, document_id)
    sent = data.model_dump(exclude_unset=True)

    def value(name: str, current: Any) -> Any:
        return sent.get(name, current)

    lead = value("lead_party", document.lead_party.code if document.lead_party else None)
    restricted = value("restricted_to", document.restricted_to.code if document.restricted_to else None)
    confidential = value("confidential_to", [p.code for p in document.confidential_to.all()]) or []
    kind, disposition, classification = data.kind, data.disposition, data.classification
    services.document_update(
        actor=viewer,
        document=document,
        expected_version=data.version,
        kind=kind.value if kind is not None else document.kind,
        title_en=data.title_en if data.title_en is not None else document.title_en,
        title_vi=data.title_vi if data.title_vi is not None else document.title_vi,
        lead_party=party_from_body(lead, field="lead_party") if lead else None,
        disposition=disposition.value if disposition is not None else document.disposition,
        classification=classification.value if classification is not None else document.classification,
        restricted_to=framework_from_body(restricted, field="restricted_to") if restricted else None,
        confidential_to=parties_from_body(confidential, field="confidential_to"),
    )
    return _detail(viewer, series, document.pk)


@documents_router.post(
    f"{DOCUMENT}/withdrawal", response={200: DocumentDetailOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def document_withdraw(
    request: HttpRequest, code: str, document_id: DbInt, data: DocumentWithdrawIn
) -> DocumentDetailOut:
    """Withdraw the document from the register, saying why (chair secretariat)."""
    series, viewer, document = found(request, code, document_id)
    services.document_withdraw(actor=viewer, document=document, expected_version=data.version, reason=data.reason)
    return _detail(viewer, series, document.pk)


@documents_router.post(
    f"{DOCUMENT}/recommendation",
    response={200: DocumentDetailOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def document_recommend(request: HttpRequest, code: str, document_id: DbInt, data: RecommendIn) -> DocumentDetailOut:
    """The preparing meeting (`from_meeting_id`, the SOM) recommends the cleared document to the meeting
    that decides on it (chair secretariat)."""
    series, viewer, document = found(request, code, document_id)
    meeting = Meeting.objects.select_related("body").filter(series=series, pk=data.from_meeting_id).first()
    if meeting is None:
        raise ValidationFailed(
            _("no meeting %(from_meeting_id)s in %(series)s.")
            % {"from_meeting_id": data.from_meeting_id, "series": series.code},
            field="from_meeting_id",
        )
    services.document_recommend(actor=viewer, document=document, expected_version=data.version, from_meeting=meeting)
    return _detail(viewer, series, document.pk)


@documents_router.post(
    f"{DOCUMENT}/decision", response={200: DocumentDetailOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def document_decide(request: HttpRequest, code: str, document_id: DbInt, data: DecideIn) -> DocumentDetailOut:
    """The meeting adopts (notes, endorses, signs, issues) the cleared document: the text is FINAL, with
    place and date, and published to whoever its classification allows (chair secretariat)."""
    series, viewer, document = found(request, code, document_id)
    services.document_decide(
        actor=viewer, document=document, expected_version=data.version, place=data.place, on=data.on
    )
    return _detail(viewer, series, document.pk)
