"""Who may see and change delegations, their participants and a delegation's week. Services refuse with
these predicates; views, templates and routers use the same ones only to show or hide. Roles hold in one
series only: Viet Nam's focal point at AMM-57 has no say over another series."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.rules import is_series_chair

if TYPE_CHECKING:
    from .models import Delegation


def can_manage_delegations(viewer: SeriesViewer, series_id: int | None) -> bool:
    """Register delegations, set quotas, add guests and special observers to meetings, issue circulars:
    the chair secretariat of the series."""
    return is_series_chair(viewer, series_id)


def can_decide_accreditation(viewer: SeriesViewer, series_id: int | None) -> bool:
    return is_series_chair(viewer, series_id)


def can_view_participants(viewer: SeriesViewer, delegation: Delegation) -> bool:
    """Names and contacts are personal data: the secretariats and the delegation's own people."""
    if viewer.series_id != delegation.series_id:
        return False
    return viewer.is_secretariat or delegation.party_id in viewer.party_ids


def can_edit_participants(viewer: SeriesViewer, delegation: Delegation) -> bool:
    if viewer.series_id != delegation.series_id:
        return False
    return viewer.is_chair or delegation.party_id in viewer.focal_party_ids


def can_view_party_week(viewer: SeriesViewer, series_id: int, party_id: int) -> bool:
    """A delegation's week (its sessions, bilaterals and deadlines together): its own people and the chair
    secretariat. Its bilaterals and deadlines are nobody else's business."""
    return viewer.series_id == series_id and (viewer.is_chair or party_id in viewer.party_ids)
