"""Reads: search over what the reader may see, grouped by kind, with counts per kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from mufakat.core.i18n import active_language
from mufakat.delegations.enums import Accreditation
from mufakat.documents.enums import DocumentStatus, ProposalStatus
from mufakat.meetings.enums import DatePrecision, MeetingStatus, SessionStatus
from mufakat.meetings.models import Meeting
from mufakat.plans.enums import PlanStatus

from .access import Reader
from .engines import Window, counted_windows, kinds_matching
from .enums import Kind, Sort
from .models import SearchEntry
from .text import highlight, parse_query

_STATUS_LABELS: dict[str, object] = {
    value: label
    for choices in (Accreditation, SessionStatus, MeetingStatus, PlanStatus, DocumentStatus)
    for value, label in choices.choices
}
_PROPOSAL_LABELS: dict[str, object] = dict(ProposalStatus.choices)
PER_KIND = 5
PAGE = 20


@dataclass(frozen=True)
class Filters:
    series: str = ""
    body: str = ""
    framework: str = ""
    kind: str = ""
    status: str = ""
    year: int | None = None
    adopted_only: bool = False


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    snippet: SafeString
    url: str
    date: date | None
    status: str
    rank: float
    # A historic meeting known only by its year: `date` is the 1 January placeholder, shown as the year alone.
    year_only: bool = False

    @property
    def status_label(self) -> str:
        """The status as its own record names it ("Adopted", "Accredited"); proposals and documents share
        some words, so the proposal's own choices come first for a proposal."""
        choices = _PROPOSAL_LABELS if self.kind == Kind.PROPOSAL else _STATUS_LABELS
        return str(choices.get(self.status, _STATUS_LABELS.get(self.status, self.status)))


def _shown_text(entry: SearchEntry, vietnamese: bool) -> str:
    """A document's entry holds its kind in English and Vietnamese, a line each: the reader's line is shown."""
    if entry.kind == Kind.DOCUMENT and entry.text:
        lines = entry.text.split("\n")
        return lines[1] if vietnamese and len(lines) > 1 else lines[0]
    return entry.text or entry.title


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)
    # The count stopped at COUNT_CAP: there are more (shown as "1,000+").
    capped: bool = False


@dataclass
class Results:
    query: str
    total: int
    groups: list[Group]
    # Some group's count stopped at COUNT_CAP: the total is a lower bound.
    capped: bool = False


def _filtered(entries: QuerySet[SearchEntry], filters: Filters) -> QuerySet[SearchEntry]:
    if filters.series:
        entries = entries.filter(series__code=filters.series)
    if filters.body:
        entries = entries.filter(body__code=filters.body)
    if filters.framework:
        entries = entries.filter(framework__code=filters.framework)
    if filters.status:
        entries = entries.filter(status=filters.status)
    if filters.year:
        entries = entries.filter(year=filters.year)
    if filters.adopted_only:
        entries = entries.filter(adopted=True)
    return entries


def search(
    *, user: object, text: str, filters: Filters = Filters(), sort: str = Sort.RELEVANCE, offset: int = 0
) -> Results:
    """Hits grouped by kind (at most PER_KIND each; PAGE from `offset` when one kind is asked for), counted per
    kind over every hit the reader may see, and only those; a count stops at COUNT_CAP (`capped`)."""
    query = parse_query(text)
    if query.empty:
        return Results(text, 0, [])
    reader = Reader(user)
    kinds = [filters.kind] if filters.kind else list(Kind.values)
    small = [kind for kind in kinds if kind != Kind.PARAGRAPH]
    found_in = kinds_matching(small, query) if small else set()
    visible = {
        kind: _filtered(SearchEntry.objects.filter(reader.entries_q(kind)), filters)
        for kind in kinds
        if kind == Kind.PARAGRAPH or kind in found_in
    }
    start, stop = (offset, offset + PAGE) if filters.kind else (0, PER_KIND)
    found = counted_windows(
        visible,
        query,
        by_date=sort == Sort.DATE,
        start=start,
        stop=stop,
        load=lambda entries: entries.only("kind", "object_id", "title", "title_vi", "text", "url", "date", "status"),
        parts=reader.parts(),
    )
    groups = []
    vietnamese = active_language() == "vi"
    year_only = _year_only_meetings(found)
    for kind, label in Kind.choices:
        count, capped, window = found.get(kind, (0, False, []))
        if not count:
            continue
        hits = [
            Hit(
                kind=entry.kind,
                object_id=entry.object_id,
                title=(entry.title_vi if vietnamese and entry.title_vi else entry.title),
                snippet=highlight(_shown_text(entry, vietnamese), query.all_words),
                url=entry.url,
                date=entry.date,
                status=entry.status,
                rank=float(getattr(entry, "rank", 0.0) or 0.0),
                year_only=entry.kind == Kind.MEETING and entry.object_id in year_only,
            )
            for entry in window
        ]
        groups.append(Group(kind, str(label), count, hits, capped))
    total = sum(count for count, _capped, _window in found.values())
    return Results(text, total, groups, any(capped for _count, capped, _window in found.values()))


def _year_only_meetings(found: dict[str, Window]) -> set[int]:
    """The meetings among the hits whose date is known only by year (one query, only when meetings were hit)."""
    ids = [entry.object_id for entry in found.get(Kind.MEETING, (0, False, []))[2]]
    if not ids:
        return set()
    return set(Meeting.objects.filter(pk__in=ids, date_precision=DatePrecision.YEAR).values_list("pk", flat=True))


def visible_entries(*, user: object) -> QuerySet[SearchEntry]:
    return SearchEntry.objects.filter(Reader(user).entries_q())
