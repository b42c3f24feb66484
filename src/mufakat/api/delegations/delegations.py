"""Delegations of a series: listed, created, their quota changed."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from mufakat.accounts.rules import SeriesViewer
from mufakat.api.auth import PUBLIC, SIGNED_IN, request_viewer, series_viewer
from mufakat.api.common import errors, party_from_body, presents_conflict
from mufakat.api.delegations.common import delegations_router
from mufakat.api.delegations.schemas import DelegationConflictOut, DelegationIn, DelegationOut, DelegationQuotaIn
from mufakat.api.reference.schemas import PartyOut
from mufakat.core.errors import get_or_not_found
from mufakat.delegations import selectors, services
from mufakat.delegations.models import Delegation
from mufakat.meetings.models import Series


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


@presents_conflict(Delegation)
def _delegation_conflict_now(request: HttpRequest, delegation: Delegation) -> DelegationOut:
    """A 409 shows the delegation as stored now, with the counts this reader may see."""
    series = delegation.series
    return _delegation_now(series, delegation.party.code, request_viewer(request, series))


@delegations_router.get(
    "/series/{code}/delegations", response={200: list[DelegationOut], **errors(401, 404)}, auth=PUBLIC
)
def list_delegations(request: HttpRequest, code: str) -> list[DelegationOut]:
    """Every delegation of the series; quota and participant counts only for the secretariats (null otherwise)."""
    series, viewer = series_viewer(request, code)
    return [_delegation(d, viewer) for d in selectors.delegation_list(series=series)]


@delegations_router.post(
    "/series/{code}/delegations", response={201: DelegationOut, **errors(400, 401, 403, 404)}, auth=SIGNED_IN
)
def create_delegation(request: HttpRequest, code: str, data: DelegationIn) -> Status[DelegationOut]:
    """Register a party's delegation with its quota (chair secretariat). The party must attend a meeting
    of the series."""
    series, viewer = series_viewer(request, code)
    party = party_from_body(data.party, field="party")
    delegation = services.delegation_create(actor=viewer, series=series, party=party, quota=data.quota)
    return Status(201, _delegation_now(series, delegation.party.code, viewer))


@delegations_router.patch(
    "/series/{code}/delegations/{party}",
    response={200: DelegationOut, 409: DelegationConflictOut, **errors(400, 401, 403, 404)},
    auth=SIGNED_IN,
)
def update_delegation(request: HttpRequest, code: str, party: str, data: DelegationQuotaIn) -> DelegationOut:
    """Set the delegation's quota (chair secretariat); not below the participants already registered."""
    series, viewer = series_viewer(request, code)
    delegation = selectors.delegation_get(series=series, party_code=party)
    services.delegation_set_quota(
        actor=viewer, delegation_id=delegation.pk, quota=data.quota, expected_version=data.version
    )
    return _delegation_now(series, party, viewer)
