"""One rule for every piece of free text that comes in (web forms, API bodies, Word and CSV imports), and
one for every piece that goes out into a file (Word, PDF, calendar): dependency-free.

Coming in, text keeps tab and newline; Windows and old-Mac line ends become newline; a vertical tab or form
feed (what Word writes for a manual line or page break) becomes newline; every other C0 control character,
DEL and the two XML non-characters U+FFFE/U+FFFF are dropped. A NUL or a lone surrogate is refused: neither
is text, and PostgreSQL cannot store either.

Going out, `xml_safe` drops whatever XML 1.0 cannot carry, so that text stored before this rule existed (or
written straight to the database) still exports."""

from __future__ import annotations

import re

_LINE_ENDS = re.compile(r"\r\n?|[\x0b\x0c]")
# C0 except tab (\x09) and newline (\x0a), DEL, and the non-characters XML refuses. NUL is refused before this.
_DROPPED = re.compile(r"[\x01-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TextRefused(ValueError):
    """The text holds a character that cannot be stored; the message says which and what to do."""


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None when it can (after `clean_text`)."""
    if "\x00" in value:
        return "contains a NUL character (U+0000); remove it."
    if _SURROGATE.search(value):
        return "contains an unpaired surrogate code point (U+D800 to U+DFFF), which is not text; remove it."
    return None


def clean_text(value: str) -> str:
    """`value` as it is stored: line ends made newlines, control characters dropped. Raises TextRefused for
    a NUL or a lone surrogate."""
    problem = text_problem(value)
    if problem is not None:
        raise TextRefused(problem)
    if value.isprintable():  # the common case: nothing to do
        return value
    return _DROPPED.sub("", _LINE_ENDS.sub("\n", value))


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 cannot hold (for Word, PDF markup, calendar files)."""
    return _XML_UNSAFE.sub("", value)
