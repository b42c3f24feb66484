"""Reads of a document's journey: its timeline, the documents a meeting takes up on their way (its register
across series), and the list a SOM reviews before a summit: the documents to be decided at a meeting, with
where each stands. A document is found only through its own series' access check, whatever meeting asks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import JourneyStep, OutcomeDocument
from mufakat.documents.rules import can_see_drafts, document_visible_q
from mufakat.meetings.models import Meeting, Series

from .register import _base, taken_up_at_q

ViewerOf = Callable[[Series], SeriesViewer]


@dataclass(frozen=True)
class StepView:
    number: int
    on: date
    end: date
    place: str
    body: str
    meeting: Meeting | None
    procedure: str
    action: str
    action_label: str
    version_number: int | None
    recommended_to: Meeting | None
    note: str

    @property
    def where(self) -> str:
        """What took the step: "3rd Biosafety Consultation" or the procedure."""
        if self.meeting is None:
            return self.procedure
        ordinal = self.meeting.ordinal_label
        if not ordinal:
            return self.body
        # Vietnamese puts the ordinal after the body ("Hội nghị … lần thứ 3").
        return pgettext("a meeting named by its ordinal and body", "%(ordinal)s %(body)s") % {
            "ordinal": ordinal,
            "body": self.body,
        }


def _place(meeting: Meeting | None) -> str:
    if meeting is None:
        return ""
    if meeting.online:
        return _("Online")
    venue = meeting.effective_venue
    return venue.city if venue is not None else ""


def document_journey(*, viewer: SeriesViewer, document: OutcomeDocument) -> list[StepView]:
    """The document's steps in date order (the document was found through the access check). Draft numbers
    are shown to those who may read drafts; the public sees which step produced the final text only."""
    return _views(viewer, document, _steps_of([document.pk]).get(document.pk, []))


def _steps_of(document_ids: list[int]) -> dict[int, list[JourneyStep]]:
    """The steps of these documents in date order, in one query."""
    found: dict[int, list[JourneyStep]] = {}
    steps = (
        JourneyStep.objects.filter(document_id__in=document_ids)
        .select_related("meeting__body", "meeting__venue", "meeting__series__venue", "version", "recommended_to__body")
        .order_by("on", "pk")
    )
    for step in steps:
        found.setdefault(step.document_id, []).append(step)
    return found


def _views(viewer: SeriesViewer, document: OutcomeDocument, steps: list[JourneyStep]) -> list[StepView]:
    drafts = can_see_drafts(viewer)
    rows = []
    for number, step in enumerate(steps, start=1):
        meeting = step.meeting
        version = step.version
        shown = version is not None and (drafts or (version.pk == document.current_version_id and document.is_final))
        rows.append(
            StepView(
                number=number,
                on=step.on,
                end=meeting.end_date if meeting is not None else step.on,
                place=_place(meeting),
                body=meeting.body.name if meeting is not None else "",
                meeting=meeting,
                procedure=step.procedure,
                action=step.action,
                action_label=step.get_action_display(),
                version_number=version.number if shown and version is not None else None,
                recommended_to=step.recommended_to,
                note=step.note,
            )
        )
    return rows


def _visible(candidates: list[OutcomeDocument], viewer_of: ViewerOf) -> list[OutcomeDocument]:
    """Keep what each document's own series lets the caller see (one query a series)."""
    by_series: dict[int, tuple[Series, list[int]]] = {}
    for document in candidates:
        series = document.meeting.series
        if series is not None:
            by_series.setdefault(series.pk, (series, []))[1].append(document.pk)
    visible: set[int] = set()
    for series, ids in by_series.values():
        viewer = viewer_of(series)
        visible.update(
            OutcomeDocument.objects.filter(pk__in=ids)
            .filter(document_visible_q(viewer, series_start=series.start_date))
            .values_list("pk", flat=True)
        )
    return [document for document in candidates if document.pk in visible]


def meeting_journey_documents(*, meeting: Meeting, viewer_of: ViewerOf) -> list[OutcomeDocument]:
    """Every document the meeting takes up, its own register and those on their way elsewhere (a
    consultation's draft, the SOM's recommendations to the Leaders), as the caller may see each."""
    candidates = list(_base().filter(taken_up_at_q(meeting)).order_by("meeting__start_date", "position", "pk"))
    return _visible(candidates, viewer_of)


@dataclass(frozen=True)
class Standing:
    """A document to be decided at a meeting and where it stands: its status and its latest step."""

    document: OutcomeDocument
    series: Series
    last_step: StepView | None
    steps: int


def documents_for_meeting(*, meeting: Meeting, viewer_of: ViewerOf) -> list[Standing]:
    """The list a SOM reviews before a summit: the documents to be adopted (noted, endorsed) at `meeting`,
    its own register and the documents recommended to it from other series, each with its latest step."""
    recommended = JourneyStep.objects.filter(recommended_to=meeting).values("document_id")
    candidates = list(_base().filter(Q(meeting=meeting) | Q(pk__in=recommended)).order_by("position", "pk"))
    visible = _visible(candidates, viewer_of)
    steps = _steps_of([document.pk for document in visible])
    found = []
    for document in visible:
        series = document.meeting.series
        assert series is not None  # noqa: S101 - _visible keeps documents of a series only
        rows = _views(viewer_of(series), document, steps.get(document.pk, []))
        found.append(Standing(document=document, series=series, last_step=rows[-1] if rows else None, steps=len(rows)))
    return found
