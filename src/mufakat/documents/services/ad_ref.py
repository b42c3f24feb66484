"""Ad referendum: a party's reservation on a paragraph pending its capital's confirmation."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.documents.enums import ProposalStatus
from mufakat.documents.models import AdRefMark, OutcomeDocument, Proposal
from mufakat.documents.rules import (
    ad_ref_refusal,
)
from mufakat.live.services import document_changed
from mufakat.reference.models import Party

from .common import (
    lock_to_manage,
    paragraph_of,
    require_current,
    require_open,
    status_refresh,
)


@transaction.atomic
def paragraph_ad_ref_mark(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    version_id: int,
    paragraph_uid: str,
    parties: Sequence[Party] = (),
    note: str = "",
) -> AdRefMark:
    """The chair records that a paragraph is agreed ad referendum (capitals still to confirm)."""
    document, record = lock_to_manage(actor, document)
    require_open(document)
    current = require_current(document, version_id, field="version_id")
    paragraph = paragraph_of(current.pk, paragraph_uid, field="paragraph_uid", record=record)
    open_ids = list(
        Proposal.objects.filter(version=current, paragraph_uid=paragraph.uid, status=ProposalStatus.OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    refusal = ad_ref_refusal(paragraph_kind=paragraph.kind, open_proposal_ids=open_ids)
    if refusal:
        raise ValidationFailed(refusal, field="paragraph_uid", record=record)
    mark, _created = AdRefMark.objects.get_or_create(
        version=current,
        paragraph_uid=paragraph.uid,
        defaults={"note": note.strip()[:500], "marked_by": actor.user if actor.is_authenticated else None},
    )
    mark.parties.set(parties)
    status_refresh(document)
    audit_record(
        viewer=actor,
        action="paragraph.ad_ref_mark",
        obj=mark,
        after={"paragraph_uid": str(paragraph.uid), "parties": sorted(p.code for p in parties)},
    )
    document_changed(document.pk, "ad_ref", paragraph=paragraph.uid)
    return mark


@transaction.atomic
def paragraph_ad_ref_confirm(
    *, actor: SeriesViewer, document: OutcomeDocument, version_id: int, paragraph_uid: str
) -> None:
    """Capitals confirmed: the paragraph is simply agreed."""
    document, record = lock_to_manage(actor, document)
    require_open(document)
    current = require_current(document, version_id, field="version_id")
    paragraph = paragraph_of(current.pk, paragraph_uid, field="paragraph_uid", record=record)
    mark = AdRefMark.objects.filter(version=current, paragraph_uid=paragraph.uid).first()
    if mark is None:
        raise ValidationFailed(_("the paragraph is not marked ad ref."), field="paragraph_uid", record=record)
    audit_record(
        viewer=actor, action="paragraph.ad_ref_confirm", obj=mark, before={"paragraph_uid": str(paragraph.uid)}
    )
    mark.delete()
    status_refresh(document)
    document_changed(document.pk, "ad_ref", paragraph=paragraph.uid)
