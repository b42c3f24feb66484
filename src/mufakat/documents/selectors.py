"""Reads of outcome documents, always through the viewer's access. Each view's query count is constant in
the number of paragraphs and proposals: paragraphs, proposals and reactions are fetched in one query
each and assembled in memory for the pure renderers in `brackets` and `compare`."""

from __future__ import annotations

import dataclasses
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound
from mufakat.core.i18n import localized
from mufakat.meetings.models import Meeting, Series
from mufakat.reference.selectors import MembershipIndex

from . import brackets, compare
from .enums import PositionKind, ProposalKind, ProposalStatus, SilenceStatus, Stance
from .models import (
    AdRefMark,
    DocumentVersion,
    OutcomeDocument,
    Paragraph,
    Position,
    Proposal,
    ProposalReaction,
    ProposalRecord,
    SilenceBreak,
    SilenceProcedure,
)
from .rules import document_visible_q
from .services.common import ConsensusParty, consensus_parties

MAX_NUMBER = 2**31 - 1  # past what a database integer holds, no draft has the number


def _base() -> QuerySet[OutcomeDocument]:
    running = SilenceProcedure.objects.filter(version=OuterRef("current_version"), status=SilenceStatus.RUNNING)
    return (
        OutcomeDocument.objects.select_related(
            "meeting__body__framework",
            "meeting__series__venue",
            "meeting__venue",
            "lead_party",
            "restricted_to",
            "current_version",
        )
        .prefetch_related("confidential_to")
        .annotate(under_silence=Exists(running))
    )


def document_list(*, viewer: SeriesViewer, series: Series, meeting: Meeting | None = None) -> QuerySet[OutcomeDocument]:
    """The register of a series (or of one meeting) as this viewer may see it."""
    documents = _base().filter(meeting__series=series)
    if meeting is not None:
        documents = documents.filter(meeting=meeting)
    return documents.filter(document_visible_q(viewer, series_start=series.start_date))


def document_get(*, viewer: SeriesViewer, series: Series, document_id: int) -> OutcomeDocument:
    """A document the viewer may see; anything else is 'not found' (its existence is not disclosed)."""
    document = document_list(viewer=viewer, series=series).filter(pk=document_id).first()
    if document is None:
        raise NotFound(_("no document %(id)s in this series.") % {"id": document_id}, field="document_id")
    return document


def version_get(*, document: OutcomeDocument, number: int) -> DocumentVersion:
    version: DocumentVersion | None = (
        DocumentVersion.objects.filter(document=document, number=number).first() if number <= MAX_NUMBER else None
    )
    if version is None:
        raise NotFound(
            _("%(document)s has no draft %(number)s.") % {"document": document.title_en, "number": number},
            field="number",
        )
    return version


def version_list(*, document: OutcomeDocument) -> list[DocumentVersion]:
    return list(DocumentVersion.objects.filter(document=document).select_related("circulated_by").order_by("number"))


def paragraph_texts(*, version: DocumentVersion) -> list[brackets.ParagraphText]:
    ad_ref = {str(uid) for uid in AdRefMark.objects.filter(version=version).values_list("paragraph_uid", flat=True)}
    return [
        brackets.ParagraphText(uid=str(uid), kind=kind, text=text, ad_ref=str(uid) in ad_ref)
        for uid, kind, text in Paragraph.objects.filter(version=version)
        .order_by("position")
        .values_list("uid", "kind", "text")
    ]


@dataclass(frozen=True)
class PartyRef:
    code: str
    name_en: str
    name_vi: str

    @property
    def name(self) -> str:
        return localized(self, "name")


@dataclass(frozen=True)
class ProposalView:
    """A proposal as pages and the API read it: plain values, no model instance (a draft under heavy
    negotiation has thousands; building ORM objects for them would cost more than rendering them)."""

    pk: int
    document_id: int
    version_id: int
    kind: str
    paragraph_uid: uuid.UUID | None
    start: int | None
    end: int | None
    text: str
    justification: str
    new_uid: uuid.UUID | None
    status: str
    party: PartyRef
    created_at: datetime
    resolution_note: str

    @property
    def id(self) -> int:
        return self.pk

    @property
    def party_id(self) -> str:
        return self.party.code

    def get_kind_display(self) -> str:
        return str(ProposalKind(self.kind).label)

    def get_status_display(self) -> str:
        return str(ProposalStatus(self.status).label)


@dataclass
class ProposalRow:
    """A proposal with the parties supporting and objecting to it, as the document page lists it."""

    proposal: ProposalView
    supporters: list[str]
    objectors: list[str]
    carried: tuple[str, ...] | None = None  # a chair's compromise: the parties of the proposals it merged

    @property
    def parties(self) -> tuple[str, ...]:
        """Proposer, then supporters; for a compromise, the parties it carries, then its own supporters,
        less whoever objects to it."""
        return bracket_parties(self.proposal.party.code, self.supporters, self.objectors, self.carried)


def bracket_parties(
    proposer: str, supporters: Sequence[str], objectors: Sequence[str], carried: tuple[str, ...] | None
) -> tuple[str, ...]:
    """The parties a bracket names after a proposal (see ProposalRow.parties)."""
    if carried is None:
        return (proposer, *supporters)
    return tuple(code for code in dict.fromkeys((*carried, *supporters)) if code not in objectors)


_PROPOSAL_FIELDS = (
    "pk",
    "document_id",
    "version_id",
    "kind",
    "paragraph_uid",
    "start",
    "end",
    "text",
    "justification",
    "new_uid",
    "status",
    "party__code",
    "party__name_en",
    "party__name_vi",
    "created_at",
    "resolution_note",
)


def _is_compromise() -> Exists:
    return Exists(Proposal.objects.filter(merged_into=OuterRef("pk")))


def _stances(reactions: QuerySet[ProposalReaction]) -> dict[int, tuple[list[str], list[str]]]:
    stances: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for proposal_id, code, stance in reactions.order_by("party__code", "pk").values_list(
        "proposal_id", "party__code", "stance"
    ):
        stances[proposal_id][0 if stance == Stance.SUPPORT else 1].append(code)
    return stances


def compromise_parties(proposal_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """For each of these proposals that is a chair's compromise: the proposers and supporters of the
    proposals it merged (a merged compromise contributing the parties it carried), in the order the
    proposals were made. One query per level of merging, plus one for the reactions; the merged proposals
    are closed, so this does not change after the merge."""
    proposal_ids = list(proposal_ids)
    children: dict[int, list[tuple[int, str]]] = defaultdict(list)
    frontier = set(proposal_ids)
    while frontier:
        found = list(
            Proposal.objects.filter(merged_into__in=frontier)
            .order_by("pk")
            .values_list("pk", "merged_into_id", "party__code")
        )
        for pk, parent, code in found:
            children[parent].append((pk, code))
        frontier = {pk for pk, _parent, _code in found}
    if not children:
        return {}
    stances = _stances(ProposalReaction.objects.filter(proposal_id__in=[pk for k in children.values() for pk, _ in k]))

    def carried(parent: int) -> list[str]:
        codes: list[str] = []
        for child, code in children[parent]:
            supporters, objectors = stances.get(child, ([], []))
            if child in children:
                codes.extend(c for c in (*carried(child), *supporters) if c not in objectors)
            else:
                codes.extend((code, *supporters))
        return list(dict.fromkeys(codes))

    return {pk: tuple(carried(pk)) for pk in proposal_ids if pk in children}


def _row(values: tuple[Any, ...], stances: dict[int, tuple[list[str], list[str]]]) -> ProposalRow:
    (
        pk,
        document_id,
        version_id,
        kind,
        paragraph_uid,
        start,
        end,
        text,
        justification,
        new_uid,
        status,
        code,
        name_en,
        name_vi,
        created_at,
        note,
    ) = values
    view = ProposalView(
        pk,
        document_id,
        version_id,
        kind,
        paragraph_uid,
        start,
        end,
        text,
        justification,
        new_uid,
        status,
        PartyRef(code, name_en, name_vi),
        created_at,
        note,
    )
    supporters, objectors = stances.get(view.pk, ([], []))
    return ProposalRow(proposal=view, supporters=supporters, objectors=objectors)


def _with_compromises(rows: list[ProposalRow], compromises: list[int]) -> list[ProposalRow]:
    carried = compromise_parties(compromises) if compromises else {}
    for row in rows:
        row.carried = carried.get(row.proposal.pk)
    return rows


def proposal_rows(*, version: DocumentVersion, open_only: bool = True) -> list[ProposalRow]:
    """Two queries whatever the number of proposals: the proposals, then every reaction to them (and,
    only when a chair's compromise is among them, the proposals it merged)."""
    proposals = Proposal.objects.filter(version=version)
    reactions = ProposalReaction.objects.filter(proposal__version=version)
    if open_only:
        proposals = proposals.filter(status=ProposalStatus.OPEN)
        reactions = reactions.filter(proposal__status=ProposalStatus.OPEN)
    stances = _stances(reactions)
    rows, compromises = [], []
    for *values, compromise in (
        proposals.annotate(compromise=_is_compromise()).order_by("pk").values_list(*_PROPOSAL_FIELDS, "compromise")
    ):
        rows.append(_row(tuple(values), stances))
        if compromise:
            compromises.append(rows[-1].proposal.pk)
    return _with_compromises(rows, compromises)


def _recorded_rows(version: DocumentVersion) -> list[ProposalRow]:
    """The proposals open on a superseded version when the next one was circulated, with their span on it
    and the support and objection they had then (see ProposalRecord)."""
    fields = [f"proposal__{name}" if name != "pk" else "proposal_id" for name in _PROPOSAL_FIELDS]
    rows, compromises = [], []
    for values in (
        ProposalRecord.objects.filter(version=version)
        .annotate(compromise=Exists(Proposal.objects.filter(merged_into=OuterRef("proposal_id"))))
        .order_by("proposal_id")
        .values_list(*fields, "start", "end", "supporters", "objectors", "compromise")
    ):
        *proposal, start, end, supporters, objectors, compromise = values
        row = _row(tuple(proposal), {})
        row.proposal = dataclasses.replace(
            row.proposal, version_id=version.pk, start=start, end=end, status=ProposalStatus.OPEN
        )
        row.supporters, row.objectors = list(supporters), list(objectors)
        rows.append(row)
        if compromise:
            compromises.append(row.proposal.pk)
    return _with_compromises(rows, compromises)


def _is_current(version: DocumentVersion) -> bool:
    return OutcomeDocument.objects.filter(pk=version.document_id, current_version=version).exists()


def _open_proposals(rows: list[ProposalRow]) -> list[brackets.OpenProposal]:
    return [
        brackets.OpenProposal(
            id=row.proposal.pk,
            kind=row.proposal.kind,
            paragraph_uid=str(row.proposal.paragraph_uid) if row.proposal.paragraph_uid else None,
            start=row.proposal.start or 0,
            end=row.proposal.end or 0,
            text=row.proposal.text,
            parties=row.parties,
            compromise=row.carried is not None,
        )
        for row in rows
        if row.proposal.status == ProposalStatus.OPEN
    ]


@dataclass
class TextView:
    version: DocumentVersion
    paragraphs: list[brackets.RenderedParagraph]
    proposals: list[ProposalRow]

    @property
    def bracket_count(self) -> int:
        return sum(1 for paragraph in self.paragraphs if paragraph.bracketed)

    @property
    def proposals_by_paragraph(self) -> dict[str, list[ProposalRow]]:
        grouped: dict[str, list[ProposalRow]] = defaultdict(list)
        for row in self.proposals:
            uid = row.proposal.paragraph_uid
            key = f"new-{row.proposal.pk}" if row.proposal.kind == "new_paragraph" else (str(uid) if uid else "")
            grouped[key].append(row)
        return grouped


def open_proposals(*, version: DocumentVersion) -> list[brackets.OpenProposal]:
    """Just what the renderer needs of the proposals open on a version (proposer and supporters): on the
    current version, two lean queries, for texts read without the list of proposals (the API's bracketed
    and clean text, Word exports); on a superseded one, the proposals as they stood when it was superseded."""
    if not _is_current(version):
        return _open_proposals(_recorded_rows(version))
    supporters: dict[int, list[str]] = defaultdict(list)
    objectors: dict[int, list[str]] = defaultdict(list)
    for proposal_id, code, stance in (
        ProposalReaction.objects.filter(proposal__version=version, proposal__status=ProposalStatus.OPEN)
        .order_by("party__code", "pk")
        .values_list("proposal_id", "party__code", "stance")
    ):
        (supporters if stance == Stance.SUPPORT else objectors)[proposal_id].append(code)
    rows = list(
        Proposal.objects.filter(version=version, status=ProposalStatus.OPEN)
        .annotate(compromise=_is_compromise())
        .order_by("pk")
        .values_list("pk", "kind", "paragraph_uid", "start", "end", "text", "party__code", "compromise")
    )
    carried = compromise_parties([row[0] for row in rows if row[-1]])
    result = []
    for pk, kind, uid, start, end, text, code, _compromise in rows:
        parties = bracket_parties(code, supporters.get(pk, []), objectors.get(pk, []), carried.get(pk))
        result.append(
            brackets.OpenProposal(
                id=pk,
                kind=kind,
                paragraph_uid=str(uid) if uid else None,
                start=start or 0,
                end=end or 0,
                text=text,
                parties=parties,
                compromise=pk in carried,
            )
        )
    return result


def open_proposal_count(*, version: DocumentVersion) -> int:
    return Proposal.objects.filter(version=version, status=ProposalStatus.OPEN).count()


def silence_held_on(*, version: DocumentVersion) -> bool:
    """Whether silence was held on this draft (the silence procedure's service asks the same)."""
    return SilenceProcedure.objects.filter(version=version, status=SilenceStatus.HELD).exists()


def bracketed_text(*, version: DocumentVersion, with_proposals: bool = True) -> TextView:
    """The bracketed text; `with_proposals` also lists the open proposals (with justification, support and
    objection) for a page that shows them under their paragraphs. A superseded version reads as it stood
    when the next one was circulated: the proposals open on it then, with their supporters then."""
    if not with_proposals:
        return TextView(
            version, brackets.bracketed(paragraph_texts(version=version), open_proposals(version=version)), []
        )
    rows = proposal_rows(version=version) if _is_current(version) else _recorded_rows(version)
    return TextView(version, brackets.bracketed(paragraph_texts(version=version), _open_proposals(rows)), rows)


def clean_text(*, version: DocumentVersion) -> TextView:
    """The agreed text of a version (of a superseded one: as it stood when the next one was circulated)."""
    return TextView(version, brackets.clean(paragraph_texts(version=version), open_proposals(version=version)), [])


def version_compare(*, old: DocumentVersion, new: DocumentVersion) -> compare.Comparison:
    return compare.compare(paragraph_texts(version=old), paragraph_texts(version=new))


@dataclass
class BoardRow:
    party_code: str
    party_name: str
    role: str
    position: str  # a PositionKind value, or "" when the party has not taken one
    note: str
    taken_at: datetime | None
    previous: str  # its position on the previous draft, for "how far have we come"
    broke_silence: bool


@dataclass
class Board:
    version: DocumentVersion | None
    rows: list[BoardRow]

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.position == kind)

    @property
    def agreeing(self) -> int:
        return self.count(PositionKind.AGREE) + self.count(PositionKind.AGREE_AD_REF)

    @property
    def pending(self) -> int:
        return sum(1 for row in self.rows if not row.position)

    @property
    def consensus(self) -> bool:
        return bool(self.rows) and self.agreeing == len(self.rows)


def positions_board(*, document: OutcomeDocument, index: MembershipIndex | None = None) -> Board:
    """Every party whose agreement is needed × its position on the latest version (and the one before)."""
    version = document.current_version
    parties: list[ConsensusParty] = consensus_parties(document, index)
    if version is None:
        return Board(None, [BoardRow(p.party.code, p.party.name, p.role, "", "", None, "", False) for p in parties])
    positions = {p.party_id: p for p in Position.objects.filter(version=version)}
    previous = (
        dict(Position.objects.filter(version_id=version.based_on_id).values_list("party_id", "kind"))
        if version.based_on_id
        else {}
    )
    broke = set(SilenceBreak.objects.filter(procedure__version=version).values_list("party_id", flat=True))
    rows = []
    for entry in parties:
        position = positions.get(entry.party.pk)
        rows.append(
            BoardRow(
                party_code=entry.party.code,
                party_name=entry.party.name,
                role=entry.role,
                position=position.kind if position else "",
                note=position.note if position else "",
                taken_at=position.taken_at if position else None,
                previous=previous.get(entry.party.pk, ""),
                broke_silence=entry.party.pk in broke,
            )
        )
    return Board(version, rows)


@dataclass
class SilenceState:
    procedure: SilenceProcedure
    breaks: list[tuple[str, str, datetime]]  # party code, reason, when
    seconds_left: int  # 0 once the deadline has passed

    @property
    def local_deadline(self) -> datetime:
        return self.procedure.deadline.astimezone(zoneinfo.ZoneInfo(self.procedure.time_zone))


def silence_state(*, document: OutcomeDocument, now: datetime | None = None) -> SilenceState | None:
    """The latest silence procedure on the current draft, with its countdown."""
    if document.current_version is None:
        return None
    procedure = (
        SilenceProcedure.objects.filter(version=document.current_version)
        .prefetch_related("breaks__party")
        .order_by("-started_at", "-pk")
        .first()
    )
    if procedure is None:
        return None
    now = now or timezone.now()
    left = int((procedure.deadline - now).total_seconds()) if procedure.status == SilenceStatus.RUNNING else 0
    return SilenceState(
        procedure=procedure,
        breaks=[(b.party.code, b.reason, b.broken_at) for b in procedure.breaks.all()],
        seconds_left=max(0, left),
    )


def silence_procedure_get(*, document: OutcomeDocument, procedure_id: int) -> SilenceProcedure:
    procedure = SilenceProcedure.objects.filter(version__document=document, pk=procedure_id).first()
    if procedure is None:
        raise NotFound(_("no silence procedure %(id)s on this document.") % {"id": procedure_id}, field="procedure_id")
    return procedure


def proposal_get(*, document: OutcomeDocument, proposal_id: int) -> Proposal:
    proposal = Proposal.objects.filter(document=document, pk=proposal_id).select_related("party", "document").first()
    if proposal is None:
        raise NotFound(_("no proposal %(id)s on this document.") % {"id": proposal_id}, field="proposal_id")
    return proposal
