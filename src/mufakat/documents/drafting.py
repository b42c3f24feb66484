"""Editing a draft as one plain text: a pure module, no ORM.

The web editor shows the current version as one text (a paragraph per blank-line-separated block, "# "
before a heading) and reads the edited text back. `pair_paragraphs` says which edited paragraph continues
which paragraph of the previous version, so paragraph identity (and with it open proposals, ad ref marks
and comparison) survives the edit: unchanged paragraphs in order, then edited ones by text similarity,
never out of order. The Word import uses the same rule. `occurrences` finds the words a delegation wants to
change in a paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

HEADING, PARAGRAPH = "heading", "paragraph"
HEADING_PREFIX = "# "
SIMILARITY = 0.5  # below this, an edited paragraph is a new one rather than a rewrite of an old one

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" or "paragraph"
    text: str


@dataclass(frozen=True)
class OldParagraph:
    uid: str
    kind: str
    text: str


def text_to_blocks(text: str) -> list[Block]:
    """One block per blank-line-separated chunk; line breaks inside a chunk become spaces; a chunk starting
    with "# " is a heading."""
    blocks: list[Block] = []
    for chunk in _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        line = _SPACES.sub(" ", chunk).strip()
        if not line:
            continue
        if line.startswith(HEADING_PREFIX) and line[len(HEADING_PREFIX) :].strip():
            blocks.append(Block(HEADING, line[len(HEADING_PREFIX) :].strip()))
        else:
            blocks.append(Block(PARAGRAPH, line))
    return blocks


def blocks_to_text(blocks: Sequence[Block | OldParagraph]) -> str:
    """The editor's text for a version (the inverse of `text_to_blocks` for single-line paragraphs)."""
    return "\n\n".join(f"{HEADING_PREFIX}{block.text}" if block.kind == HEADING else block.text for block in blocks)


def _ratio(a: str, b: str) -> float:
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio()


def pair_paragraphs(old: Sequence[OldParagraph], new: Sequence[Block]) -> list[str | None]:
    """For each new block, the uid of the old paragraph it continues, or None for a new paragraph.

    The unchanged paragraphs are found in order (difflib on the texts); within each changed stretch, the
    most similar pairs (ratio ≥ 0.5) are made first, each only if it keeps the order of the pairs already
    made, so no old paragraph is used twice and paragraphs never swap. A paragraph rewritten beyond
    recognition is a new paragraph (its old self shows as removed in the comparison)."""
    pairs: list[str | None] = [None] * len(new)
    matcher = SequenceMatcher(a=[p.text for p in old], b=[b.text for b in new], autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(b1 - b0):
                pairs[b0 + offset] = old[a0 + offset].uid
        elif tag == "replace":
            _pair_stretch(old, new, range(a0, a1), range(b0, b1), pairs)
    return pairs


def _pair_stretch(
    old: Sequence[OldParagraph],
    new: Sequence[Block],
    old_range: range,
    new_range: range,
    pairs: list[str | None],
) -> None:
    """Most similar pairs first, each kept only if it keeps the order of the pairs already made."""
    candidates = sorted(
        (
            (ratio, n, o)
            for n in new_range
            for o in old_range
            if (ratio := _ratio(old[o].text, new[n].text)) >= SIMILARITY
        ),
        key=lambda candidate: (-candidate[0], candidate[1], candidate[2]),
    )
    made: list[tuple[int, int]] = []
    for _ratio_value, n, o in candidates:
        if any(n == m or o == p or (n < m) != (o < p) for m, p in made):
            continue
        made.append((n, o))
        pairs[n] = old[o].uid


def occurrences(text: str, words: str) -> list[int]:
    """Where `words` start in `text` (non-overlapping, left to right)."""
    if not words:
        return []
    found: list[int] = []
    start = text.find(words)
    while start != -1:
        found.append(start)
        start = text.find(words, start + len(words))
    return found
