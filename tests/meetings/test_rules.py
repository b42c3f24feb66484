"""The one 'chair of this series' predicate."""

from __future__ import annotations

from mufakat.accounts.rules import SeriesViewer
from mufakat.meetings.rules import is_series_chair


def _viewer(series_id: int | None, roles: set[str]) -> SeriesViewer:
    return SeriesViewer(
        user=None, series_id=series_id, roles=frozenset(roles), party_ids=frozenset(), focal_party_ids=frozenset()
    )


def test_the_chair_secretariat_chairs_its_own_series_only() -> None:
    chair = _viewer(1, {"chair_secretariat"})

    assert is_series_chair(chair, 1)
    assert not is_series_chair(chair, 2)
    assert not is_series_chair(chair, None)


def test_other_roles_do_not_chair() -> None:
    assert not is_series_chair(_viewer(1, {"asean_secretariat"}), 1)
    assert not is_series_chair(_viewer(1, {"focal_point"}), 1)
    assert not is_series_chair(_viewer(1, set()), 1)


def test_a_system_actor_acts_as_the_chair_of_the_series_it_works_in() -> None:
    assert is_series_chair(SeriesViewer.system(1, purpose="demo loader"), 1)
    assert not is_series_chair(SeriesViewer.system(1, purpose="demo loader"), 2)
