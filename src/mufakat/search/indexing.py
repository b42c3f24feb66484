"""Writing the search index and the precedent store. Called from the services that write the text (a new
draft, a status change, an ad ref mark) and from save hooks for the simpler records, inside their transaction;
`reindex_all` rebuilds everything (`mufakat search reindex`)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from mufakat.delegations.models import Circular, Participant
from mufakat.documents.brackets import ParagraphText, paragraph_numbers
from mufakat.documents.enums import FINAL_STATUSES, ParagraphKind
from mufakat.documents.models import AdRefMark, DocumentVersion, OutcomeDocument, Paragraph, Proposal
from mufakat.meetings.models import Meeting, Session
from mufakat.plans.models import Plan

from .entries import (
    BATCH,
    _entry,
    _join,
    _meeting_fields,
    _upsert,
    index_circular,
    index_meeting,
    index_meetings,
    index_participant,
    index_plan,
    index_session,
    unindex,
)
from .enums import Kind
from .models import Precedent, PrecedentShingle, SearchEntry
from .text import fold, shingles

# The records' writers live in .entries; the hooks and the meetings service find them here with the rest.
__all__ = [
    "index_circular",
    "index_document",
    "index_document_head",
    "index_meeting",
    "index_meetings",
    "index_participant",
    "index_plan",
    "index_proposal",
    "index_session",
    "index_version",
    "reindex_all",
    "unindex",
]


def _document_fields(document: OutcomeDocument) -> dict[str, Any]:
    return {
        **_meeting_fields(document.meeting),
        "document_id": document.pk,
        "status": document.status,
        "adopted": document.status in FINAL_STATUSES,
        "date": document.final_date or document.meeting.start_date,
    }


@lru_cache(maxsize=256)
def _document_base(code: str, document_id: int, language: str | None) -> str:
    """The document's page (reversed once per document: an archive's reindex asks for it per paragraph)."""
    return reverse("web:document-detail", args=[code, document_id])


def _document_url(document: OutcomeDocument, anchor: str = "", number: int | None = None) -> str:
    series = document.meeting.series
    code = series.code if series is not None else ""
    url = _document_base(code, document.pk, get_language()) if code else ""
    if number is not None:
        url += f"?version={number}"
    return url + (f"#{anchor}" if anchor else "")


def _load_document(document_id: int) -> OutcomeDocument | None:
    return (
        OutcomeDocument.objects.select_related("meeting__series", "meeting__body", "current_version")
        .filter(pk=document_id)
        .first()
    )


def _wording_key(document_id: int, uid: Any, text: str) -> str:
    return f"{document_id}:{uid}:{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}"


@transaction.atomic
def index_document(document_id: int) -> None:
    """The document's title entry, its paragraphs' wordings (one entry per wording, from the draft it first
    appeared in; `current` when the current draft reads so), its proposals, and its precedents."""
    document = _load_document(document_id)
    SearchEntry.objects.filter(document_id=document_id).delete()
    Precedent.objects.filter(document_id=document_id).delete()
    if document is None:
        return
    fields = _document_fields(document)
    entries = [_document_entry(document, fields)]
    current_number = document.current_version.number if document.current_version else None
    seen: dict[str, SearchEntry] = {}
    paragraphs = Paragraph.objects.filter(version__document=document).order_by("version__number", "position")
    for row in paragraphs.values("pk", "uid", "text", "version__number"):
        key = _wording_key(document.pk, row["uid"], row["text"])
        if key in seen:
            if row["version__number"] == current_number:
                seen[key].current = True
            continue
        seen[key] = _paragraph_entry(document, fields, row, row["version__number"] == current_number)
        entries.append(seen[key])
    for proposal in Proposal.objects.filter(document=document).select_related("party"):
        entries.append(_proposal_entry(document, fields, proposal))
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
    _index_precedents(document)


def _insert_shingles(rows: list[tuple[int, int]]) -> None:
    """Plain multi-row inserts: tens of rows per paragraph, a million for a large archive, where building a
    model instance for each one costs more than the database's work."""
    table = connection.ops.quote_name(PrecedentShingle._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 400):
            chunk = rows[start : start + 400]
            placeholders = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (precedent_id, hash) VALUES {placeholders}",  # noqa: S608 - values as parameters
                [value for row in chunk for value in row],
            )


def _index_precedents(document: OutcomeDocument) -> None:
    """A decided text's paragraphs as decided; otherwise the current draft's paragraphs marked agreed ad ref."""
    version = document.current_version
    if version is None:
        return
    rows = list(Paragraph.objects.filter(version=version).order_by("position").values("pk", "uid", "kind", "text"))
    numbers = paragraph_numbers([ParagraphText(uid=str(r["uid"]), kind=r["kind"], text=r["text"]) for r in rows])
    if document.status in FINAL_STATUSES:
        agreed, chosen = "adopted", rows
    else:
        marked = {str(u) for u in AdRefMark.objects.filter(version=version).values_list("paragraph_uid", flat=True)}
        agreed, chosen = "ad_ref", [r for r in rows if str(r["uid"]) in marked]
    when = document.final_date or document.meeting.start_date
    # Kept by paragraph: a precedent is updated in place (ad ref, then adopted) and never dropped by a later
    # draft (language agreed ad ref stays agreed language of its day); a withdrawn text's are left out when read
    # (search.precedents).
    known = dict(Precedent.objects.filter(document_id=document.pk).values_list("paragraph_id", "pk"))
    fresh = []
    for r in chosen:
        if r["kind"] == ParagraphKind.HEADING:
            continue
        values = {
            "document_id": document.pk,
            "series_id": document.meeting.series_id,
            "meeting_id": document.meeting_id,
            "body_id": document.meeting.body_id,
            "version_id": version.pk,
            "uid": r["uid"],
            "number": numbers.get(str(r["uid"]), ""),
            "agreed": agreed,
            "date": when,
        }
        if r["pk"] in known:
            Precedent.objects.filter(pk=known[r["pk"]]).exclude(**values).update(**values)
        else:
            fresh.append(Precedent(paragraph_id=r["pk"], text=r["text"], folded=fold(r["text"]), **values))
    Precedent.objects.bulk_create(fresh, batch_size=BATCH)
    _insert_shingles([(p.pk, h) for p in fresh for h in shingles(p.text)])


def _kind_label(document: OutcomeDocument, language: str) -> str:
    with translation.override(language):
        return str(document.get_kind_display())


def _document_entry(document: OutcomeDocument, fields: dict[str, Any]) -> SearchEntry:
    return _entry(
        Kind.DOCUMENT,
        document.pk,
        title=document.title_en,
        title_vi=document.title_vi,
        # The kind as both languages name it ("Declaration" / "Tuyên bố"): found in either, shown in the reader's.
        text=_join(*(_kind_label(document, language) for language in ("en", "vi"))),
        url=_document_url(document),
        **fields,
    )


def _paragraph_entry(
    document: OutcomeDocument, fields: dict[str, Any], row: dict[str, Any], current: bool
) -> SearchEntry:
    number = row["version__number"]
    entry = _entry(
        Kind.PARAGRAPH,
        row["pk"],
        title=document.title_en,
        title_vi=document.title_vi,
        text=row["text"],
        url=_document_url(document, f"p-{row['uid']}", None if current else number),
        key=_wording_key(document.pk, row["uid"], row["text"]),
        **{**fields, "current": current},
    )
    entry.folded = fold(row["text"])
    return entry


def _proposal_entry(document: OutcomeDocument, fields: dict[str, Any], proposal: Proposal) -> SearchEntry:
    return _entry(
        Kind.PROPOSAL,
        proposal.pk,
        title=f"{proposal.party.code}: {document.title_en}",
        text=_join(proposal.text, proposal.justification),
        url=_document_url(document, f"proposal-{proposal.pk}"),
        **{**fields, "status": proposal.status},
    )


@transaction.atomic
def index_document_head(document_id: int) -> None:
    """After the register entry changed (title, status, decision): its title entry, the status carried by its
    entries, and its precedents (a decided text's paragraphs become agreed language)."""
    document = _load_document(document_id)
    if document is None:
        Precedent.objects.filter(document_id=document_id).delete()
        SearchEntry.objects.filter(document_id=document_id).delete()
        return
    fields = _document_fields(document)
    SearchEntry.objects.filter(document_id=document_id).exclude(kind__in=[Kind.PROPOSAL, Kind.DOCUMENT]).update(
        status=fields["status"], adopted=fields["adopted"], date=fields["date"], year=fields["date"].year
    )
    _upsert([_document_entry(document, fields)])
    _index_precedents(document)


@transaction.atomic
def index_version(version: DocumentVersion) -> None:
    """A new draft: its wordings not seen before become entries; `current` moves to the wordings it reads."""
    document = _load_document(version.document_id)
    if document is None:
        return
    fields = _document_fields(document)
    entries = SearchEntry.objects.filter(kind=Kind.PARAGRAPH, document_id=document.pk)
    entries.update(current=False)
    rows = list(Paragraph.objects.filter(version=version).values("pk", "uid", "text", "version__number"))
    keys = {_wording_key(document.pk, r["uid"], r["text"]): r for r in rows}
    known = set(entries.filter(key__in=list(keys)).values_list("key", flat=True))
    entries.filter(key__in=known).update(current=True)
    is_current = document.current_version_id == version.pk
    SearchEntry.objects.bulk_create(
        [_paragraph_entry(document, fields, r, is_current) for key, r in keys.items() if key not in known],
        batch_size=BATCH,
    )
    index_document_head(document.pk)


def index_proposal(proposal: Proposal) -> None:
    document = _load_document(proposal.document_id)
    if document is None:
        return
    proposal = Proposal.objects.select_related("party").get(pk=proposal.pk)
    _upsert([_proposal_entry(document, _document_fields(document), proposal)])


def _after_bulk_write() -> None:
    """After rebuilding: fresh planner statistics (PostgreSQL otherwise plans the first searches on an empty
    table's figures until autovacuum comes by) and, on SQLite, the FTS5 index merged into one b-tree."""
    # The access filter inside every search joins the documents and their meetings: their figures matter too
    # (with none, PostgreSQL took the visible documents for one row and read every entry of each).
    tables = [
        "search_searchentry",
        "search_precedent",
        "search_precedentshingle",
        "documents_outcomedocument",
        "meetings_meeting",
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Outside a transaction (the command): VACUUM too, so the first searches neither set the hint bits
            # of every row written nor find the visibility map empty (no index-only scans).
            cursor.execute("VACUUM ANALYZE " + ", ".join(tables))
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(tables))
        elif connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def reindex_all() -> dict[str, int]:
    """Rebuild the whole index and precedent store; returns the entries per kind."""
    with transaction.atomic():
        PrecedentShingle.objects.all().delete()
        Precedent.objects.all().delete()
        SearchEntry.objects.all().delete()
        index_meetings(Meeting.objects.values_list("pk", flat=True))
        for session in Session.objects.all():
            index_session(session)
        for circular in Circular.objects.all():
            index_circular(circular)
        for plan in Plan.objects.all():
            index_plan(plan)
        for participant in Participant.objects.all():
            index_participant(participant)
        for document_id in OutcomeDocument.objects.values_list("pk", flat=True):
            index_document(document_id)
    _after_bulk_write()
    counts = {kind: SearchEntry.objects.filter(kind=kind).count() for kind in Kind.values}
    counts["precedents"] = Precedent.objects.count()
    return counts
