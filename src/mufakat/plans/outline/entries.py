"""An outline's lines as read from a file, their numbers, and the problems found in them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mufakat.core.errors import ValidationFailed

MAX_LINES = 2000
_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)\.?")


_CODES = re.compile(r"[\s,;]+")


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
class Reader:
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


def read_year(reader: Reader, where: str, text: str) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        reader.problem(where, "target_year", _("%(text)r is not a year written YYYY.") % {"text": text})
        return None
    return int(text)


def refusal(problems: list[OutlineProblem]) -> ValidationFailed:
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
