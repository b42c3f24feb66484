"""Delegations and quotas, participants and their accreditation, and circulars of a series.

Reads go through the delegations selectors (which check the viewer), writes through its services (which
check again, lock, audit). A stale `version` is answered with 409 and the object as it is now."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import Conflict, get_or_not_found
from mufakat.delegations import selectors, services
from mufakat.delegations.models import Delegation, Participant
from mufakat.delegations.rules import can_manage_delegations
from mufakat.meetings.models import Series

from .access_schemas import (
    AccreditationIn,
    CircularIn,
    CircularOut,
    DelegationConflictOut,
    DelegationIn,
    DelegationOut,
    DelegationQuotaIn,
    ParticipantConflictOut,
    ParticipantIn,
    ParticipantOut,
    ParticipantPatchIn,
    VersionIn,
)
from .auth import PUBLIC, SIGNED_IN, request_viewer
from .common import BoundedPagination, errors, framework_from_body, parties_from_body, party_from_body, series_or_404
from .schemas import PartyOut

delegations_router = Router(tags=["delegations"])

# Delegations ------------------------------------------------------------------------------------


def _delegation(delegation: Delegation, viewer: SeriesViewer) -> DelegationOut:
    # Which parties come is public; how many people each sends, and its quota, are for the secretariats.
    counts = viewer.is_secretariat
    party = delegation.party
    return DelegationOut(
        party=PartyOut(code=party.code, kind=party.kind, name_en=party.name_en, name_vi=party.name_vi),
        quota=delegation.quota if counts else None,
        registered=getattr(delegation, "registered", None) if counts else None,
        accredited=getattr(delegation, "accredited", None) if counts else None,
        pending=getattr(delegation, "pending", None) if counts else None,
        version=delegation.version,
    )


def _delegation_now(series: Series, party_code: str, viewer: SeriesViewer) -> DelegationOut:
    """The delegation as stored now, with its counts (after a write, or for a 409)."""
    delegation = get_or_not_found(
        selectors.delegation_list(series=series),
        what=_("delegation"),
        field="party",
        value=party_code,
        party__code=party_code.upper(),
    )
    return _delegation(delegation, viewer)


@delegations_router.get(
    "/series/{code}/delegations", response={200: list[DelegationOut], **errors(401, 404)}, auth=PUBLIC
)
def list_delegations(request: HttpRequest, code: str) -> list[DelegationOut]:
    """Every delegation of the series; quota and participant counts only for the secretariats (null otherwise)."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    return [_delegation(d, viewer) for d in selectors.delegation_list(series=series)]


@delegations_router.post(
    "/series/{code}/delegations", response={201: DelegationOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def create_delegation(request: HttpRequest, code: str, data: DelegationIn) -> Status[DelegationOut]:
    """Register a party's delegation with its quota (chair secretariat). The party must attend a meeting
    of the series."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    require(can_manage_delegations(viewer, series.pk), _("only the chair secretariat registers delegations."))
    party = party_from_body(data.party, field="party")
    delegation = services.delegation_create(actor=viewer, series=series, party=party, quota=data.quota)
    return Status(201, _delegation_now(series, delegation.party.code, viewer))


@delegations_router.patch(
    "/series/{code}/delegations/{party}",
    response={200: DelegationOut, 409: DelegationConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def update_delegation(
    request: HttpRequest, code: str, party: str, data: DelegationQuotaIn
) -> DelegationOut | Status[DelegationConflictOut]:
    """Set the delegation's quota (chair secretariat); not below the participants already registered."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    delegation = selectors.delegation_get(series=series, party_code=party)
    try:
        services.delegation_set_quota(
            actor=viewer, delegation_id=delegation.pk, quota=data.quota, expected_version=data.version
        )
    except Conflict as exc:
        current = _delegation_now(series, party, viewer)
        return Status(
            409, DelegationConflictOut(detail=exc.message, field=exc.field, record=exc.record, current=current)
        )
    return _delegation_now(series, party, viewer)


# Participants -----------------------------------------------------------------------------------


def _participant(participant: Participant) -> ParticipantOut:
    return ParticipantOut(
        id=participant.pk,
        party=participant.delegation.party.code,
        name_en=participant.name_en,
        name_vi=participant.name_vi,
        title_en=participant.title_en,
        title_vi=participant.title_vi,
        rank=participant.rank,
        role=participant.role,
        email=participant.email,
        phone=participant.phone,
        accreditation=participant.accreditation,
        returned_reason=participant.returned_reason,
        version=participant.version,
        created_at=participant.created_at,
    )


def _participant_conflict(exc: Conflict, viewer: SeriesViewer, participant_id: int) -> ParticipantConflictOut:
    current = selectors.participant_get(viewer=viewer, participant_id=participant_id)
    return ParticipantConflictOut(detail=exc.message, field=exc.field, record=exc.record, current=_participant(current))


@delegations_router.get(
    "/series/{code}/delegations/{party}/participants",
    response={200: list[ParticipantOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def list_participants(
    request: HttpRequest, code: str, party: str, include_withdrawn: Query[bool] = False
) -> list[ParticipantOut]:
    """The delegation's participants (personal data): for that delegation's people and the secretariats."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    delegation = selectors.delegation_get(series=series, party_code=party)
    participants = selectors.participant_list(viewer=viewer, delegation=delegation, include_withdrawn=include_withdrawn)
    return [_participant(p) for p in participants]


@delegations_router.post(
    "/series/{code}/delegations/{party}/participants",
    response={201: ParticipantOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def create_participant(request: HttpRequest, code: str, party: str, data: ParticipantIn) -> Status[ParticipantOut]:
    """Register a participant, pending accreditation: the delegation's focal point or the chair
    secretariat, within the delegation's quota."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    delegation = selectors.delegation_get(series=series, party_code=party)
    participant = services.participant_create(actor=viewer, delegation_id=delegation.pk, **data.model_dump(mode="json"))
    return Status(201, _participant(participant))


@delegations_router.get(
    "/series/{code}/participants/{participant_id}",
    response={200: ParticipantOut, **errors(401, 404)},
    auth=SIGNED_IN,
)
def get_participant(request: HttpRequest, code: str, participant_id: int) -> ParticipantOut:
    """One participant; 404 for anyone who may not see it."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    return _participant(selectors.participant_get(viewer=viewer, participant_id=participant_id))


@delegations_router.patch(
    "/series/{code}/participants/{participant_id}",
    response={200: ParticipantOut, 409: ParticipantConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def update_participant(
    request: HttpRequest, code: str, participant_id: int, data: ParticipantPatchIn
) -> ParticipantOut | Status[ParticipantConflictOut]:
    """Change the fields sent (the delegation's focal point or the chair secretariat). A change to an
    accredited or returned participant sends it back for accreditation."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    selectors.participant_get(viewer=viewer, participant_id=participant_id)
    changes = {
        key: value
        for key, value in data.model_dump(mode="json", exclude_unset=True).items()
        if key != "version" and value is not None
    }
    try:
        participant = services.participant_update(
            actor=viewer, participant_id=participant_id, expected_version=data.version, **changes
        )
    except Conflict as exc:
        return Status(409, _participant_conflict(exc, viewer, participant_id))
    return _participant(participant)


@delegations_router.post(
    "/series/{code}/participants/{participant_id}/withdraw",
    response={200: ParticipantOut, 409: ParticipantConflictOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def withdraw_participant(
    request: HttpRequest, code: str, participant_id: int, data: VersionIn
) -> ParticipantOut | Status[ParticipantConflictOut]:
    """Withdraw a participant (frees a place in the quota)."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    selectors.participant_get(viewer=viewer, participant_id=participant_id)
    try:
        participant = services.participant_withdraw(
            actor=viewer, participant_id=participant_id, expected_version=data.version
        )
    except Conflict as exc:
        return Status(409, _participant_conflict(exc, viewer, participant_id))
    return _participant(participant)


@delegations_router.post(
    "/series/{code}/participants/{participant_id}/accreditation",
    response={200: ParticipantOut, 409: ParticipantConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def decide_accreditation(
    request: HttpRequest, code: str, participant_id: int, data: AccreditationIn
) -> ParticipantOut | Status[ParticipantConflictOut]:
    """Accredit a pending participant, or return it with a reason (chair secretariat)."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    selectors.participant_get(viewer=viewer, participant_id=participant_id)
    try:
        participant = services.participant_decide(
            actor=viewer,
            participant_id=participant_id,
            expected_version=data.version,
            accredit=data.decision == "accredit",
            reason=data.reason,
        )
    except Conflict as exc:
        return Status(409, _participant_conflict(exc, viewer, participant_id))
    return _participant(participant)


@delegations_router.get(
    "/series/{code}/accreditation-queue",
    response={200: list[ParticipantOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def accreditation_queue(request: HttpRequest, code: str) -> list[ParticipantOut]:
    """Participants pending accreditation, oldest first (the secretariats)."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    return [_participant(p) for p in selectors.accreditation_queue(viewer=viewer, series=series)]


# Circulars --------------------------------------------------------------------------------------


@delegations_router.get("/series/{code}/circulars", response={200: list[CircularOut], **errors(401, 404)}, auth=PUBLIC)
@paginate(BoundedPagination)
def list_circulars(request: HttpRequest, code: str) -> Any:
    """The circulars the caller may see, newest first: public ones for everyone, restricted ones for the
    members of the framework, confidential ones for the named parties; all for the secretariats."""
    series = series_or_404(code)
    circulars: Any = selectors.circular_list(viewer=request_viewer(request, series), series=series)
    return circulars.prefetch_related("confidential_to")


@delegations_router.get(
    "/series/{code}/circulars/{circular_id}", response={200: CircularOut, **errors(401, 404)}, auth=PUBLIC
)
def get_circular(request: HttpRequest, code: str, circular_id: int) -> Any:
    """One circular; 404 for anyone who may not see it."""
    series = series_or_404(code)
    return selectors.circular_get(viewer=request_viewer(request, series), series=series, circular_id=circular_id)


@delegations_router.post(
    "/series/{code}/circulars", response={201: CircularOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def create_circular(request: HttpRequest, code: str, data: CircularIn) -> Status[Any]:
    """Issue a circular (chair secretariat): public, restricted to a framework's members (`restricted_to`,
    a framework code), or confidential to named parties (`confidential_to`, party codes)."""
    series = series_or_404(code)
    viewer = request_viewer(request, series)
    require(can_manage_delegations(viewer, series.pk), _("only the chair secretariat issues circulars."))
    restricted_to = framework_from_body(data.restricted_to, field="restricted_to") if data.restricted_to else None
    confidential_to = parties_from_body(data.confidential_to, field="confidential_to")
    circular = services.circular_create(
        actor=viewer,
        series=series,
        reference=data.reference,
        title_en=data.title_en,
        title_vi=data.title_vi,
        body_en=data.body_en,
        body_vi=data.body_vi,
        classification=data.classification.value,
        restricted_to=restricted_to,
        confidential_to=confidential_to,
    )
    return Status(201, circular)
