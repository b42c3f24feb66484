"""The SOM's recommendations to the meeting it prepares (programme, agenda, list of documents, one document)
and that meeting's decision on them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import ValidationFailed, require_choice
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings.enums import AgendaStatus, BodyLevel, RecommendationStatus, RecommendationSubject
from mufakat.meetings.models import AgendaItem, Meeting, ProgrammeRelease, Recommendation
from mufakat.meetings.rules import is_series_chair

from .agendas import CHAIR_ONLY


def _prepares(from_meeting: Meeting, to_meeting: Meeting) -> bool:
    """The SOM prepares the AMM of its week. Across series, senior officials (or ministers) of a framework
    recommend to that framework's Leaders, before the summit: "recommended by the SOM to the Leaders"."""
    within_series = (
        from_meeting.series_id is not None
        and from_meeting.series_id == to_meeting.series_id
        and from_meeting.body.prepares_id == to_meeting.body_id
    )
    to_leaders = (
        to_meeting.body.level == BodyLevel.LEADERS
        and from_meeting.body.level in (BodyLevel.SENIOR_OFFICIALS, BodyLevel.MINISTERS)
        and from_meeting.body.framework_id == to_meeting.body.framework_id
        and from_meeting.start_date <= to_meeting.start_date
    )
    return within_series or to_leaders


def _check_document(
    *, subject: str, document: OutcomeDocument | None, to_meeting: Meeting, text_en: str, text_vi: str, record: str
) -> None:
    """A document's recommendation names a document of the receiving meeting and quotes nothing of it."""
    if subject == RecommendationSubject.DOCUMENT:
        if document is None or document.meeting_id != to_meeting.pk:
            raise ValidationFailed(
                f"name a document of {to_meeting.short_title}'s register; a document is recommended from its own "
                "page or endpoint.",
                field="document",
                record=record,
            )
        if text_en or text_vi:
            raise ValidationFailed(
                "a document's recommendation takes no text: its wording comes from the document.",
                field="text_en" if text_en else "text_vi",
                record=record,
            )
    elif document is not None:
        raise ValidationFailed("only a document recommendation names a document.", field="document", record=record)


@transaction.atomic
def recommendation_make(
    *,
    actor: SeriesViewer,
    from_meeting: Meeting,
    to_meeting: Meeting,
    subject: str,
    release: ProgrammeRelease | None = None,
    document: OutcomeDocument | None = None,
    text_en: str = "",
    text_vi: str = "",
) -> Recommendation:
    """Record that a preparing meeting (SOM) recommends the programme, an agenda, the list of documents or
    one document to the meeting it prepares (AMM). An agenda recommendation marks the agenda 'recommended'.
    A document's recommendation names the document and carries no text: its wording is derived from the
    document, so no copy of a restricted title outlives the document's classification."""
    # Across series (a sectoral SOM to the Leaders) the chair of the receiving series records it.
    chair_series = from_meeting.series_id if from_meeting.series_id == to_meeting.series_id else to_meeting.series_id
    require(is_series_chair(actor, chair_series), _(CHAIR_ONLY))
    record = f"recommendation of {from_meeting.short_title} to {to_meeting.short_title}"
    require_choice(subject, RecommendationSubject.values, field="subject", record=record)
    if not _prepares(from_meeting, to_meeting):
        raise ValidationFailed(
            _("%(body_abbreviation)s does not prepare %(body_abbreviation2)s in this series.")
            % {"body_abbreviation": from_meeting.body.abbreviation, "body_abbreviation2": to_meeting.body.abbreviation},
            field="to_meeting",
            record=record,
        )
    if subject == RecommendationSubject.PROGRAMME:
        if release is None or release.series_id != from_meeting.series_id:
            raise ValidationFailed(
                _("name the programme release of this series that is recommended."), field="release", record=record
            )
    elif release is not None:
        raise ValidationFailed(_("only a programme recommendation names a release."), field="release", record=record)
    _check_document(
        subject=subject, document=document, to_meeting=to_meeting, text_en=text_en, text_vi=text_vi, record=record
    )
    if subject == RecommendationSubject.AGENDA and not AgendaItem.objects.filter(meeting=to_meeting).exists():
        raise ValidationFailed(
            _("%(to_meeting)s has no agenda items yet.") % {"to_meeting": to_meeting.short_title},
            field="subject",
            record=record,
        )
    existing = Recommendation.objects.filter(from_meeting=from_meeting, to_meeting=to_meeting, subject=subject).first()
    if existing is not None and subject != RecommendationSubject.DOCUMENT:
        if existing.status == RecommendationStatus.ADOPTED:
            raise ValidationFailed(_("was already adopted."), field="subject", record=record)
        recommendation = existing
        recommendation.release, recommendation.text_en, recommendation.text_vi = release, text_en, text_vi
        # Recommending again after "not adopted" puts it back before the ministers, undecided.
        recommendation.status, recommendation.decided_at = RecommendationStatus.RECOMMENDED, None
        recommendation.save()
    else:
        recommendation = Recommendation.objects.create(
            from_meeting=from_meeting,
            to_meeting=to_meeting,
            subject=subject,
            release=release,
            document=document,
            text_en=text_en,
            text_vi=text_vi,
        )
    if subject == RecommendationSubject.AGENDA:
        Meeting.objects.filter(pk=to_meeting.pk).update(agenda_status=AgendaStatus.RECOMMENDED)
    audit_record(
        viewer=actor,
        action="recommendation.make",
        obj=recommendation,
        after=snapshot(recommendation, ["from_meeting", "to_meeting", "subject", "release", "document", "status"]),
    )
    return recommendation


@transaction.atomic
def recommendation_decide(*, actor: SeriesViewer, recommendation: Recommendation, adopted: bool) -> Recommendation:
    """The receiving meeting adopts (or does not adopt) what was recommended; an adopted agenda is frozen."""
    to_meeting = recommendation.to_meeting
    require(is_series_chair(actor, to_meeting.series_id), _(CHAIR_ONLY))
    record = f"recommendation #{recommendation.pk} to {to_meeting.short_title}"
    if recommendation.status != RecommendationStatus.RECOMMENDED:
        raise ValidationFailed(
            _("was already decided (%(status)s).") % {"status": recommendation.status}, field="status", record=record
        )
    before = snapshot(recommendation, ["status", "decided_at"])
    recommendation.status = RecommendationStatus.ADOPTED if adopted else RecommendationStatus.NOT_ADOPTED
    recommendation.decided_at = timezone.now()
    recommendation.save(update_fields=["status", "decided_at"])
    if adopted and recommendation.subject == RecommendationSubject.AGENDA:
        Meeting.objects.filter(pk=to_meeting.pk).update(agenda_status=AgendaStatus.ADOPTED)
    audit_record(
        viewer=actor,
        action="recommendation.decide",
        obj=recommendation,
        before=before,
        after=snapshot(recommendation, ["status", "decided_at"]),
    )
    return recommendation
