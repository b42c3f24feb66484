"""The register of documents: entries, their classification, withdrawal, agenda links."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail, audit_record, snapshot
from mufakat.accounts.classification import Classification, validate_classification
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed, require_choice
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.documents.enums import CLOSED_STATUSES, Disposition, DocumentKind, DocumentStatus
from mufakat.documents.models import AgendaItemDocument, OutcomeDocument
from mufakat.documents.rules import require_manage
from mufakat.meetings.models import AgendaItem, Body, Meeting
from mufakat.reference.models import Framework, Party

from .common import lock_to_manage, require_open

REGISTER_FIELDS = [
    "meeting",
    "position",
    "kind",
    "title_en",
    "title_vi",
    "lead_party",
    "lead_body",
    "disposition",
    "status",
    "classification",
    "restricted_to",
    "confidential_to",
]


def _validate_entry(*, kind: str, title_en: str, disposition: str, record: str) -> None:
    require_choice(kind, DocumentKind.values, field="kind", record=record)
    if not title_en.strip():
        raise ValidationFailed(_("a document needs an English title."), field="title_en", record=record)
    if len(title_en) > 300:
        raise ValidationFailed(_("at most 300 characters."), field="title_en", record=record)
    require_choice(disposition, Disposition.values, field="disposition", record=record)


@transaction.atomic
def document_create(
    *,
    actor: SeriesViewer,
    meeting: Meeting,
    kind: str,
    title_en: str,
    title_vi: str = "",
    lead_party: Party | None = None,
    disposition: str = Disposition.ADOPT,
    classification: str = Classification.RESTRICTED,
    restricted_to: Framework | None = None,
    confidential_to: Sequence[Party] = (),
    lead_body: Body | None = None,
) -> OutcomeDocument:
    """Add a document to a meeting's register. Restricted documents default to the meeting's framework;
    `lead_body` is the sectoral body that steers it there (its journey: services.journey)."""
    require_manage(actor)
    record = f"new document of {meeting.short_title}"
    if meeting.series_id is None or meeting.series_id != actor.series_id:
        raise ValidationFailed(_("the meeting is not part of this series."), field="meeting", record=record)
    _validate_entry(kind=kind, title_en=title_en, disposition=disposition, record=record)
    if classification == Classification.RESTRICTED and restricted_to is None:
        restricted_to = meeting.body.framework
    validate_classification(
        classification=classification,
        restricted_to=restricted_to,
        confidential_to=list(confidential_to),
        record=record,
    )
    last = OutcomeDocument.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
    document = OutcomeDocument.objects.create(
        meeting=meeting,
        position=last + 1,
        kind=kind,
        title_en=title_en.strip(),
        title_vi=title_vi.strip(),
        lead_party=lead_party,
        lead_body=lead_body,
        disposition=disposition,
        classification=classification,
        restricted_to=restricted_to if classification == Classification.RESTRICTED else None,
    )
    if classification == Classification.CONFIDENTIAL:
        document.confidential_to.set(confidential_to)
    audit_record(viewer=actor, action="document.create", obj=document, after=snapshot(document, REGISTER_FIELDS))
    return document


@transaction.atomic
def document_update(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    expected_version: int,
    kind: str,
    title_en: str,
    title_vi: str,
    lead_party: Party | None,
    disposition: str,
    classification: str,
    restricted_to: Framework | None,
    confidential_to: Sequence[Party] = (),
) -> OutcomeDocument:
    document, record = lock_to_manage(actor, document)
    check_fresh(document, expected_version=expected_version, record=record)
    require_open(document)
    _validate_entry(kind=kind, title_en=title_en, disposition=disposition, record=record)
    validate_classification(
        classification=classification, restricted_to=restricted_to, confidential_to=list(confidential_to), record=record
    )
    confidential = confidential_to if classification == Classification.CONFIDENTIAL else []
    return versioned_update(
        document,
        expected_version=expected_version,
        record=record,
        changes={
            "kind": kind,
            "title_en": title_en.strip(),
            "title_vi": title_vi.strip(),
            "lead_party": lead_party,
            "disposition": disposition,
            "classification": classification,
            "restricted_to": restricted_to if classification == Classification.RESTRICTED else None,
        },
        apply=lambda changed: changed.confidential_to.set(confidential),
        update_fields=["kind", "title_en", "title_vi", "lead_party", "disposition", "classification", "restricted_to"],
        audit=AuditTrail(actor, "document.update", REGISTER_FIELDS),
    )


@transaction.atomic
def document_withdraw(
    *, actor: SeriesViewer, document: OutcomeDocument, expected_version: int, reason: str
) -> OutcomeDocument:
    document, record = lock_to_manage(actor, document)
    check_fresh(document, expected_version=expected_version, record=record)
    if document.status in CLOSED_STATUSES:
        raise ValidationFailed(
            _("the document is already %(status)s.") % {"status": document.get_status_display()},
            field="status",
            record=record,
        )
    if not reason.strip():
        raise ValidationFailed(_("say why the document is withdrawn."), field="reason", record=record)
    return versioned_update(
        document,
        expected_version=expected_version,
        record=record,
        changes={"status": DocumentStatus.WITHDRAWN},
        update_fields=["status"],
        audit=AuditTrail(actor, "document.withdraw", ["status"], extra={"reason": reason.strip()}),
    )


@transaction.atomic
def agenda_item_document_link(
    *, actor: SeriesViewer, agenda_item: AgendaItem, document: OutcomeDocument
) -> AgendaItemDocument:
    """Take a document up under an agenda item of the same meeting."""
    require_manage(actor)
    record = f"agenda item #{agenda_item.pk}"
    if agenda_item.meeting_id != document.meeting_id:
        raise ValidationFailed(
            _("%(document)s belongs to another meeting (%(meeting)s); link it from that meeting's agenda.")
            % {"document": document.title_en, "meeting": document.meeting.short_title},
            field="document",
            record=record,
        )
    link, created = AgendaItemDocument.objects.get_or_create(agenda_item=agenda_item, document=document)
    if created:
        audit_record(
            viewer=actor,
            action="agenda_item.document_link",
            obj=link,
            after={"agenda_item": agenda_item.pk, "document": document.pk},
        )
    return link
