"""Who may see and do what with bilaterals. The chair secretariat sees every request and schedule and runs
the solver; a delegation sees only the requests and meetings it takes part in (as requester or
counterpart); the public sees nothing: who meets whom is the parties' business until they announce it."""

from __future__ import annotations

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.rules import is_series_chair


def _in_series(viewer: SeriesViewer, series_id: int) -> bool:
    return viewer.series_id == series_id


def can_manage_bilaterals(viewer: SeriesViewer, series_id: int) -> bool:
    """Solve, adjust and publish schedules, set rooms and rules: the chair secretariat of the series (or a
    system actor working in it)."""
    return is_series_chair(viewer, series_id)


def can_view_all_bilaterals(viewer: SeriesViewer, series_id: int) -> bool:
    """Every request and schedule, the draft included: the chair secretariat, as for managing them."""
    return can_manage_bilaterals(viewer, series_id)


def can_act_for_party(viewer: SeriesViewer, series_id: int, party_id: int) -> bool:
    """Request, answer, withdraw, enter presence and blocked periods for a party: its focal point or a
    delegate (an observer reads only), or the chair secretariat on the party's behalf."""
    if is_series_chair(viewer, series_id):
        return True
    if not _in_series(viewer, series_id):
        return False
    return party_id in viewer.focal_party_ids or (SeriesRole.DELEGATE in viewer.roles and party_id in viewer.party_ids)


def can_view_party_bilaterals(viewer: SeriesViewer, series_id: int, party_id: int) -> bool:
    """A party's requests, meetings, presence and blocked periods: its own people and the chair."""
    return is_series_chair(viewer, series_id) or (_in_series(viewer, series_id) and party_id in viewer.party_ids)


def can_use_bilaterals(viewer: SeriesViewer, series_id: int) -> bool:
    """Whether the bilaterals pages are for this viewer at all (the chair, or someone of a party)."""
    return is_series_chair(viewer, series_id) or (_in_series(viewer, series_id) and bool(viewer.party_ids))
