"""Who may change a series' meetings, programme and agendas. Services refuse with these predicates; views,
templates and routers use the same ones only to show or hide.

Every write on a series' meetings (the draft programme and its CSV import, releases, agendas, the SOM's
recommendations and their decision) belongs to the chair secretariat of that series: `is_series_chair`."""

from __future__ import annotations

from mufakat.accounts.rules import SeriesViewer


def is_series_chair(viewer: SeriesViewer, series_id: int | None) -> bool:
    """The chair secretariat of this series (or a system actor working in it). Roles hold in one series
    only: the chair of AMM-57 has no say over another series."""
    return series_id is not None and viewer.series_id == series_id and viewer.is_chair
