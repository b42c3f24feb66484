"""Who may publish. The press office of a series is its chair secretariat: it drafts, edits, approves and
publishes press releases, and publishes adopted documents. Services refuse with these predicates; views only
show or hide."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.meetings.rules import is_series_chair


def can_publish(viewer: SeriesViewer, series_id: int | None) -> bool:
    return is_series_chair(viewer, series_id)


def require_publish(viewer: SeriesViewer, series_id: int | None) -> None:
    require(
        can_publish(viewer, series_id), _("only the chair secretariat (the press office) of this series can do this.")
    )
