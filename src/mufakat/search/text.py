"""Pure text helpers shared by both engines: one fold (case, diacritics, Vietnamese đ), words, word n-grams,
highlighting in context. The index stores folded text and queries are folded the same way, so PostgreSQL and
SQLite see the same characters whatever they do with accents themselves."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_WORD = re.compile(r"\w+")
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss"})
SHINGLE = 3  # words per n-gram for precedents


def fold_char(char: str) -> str:
    """One character folded: lower case, no combining marks (ố → o), đ → d."""
    base = unicodedata.normalize("NFD", char.translate(_EXTRA).lower())
    return "".join(c for c in base if not unicodedata.combining(c))


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """The text folded (as fold_char does each character), fast: ASCII passes through lower-cased."""
    lowered = text.translate(_EXTRA).lower()
    if lowered.isascii():
        return lowered
    return _COMBINING.sub("", unicodedata.normalize("NFD", lowered))


def words(text: str) -> list[str]:
    """Folded words."""
    return _WORD.findall(fold(text))


def stable_hash(value: str) -> int:
    """A signed 64-bit hash that is the same in every process (Python's hash() is salted)."""
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big", signed=True)


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    tokens = words(text)
    if len(tokens) < size:
        return {stable_hash(" ".join(tokens))} if tokens else set()
    return {stable_hash(" ".join(tokens[i : i + size])) for i in range(len(tokens) - size + 1)}


@dataclass(frozen=True)
class Query:
    """A search as typed: loose words (all must match, by stem) and "quoted phrases"."""

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def all_words(self) -> list[str]:
        return [*self.terms, *(w for phrase in self.phrases for w in phrase)]


def parse_query(raw: str) -> Query:
    phrases = []
    for quoted in re.findall(r'"([^"]*)"', raw):
        tokens = tuple(words(quoted))
        if tokens:
            phrases.append(tokens)
    rest = re.sub(r'"[^"]*"?', " ", raw)
    return Query(terms=tuple(dict.fromkeys(words(rest))), phrases=tuple(phrases))


def _stem_root(word: str) -> str:
    """A crude prefix for highlighting what the engines matched by stem ("reaffirm" marks "reaffirmed")."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s", "e", "y"):
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def highlight(text: str, query_words: Iterable[str], *, width: int = 240) -> SafeString:
    """The text (or a window of about `width` characters around the first match) with matched words in <mark>.
    Matching is on folded words, so "an toan" marks "an toàn"."""
    roots = {_stem_root(w) for w in query_words if w}
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if any(folded == r or (len(r) >= 4 and folded.startswith(r)) for r in roots):
            spans.append(match.span())
    start, end = 0, len(text)
    if len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, first - width // 3)
        end = min(len(text), start + width)
        if start > 0:
            start = text.find(" ", start) + 1 or start
    out, cursor = [], start
    if start > 0:
        out.append("… ")
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(escape(text[cursor:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above
