"""Who may do what with plans of action. Roles are those of the viewer in the series the request is made in
(plans outlive a series: Viet Nam's focal point at AMM-57 reports through AMM-57)."""

from __future__ import annotations

from collections.abc import Collection

from mufakat.accounts.rules import SeriesViewer


def can_manage_plans(viewer: SeriesViewer) -> bool:
    """Create and edit plans and their outline, open reporting periods, return reports, record reviews."""
    return viewer.is_secretariat


def can_report_for(viewer: SeriesViewer, party_id: int) -> bool:
    """A delegation's focal point writes and submits its party's implementation reports. The system actor
    (the demo loader, set-up scripts) enters reports on the parties' behalf; no person-secretariat does."""
    return viewer.is_system or party_id in viewer.focal_party_ids


def can_view_reports(viewer: SeriesViewer, participants: Collection[int]) -> bool:
    """Reports and the compiled review: the secretariats and the parties taking part in the plan's framework
    (members and partners on the date asked); the public sees the outline only."""
    return viewer.is_secretariat or bool(viewer.party_ids & set(participants))


def can_view_report_drafts(viewer: SeriesViewer, party_id: int) -> bool:
    """Drafts and returned reports are the reporting party's and the secretariats' working papers."""
    return viewer.is_secretariat or party_id in viewer.party_ids
