"""Writing the search index and the precedent store. Called from the services that write the text (a new
draft, a status change, an ad ref mark) and from save hooks for the simpler records, inside their transaction;
`reindex_all` rebuilds everything (`mufakat search reindex`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.urls import reverse

from mufakat.delegations.models import Circular, Participant
from mufakat.documents.brackets import ParagraphText, paragraph_numbers
from mufakat.documents.enums import FINAL_STATUSES, ParagraphKind
from mufakat.documents.models import AdRefMark, DocumentVersion, OutcomeDocument, Paragraph, Proposal
from mufakat.meetings.models import Meeting, Session
from mufakat.plans.models import Plan, PlanLine

from .enums import Kind
from .models import Precedent, PrecedentShingle, SearchEntry
from .text import fold, shingles

BATCH = 2000


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _entry(kind: str, object_id: int, *, title: str, text: str, url: str, **extra: Any) -> SearchEntry:
    title_vi = extra.pop("title_vi", "")
    when: date | None = extra.get("date")
    return SearchEntry(
        kind=kind,
        object_id=object_id,
        title=title[:400],
        title_vi=(title_vi or "")[:400],
        text=text,
        folded=fold(_join(title, title_vi, text)),
        url=url,
        year=when.year if when else None,
        **extra,
    )


def _meeting_fields(meeting: Meeting | None) -> dict[str, Any]:
    if meeting is None:
        return {}
    return {
        "meeting_id": meeting.pk,
        "series_id": meeting.series_id,
        "body_id": meeting.body_id,
        "framework_id": meeting.body.framework_id,
    }


def _document_fields(document: OutcomeDocument) -> dict[str, Any]:
    return {
        **_meeting_fields(document.meeting),
        "document_id": document.pk,
        "status": document.status,
        "adopted": document.status in FINAL_STATUSES,
        "date": document.final_date or document.meeting.start_date,
    }


def _document_url(document: OutcomeDocument, anchor: str = "", number: int | None = None) -> str:
    series = document.meeting.series
    code = series.code if series is not None else ""
    url = reverse("web:document-detail", args=[code, document.pk]) if code else ""
    if number is not None:
        url += f"?version={number}"
    return url + (f"#{anchor}" if anchor else "")


def _upsert(entries: list[SearchEntry]) -> None:
    """Write entries over the existing rows of the same objects (updated in place, so ids stay), adding the new."""
    existing: dict[tuple[str, int], int] = {}
    for kind in {e.kind for e in entries}:
        ids = [e.object_id for e in entries if e.kind == kind]
        for pk, object_id in SearchEntry.objects.filter(kind=kind, object_id__in=ids).values_list("pk", "object_id"):
            existing[(kind, object_id)] = pk
    fresh: list[SearchEntry] = []
    for entry in entries:
        entry.pk = existing.get((entry.kind, entry.object_id))
        if entry.pk is None:
            fresh.append(entry)
        else:
            entry.save(force_update=True)
    SearchEntry.objects.bulk_create(fresh, batch_size=BATCH)


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
    # draft (language agreed ad ref stays agreed language of its day); a withdrawn text's are left out on read.
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


def _document_entry(document: OutcomeDocument, fields: dict[str, Any]) -> SearchEntry:
    return _entry(
        Kind.DOCUMENT,
        document.pk,
        title=document.title_en,
        title_vi=document.title_vi,
        text=document.get_kind_display(),
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


def index_meetings(meeting_ids: Iterable[int]) -> None:
    meetings = list(Meeting.objects.select_related("body", "series", "venue").filter(pk__in=list(meeting_ids)))
    _upsert(
        [
            _entry(
                Kind.MEETING,
                meeting.pk,
                title=meeting.title_en,
                title_vi=meeting.title_vi,
                text=_join(meeting.body.name_en, meeting.note, meeting.venue.city_en if meeting.venue else ""),
                url=reverse("web:meeting-detail", args=[meeting.pk]),
                status=meeting.status,
                date=meeting.start_date,
                **_meeting_fields(meeting),
            )
            for meeting in meetings
        ],
    )


def index_meeting(meeting: Meeting) -> None:
    index_meetings([meeting.pk])


def index_session(session: Session) -> None:
    session = Session.objects.select_related("meeting__body", "meeting__series").get(pk=session.pk)
    _upsert(
        [
            _entry(
                Kind.SESSION,
                session.pk,
                title=session.title_en,
                title_vi=session.title_vi,
                text=str(session.meeting),
                url=reverse("web:meeting-detail", args=[session.meeting_id]),
                status=session.status,
                date=session.starts_at.date(),
                **_meeting_fields(session.meeting),
            )
        ],
    )


def index_circular(circular: Circular) -> None:
    circular = Circular.objects.select_related("series").get(pk=circular.pk)
    _upsert(
        [
            _entry(
                Kind.CIRCULAR,
                circular.pk,
                title=f"{circular.reference} {circular.title_en}",
                title_vi=circular.title_vi,
                text=_join(circular.body_en, circular.body_vi),
                url=reverse("web:circular-detail", args=[circular.series.code, circular.pk]),
                series_id=circular.series_id,
                date=circular.issued_at.date() if circular.issued_at else None,
            )
        ],
    )


def _plan_url(plan: Plan) -> str:
    meeting = plan.adopted_at_meeting
    if meeting is not None and meeting.series is not None:
        return reverse("web:plan-detail", args=[meeting.series.code, plan.pk])
    return ""


def index_plan(plan: Plan) -> None:
    """The plan and its lines (a line's number and words)."""
    plan = Plan.objects.select_related("adopted_at_meeting__series", "adopted_at_meeting__body").get(pk=plan.pk)
    url = _plan_url(plan)
    fields: dict[str, Any] = {
        **_meeting_fields(plan.adopted_at_meeting),
        "plan_id": plan.pk,
        "framework_id": plan.framework_id,
        "status": plan.status,
        "adopted": True,
        "date": date(plan.start_year, 1, 1),
    }
    entries = [_entry(Kind.PLAN, plan.pk, title=plan.title_en, title_vi=plan.title_vi, text="", url=url, **fields)]
    for line in PlanLine.objects.filter(plan=plan).order_by("sort_key"):
        entries.append(
            _entry(
                Kind.LINE,
                line.pk,
                title=f"{line.number} {line.title_en}",
                title_vi=line.title_vi,
                text=_join(line.text_en, line.text_vi, line.indicator_en),
                url=f"{url}#line-{line.pk}" if url else "",
                **{**fields, "status": "discontinued" if line.discontinued else plan.status},
            )
        )
    _upsert(entries)


def index_participant(participant: Participant) -> None:
    participant = Participant.objects.select_related("delegation__party", "delegation__series").get(pk=participant.pk)
    delegation = participant.delegation
    _upsert(
        [
            _entry(
                Kind.PARTICIPANT,
                participant.pk,
                title=participant.name_en,
                title_vi=participant.name_vi,
                text=_join(participant.title_en, participant.title_vi, delegation.party.name_en),
                url=reverse("web:delegation-detail", args=[delegation.series.code, delegation.party.code]),
                series_id=delegation.series_id,
                status=participant.accreditation,
                date=delegation.series.start_date,
            )
        ],
    )


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


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
    counts = {kind: SearchEntry.objects.filter(kind=kind).count() for kind in Kind.values}
    counts["precedents"] = Precedent.objects.count()
    return counts
