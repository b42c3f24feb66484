"""Editing a draft as one plain text: a pure module, no ORM.

The web editor shows the current version as one text (a paragraph per blank-line-separated block, "# "
before a heading) and reads the edited text back. `pair_paragraphs` says which edited paragraph continues
which paragraph of the previous version, so paragraph identity (and with it open proposals, ad ref marks
and comparison) survives the edit: unchanged paragraphs in order, then edited ones by text similarity,
never out of order. The Word import uses the same rule. `occurrences` finds the words a delegation wants to
change in a paragraph."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

HEADING, PARAGRAPH = "heading", "paragraph"
HEADING_PREFIX = "# "
BAND = 20  # in a long changed stretch, how many old paragraphs either side a new one is compared with
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
    """Most similar pairs first, each kept only if it keeps the order of the pairs already made. In a long
    changed stretch each new paragraph is compared with the old ones near its own place only (BAND either
    side), so an imported draft of thousands of paragraphs pairs in seconds rather than hours."""
    olds, news = len(old_range), len(new_range)

    def near(index: int) -> range:
        if olds * news <= (2 * BAND) ** 2:
            return range(olds)
        centre = index * olds // news
        return range(max(0, centre - BAND), min(olds, centre + BAND + 1))

    candidates = sorted(
        (
            (ratio, n, old_range[j])
            for i, n in enumerate(new_range)
            for j in near(i)
            if (ratio := _ratio(old[old_range[j]].text, new[n].text)) >= SIMILARITY
        ),
        key=lambda candidate: (-candidate[0], candidate[1], candidate[2]),
    )
    # The pairs made, by new index; their old indexes rise with them (no pair crosses another).
    made_new: list[int] = []
    made_old: list[int] = []
    for _ratio_value, n, o in candidates:
        at = bisect.bisect_left(made_new, n)
        if at < len(made_new) and made_new[at] == n:
            continue
        if (at > 0 and made_old[at - 1] >= o) or (at < len(made_old) and made_old[at] <= o):
            continue
        made_new.insert(at, n)
        made_old.insert(at, o)
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
