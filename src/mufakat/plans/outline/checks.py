"""Checking an outline as a whole: numbers given twice, gaps among siblings, lines without a parent, depth,
and the party codes and years of each line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed

from .entries import OutlineEntry, OutlineProblem, Reader, number_label, refusal

MAX_DEPTH = 3


_LEVEL_NAMES = {1: "area", 2: "measure", 3: "action line"}


def outline_problems(
    entries: Iterable[OutlineEntry],
    *,
    known_parties: set[str],
    participants: set[str],
    framework: str,
    first_year: int,
    last_year: int,
) -> list[OutlineProblem]:
    """Everything wrong with the outline, in file order: fields first, then the numbering."""
    entries = list(entries)
    problems = Reader()
    for entry in entries:
        _check_entry(
            problems,
            entry,
            known_parties=known_parties,
            participants=participants,
            framework=framework,
            first_year=first_year,
            last_year=last_year,
        )
    _check_numbering(problems, entries)
    order = {entry.where: index for index, entry in enumerate(entries)}
    return sorted(problems.problems, key=lambda p: order.get(p.where, len(order)))


def _check_entry(
    problems: Reader,
    entry: OutlineEntry,
    *,
    known_parties: set[str],
    participants: set[str],
    framework: str,
    first_year: int,
    last_year: int,
) -> None:
    where, label = entry.where, entry.label
    if len(entry.number) > MAX_DEPTH:
        problems.problem(
            where,
            "number",
            _("%(label)s has %(count)s levels; an outline has at most three (area 1, measure 1.1, action line 1.1.1).")
            % {"label": label, "count": len(entry.number)},
        )
    if not entry.title_en:
        problems.problem(where, "title_en", _("%(label)s has no English title.") % {"label": label})
    for name, limit in (("title_en", 500), ("title_vi", 600)):
        if len(getattr(entry, name)) > limit:
            problems.problem(
                where,
                name,
                _("%(label)s: the title is longer than %(limit)s characters.") % {"label": label, "limit": limit},
            )
    unknown = [code for code in entry.lead + entry.responsible if code not in known_parties]
    if unknown:
        problems.problem(
            where,
            "lead" if unknown[0] in entry.lead else "responsible",
            _("%(label)s: no party with code %(values)s.")
            % {"label": label, "values": ", ".join(dict.fromkeys(unknown))},
        )
    outside = [code for code in entry.responsible if code in known_parties and code not in participants]
    if outside:
        problems.problem(
            where,
            "responsible",
            _("%(label)s: %(values)s does not take part in %(framework)s, so cannot be responsible for a line.")
            % {"label": label, "values": ", ".join(outside), "framework": framework},
        )
    if entry.target_year is not None and not first_year <= entry.target_year <= last_year:
        problems.problem(
            where,
            "target_year",
            _("%(label)s: target year %(target_year)s is outside the plan's period %(first_year)s–%(last_year)s.")
            % {"label": label, "target_year": entry.target_year, "first_year": first_year, "last_year": last_year},
        )


def _check_numbering(problems: Reader, entries: list[OutlineEntry]) -> None:
    first_seen: dict[tuple[int, ...], OutlineEntry] = {}
    for entry in entries:
        if entry.number in first_seen:
            problems.problem(
                entry.where,
                "number",
                _("number %(entry_label)s appears twice (first at %(where)s).")
                % {"entry_label": entry.label, "where": first_seen[entry.number].where},
            )
        else:
            first_seen[entry.number] = entry
    for entry in first_seen.values():
        parent = entry.number[:-1]
        if parent and parent not in first_seen:
            kind = _LEVEL_NAMES.get(len(parent), "line")
            problems.problem(
                entry.where,
                "number",
                _("%(entry_label)s has no parent %(kind)s %(number_label)s.")
                % {"entry_label": entry.label, "kind": kind, "number_label": number_label(parent)},
            )
    siblings: dict[tuple[int, ...], dict[int, OutlineEntry]] = defaultdict(dict)
    for number, entry in first_seen.items():
        siblings[number[:-1]][number[-1]] = entry
    for parent, children in siblings.items():
        present = sorted(children)
        for missing in range(1, present[-1]):
            if missing in children:
                continue
            after = next(segment for segment in present if segment > missing)
            problems.problem(
                children[after].where,
                "number",
                _("number %(number_label)s is missing before %(number_label2)s (gapped numbering).")
                % {"number_label": number_label((*parent, missing)), "number_label2": number_label((*parent, after))},
            )


def outline_check(
    entries: list[OutlineEntry],
    *,
    known_parties: set[str],
    participants: set[str],
    framework: str,
    first_year: int,
    last_year: int,
) -> list[OutlineEntry]:
    """The entries sorted by number, or ValidationFailed naming the first problem (and counting the others)."""
    if not entries:
        raise ValidationFailed(_("has no numbered lines (such as 1, 1.1, 1.1.1)."), field="file", record="outline")
    problems = outline_problems(
        entries,
        known_parties=known_parties,
        participants=participants,
        framework=framework,
        first_year=first_year,
        last_year=last_year,
    )
    if problems:
        raise refusal(problems)
    return sorted(entries, key=lambda entry: entry.number)
