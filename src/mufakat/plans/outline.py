"""A plan's outline read from CSV or Word (.docx) and checked as a whole before anything is written.

CSV: a header row naming the columns (any order): number, title_en (required), title_vi, text_en, text_vi,
lead, responsible (party codes separated by spaces, commas or semicolons; an empty `responsible` means every
member of the plan's framework), target_year, indicator_en, indicator_vi. Rows are counted as in a
spreadsheet: the header is row 1.

Word: every paragraph (or first table cell) that starts with a number — "1. Nuclear safety", "1.1 …",
"1.1.1 …" — opens a line; the paragraphs after it up to the next number are its text, except those starting
"Lead:", "Responsible:", "Target year:" or "Indicator:", which fill those fields. Paragraphs before the first
number (the title, a preamble) are skipped. Numbers typed by Word's automatic list numbering are not part of
the text and are not seen.

The structure is checked on the whole file: a number given twice, a gap among siblings (3.1 and 3.3 without
3.2), a line without its parent (1.4.2 without 1.4), more than three levels; every problem names its row
or paragraph. Pure: no database access; the caller passes the party codes it knows."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed

COLUMNS = (
    "number",
    "title_en",
    "title_vi",
    "text_en",
    "text_vi",
    "lead",
    "responsible",
    "target_year",
    "indicator_en",
    "indicator_vi",
)
REQUIRED_COLUMNS = ("number", "title_en")
MAX_LINES = 2000
MAX_DEPTH = 3
_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)\.?")
_NUMBERED_TEXT = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)\.?\s+(\S.*)", re.DOTALL)
_CODES = re.compile(r"[\s,;]+")
_FIELD_PREFIXES = {
    "lead:": "lead",
    "responsible:": "responsible",
    "target year:": "target_year",
    "indicator:": "indicator_en",
}
_LEVEL_NAMES = {1: "area", 2: "measure", 3: "action line"}


@dataclass(frozen=True)
class OutlineEntry:
    """One line of an outline as read from the file, not yet checked against the plan."""

    where: str
    number: tuple[int, ...]
    title_en: str
    title_vi: str = ""
    text_en: str = ""
    text_vi: str = ""
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    target_year: int | None = None
    indicator_en: str = ""
    indicator_vi: str = ""

    @property
    def label(self) -> str:
        return number_label(self.number)


@dataclass(frozen=True)
class OutlineProblem:
    where: str
    field: str
    message: str


@dataclass
class _Reader:
    problems: list[OutlineProblem] = field(default_factory=list)

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(OutlineProblem(where, field_name, message))


def number_label(number: tuple[int, ...]) -> str:
    return ".".join(str(segment) for segment in number)


def parse_number(text: str) -> tuple[int, ...] | None:
    """(2, 1, 3) for "2.1.3" or "2.1.3."; None when the text is not a number of that shape."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    segments = tuple(int(part) for part in match[1].split("."))
    return segments if all(segment >= 1 for segment in segments) else None


def party_codes(text: str) -> tuple[str, ...]:
    return tuple(code.upper() for code in _CODES.split(text.strip()) if code)


def _year(reader: _Reader, where: str, text: str) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        reader.problem(where, "target_year", _("%(text)r is not a year written YYYY.") % {"text": text})
        return None
    return int(text)


def _refuse(problems: list[OutlineProblem]) -> ValidationFailed:
    first, rest = problems[0], problems[1:]
    message = first.message
    if rest:
        shown = "; ".join(f"{p.where}: {p.message.rstrip('.')}" for p in rest[:5])
        message += " " + _("Also %(count)s more problem(s): %(problems)s.") % {
            "count": len(rest),
            "problems": shown + ("; …" if len(rest) > 5 else ""),
        }
    message += " " + _("Nothing was imported.")
    return ValidationFailed(message, field=first.field, record=first.where)


# CSV --------------------------------------------------------------------------------------------


def outline_from_csv(text: str) -> list[OutlineEntry]:
    """The CSV's rows as outline entries; ValidationFailed naming the row when a row cannot be read."""
    if "\x00" in text:
        raise ValidationFailed(_("contains a NUL character; save the file as CSV UTF-8."), field="file", record="CSV")
    # newline="": the csv module reads \r, \n and \r\n line ends itself (a Mac-style file is not refused).
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        return _csv_entries(reader)
    except csv.Error as exc:
        # A stray quote or a field past the csv module's size limit: name the row the reader stopped at.
        raise ValidationFailed(
            _("cannot be read as CSV (%(exc)s); check the quotes in that row and save the file as CSV UTF-8.")
            % {"exc": exc},
            field="file",
            record=f"CSV row {reader.line_num + 1}",
        ) from exc


def _csv_entries(reader: csv.DictReader[str]) -> list[OutlineEntry]:
    header = [(name or "").strip().casefold() for name in (reader.fieldnames or [])]
    if not any(header):
        raise ValidationFailed(_("is empty; the first row must name the columns."), field="file", record="CSV")
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if unknown or missing:
        raise ValidationFailed(
            (
                _("unknown column(s) %(columns)s") % {"columns": ", ".join(unknown)}
                if unknown
                else _("missing column(s) %(columns)s") % {"columns": ", ".join(missing)}
            )
            + _("; the header may name %(columns)s (number and title_en are required).")
            % {"columns": ", ".join(COLUMNS)},
            field=(unknown or missing)[0],
            record="CSV row 1",
        )
    reader.fieldnames = header
    problems = _Reader()
    entries: list[OutlineEntry] = []
    for row, raw in enumerate(reader, start=2):
        where = f"CSV row {row}"
        if None in raw:
            problems.problem(
                where,
                "file",
                _("has %(value)s values; the header has %(count)s.")
                % {"value": len(header) + len(raw[None]), "count": len(header)},
            )
            continue
        values = {name: (raw.get(name) or "").strip() for name in COLUMNS}
        if not any(values.values()):
            continue
        if len(entries) >= MAX_LINES:
            raise ValidationFailed(
                _("more than %(max_lines)s lines; split the outline.") % {"max_lines": MAX_LINES},
                field="file",
                record="CSV",
            )
        number = parse_number(values["number"])
        if number is None:
            problems.problem(
                where,
                "number",
                _("%(value)r is not a line number such as 2, 2.1 or 2.1.3.") % {"value": values["number"]},
            )
            continue
        entries.append(
            OutlineEntry(
                where=where,
                number=number,
                title_en=values["title_en"],
                title_vi=values["title_vi"],
                text_en=values["text_en"],
                text_vi=values["text_vi"],
                lead=party_codes(values["lead"]),
                responsible=party_codes(values["responsible"]),
                target_year=_year(problems, where, values["target_year"]),
                indicator_en=values["indicator_en"],
                indicator_vi=values["indicator_vi"],
            )
        )
    if problems.problems:
        raise _refuse(problems.problems)
    return entries


# Word -------------------------------------------------------------------------------------------


def _docx_blocks(data: bytes) -> Iterator[tuple[str, str]]:
    """(where, text) for every paragraph, and for every table row its first two cells, in document order."""
    from docx.table import Table  # noqa: PLC0415 - python-docx is loaded only when a Word file is imported

    from mufakat.documents.word import docx_open  # noqa: PLC0415 - the same checks as a draft's import

    try:
        document = docx_open(data)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field="file", record="Word file") from None
    paragraph = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row_number, row in enumerate(block.rows, start=1):
                cells = [cell.text.strip() for cell in row.cells]
                if len(cells) >= 2 and parse_number(cells[0]) is not None:
                    yield f"table row {row_number}", f"{cells[0]} {cells[1]}"
            continue
        paragraph += 1
        yield f"paragraph {paragraph}", block.text.strip()


def outline_from_docx(data: bytes) -> list[OutlineEntry]:
    """The numbered lines of a Word document as outline entries."""
    problems = _Reader()
    entries: list[OutlineEntry] = []
    for where, text in _docx_blocks(data):
        if not text:
            continue
        match = _NUMBERED_TEXT.fullmatch(text)
        number = parse_number(match[1]) if match else None
        if match and number is not None:
            if len(entries) >= MAX_LINES:
                raise ValidationFailed(
                    _("more than %(max_lines)s lines; split the outline.") % {"max_lines": MAX_LINES},
                    field="file",
                    record="Word file",
                )
            entries.append(OutlineEntry(where=where, number=number, title_en=" ".join(match[2].split())))
            continue
        if not entries:
            continue  # the title and the preamble
        entries[-1] = _docx_detail(problems, entries[-1], where, text)
    if problems.problems:
        raise _refuse(problems.problems)
    return entries


def _docx_detail(problems: _Reader, entry: OutlineEntry, where: str, text: str) -> OutlineEntry:
    """A paragraph under a numbered line: a field ("Lead: TH, VN") or more of its text."""
    lowered = text.casefold()
    for prefix, name in _FIELD_PREFIXES.items():
        if lowered.startswith(prefix):
            value = text[len(prefix) :].strip()
            changes: dict[str, Any] = {}
            if name in ("lead", "responsible"):
                changes[name] = getattr(entry, name) + party_codes(value)
            elif name == "target_year":
                changes[name] = _year(problems, where, value)
            else:
                changes[name] = f"{entry.indicator_en}\n{value}".strip()
            return replace(entry, **changes)
    return replace(entry, text_en=f"{entry.text_en}\n{text}".strip())


# The whole outline ------------------------------------------------------------------------------


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
    problems = _Reader()
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
    problems: _Reader,
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


def _check_numbering(problems: _Reader, entries: list[OutlineEntry]) -> None:
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
        raise _refuse(problems)
    return sorted(entries, key=lambda entry: entry.number)
