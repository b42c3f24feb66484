"""Bracketed and clean text of a version under negotiation: a pure module on dataclasses.

Conventions (as a delegate reads them on paper):
- an insertion:            ``[new words (JP)]``
- a deletion:              ``[words to go (JP: delete)]``
- a replacement:           ``[Option A: old words / Option B: new words (JP)]``
- alternatives on a span:  ``[Option A: old / Option B: mine (JP) / Option C: — (VN: delete)]``; proposals
  whose spans cross are alternatives over the union of their spans; identical alternatives from
  several parties are one option naming all of them;
- nesting: a proposal inside the span of a larger one is bracketed inside the larger one's original
  text: ``[The Ministers [strongly (VN)] welcomed (PH: delete)]``;
- a new paragraph is its own bracketed paragraph numbered after its anchor: ``12 bis [text (JP)]``;
- the chair's compromise (proposals merged into one): ``[words (Chair's compromise: VN, PH)]``, and
  ``[words (Chair's compromise to delete: VN, PH)]`` when it removes them.
The parties after a proposal are its proposer followed by the parties supporting it; after a compromise,
the proposers and supporters of the proposals it merged, then its own supporters (its objectors left out).

The clean text keeps only agreed text: paragraphs without open proposals in full, disputed spans left
out of the others (a paragraph left with no words is left out), proposed new paragraphs left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

HEADING = "heading"
INSERT, DELETE, REPLACE, NEW_PARAGRAPH = "insert", "delete", "replace", "new_paragraph"
# The text is in the working language of ASEAN (English), so are its bracket conventions.
COMPROMISE = "Chair's compromise"
COMPROMISE_TO_DELETE = "Chair's compromise to delete"
_LATIN_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


@dataclass(frozen=True)
class ParagraphText:
    uid: str
    kind: str  # "heading" or "paragraph"
    text: str
    ad_ref: bool = False


@dataclass(frozen=True)
class OpenProposal:
    id: int
    kind: str  # insert / delete / replace / new_paragraph
    paragraph_uid: str | None  # the paragraph changed, or the anchor a new paragraph follows (None: top)
    start: int
    end: int
    text: str
    parties: tuple[str, ...]  # proposer first, then supporters (a compromise: the parties it carries)
    compromise: bool = False  # the chair's compromise, merging other proposals


@dataclass
class Option:
    label: str  # "A", "B", ... ("" when the bracket has a single proposal)
    parts: list[Part]  # the option's text; only the original text carries nested brackets
    parties: tuple[str, ...] = ()
    proposal_ids: tuple[int, ...] = ()
    deleted: bool = False  # this option removes the span
    compromise: bool = False

    def tag(self) -> str:
        """The words in the parentheses after the option: "VN, PH", "KH: delete",
        "Chair's compromise: VN, PH", "Chair's compromise to delete: VN, PH"."""
        names = ", ".join(self.parties)
        if self.compromise:
            label = COMPROMISE_TO_DELETE if self.deleted else COMPROMISE
            return f"{label}: {names}" if names else label
        return f"{names}: delete" if self.deleted else names


@dataclass
class Bracket:
    kind: str  # insert / delete / replace / options
    options: list[Option]

    @property
    def proposal_ids(self) -> tuple[int, ...]:
        ids: list[int] = []
        for option in self.options:
            ids.extend(option.proposal_ids)
            for part in option.parts:
                if isinstance(part, Bracket):
                    ids.extend(part.proposal_ids)
        return tuple(sorted(set(ids)))


Part = str | Bracket


@dataclass
class RenderedParagraph:
    uid: str
    kind: str
    number: str  # "12", "12 bis", "" for headings
    parts: list[Part]
    proposed: bool = False  # a new paragraph someone proposes
    ad_ref: bool = False
    proposal_ids: tuple[int, ...] = ()

    @property
    def bracketed(self) -> bool:
        return self.proposed or any(isinstance(part, Bracket) for part in self.parts)

    @property
    def status(self) -> str:
        if self.bracketed:
            return "bracketed"
        return "ad_ref" if self.ad_ref else "agreed"

    def plain(self) -> str:
        return "".join(_plain(part) for part in self.parts)

    def html(self) -> str:
        return "".join(_html(part) for part in self.parts)


@dataclass
class _Cluster:
    start: int
    end: int
    proposals: list[OpenProposal]
    children: list[_Cluster] = field(default_factory=list)

    @property
    def is_point(self) -> bool:
        return self.start == self.end


def _relation_merges(a: _Cluster, b: _Cluster) -> bool:
    """True when two clusters must be read as alternatives of one another (same span, same insertion
    point, or spans that cross without one containing the other)."""
    if (a.start, a.end) == (b.start, b.end):
        return True
    if a.is_point or b.is_point:
        return False  # a point strictly inside a span nests; on its edge it is a neighbour
    overlap = max(a.start, b.start) < min(a.end, b.end)
    a_contains_b = a.start <= b.start and b.end <= a.end
    b_contains_a = b.start <= a.start and a.end <= b.end
    return overlap and not a_contains_b and not b_contains_a


def _clusters(proposals: Sequence[OpenProposal]) -> list[_Cluster]:
    clusters = [_Cluster(p.start, p.end, [p]) for p in sorted(proposals, key=lambda p: (p.start, -p.end, p.id))]
    merged = True
    while merged:
        merged = False
        clusters.sort(key=lambda c: (c.start, -c.end))
        for i, first in enumerate(clusters):
            for second in clusters[i + 1 :]:
                if second.start > first.end:
                    break
                if _relation_merges(first, second):
                    first.start, first.end = min(first.start, second.start), max(first.end, second.end)
                    first.proposals.extend(second.proposals)
                    clusters.remove(second)
                    merged = True
                    break
            if merged:
                break
    return clusters


def _contains(outer: _Cluster, inner: _Cluster) -> bool:
    if outer.is_point:
        return False
    if inner.is_point:
        return outer.start < inner.start < outer.end
    return (
        outer.start <= inner.start and inner.end <= outer.end and (outer.start, outer.end) != (inner.start, inner.end)
    )


def _forest(clusters: list[_Cluster]) -> list[_Cluster]:
    # Larger spans first at the same start, so a container is on the stack before what it contains.
    ordered = sorted(clusters, key=lambda c: (c.start, -(c.end - c.start), c.is_point))
    roots: list[_Cluster] = []
    stack: list[_Cluster] = []
    for cluster in ordered:
        while stack and not _contains(stack[-1], cluster):
            stack.pop()
        (stack[-1].children if stack else roots).append(cluster)
        stack.append(cluster)
    return roots


def _label(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _render_range(text: str, start: int, end: int, children: list[_Cluster]) -> list[Part]:
    parts: list[Part] = []
    cursor = start
    for child in sorted(children, key=lambda c: (c.start, c.end)):
        if child.start > cursor:
            parts.append(text[cursor : child.start])
        parts.append(_render_cluster(text, child))
        cursor = max(cursor, child.end)
    if cursor < end:
        parts.append(text[cursor:end])
    return parts


def _render_cluster(text: str, cluster: _Cluster) -> Bracket:
    original = _render_range(text, cluster.start, cluster.end, cluster.children)
    proposals = cluster.proposals
    if len(proposals) == 1:
        proposal = proposals[0]
        if proposal.kind == INSERT:
            option = Option("", [proposal.text], proposal.parties, (proposal.id,), compromise=proposal.compromise)
            return Bracket(INSERT, [option])
        if proposal.kind == DELETE:
            option = Option(
                "", original, proposal.parties, (proposal.id,), deleted=True, compromise=proposal.compromise
            )
            return Bracket(DELETE, [option])
    # Alternatives: each proposal applied to the cluster's span; identical results share an option.
    alternatives: dict[str, tuple[list[str], list[int], list[bool]]] = {}
    for proposal in sorted(proposals, key=lambda p: p.id):
        replacement = "" if proposal.kind == DELETE else proposal.text
        alternative = text[cluster.start : proposal.start] + replacement + text[proposal.end : cluster.end]
        parties, ids, compromise = alternatives.setdefault(alternative, ([], [], []))
        parties.extend(party for party in proposal.parties if party not in parties)
        ids.append(proposal.id)
        compromise.append(proposal.compromise)
    options: list[Option] = []
    if cluster.end > cluster.start:
        options.append(Option(_label(0), original))
    for alternative, (parties, ids, compromise) in alternatives.items():
        options.append(
            Option(
                _label(len(options)),
                [alternative] if alternative else [],
                tuple(parties),
                tuple(ids),
                deleted=not alternative.strip(),
                compromise=any(compromise),
            )
        )
    return Bracket("options" if len(options) > 1 else INSERT, options)


def _plain(part: Part) -> str:
    if isinstance(part, str):
        return part
    if part.kind in (INSERT, DELETE) and len(part.options) == 1:
        option = part.options[0]
        return f"[{''.join(_plain(p) for p in option.parts)} ({option.tag()})]"
    rendered = []
    for option in part.options:
        body = "".join(_plain(p) for p in option.parts)
        if option.deleted:
            rendered.append(f"Option {option.label}: — ({option.tag()})")
        elif option.parties or option.compromise:
            rendered.append(f"Option {option.label}: {body} ({option.tag()})")
        else:
            rendered.append(f"Option {option.label}: {body}")
    return "[" + " / ".join(rendered) + "]"


def _html(part: Part) -> str:
    if isinstance(part, str):
        return html.escape(part)
    ids = " ".join(str(i) for i in part.proposal_ids)
    pieces = []
    for option in part.options:
        body = "".join(_html(p) for p in option.parts)
        css = "parties compromise" if option.compromise else "parties"
        tag = f'<span class="{css}">({html.escape(option.tag())})</span>'
        if part.kind == INSERT and len(part.options) == 1:
            pieces.append(f"<ins>{body}</ins> {tag}")
        elif part.kind == DELETE:
            pieces.append(f"<del>{body}</del> {tag}")
        elif option.deleted:
            pieces.append(f'<span class="option">Option {option.label}: — {tag}</span>')
        elif option.parties or option.compromise:
            pieces.append(f'<span class="option">Option {option.label}: {body} {tag}</span>')
        else:
            pieces.append(f'<span class="option">Option {option.label}: {body}</span>')
    return f'<span class="bracket" data-proposals="{ids}">[{" / ".join(pieces)}]</span>'


def _numbers(paragraphs: Sequence[ParagraphText]) -> dict[str, str]:
    numbers: dict[str, str] = {}
    count = 0
    for paragraph in paragraphs:
        if paragraph.kind == HEADING:
            numbers[paragraph.uid] = ""
        else:
            count += 1
            numbers[paragraph.uid] = str(count)
    return numbers


def paragraph_numbers(paragraphs: Sequence[ParagraphText]) -> dict[str, str]:
    """Numbers as printed: numbered paragraphs count from 1, headings carry none."""
    return _numbers(paragraphs)


def bracketed(paragraphs: Sequence[ParagraphText], proposals: Iterable[OpenProposal]) -> list[RenderedParagraph]:
    """The bracketed text: every paragraph, disputed spans in brackets, proposed paragraphs after their anchor."""
    by_paragraph: dict[str | None, list[OpenProposal]] = {}
    new_after: dict[str | None, list[OpenProposal]] = {}
    for proposal in proposals:
        target = new_after if proposal.kind == NEW_PARAGRAPH else by_paragraph
        target.setdefault(proposal.paragraph_uid, []).append(proposal)
    numbers = _numbers(paragraphs)
    rendered: list[RenderedParagraph] = []

    def add_new(anchor: str | None, anchor_number: str) -> None:
        for index, proposal in enumerate(sorted(new_after.get(anchor, []), key=lambda p: p.id)):
            suffix = _LATIN_SUFFIXES[index] if index < len(_LATIN_SUFFIXES) else f"({index + 2})"
            number = f"{anchor_number} {suffix}" if anchor_number else f"0 {suffix}"
            option = Option("", [proposal.text], proposal.parties, (proposal.id,), compromise=proposal.compromise)
            bracket = Bracket(INSERT, [option])
            rendered.append(
                RenderedParagraph(
                    uid=f"new-{proposal.id}",
                    kind="paragraph",
                    number=number,
                    parts=[bracket],
                    proposed=True,
                    proposal_ids=(proposal.id,),
                )
            )

    add_new(None, "")
    last_number = ""
    for paragraph in paragraphs:
        own = by_paragraph.get(paragraph.uid, [])
        roots = _forest(_clusters(own)) if own else []
        parts = _render_range(paragraph.text, 0, len(paragraph.text), roots) if roots else [paragraph.text]
        rendered.append(
            RenderedParagraph(
                uid=paragraph.uid,
                kind=paragraph.kind,
                number=numbers[paragraph.uid],
                parts=parts,
                ad_ref=paragraph.ad_ref,
                proposal_ids=tuple(sorted(p.id for p in own)),
            )
        )
        last_number = numbers[paragraph.uid] or last_number
        add_new(paragraph.uid, last_number)
    return rendered


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:)])")
_WORD = re.compile(r"\w")


def _agreed_text(part_list: list[Part]) -> str:
    text = "".join(part for part in part_list if isinstance(part, str))
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACES.sub(" ", text)).strip()
    return text if _WORD.search(text) else ""


def clean(paragraphs: Sequence[ParagraphText], proposals: Iterable[OpenProposal]) -> list[RenderedParagraph]:
    """The clean text: agreed text only (see the module docstring)."""
    result: list[RenderedParagraph] = []
    for paragraph in bracketed(paragraphs, proposals):
        if paragraph.proposed:
            continue
        text = _agreed_text(paragraph.parts) if paragraph.bracketed else paragraph.plain()
        if not text:
            continue
        result.append(RenderedParagraph(uid=paragraph.uid, kind=paragraph.kind, number=paragraph.number, parts=[text]))
    return result


def as_text(rendered: Sequence[RenderedParagraph]) -> str:
    """One paragraph per line, numbered as printed ("3. text"), headings bare."""
    lines = []
    for paragraph in rendered:
        prefix = f"{paragraph.number}. " if paragraph.number else ""
        lines.append(prefix + paragraph.plain())
    return "\n".join(lines)


def apply_proposals(text: str, proposals: Sequence[OpenProposal]) -> str:
    """The paragraph's text with the given (non-overlapping) proposals applied, for accepting them."""
    result = text
    for proposal in sorted(proposals, key=lambda p: (p.start, p.end), reverse=True):
        replacement = "" if proposal.kind == DELETE else proposal.text
        result = result[: proposal.start] + replacement + result[proposal.end :]
    return result
