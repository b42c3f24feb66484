"""The public face: the series (released programme, adopted texts, press releases), a meeting (its outcome),
a FINAL text, a plan of action and a press release, in English or Vietnamese at stable URLs
(/public/<lang>/...). Every page is cached under the state it shows and answered 304 when unchanged."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format

from mufakat.core.i18n import active_language, localized
from mufakat.documents import selectors as document_selectors
from mufakat.documents.models import OutcomeDocument
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting, ProgrammeRelease, Series
from mufakat.plans.selectors import plan_outline
from mufakat.publishing import selectors
from mufakat.publishing.outcome import outcome_sentence

from .common import page_response, public_view


def _sessions_by_day(series: Series, release: ProgrammeRelease | None, meeting_id: int | None = None) -> list[Any]:
    if release is None:
        return []
    zone = ZoneInfo(series.venue.time_zone)
    entries = [e for e in release.sessions if meeting_id is None or e["meeting_id"] == meeting_id]
    titles_vi = meeting_selectors.session_titles_vi(uids=[str(e["uid"]) for e in entries])
    days: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        starts = datetime.fromisoformat(str(entry["starts_at"])).astimezone(zone)
        ends = datetime.fromisoformat(str(entry["ends_at"])).astimezone(zone)
        title = str(entry["title"])
        days[starts.date()].append(
            {
                "meeting": entry["meeting"],
                "meeting_id": entry["meeting_id"],
                "title": (titles_vi.get(str(entry["uid"])) or title) if active_language() == "vi" else title,
                "room": entry.get("room") or "",
                # Formatted here, in the venue's zone: a template would show aware times in the active zone (UTC).
                "starts": starts.strftime("%H:%M"),
                "ends": ends.strftime("%H:%M"),
                "cancelled": entry.get("status") == "cancelled",
            }
        )
    return sorted(days.items())


def _day(value: date) -> str:
    """A date as the page's language writes it (DATE_FORMAT: "23 July 2024", "23 tháng 7 năm 2024")."""
    return date_format(value, "DATE_FORMAT")


def meeting_description(meeting: Meeting, outcome: str) -> str:
    """The OpenGraph description of a meeting's page: its dates and city, then its outcome if it has one."""
    start, end = meeting.start_date, meeting.end_date
    dates = _day(start) if start == end else f"{_day(start)} – {_day(end)}"
    venue = meeting.effective_venue
    where = ", ".join(part for part in (dates, venue.city if venue else "") if part)
    return f"{where}. {outcome}" if outcome else where


@public_view
def index(request: HttpRequest, lang: str) -> HttpResponse:
    stamp = selectors.site_stamp()
    return page_response(
        request,
        lang=lang,
        name="public-index",
        kwargs={},
        key=stamp.key,
        last_modified=stamp.at,
        template="index.html",
        context=lambda: {"series_list": list(meeting_selectors.series_list())},
    )


def _series_context(series: Series) -> dict[str, Any]:
    release = selectors.latest_release(series=series)
    documents = list(selectors.public_documents(series=series))
    by_meeting: dict[int, list[OutcomeDocument]] = defaultdict(list)
    for document in documents:
        by_meeting[document.meeting_id].append(document)
    meetings = [
        {"meeting": meeting, "outcome": outcome_sentence(by_meeting.get(meeting.pk, []))}
        for meeting in meeting_selectors.meeting_list(series=series)
    ]
    return {
        "series": series,
        "release": release,
        "days": _sessions_by_day(series, release),
        "documents": documents,
        "meetings": meetings,
        "plans": list(selectors.public_plans(series=series)),
        "press": list(selectors.published_press_releases(series=series)),
        "description": series.theme,
    }


@public_view
def series_page(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    series = meeting_selectors.series_get(code=code)
    stamp = selectors.series_stamp(series=series)
    return page_response(
        request,
        lang=lang,
        name="public-series",
        kwargs={"code": code},
        key=stamp.key,
        last_modified=stamp.at,
        template="series.html",
        context=lambda: _series_context(series),
    )


@public_view
def meeting_page(request: HttpRequest, lang: str, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_list().filter(pk=meeting_id).exclude(series=None).first()
    if meeting is None or meeting.series is None:
        raise selectors._not_found("meeting", meeting_id)
    series = meeting.series
    stamp = selectors.series_stamp(series=series)

    def context() -> dict[str, Any]:
        documents = list(selectors.public_documents(series=series, meeting=meeting))
        release = selectors.latest_release(series=series)
        return {
            "series": series,
            "meeting": meeting,
            "documents": documents,
            "outcome": outcome_sentence(documents),
            "attendance": meeting_selectors.meeting_attendance(meeting=meeting),
            "days": _sessions_by_day(series, release, meeting.pk),
            "release": release,
            "press": list(selectors.published_press_releases(meeting=meeting)),
            "description": meeting_description(meeting, outcome_sentence(documents)),
        }

    return page_response(
        request,
        lang=lang,
        name="public-meeting",
        kwargs={"meeting_id": meeting_id},
        key=f"{meeting.pk}:{stamp.key}",
        last_modified=stamp.at,
        template="meeting.html",
        context=context,
    )


def document_key(document: OutcomeDocument) -> str:
    return f"{document.pk}:{document.version}:{document.current_version_id}"


@public_view
def document_page(request: HttpRequest, lang: str, document_id: int) -> HttpResponse:
    document = selectors.public_document_get(document_id=document_id)

    def context() -> dict[str, Any]:
        assert document.current_version is not None  # noqa: S101 - public_document_get requires it
        paragraphs = document_selectors.clean_text(version=document.current_version).paragraphs
        return {
            "series": document.meeting.series,
            "document": document,
            "paragraphs": paragraphs,
            "description": ", ".join(
                part
                for part in (document.final_place_shown, _day(document.final_date) if document.final_date else "")
                if part
            ),
        }

    return page_response(
        request,
        lang=lang,
        name="public-document",
        kwargs={"document_id": document_id},
        key=document_key(document),
        last_modified=selectors.document_published_at(document),
        template="document.html",
        context=context,
    )


@public_view
def plan_page(request: HttpRequest, lang: str, plan_id: int) -> HttpResponse:
    plan = selectors.public_plan_get(plan_id=plan_id)

    def context() -> dict[str, Any]:
        lines = [
            {"number": entry.line.number, "title": localized(entry.line, "title"), "depth": entry.depth}
            for entry in plan_outline(plan=plan)
            if not entry.line.discontinued
        ]
        return {
            "series": plan.adopted_at_meeting.series if plan.adopted_at_meeting else None,
            "plan": plan,
            "lines": lines,
            "description": plan.title,
        }

    return page_response(
        request,
        lang=lang,
        name="public-plan",
        kwargs={"plan_id": plan_id},
        key=f"{plan.pk}:{plan.version}:{plan.revision}",
        last_modified=plan.created_at,
        template="plan.html",
        context=context,
    )


@public_view
def press_page(request: HttpRequest, lang: str, release_id: int) -> HttpResponse:
    release = selectors.press_release_public_get(release_id=release_id)

    def context() -> dict[str, Any]:
        return {
            "series": release.meeting.series,
            "press": release,
            "paragraphs": [p for p in release.body.split("\n\n") if p.strip()],
            "description": release.body.split("\n\n")[0][:280],
        }

    assert release.published_at is not None  # noqa: S101 - only published ones are found
    return page_response(
        request,
        lang=lang,
        name="public-press",
        kwargs={"release_id": release_id},
        key=f"{release.pk}:{release.version}",
        last_modified=release.published_at,
        template="press.html",
        context=context,
    )
