"""Agendas (ordered, nested items with derived numbers) and the SOM's recommendations to the ministers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.audit import audit_record, snapshot
from mufakat.accounts.rules import SeriesViewer, can_manage_series, require
from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.rules import document_visible_q

from .enums import AgendaStatus, RecommendationStatus, RecommendationSubject
from .models import AgendaItem, Meeting, ProgrammeRelease, Recommendation


@dataclass
class AgendaNode:
    item: AgendaItem
    number: str
    children: list[AgendaNode] = field(default_factory=list)


def agenda_tree(*, meeting: Meeting) -> list[AgendaNode]:
    """The agenda as a numbered tree (1, 2, 2.1, 2.2, 3) from one query."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("parent_id", "position", "pk"))
    by_parent: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)

    def build(parent_id: int | None, prefix: str) -> list[AgendaNode]:
        nodes = []
        for index, item in enumerate(sorted(by_parent.get(parent_id, []), key=lambda i: (i.position, i.pk)), start=1):
            number = f"{prefix}{index}"
            nodes.append(AgendaNode(item=item, number=number, children=build(item.pk, f"{number}.")))
        return nodes

    return build(None, "")


def agenda_flat(*, meeting: Meeting) -> list[tuple[int, AgendaNode]]:
    """(depth, node) in reading order, for templates and exports."""
    result: list[tuple[int, AgendaNode]] = []

    def walk(nodes: list[AgendaNode], depth: int) -> None:
        for node in nodes:
            result.append((depth, node))
            walk(node.children, depth + 1)

    walk(agenda_tree(meeting=meeting), 0)
    return result


def _require_chair(actor: SeriesViewer, meeting: Meeting) -> None:
    require(
        can_manage_series(actor) and meeting.series_id is not None and actor.series_id == meeting.series_id,
        _("only the chair secretariat edits agendas and records recommendations."),
    )


def _bump_agenda(meeting: Meeting, expected_version: int | None) -> None:
    locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if expected_version is not None and locked.agenda_version != expected_version:
        raise Conflict(
            _(
                "the agenda was changed by someone else (now version %(agenda_version)s, you "
                "edited %(expected_version)s); reload and apply your change again."
            )
            % {"agenda_version": locked.agenda_version, "expected_version": expected_version},
            field="agenda_version",
            record=f"agenda of {meeting.short_title}",
        )
    if locked.agenda_status == AgendaStatus.ADOPTED:
        raise ValidationFailed(
            _("is adopted and can no longer be changed."),
            field="agenda_status",
            record=f"agenda of {meeting.short_title}",
        )
    Meeting.objects.filter(pk=meeting.pk).update(agenda_version=F("agenda_version") + 1)


@transaction.atomic
def agenda_item_add(
    *,
    actor: SeriesViewer | None,
    meeting: Meeting,
    title_en: str,
    title_vi: str = "",
    parent: AgendaItem | None = None,
    expected_version: int | None = None,
) -> AgendaItem:
    """Append an item (or a sub-item under `parent`). `actor=None` only for set-up scripts."""
    if actor is not None:
        _require_chair(actor, meeting)
    record = f"agenda of {meeting.short_title}"
    if not title_en.strip():
        raise ValidationFailed(_("is empty."), field="title_en", record=record)
    if parent is not None and parent.meeting_id != meeting.pk:
        raise ValidationFailed(_("belongs to another meeting's agenda."), field="parent", record=record)
    _bump_agenda(meeting, expected_version)
    last = AgendaItem.objects.filter(meeting=meeting, parent=parent).aggregate(p=Max("position"))["p"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting, parent=parent, position=last + 1, title_en=title_en.strip(), title_vi=title_vi.strip()
    )
    if actor is not None:
        audit_record(
            viewer=actor,
            action="agenda.add_item",
            obj=item,
            after=snapshot(item, ["meeting", "parent", "position", "title_en"]),
        )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: SeriesViewer, item: AgendaItem, expected_version: int | None = None) -> None:
    meeting = item.meeting
    _require_chair(actor, meeting)
    _bump_agenda(meeting, expected_version)
    before = snapshot(item, ["meeting", "parent", "position", "title_en"])
    audit_record(viewer=actor, action="agenda.remove_item", obj=item, before=before)
    item.delete()


@transaction.atomic
def agenda_adopt(*, actor: SeriesViewer, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """The meeting adopts its own agenda at its opening ("Adoption of the Agenda"); adopted, it is frozen.
    An agenda the SOM recommended is adopted by deciding that recommendation instead."""
    _require_chair(actor, meeting)
    record = f"agenda of {meeting.short_title}"
    locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if expected_version is not None and locked.agenda_version != expected_version:
        raise Conflict(
            _(
                "the agenda was changed by someone else (now version %(agenda_version)s, you "
                "edited %(expected_version)s); reload and apply your change again."
            )
            % {"agenda_version": locked.agenda_version, "expected_version": expected_version},
            field="agenda_version",
            record=record,
        )
    if locked.agenda_status == AgendaStatus.ADOPTED:
        raise ValidationFailed(_("is already adopted."), field="agenda_status", record=record)
    if locked.agenda_status == AgendaStatus.RECOMMENDED:
        raise ValidationFailed(
            _("was recommended by the SOM: the meeting adopts it by deciding that recommendation."),
            field="agenda_status",
            record=record,
        )
    if not AgendaItem.objects.filter(meeting=locked).exists():
        raise ValidationFailed(_("has no items to adopt."), field="agenda_status", record=record)
    before = snapshot(locked, ["agenda_status", "agenda_version"])
    Meeting.objects.filter(pk=locked.pk).update(agenda_status=AgendaStatus.ADOPTED)
    locked.refresh_from_db(fields=["agenda_status", "agenda_version"])
    audit_record(
        viewer=actor,
        action="agenda.adopt",
        obj=locked,
        before=before,
        after=snapshot(locked, ["agenda_status", "agenda_version"]),
    )
    return locked


def _prepares(from_meeting: Meeting, to_meeting: Meeting) -> bool:
    return (
        from_meeting.series_id is not None
        and from_meeting.series_id == to_meeting.series_id
        and from_meeting.body.prepares_id == to_meeting.body_id
    )


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
    actor: SeriesViewer | None,
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
    if actor is not None:
        _require_chair(actor, from_meeting)
    record = f"recommendation of {from_meeting.short_title} to {to_meeting.short_title}"
    if subject not in RecommendationSubject.values:
        raise ValidationFailed(
            _("%(subject)r is not one of %(values)s.")
            % {"subject": subject, "values": ", ".join(RecommendationSubject.values)},
            field="subject",
            record=record,
        )
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
    if actor is not None:
        audit_record(
            viewer=actor,
            action="recommendation.make",
            obj=recommendation,
            after=snapshot(recommendation, ["from_meeting", "to_meeting", "subject", "release", "document", "status"]),
        )
    return recommendation


@transaction.atomic
def recommendation_decide(
    *, actor: SeriesViewer | None, recommendation: Recommendation, adopted: bool
) -> Recommendation:
    """The receiving meeting adopts (or does not adopt) what was recommended; an adopted agenda is frozen."""
    to_meeting = recommendation.to_meeting
    if actor is not None:
        _require_chair(actor, to_meeting)
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
    if actor is not None:
        audit_record(
            viewer=actor,
            action="recommendation.decide",
            obj=recommendation,
            before=before,
            after=snapshot(recommendation, ["status", "decided_at"]),
        )
    return recommendation


def recommendations_for(*, viewer: SeriesViewer, meeting: Meeting) -> dict[str, list[Recommendation]]:
    """Both directions of the chain for a meeting page, as this viewer may see it: what the meeting
    recommended and what it received. A recommendation of a document is listed only to whoever may see the
    document (its wording quotes the document's title); the others are public, like the programme."""
    related = Recommendation.objects.select_related(
        "from_meeting__body", "to_meeting__body", "release", "document"
    ).order_by("subject", "pk")
    if meeting.series is None:
        related = related.exclude(subject=RecommendationSubject.DOCUMENT)
    else:
        visible = OutcomeDocument.objects.filter(
            document_visible_q(viewer, series_start=meeting.series.start_date)
        ).values("pk")
        related = related.filter(Q(document__isnull=True) | Q(document__in=visible))
    return {
        "made": list(related.filter(from_meeting=meeting)),
        "received": list(related.filter(to_meeting=meeting)),
    }
