"""Agreed-language precedents: for a text under negotiation, the closest paragraphs of texts adopted (or agreed
ad ref) before it, among those the reader may see. Candidates share word 3-grams with the text (one indexed
query); they are then ranked by how much of the wording matches: identical, then containing the whole text (or
contained in it) as an exact phrase, then near-verbatim by the share of words in common, in order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cydifflib import SequenceMatcher  # type: ignore[import-untyped]
from django.urls import reverse
from django.utils.translation import gettext as _

from mufakat.documents.compare import Piece, word_diff
from mufakat.documents.enums import DocumentStatus
from mufakat.documents.models import DocumentVersion, OutcomeDocument

from .access import Reader
from .models import Precedent, PrecedentShingle
from .text import fold, shingles, words

CANDIDATES = 30
CHUNK = 40  # precedents whose origin is read at once, at least, per text
LIMIT = 3
NEAR = 0.5  # at least this share of words in common (SequenceMatcher ratio) to count as near-verbatim
IDENTICAL, PHRASE, VERBATIM = 3, 2, 1


@dataclass(frozen=True)
class PrecedentHit:
    paragraph_id: int
    document_id: int
    title: str
    body: str
    meeting: str
    date: date
    number: str
    text: str
    agreed: str
    tier: int
    similarity: float
    pieces: tuple[Piece, ...]
    summary: str

    @property
    def link(self) -> str:
        """The stable link to the precedent paragraph (resolves, access-checked, to its document)."""
        return reverse("web:precedent", args=[self.paragraph_id])


def _contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle or len(needle) > len(haystack):
        return False
    first = needle[0]
    return any(
        haystack[i] == first and haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1)
    )


def _summary(pieces: Sequence[Piece], tier: int, similarity: float) -> str:
    if tier == IDENTICAL:
        return _("identical")
    changes: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece.op == "delete":
            following = pieces[index + 1] if index + 1 < len(pieces) else None
            if following is not None and following.op == "insert":
                changes.append(f"‘{piece.text.strip()}’ → ‘{following.text.strip()}’")
                index += 1
            else:
                changes.append(_("‘%(words)s’ left out") % {"words": piece.text.strip()})
        elif piece.op == "insert":
            changes.append(_("‘%(words)s’ added") % {"words": piece.text.strip()})
        index += 1
    changes = [c for c in changes if c.strip("‘’→ ")]
    if tier == PHRASE and not changes:
        return _("contains the same words")
    if 0 < len(changes) <= 3:
        return _("identical except %(changes)s") % {"changes": "; ".join(changes)}
    return _("%(percent)d %% of the wording in common") % {"percent": round(similarity * 100)}


def _rank(text: str, precedent: Precedent) -> tuple[int, float]:
    mine, theirs = words(text), words(precedent.text)
    if mine == theirs:
        return IDENTICAL, 1.0
    similarity = SequenceMatcher(a=theirs, b=mine, autojunk=False).ratio()
    if _contains(theirs, mine) or _contains(mine, theirs):
        return PHRASE, similarity
    return (VERBATIM if similarity >= NEAR else 0), similarity


def _holders(hashes: set[int]) -> dict[int, list[int]]:
    """For each 3-gram, the precedents holding it (an index-only read of (hash, precedent))."""
    holders: dict[int, list[int]] = {}
    if hashes:
        for precedent_id, value in PrecedentShingle.objects.filter(hash__in=list(hashes)).values_list(
            "precedent_id", "hash"
        ):
            holders.setdefault(value, []).append(precedent_id)
    return holders


def _take_usable(queues: dict[int, list[int]], documents: set[int], before: date | None) -> dict[int, list[int]]:
    """For each text, the first CANDIDATES of its queue (popped from the end) whose precedent is of one of
    `documents` and not after `before`. Where a precedent comes from is read by primary key for those taken only,
    a chunk at a time, every text's together."""
    found: dict[int, list[int]] = {index: [] for index in queues}
    origin: dict[int, tuple[int | None, date] | None] = {}
    while queues:
        # Four times as many as still wanted (at least CHUNK): most are usable, so one read usually suffices.
        taken = {
            index: [queue.pop() for _ in range(min(max(4 * (CANDIDATES - len(found[index])), CHUNK), len(queue)))]
            for index, queue in queues.items()
        }
        wanted = [p for chunk in taken.values() for p in chunk if p not in origin]
        if wanted:
            for pk, document_id, when in Precedent.objects.filter(pk__any_of=wanted).values_list(
                "pk", "document_id", "date"
            ):
                origin[pk] = (document_id, when)
        for index, chunk in taken.items():
            for precedent_id in chunk:
                row = origin.get(precedent_id)
                if row is not None and row[0] in documents and (before is None or row[1] <= before):
                    found[index].append(precedent_id)
            del found[index][CANDIDATES:]
            if len(found[index]) >= CANDIDATES or not queues[index]:
                del queues[index]
    return found


def _candidates(
    reader: Reader, texts: Sequence[str], *, before: date | None, exclude_document_id: int | None
) -> dict[int, list[int]]:
    """For each text, the ids of the precedents sharing most of its 3-grams (or, for a selection of one or two
    words, containing them), among the texts the reader may see.

    Each text's precedents are counted by 3-grams in common and taken in that order until CANDIDATES are usable:
    of a document the reader may see (the same document_visible_q filter), not withdrawn, not the text's own,
    not after `before`. Joining every 3-gram's precedent in SQL instead hashed the whole archive's precedents for
    a common paragraph (60–150 ms on the benchmark's 90,000), though most share one 3-gram and are never
    candidates."""
    by_text = [shingles(t) for t in texts]
    holders = _holders(set().union(*by_text) if by_text else set())
    documents = set(reader.document_ids)
    # A withdrawn text agreed nothing, whatever was marked ad ref on its drafts.
    documents -= set(OutcomeDocument.objects.filter(status=DocumentStatus.WITHDRAWN).values_list("pk", flat=True))
    if exclude_document_id is not None:
        documents.discard(exclude_document_id)
    visible = Precedent.objects.filter(document_id__any_of=sorted(documents))
    if before is not None:
        visible = visible.filter(date__lte=before)
    found: dict[int, list[int]] = {}
    queues: dict[int, list[int]] = {}
    for index, (text, hashes) in enumerate(zip(texts, by_text, strict=True)):
        if len(words(text)) < 3:
            folded = fold(text).strip()
            found[index] = (
                list(visible.filter(folded__contains=folded).values_list("pk", flat=True)[:CANDIDATES])
                if folded and documents
                else []
            )
            continue
        counts = Counter(p for h in hashes for p in holders.get(h, ()))
        # Popped from the end: most 3-grams in common first; among equals the most recently indexed.
        queues[index] = sorted(counts, key=lambda p: (-counts[p], -p), reverse=True)
    found.update(_take_usable(queues, documents, before))
    return found


def precedents_for_texts(
    *,
    user: object,
    texts: Sequence[str],
    before: date | None = None,
    exclude_document_id: int | None = None,
    limit: int = LIMIT,
) -> list[list[PrecedentHit]]:
    """The closest precedents of each text, best first (at most `limit` each)."""
    reader = Reader(user)
    candidates = _candidates(reader, texts, before=before, exclude_document_id=exclude_document_id)
    ids = {pk for found in candidates.values() for pk in found}
    loaded = {p.pk: p for p in Precedent.objects.filter(pk__in=ids).select_related("document", "meeting__body", "body")}
    results: list[list[PrecedentHit]] = []
    for index, text in enumerate(texts):
        ranked = []
        for pk in candidates.get(index, []):
            precedent = loaded.get(pk)
            if precedent is None or precedent.document is None:
                continue
            tier, similarity = _rank(text, precedent)
            if tier:
                ranked.append((tier, similarity, precedent.date, precedent))
        ranked.sort(key=lambda row: (-row[0], -row[1], -row[2].toordinal()))
        hits = []
        for tier, similarity, _when, precedent in ranked[:limit]:
            pieces = tuple(word_diff(precedent.text, text))
            hits.append(
                PrecedentHit(
                    paragraph_id=precedent.paragraph_id,
                    document_id=precedent.document_id or 0,
                    title=precedent.document.title if precedent.document else "",
                    body=precedent.body.abbreviation if precedent.body else "",
                    meeting=precedent.meeting.title if precedent.meeting else "",
                    date=precedent.date,
                    number=precedent.number,
                    text=precedent.text,
                    agreed=precedent.agreed,
                    tier=tier,
                    similarity=similarity,
                    pieces=pieces,
                    summary=_summary(pieces, tier, similarity),
                )
            )
        results.append(hits)
    return results


def precedents_for(*, user: object, text: str, **options: object) -> list[PrecedentHit]:
    return precedents_for_texts(user=user, texts=[text], **options)[0]  # type: ignore[arg-type]


def precedent_target(*, user: object, paragraph_id: int) -> str | None:
    """Where the stable link of a precedent leads, if the reader may see it."""
    reader = Reader(user)
    precedent = (
        Precedent.objects.filter(paragraph_id=paragraph_id, document_id__in=reader.documents().values("pk"))
        .select_related("document__meeting__series", "document__current_version")
        .first()
    )
    series = precedent.document.meeting.series if precedent is not None and precedent.document is not None else None
    if precedent is None or precedent.document is None or series is None:
        return None
    document = precedent.document
    url = reverse("web:document-detail", args=[series.code, document.pk])
    if document.current_version_id != precedent.version_id:
        number = DocumentVersion.objects.filter(pk=precedent.version_id).values_list("number", flat=True).first()
        url += f"?version={number}"
    return f"{url}#p-{precedent.uid}"


def precedent_citation(*, user: object, paragraph_id: str | None) -> str:
    """The words a proposal's justification cites a precedent with (its stable link), if the reader may see it;
    '' otherwise. Fits the justification's 500 characters."""
    if not paragraph_id or not paragraph_id.isdigit():
        return ""
    reader = Reader(user)
    precedent = (
        Precedent.objects.filter(paragraph_id=int(paragraph_id), document_id__in=reader.documents().values("pk"))
        .select_related("document")
        .first()
    )
    if precedent is None or precedent.document is None:
        return ""
    link = reverse("web:precedent", args=[precedent.paragraph_id])
    title = precedent.document.title[:300]
    return _("Agreed language: %(title)s ¶ %(number)s (%(year)s), %(link)s") % {
        "title": title,
        "number": precedent.number,
        "year": precedent.date.year,
        "link": link,
    }
