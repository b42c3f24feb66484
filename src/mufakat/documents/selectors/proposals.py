"""Proposals as pages and the API list them: plain values with their supporters and objectors, and the
parties a chair's compromise carries."""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from mufakat.core.errors import NotFound
from mufakat.core.i18n import localized
from mufakat.documents.enums import ProposalKind, ProposalStatus, Stance
from mufakat.documents.models import (
    DocumentVersion,
    OutcomeDocument,
    Proposal,
    ProposalReaction,
    ProposalRecord,
)


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


def is_compromise() -> Exists:
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
        proposals.annotate(compromise=is_compromise()).order_by("pk").values_list(*_PROPOSAL_FIELDS, "compromise")
    ):
        rows.append(_row(tuple(values), stances))
        if compromise:
            compromises.append(rows[-1].proposal.pk)
    return _with_compromises(rows, compromises)


def recorded_rows(version: DocumentVersion) -> list[ProposalRow]:
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


def proposal_get(*, document: OutcomeDocument, proposal_id: int) -> Proposal:
    proposal = Proposal.objects.filter(document=document, pk=proposal_id).select_related("party", "document").first()
    if proposal is None:
        raise NotFound(_("no proposal %(id)s on this document.") % {"id": proposal_id}, field="proposal_id")
    return proposal
