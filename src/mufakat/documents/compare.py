"""Comparison of two versions, paragraph by paragraph (by stable identity) and word by word.

Pure: takes the paragraphs of both versions, returns rows in the newer version's order, with a
removed paragraph shown where it stood in the older one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cydifflib import SequenceMatcher  # type: ignore[import-untyped]

from .brackets import ParagraphText, paragraph_numbers

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


@dataclass(frozen=True)
class Piece:
    op: str  # "equal", "insert", "delete"
    text: str


@dataclass
class ComparedParagraph:
    uid: str
    kind: str
    change: str  # added / removed / changed / unchanged
    old_number: str
    new_number: str
    pieces: list[Piece] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        return bool(self.old_number and self.new_number and self.old_number != self.new_number)


@dataclass
class Comparison:
    rows: list[ComparedParagraph]

    def count(self, change: str) -> int:
        return sum(1 for row in self.rows if row.change == change)

    @property
    def summary(self) -> dict[str, int]:
        return {change: self.count(change) for change in (ADDED, REMOVED, CHANGED, UNCHANGED)}


def word_diff(old: str, new: str) -> list[Piece]:
    """Insertions and deletions at word level (whitespace and punctuation are tokens of their own)."""
    if old == new:
        return [Piece("equal", new)] if new else []
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    # Most edits touch a few words: diff only what lies between the common beginning and end.
    head = 0
    while head < min(len(old_tokens), len(new_tokens)) and old_tokens[head] == new_tokens[head]:
        head += 1
    tail = 0
    while tail < min(len(old_tokens), len(new_tokens)) - head and old_tokens[-1 - tail] == new_tokens[-1 - tail]:
        tail += 1
    pieces: list[Piece] = []

    def emit(op: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    old_middle = old_tokens[head : len(old_tokens) - tail]
    new_middle = new_tokens[head : len(new_tokens) - tail]
    emit("equal", "".join(new_tokens[:head]))
    matcher = SequenceMatcher(a=old_middle, b=new_middle, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            emit("equal", "".join(new_middle[b0:b1]))
        else:
            emit("delete", "".join(old_middle[a0:a1]))
            emit("insert", "".join(new_middle[b0:b1]))
    emit("equal", "".join(new_tokens[len(new_tokens) - tail :]))
    return pieces


def compare(old: Sequence[ParagraphText], new: Sequence[ParagraphText]) -> Comparison:
    old_by_uid = {p.uid: p for p in old}
    new_uids = {p.uid for p in new}
    old_numbers, new_numbers = paragraph_numbers(old), paragraph_numbers(new)
    # A removed paragraph is shown after the nearest preceding paragraph that survives.
    removed_after: dict[str | None, list[ParagraphText]] = {}
    anchor: str | None = None
    for paragraph in old:
        if paragraph.uid in new_uids:
            anchor = paragraph.uid
        else:
            removed_after.setdefault(anchor, []).append(paragraph)
    rows: list[ComparedParagraph] = []

    def add_removed(after: str | None) -> None:
        for paragraph in removed_after.get(after, []):
            rows.append(
                ComparedParagraph(
                    paragraph.uid,
                    paragraph.kind,
                    REMOVED,
                    old_numbers[paragraph.uid],
                    "",
                    [Piece("delete", paragraph.text)],
                )
            )

    add_removed(None)
    for paragraph in new:
        before = old_by_uid.get(paragraph.uid)
        if before is None:
            rows.append(
                ComparedParagraph(
                    paragraph.uid,
                    paragraph.kind,
                    ADDED,
                    "",
                    new_numbers[paragraph.uid],
                    [Piece("insert", paragraph.text)],
                )
            )
        else:
            change = UNCHANGED if before.text == paragraph.text and before.kind == paragraph.kind else CHANGED
            rows.append(
                ComparedParagraph(
                    paragraph.uid,
                    paragraph.kind,
                    change,
                    old_numbers[paragraph.uid],
                    new_numbers[paragraph.uid],
                    word_diff(before.text, paragraph.text),
                )
            )
        if paragraph.uid in old_by_uid:
            add_removed(paragraph.uid)
    return Comparison(rows)
