"""The SOM's recommendation of a cleared document, and the meeting's decision that makes it FINAL."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import AuditTrail
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import ValidationFailed
from mufakat.core.versioning import check_fresh, versioned_update
from mufakat.documents.enums import DECIDED_STATUS, ProposalStatus
from mufakat.documents.models import OutcomeDocument, Proposal
from mufakat.documents.rules import decision_refusal, recommendation_refusal
from mufakat.live.services import document_changed
from mufakat.meetings.enums import RecommendationStatus, RecommendationSubject
from mufakat.meetings.models import Meeting
from mufakat.meetings.services import recommendation_decide, recommendation_make

from .common import lock_to_manage, require_open, status_refresh
from .notices import notify_decided


def _refresh_status(document: OutcomeDocument) -> None:
    """With its recommendation set, a cleared document becomes recommended (an ad ref one stays ad ref)."""
    status_refresh(document)


@transaction.atomic
def document_recommend(
    *, actor: SeriesViewer, document: OutcomeDocument, expected_version: int, from_meeting: Meeting
) -> OutcomeDocument:
    """The preparing meeting (the SOM) recommends a cleared document to the meeting that will decide on it."""
    document, record = lock_to_manage(actor, document)
    check_fresh(document, expected_version=expected_version, record=record)
    require_open(document)
    refusal = recommendation_refusal(status=document.status)
    if refusal:
        raise ValidationFailed(refusal, field="status", record=record)
    recommendation = recommendation_make(
        actor=actor,
        from_meeting=from_meeting,
        to_meeting=document.meeting,
        subject=RecommendationSubject.DOCUMENT,
        document=document,
    )
    recommended = versioned_update(
        document,
        expected_version=expected_version,
        record=record,
        changes={"recommendation": recommendation},
        apply=_refresh_status,
        update_fields=["recommendation"],
        audit=AuditTrail(actor, "document.recommend", ["status", "recommendation"]),
    )
    document_changed(recommended.pk, "recommended")
    return recommended


@transaction.atomic
def document_decide(
    *,
    actor: SeriesViewer,
    document: OutcomeDocument,
    expected_version: int,
    place: str = "",
    on: date | None = None,
) -> OutcomeDocument:
    """The meeting adopts (notes, endorses, signs, issues) the cleared text: FINAL, frozen, published
    to whoever its classification allows."""
    document, record = lock_to_manage(actor, document)
    check_fresh(document, expected_version=expected_version, record=record)
    require_open(document)
    open_count = Proposal.objects.filter(version=document.current_version, status=ProposalStatus.OPEN).count()
    refusal = decision_refusal(status=document.status, open_count=open_count)
    if refusal:
        raise ValidationFailed(refusal, field="status", record=record)
    meeting = document.meeting
    on = on or meeting.end_date
    if not meeting.start_date <= on <= meeting.end_date:
        raise ValidationFailed(
            _("the decision is taken during the meeting (%(start)s to %(end)s).")
            % {"start": meeting.start_date.isoformat(), "end": meeting.end_date.isoformat()},
            field="on",
            record=record,
        )
    venue = meeting.effective_venue
    recommendation = document.recommendation

    def decide_recommendation(decided: OutcomeDocument) -> None:
        # The recommendation that brought the text here is adopted with it (its audit entry comes first).
        if recommendation is not None and recommendation.status == RecommendationStatus.RECOMMENDED:
            recommendation_decide(actor=actor, recommendation=recommendation, adopted=True)

    decided_fields = ["status", "decided_at", "final_place", "final_date"]
    decided = versioned_update(
        document,
        expected_version=expected_version,
        record=record,
        changes={
            "status": DECIDED_STATUS[document.disposition],
            "decided_at": timezone.now(),
            "final_place": place.strip() or (venue.city_en if venue else ""),
            "final_date": on,
        },
        apply=decide_recommendation,
        update_fields=decided_fields,
        audit=AuditTrail(actor, "document.decide", decided_fields),
    )
    notify_decided(actor=actor, document=decided)
    document_changed(decided.pk, "decided")
    return decided
