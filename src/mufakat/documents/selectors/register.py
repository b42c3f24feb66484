"""The register: the documents a viewer may see, their drafts and the paragraphs of a draft."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound
from mufakat.documents import brackets
from mufakat.documents.enums import SilenceStatus
from mufakat.documents.models import (
    AdRefMark,
    DocumentVersion,
    JourneyStep,
    OutcomeDocument,
    Paragraph,
    SilenceProcedure,
)
from mufakat.documents.rules import document_visible_q
from mufakat.meetings.models import Meeting, Series
from mufakat.reference.selectors import MembershipIndex

MAX_NUMBER = 2**31 - 1  # past what a database integer holds, no draft has the number


def _base() -> QuerySet[OutcomeDocument]:
    running = SilenceProcedure.objects.filter(version=OuterRef("current_version"), status=SilenceStatus.RUNNING)
    return (
        OutcomeDocument.objects.select_related(
            "meeting__body__framework",
            "meeting__series__venue",
            "meeting__venue",
            "lead_party",
            "lead_body",
            "restricted_to",
            "current_version",
        )
        .prefetch_related("confidential_to")
        .annotate(under_silence=Exists(running))
    )


def taken_up_at_q(meeting: Meeting, *, recommended: bool = True) -> Q:
    """The documents of a meeting's register: its own, and those its meetings take up on their way (a journey
    step there), or recommended to it from another meeting."""
    steps = Q(meeting=meeting) | Q(recommended_to=meeting) if recommended else Q(meeting=meeting)
    return Q(meeting=meeting) | Q(pk__in=JourneyStep.objects.filter(steps).values("document_id"))


def document_list(
    *, viewer: SeriesViewer, series: Series, meeting: Meeting | None = None, index: MembershipIndex | None = None
) -> QuerySet[OutcomeDocument]:
    """The register of a series (or of one meeting, with the documents it takes up on their way) as this viewer
    may see it (`index`: memberships already read by the caller)."""
    documents = _base().filter(meeting__series=series)
    if meeting is not None:
        documents = documents.filter(taken_up_at_q(meeting))
    return documents.filter(document_visible_q(viewer, series_start=series.start_date, index=index))


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
    """The drafts in order, each with the journey step (meeting or procedure) that produced it, if recorded."""
    return list(
        DocumentVersion.objects.filter(document=document)
        .select_related("circulated_by", "journey_step__meeting__body")
        .order_by("number")
    )


def paragraph_texts(*, version: DocumentVersion) -> list[brackets.ParagraphText]:
    ad_ref = {str(uid) for uid in AdRefMark.objects.filter(version=version).values_list("paragraph_uid", flat=True)}
    return [
        brackets.ParagraphText(uid=str(uid), kind=kind, text=text, ad_ref=str(uid) in ad_ref)
        for uid, kind, text in Paragraph.objects.filter(version=version)
        .order_by("position")
        .values_list("uid", "kind", "text")
    ]
