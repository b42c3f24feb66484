"""Reading an outline from CSV or Word (.docx); see the package's docstring for the formats."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed

from .entries import MAX_LINES, OutlineEntry, Reader, parse_number, party_codes, read_year, refusal

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


_NUMBERED_TEXT = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)\.?\s+(\S.*)", re.DOTALL)


_FIELD_PREFIXES = {
    "lead:": "lead",
    "responsible:": "responsible",
    "target year:": "target_year",
    "indicator:": "indicator_en",
}


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
    problems = Reader()
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
                target_year=read_year(problems, where, values["target_year"]),
                indicator_en=values["indicator_en"],
                indicator_vi=values["indicator_vi"],
            )
        )
    if problems.problems:
        raise refusal(problems.problems)
    return entries


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
    problems = Reader()
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
        raise refusal(problems.problems)
    return entries


def _docx_detail(problems: Reader, entry: OutlineEntry, where: str, text: str) -> OutlineEntry:
    """A paragraph under a numbered line: a field ("Lead: TH, VN") or more of its text."""
    lowered = text.casefold()
    for prefix, name in _FIELD_PREFIXES.items():
        if lowered.startswith(prefix):
            value = text[len(prefix) :].strip()
            changes: dict[str, Any] = {}
            if name in ("lead", "responsible"):
                changes[name] = getattr(entry, name) + party_codes(value)
            elif name == "target_year":
                changes[name] = read_year(problems, where, value)
            else:
                changes[name] = f"{entry.indicator_en}\n{value}".strip()
            return replace(entry, **changes)
    return replace(entry, text_en=f"{entry.text_en}\n{text}".strip())
