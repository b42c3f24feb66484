"""Proposals, support and objection, the chair's handling of them, ad ref marks."""

# No `from __future__ import annotations`: @paginate re-reads the list operation's signature from its own
# module, where postponed annotations (Query, DocumentStatus) would not resolve.

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import PUBLIC, SIGNED_IN
from mufakat.api.common import DbInt, errors, parties_from_body, party_from_body
from mufakat.api.documents.schemas import (
    AcceptIn,
    AdRefConfirmIn,
    AdRefIn,
    AdRefOut,
    MergeIn,
    ProposalIn,
    ProposalOut,
    ReactionIn,
    ResolveIn,
    VersionOut,
)
from mufakat.core.errors import ValidationFailed
from mufakat.documents import selectors, services
from mufakat.documents.enums import ProposalStatus
from mufakat.documents.models import OutcomeDocument, Proposal

from .common import DOCUMENT, documents_router, drafts, found, version_or_current, version_out

# Proposals ---------------------------------------------------------------------------------------


def _proposal(row: selectors.ProposalRow) -> ProposalOut:
    proposal = row.proposal
    return ProposalOut(
        id=proposal.pk,
        version_id=proposal.version_id,
        party=proposal.party.code,
        kind=proposal.kind,
        paragraph_uid=str(proposal.paragraph_uid) if proposal.paragraph_uid else None,
        start=proposal.start,
        end=proposal.end,
        text=proposal.text,
        justification=proposal.justification,
        status=proposal.status,
        supporters=row.supporters,
        objectors=row.objectors,
        carried=list(row.carried) if row.carried is not None else None,
        created_at=proposal.created_at,
        resolution_note=proposal.resolution_note,
    )


def _proposal_now(document: OutcomeDocument, proposal_id: int) -> ProposalOut:
    proposal = selectors.proposal_get(document=document, proposal_id=proposal_id)
    rows = selectors.proposal_rows(version=proposal.version, open_only=False)
    return _proposal(next(row for row in rows if row.proposal.pk == proposal_id))


def _proposal_found(
    request: HttpRequest, code: str, document_id: int, proposal_id: int
) -> tuple[SeriesViewer, OutcomeDocument, Proposal]:
    """The viewer, the document and one of its proposals, from the path."""
    _series, viewer, document = found(request, code, document_id)
    return viewer, document, selectors.proposal_get(document=document, proposal_id=proposal_id)


@documents_router.get(f"{DOCUMENT}/proposals", response={200: list[ProposalOut], **errors(401, 403, 404)}, auth=PUBLIC)
def proposal_list(
    request: HttpRequest,
    code: str,
    document_id: DbInt,
    status: Query[ProposalStatus | None] = None,
    version: Query[DbInt | None] = None,
) -> list[ProposalOut]:
    """The proposals on the current version (or on draft `version`), oldest first, each with the parties
    supporting and objecting to it; `status` filters (open, accepted, rejected, withdrawn, merged, lapsed)."""
    _series, viewer, document = found(request, code, document_id)
    drafts(viewer)
    rows = selectors.proposal_rows(version=version_or_current(viewer, document, version), open_only=status == "open")
    return [_proposal(row) for row in rows if status is None or row.proposal.status == status]


@documents_router.post(
    f"{DOCUMENT}/proposals", response={201: ProposalOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def proposal_create(request: HttpRequest, code: str, document_id: DbInt, data: ProposalIn) -> Status[ProposalOut]:
    """A delegation (or the secretariat recording what it said) proposes an insertion, deletion or
    replacement of the characters [start, end) of a paragraph of the current draft, or a new paragraph after
    `paragraph_uid`. A superseded `version_id` is 409 with `current.version_id`; two delegations proposing on
    the same paragraph both keep their proposals."""
    _series, viewer, document = found(request, code, document_id)
    proposal = services.proposal_create(
        actor=viewer,
        document=document,
        version_id=data.version_id,
        party=party_from_body(data.party, field="party"),
        kind=data.kind.value,
        paragraph_uid=str(data.paragraph_uid) if data.paragraph_uid else None,
        start=data.start,
        end=data.end,
        text=data.text,
        justification=data.justification,
    )
    return Status(201, _proposal_now(document, proposal.pk))


@documents_router.post(
    f"{DOCUMENT}/proposals/{{proposal_id}}/reactions",
    response={200: ProposalOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def proposal_react(
    request: HttpRequest, code: str, document_id: DbInt, proposal_id: DbInt, data: ReactionIn
) -> ProposalOut:
    """Another delegation supports or objects to an open proposal; a second reaction by the same party
    replaces its first."""
    viewer, document, proposal = _proposal_found(request, code, document_id, proposal_id)
    services.proposal_react(
        actor=viewer,
        proposal=proposal,
        party=party_from_body(data.party, field="party"),
        stance=data.stance.value,
        note=data.note,
    )
    return _proposal_now(document, proposal_id)


@documents_router.post(
    f"{DOCUMENT}/proposals/{{proposal_id}}/withdrawal",
    response={200: ProposalOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def proposal_withdraw(
    request: HttpRequest, code: str, document_id: DbInt, proposal_id: DbInt, data: ResolveIn
) -> ProposalOut:
    """The proposing delegation (or the chair) withdraws an open proposal."""
    viewer, document, proposal = _proposal_found(request, code, document_id, proposal_id)
    services.proposal_withdraw(actor=viewer, proposal=proposal, note=data.note)
    return _proposal_now(document, proposal_id)


@documents_router.post(
    f"{DOCUMENT}/proposals/{{proposal_id}}/rejection",
    response={200: ProposalOut, **errors(400, 401, 403, 404, 409)},
    auth=SIGNED_IN,
)
def proposal_reject(
    request: HttpRequest, code: str, document_id: DbInt, proposal_id: DbInt, data: ResolveIn
) -> ProposalOut:
    """The chair drops a proposal that did not gain consensus; the text stays as it was. The record keeps the
    reason: a rejection without `note` is 400 naming `note`."""
    viewer, document, proposal = _proposal_found(request, code, document_id, proposal_id)
    services.proposal_reject(actor=viewer, proposal=proposal, note=data.note)
    return _proposal_now(document, proposal_id)


@documents_router.post(
    f"{DOCUMENT}/proposals/merge", response={201: ProposalOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def proposals_merge(request: HttpRequest, code: str, document_id: DbInt, data: MergeIn) -> Status[ProposalOut]:
    """The chair replaces alternatives on the same words of one paragraph by one compromise over the union
    of their spans (in the name of `party`); the merged proposals are marked merged into it."""
    _series, viewer, document = found(request, code, document_id)
    if len(set(data.proposal_ids)) != len(data.proposal_ids):
        raise ValidationFailed(_("names a proposal twice."), field="proposal_ids")
    proposals = [selectors.proposal_get(document=document, proposal_id=pk) for pk in data.proposal_ids]
    merged = services.proposals_merge(
        actor=viewer,
        proposals=proposals,
        text=data.text,
        party=party_from_body(data.party, field="party"),
        justification=data.justification,
    )
    return Status(201, _proposal_now(document, merged.pk))


@documents_router.post(
    f"{DOCUMENT}/proposals/accept", response={201: VersionOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def proposals_accept(request: HttpRequest, code: str, document_id: DbInt, data: AcceptIn) -> Status[VersionOut]:
    """The chair accepts proposals of the current draft: the next draft is circulated with them applied
    (chair secretariat). Proposals changing the same words must be merged first."""
    _series, viewer, document = found(request, code, document_id)
    version = services.proposals_accept(
        actor=viewer, document=document, proposal_ids=data.proposal_ids, version_id=data.version_id, note=data.note
    )
    return Status(201, version_out(version))


# Ad ref ------------------------------------------------------------------------------------------


@documents_router.post(
    f"{DOCUMENT}/ad-ref", response={201: AdRefOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def paragraph_ad_ref_mark(request: HttpRequest, code: str, document_id: DbInt, data: AdRefIn) -> Status[AdRefOut]:
    """The chair marks a paragraph without open proposals agreed ad referendum, naming the parties whose
    capitals must still confirm (chair secretariat)."""
    series, viewer, document = found(request, code, document_id)
    mark = services.paragraph_ad_ref_mark(
        actor=viewer,
        document=document,
        version_id=data.version_id,
        paragraph_uid=str(data.paragraph_uid),
        parties=parties_from_body(data.parties, field="parties"),
        note=data.note,
    )
    status = selectors.document_get(viewer=viewer, series=series, document_id=document.pk).status
    out = AdRefOut(
        version_id=mark.version_id,
        paragraph_uid=str(mark.paragraph_uid),
        ad_ref=True,
        parties=sorted(p.code for p in mark.parties.all()),
        document_status=status,
    )
    return Status(201, out)


@documents_router.post(
    f"{DOCUMENT}/ad-ref/confirm", response={200: AdRefOut, **errors(400, 401, 403, 404, 409)}, auth=SIGNED_IN
)
def paragraph_ad_ref_confirm(request: HttpRequest, code: str, document_id: DbInt, data: AdRefConfirmIn) -> AdRefOut:
    """Capitals confirmed: the paragraph is simply agreed (chair secretariat)."""
    series, viewer, document = found(request, code, document_id)
    services.paragraph_ad_ref_confirm(
        actor=viewer, document=document, version_id=data.version_id, paragraph_uid=str(data.paragraph_uid)
    )
    status = selectors.document_get(viewer=viewer, series=series, document_id=document.pk).status
    return AdRefOut(
        version_id=data.version_id,
        paragraph_uid=str(data.paragraph_uid),
        ad_ref=False,
        parties=[],
        document_status=status,
    )
