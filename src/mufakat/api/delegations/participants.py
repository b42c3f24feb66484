"""Participants of a delegation and their accreditation."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Status

from mufakat.api.auth import SIGNED_IN, series_viewer
from mufakat.api.common import errors, presents_conflict
from mufakat.api.delegations.common import delegations_router
from mufakat.api.delegations.schemas import (
    AccreditationIn,
    ParticipantConflictOut,
    ParticipantIn,
    ParticipantOut,
    ParticipantPatchIn,
    VersionIn,
)
from mufakat.delegations import selectors, services
from mufakat.delegations.models import Participant


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


@presents_conflict(Participant)
def _participant_now(request: HttpRequest, participant: Participant) -> ParticipantOut:
    """A 409 shows the participant as it is now; the reader was allowed to see it before the service ran."""
    return _participant(participant)


@delegations_router.get(
    "/series/{code}/delegations/{party}/participants",
    response={200: list[ParticipantOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def list_participants(
    request: HttpRequest, code: str, party: str, include_withdrawn: Query[bool] = False
) -> list[ParticipantOut]:
    """The delegation's participants (personal data): for that delegation's people and the secretariats."""
    series, viewer = series_viewer(request, code)
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
    series, viewer = series_viewer(request, code)
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
    _series, viewer = series_viewer(request, code)
    return _participant(selectors.participant_get(viewer=viewer, participant_id=participant_id))


@delegations_router.patch(
    "/series/{code}/participants/{participant_id}",
    response={200: ParticipantOut, 409: ParticipantConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def update_participant(
    request: HttpRequest, code: str, participant_id: int, data: ParticipantPatchIn
) -> ParticipantOut:
    """Change the fields sent (the delegation's focal point or the chair secretariat). A change to an
    accredited or returned participant sends it back for accreditation."""
    _series, viewer = series_viewer(request, code)
    selectors.participant_get(viewer=viewer, participant_id=participant_id)
    changes = {
        key: value
        for key, value in data.model_dump(mode="json", exclude_unset=True).items()
        if key != "version" and value is not None
    }
    participant = services.participant_update(
        actor=viewer, participant_id=participant_id, expected_version=data.version, **changes
    )
    return _participant(participant)


@delegations_router.post(
    "/series/{code}/participants/{participant_id}/withdraw",
    response={200: ParticipantOut, 409: ParticipantConflictOut, **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def withdraw_participant(request: HttpRequest, code: str, participant_id: int, data: VersionIn) -> ParticipantOut:
    """Withdraw a participant (frees a place in the quota)."""
    _series, viewer = series_viewer(request, code)
    selectors.participant_get(viewer=viewer, participant_id=participant_id)
    participant = services.participant_withdraw(
        actor=viewer, participant_id=participant_id, expected_version=data.version
    )
    return _participant(participant)


@delegations_router.post(
    "/series/{code}/participants/{participant_id}/accreditation",
    response={200: ParticipantOut, 409: ParticipantConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def decide_accreditation(request: HttpRequest, code: str, participant_id: int, data: AccreditationIn) -> ParticipantOut:
    """Accredit a pending participant, or return it with a reason (chair secretariat)."""
    _series, viewer = series_viewer(request, code)
    selectors.participant_get(viewer=viewer, participant_id=participant_id)
    participant = services.participant_decide(
        actor=viewer,
        participant_id=participant_id,
        expected_version=data.version,
        accredit=data.decision == "accredit",
        reason=data.reason,
    )
    return _participant(participant)


@delegations_router.get(
    "/series/{code}/accreditation-queue",
    response={200: list[ParticipantOut], **errors(401, 403, 404)},
    auth=SIGNED_IN,
)
def accreditation_queue(request: HttpRequest, code: str) -> list[ParticipantOut]:
    """Participants pending accreditation, oldest first (the secretariats)."""
    series, viewer = series_viewer(request, code)
    return [_participant(p) for p in selectors.accreditation_queue(viewer=viewer, series=series)]
