"""Writing index entries: the shared helpers, and the entries of the records other than documents (meetings,
sessions, circulars, plans and their lines, participants), each written over its existing row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse

from mufakat.delegations.models import Circular, Participant
from mufakat.meetings.models import Meeting, Session
from mufakat.plans.models import Plan, PlanLine

from .enums import Kind
from .models import SearchEntry
from .text import fold

BATCH = 2000


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _entry(kind: str, object_id: int, *, title: str, text: str, url: str, **extra: Any) -> SearchEntry:
    title_vi = extra.pop("title_vi", "")
    when: date | None = extra.get("date")
    return SearchEntry(
        kind=kind,
        object_id=object_id,
        title=title[:400],
        title_vi=(title_vi or "")[:400],
        text=text,
        folded=fold(_join(title, title_vi, text)),
        url=url,
        year=when.year if when else None,
        **extra,
    )


def _meeting_fields(meeting: Meeting | None) -> dict[str, Any]:
    if meeting is None:
        return {}
    return {
        "meeting_id": meeting.pk,
        "series_id": meeting.series_id,
        "body_id": meeting.body_id,
        "framework_id": meeting.body.framework_id,
    }


def _upsert(entries: list[SearchEntry]) -> None:
    """Write entries over the existing rows of the same objects (updated in place, so ids stay), adding the new."""
    existing: dict[tuple[str, int], int] = {}
    for kind in {e.kind for e in entries}:
        ids = [e.object_id for e in entries if e.kind == kind]
        for pk, object_id in SearchEntry.objects.filter(kind=kind, object_id__in=ids).values_list("pk", "object_id"):
            existing[(kind, object_id)] = pk
    fresh: list[SearchEntry] = []
    for entry in entries:
        entry.pk = existing.get((entry.kind, entry.object_id))
        if entry.pk is None:
            fresh.append(entry)
        else:
            entry.save(force_update=True)
    SearchEntry.objects.bulk_create(fresh, batch_size=BATCH)


def index_meetings(meeting_ids: Iterable[int]) -> None:
    meetings = list(Meeting.objects.select_related("body", "series", "venue").filter(pk__in=list(meeting_ids)))
    _upsert(
        [
            _entry(
                Kind.MEETING,
                meeting.pk,
                title=meeting.title_en,
                title_vi=meeting.title_vi,
                text=_join(meeting.body.name_en, meeting.note, meeting.venue.city_en if meeting.venue else ""),
                url=reverse("web:meeting-detail", args=[meeting.pk]),
                status=meeting.status,
                date=meeting.start_date,
                **_meeting_fields(meeting),
            )
            for meeting in meetings
        ],
    )


def index_meeting(meeting: Meeting) -> None:
    index_meetings([meeting.pk])


def index_session(session: Session) -> None:
    session = Session.objects.select_related("meeting__body", "meeting__series").get(pk=session.pk)
    _upsert(
        [
            _entry(
                Kind.SESSION,
                session.pk,
                title=session.title_en,
                title_vi=session.title_vi,
                text=str(session.meeting),
                url=reverse("web:meeting-detail", args=[session.meeting_id]),
                status=session.status,
                date=session.starts_at.date(),
                **_meeting_fields(session.meeting),
            )
        ],
    )


def index_circular(circular: Circular) -> None:
    circular = Circular.objects.select_related("series").get(pk=circular.pk)
    _upsert(
        [
            _entry(
                Kind.CIRCULAR,
                circular.pk,
                title=f"{circular.reference} {circular.title_en}",
                title_vi=circular.title_vi,
                text=_join(circular.body_en, circular.body_vi),
                url=reverse("web:circular-detail", args=[circular.series.code, circular.pk]),
                series_id=circular.series_id,
                date=circular.issued_at.date() if circular.issued_at else None,
            )
        ],
    )


def _plan_url(plan: Plan) -> str:
    """The link that finds the plan's page for whoever follows it: a plan is read in the reader's own series (it
    may have been adopted in another year's, or outside any series)."""
    return reverse("web:plan-goto", args=[plan.pk])


def index_plan(plan: Plan) -> None:
    """The plan and its lines (a line's number and words)."""
    plan = Plan.objects.select_related("adopted_at_meeting__series", "adopted_at_meeting__body").get(pk=plan.pk)
    url = _plan_url(plan)
    fields: dict[str, Any] = {
        **_meeting_fields(plan.adopted_at_meeting),
        "plan_id": plan.pk,
        "framework_id": plan.framework_id,
        "status": plan.status,
        "adopted": True,
        "date": date(plan.start_year, 1, 1),
    }
    entries = [_entry(Kind.PLAN, plan.pk, title=plan.title_en, title_vi=plan.title_vi, text="", url=url, **fields)]
    for line in PlanLine.objects.filter(plan=plan).order_by("sort_key"):
        entries.append(
            _entry(
                Kind.LINE,
                line.pk,
                title=f"{line.number} {line.title_en}",
                title_vi=line.title_vi,
                text=_join(line.text_en, line.text_vi, line.indicator_en),
                url=f"{url}#line-{line.number}",
                **{**fields, "status": "discontinued" if line.discontinued else plan.status},
            )
        )
    _upsert(entries)


def index_participant(participant: Participant) -> None:
    participant = Participant.objects.select_related("delegation__party", "delegation__series").get(pk=participant.pk)
    delegation = participant.delegation
    _upsert(
        [
            _entry(
                Kind.PARTICIPANT,
                participant.pk,
                title=participant.name_en,
                title_vi=participant.name_vi,
                text=_join(participant.title_en, participant.title_vi, delegation.party.name_en),
                url=reverse("web:delegation-detail", args=[delegation.series.code, delegation.party.code]),
                series_id=delegation.series_id,
                status=participant.accreditation,
                date=delegation.series.start_date,
            )
        ],
    )


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
