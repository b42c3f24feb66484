"""Reads of agendas (numbered trees) and of the recommendations a meeting made and received."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.rules import document_visible_q
from mufakat.meetings.enums import RecommendationSubject
from mufakat.meetings.models import AgendaItem, Meeting, Recommendation


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
