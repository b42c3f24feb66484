"""What every document service shares: locking, the parties whose consent is needed, derived status."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.core.locking import lock_then_read
from mufakat.documents.enums import CLOSED_STATUSES, DocumentStatus, PositionKind, ProposalStatus, SilenceStatus
from mufakat.documents.models import (
    AdRefMark,
    DocumentVersion,
    OutcomeDocument,
    Paragraph,
    Position,
    Proposal,
    SilenceProcedure,
)
from mufakat.documents.rules import require_act_for, require_manage
from mufakat.reference.enums import MembershipRole
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex
from mufakat.search.indexing import index_document_head

CONSENSUS_ROLES: set[str] = {MembershipRole.MEMBER, MembershipRole.PARTNER}


def record_of(document: OutcomeDocument) -> str:
    return f"document #{document.pk} ({document.title_en})"


def lock(document: OutcomeDocument) -> OutcomeDocument:
    """Re-read the document under a row lock: version numbers and statuses change one writer at a time. The
    current version is read after the lock is held (see lock_then_read), never from before the wait."""
    locked = lock_then_read(
        OutcomeDocument.objects.select_related(
            "meeting__body__framework", "meeting__series", "meeting__venue", "current_version"
        ),
        pk=document.pk,
    )
    if locked is None:
        raise OutcomeDocument.DoesNotExist(f"no outcome document with id {document.pk}")
    return locked


def lock_to_manage(actor: SeriesViewer, document: OutcomeDocument) -> tuple[OutcomeDocument, str]:
    """The chair's write preamble: anyone else is refused, then the document is locked (see lock) and named
    for the errors that follow."""
    require_manage(actor)
    locked = lock(document)
    return locked, record_of(locked)


def require_open(document: OutcomeDocument) -> None:
    if document.status in CLOSED_STATUSES:
        raise ValidationFailed(
            _("the document is %(status)s; its text can no longer change.") % {"status": document.get_status_display()},
            field="status",
            record=record_of(document),
        )


def require_current(document: OutcomeDocument, version_id: int | None, *, field: str = "version") -> DocumentVersion:
    """The current version, or 409 naming it when the caller worked on a superseded one."""
    current = document.current_version
    if current is None:
        raise ValidationFailed(_("the document has no text yet."), field=field, record=record_of(document))
    if version_id is not None and version_id != current.pk:
        raise Conflict(
            _("version %(old)s was superseded by draft %(number)s (version id %(id)s); work on the current draft.")
            % {"old": version_id, "number": current.number, "id": current.pk},
            field=field,
            record=record_of(document),
            current={"version_id": current.pk, "number": current.number},
        )
    return current


@dataclass(frozen=True)
class ConsensusParty:
    party: Party
    role: str


def consensus_parties(document: OutcomeDocument, index: MembershipIndex | None = None) -> list[ConsensusParty]:
    """Whose agreement the document needs: members and partners of the meeting's framework on its first day."""
    index = index or MembershipIndex()
    meeting = document.meeting
    return [
        ConsensusParty(member.party, member.role)
        for member in index.members_on(meeting.body.framework_id, meeting.start_date, roles=CONSENSUS_ROLES)
    ]


def require_consensus_party(document: OutcomeDocument, party: Party, *, field: str = "party") -> None:
    codes = {entry.party.pk for entry in consensus_parties(document)}
    if party.pk not in codes:
        meeting = document.meeting
        raise ValidationFailed(
            _("%(party)s is not a member of %(framework)s on %(date)s, so it takes no part in this document.")
            % {"party": party.code, "framework": meeting.body.framework.code, "date": meeting.start_date.isoformat()},
            field=field,
            record=record_of(document),
        )


def lock_for_party(
    actor: SeriesViewer, document: OutcomeDocument, party: Party, version_id: int
) -> tuple[OutcomeDocument, str, DocumentVersion]:
    """A party's write preamble: the actor must act for it, the document is locked (see lock), still open,
    `version_id` is its current version and the party takes part in the consensus. Returns the locked
    document, its name for errors and the current version."""
    require_act_for(actor, party.pk, party.code)
    locked = lock(document)
    record = record_of(locked)
    require_open(locked)
    current = require_current(locked, version_id, field="version_id")
    require_consensus_party(locked, party)
    return locked, record, current


def status_refresh(document: OutcomeDocument) -> str:
    """Derive the negotiating status from the current version; decided and withdrawn documents keep theirs."""
    if document.status in CLOSED_STATUSES:
        return document.status
    version = document.current_version
    status: str
    if version is None:
        status = DocumentStatus.PLANNED
    else:
        has_activity = (
            Proposal.objects.filter(document=document).exists()
            or Position.objects.filter(version__document=document).exists()
            or SilenceProcedure.objects.filter(version__document=document).exists()
        )
        brackets = Proposal.objects.filter(version=version, status=ProposalStatus.OPEN).exists()
        if brackets or not has_activity:
            status = DocumentStatus.UNDER_NEGOTIATION if has_activity else DocumentStatus.DRAFTING
        else:
            status = _clearance_status(document, version)
        if status in (DocumentStatus.CLEARED, DocumentStatus.AD_REF) and document.recommendation_id is not None:
            status = DocumentStatus.RECOMMENDED if status == DocumentStatus.CLEARED else status
    if status != document.status:
        OutcomeDocument.objects.filter(pk=document.pk).update(status=status)
        document.status = status
        index_document_head(document.pk)  # the search index carries the status (an update sends no signal)
    return status


def _clearance_status(document: OutcomeDocument, version: DocumentVersion) -> str:
    ad_ref_paragraphs = AdRefMark.objects.filter(version=version).exists()
    silence_held = SilenceProcedure.objects.filter(version=version, status=SilenceStatus.HELD).exists()
    if silence_held:
        return DocumentStatus.AD_REF if ad_ref_paragraphs else DocumentStatus.CLEARED
    needed = {entry.party.pk for entry in consensus_parties(document)}
    positions = dict(Position.objects.filter(version=version).values_list("party_id", "kind"))
    agreeing = {party for party, kind in positions.items() if kind in (PositionKind.AGREE, PositionKind.AGREE_AD_REF)}
    if not needed or not needed <= agreeing:
        return DocumentStatus.UNDER_NEGOTIATION
    if ad_ref_paragraphs or any(positions[party] == PositionKind.AGREE_AD_REF for party in needed):
        return DocumentStatus.AD_REF
    return DocumentStatus.CLEARED


def paragraph_of(version_id: int, uid: str | None, *, field: str, record: str) -> Paragraph:
    """The paragraph `uid` of a draft; refused on `field` when it is not one."""
    try:
        parsed = uuid.UUID(str(uid))
    except ValueError:
        raise ValidationFailed(_("not a paragraph id."), field=field, record=record) from None
    paragraph: Paragraph | None = Paragraph.objects.filter(version_id=version_id, uid=parsed).first()
    if paragraph is None:
        raise ValidationFailed(
            _("no paragraph %(uid)s in the current draft.") % {"uid": uid}, field=field, record=record
        )
    return paragraph
