"""What changed in a plan's outline between two recorded revisions. Pure: takes the JSON snapshots that
PlanRevision.lines holds (one dict per line) and returns changelog entries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# The fields a snapshot keeps per line, and the changelog kind a change of each gives.
TRACKED = {
    "title_en": "retitled",
    "target_year": "target_changed",
    "lead": "lead_changed",
    "responsible": "responsible_changed",
}


def _order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value)


def outline_changes(before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changelog entries (kind, number, title, before, after), in number order: added, discontinued,
    reinstated, retitled, target_changed, lead_changed, responsible_changed. Numbers are stable, so a line is
    the same line in both snapshots when its number is."""
    old = {line["number"]: line for line in before}
    changes: list[dict[str, Any]] = []
    for line in sorted(after, key=lambda item: _order(item["number"])):
        number, title = line["number"], line["title_en"]
        previous = old.get(number)
        if previous is None:
            changes.append({"kind": "added", "number": number, "title": title, "before": None, "after": None})
            continue
        if previous.get("discontinued") != line.get("discontinued"):
            kind = "discontinued" if line.get("discontinued") else "reinstated"
            changes.append({"kind": kind, "number": number, "title": title, "before": None, "after": None})
        for key, kind in TRACKED.items():
            if previous.get(key) != line.get(key):
                changes.append(
                    {
                        "kind": kind,
                        "number": number,
                        "title": title,
                        "before": _shown(previous.get(key)),
                        "after": _shown(line.get(key)),
                    }
                )
    return changes
