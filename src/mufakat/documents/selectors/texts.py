"""A draft's text as read: bracketed with the open proposals, clean, or compared with another draft."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from mufakat.documents import brackets, compare
from mufakat.documents.enums import ProposalStatus, SilenceStatus, Stance
from mufakat.documents.models import (
    DocumentVersion,
    OutcomeDocument,
    Proposal,
    ProposalReaction,
    SilenceProcedure,
)

from .proposals import ProposalRow, bracket_parties, compromise_parties, is_compromise, proposal_rows, recorded_rows
from .register import paragraph_texts


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
        return _open_proposals(recorded_rows(version))
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
        .annotate(compromise=is_compromise())
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
    rows = proposal_rows(version=version) if _is_current(version) else recorded_rows(version)
    return TextView(version, brackets.bracketed(paragraph_texts(version=version), _open_proposals(rows)), rows)


def clean_text(*, version: DocumentVersion) -> TextView:
    """The agreed text of a version (of a superseded one: as it stood when the next one was circulated)."""
    return TextView(version, brackets.clean(paragraph_texts(version=version), open_proposals(version=version)), [])


def version_compare(*, old: DocumentVersion, new: DocumentVersion) -> compare.Comparison:
    return compare.compare(paragraph_texts(version=old), paragraph_texts(version=new))
