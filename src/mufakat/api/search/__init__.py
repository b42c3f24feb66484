"""/api/v1/search and /api/v1/precedents: search over what the caller may see (grouped by kind, counted per
kind), and the agreed language closest to a text or to a paragraph of a draft."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from mufakat.api.auth import PUBLIC, request_user
from mufakat.api.common import DbInt, Text, errors
from mufakat.core.errors import NotFound, ValidationFailed
from mufakat.documents.models import Paragraph
from mufakat.search.access import Reader
from mufakat.search.engines import COUNT_CAP
from mufakat.search.enums import Kind, Sort
from mufakat.search.precedents import precedents_for
from mufakat.search.selectors import Filters, search

search_router = Router(tags=["search"])


class SearchIn(Schema):
    q: Text = Field(
        max_length=200, description='Words (all must match, English by stem, accents optional) and "quoted phrases".'
    )
    kind: Text = Field("", description="Only this kind: " + ", ".join(Kind.values))
    series: Text = Field("", description="A series code, e.g. amm-57")
    body: Text = Field("", description="A body code")
    framework: Text = Field("", description="A framework code")
    status: Text = Field("", description="A status, e.g. adopted")
    year: int | None = Field(None, ge=1967, le=2100)
    adopted: bool = Field(False, description="Only adopted (noted, endorsed, signed, issued) texts and plans")
    sort: Sort = Sort.RELEVANCE
    offset: int = Field(0, ge=0, le=10_000, description="With `kind`: where the page of 20 starts")


class HitOut(Schema):
    kind: str
    id: int
    title: str
    snippet: str = Field(description="The matching words in context, matches in <mark> (HTML, escaped)")
    url: str
    date: date | None
    year_only: bool = Field(
        default=False, description="A historic meeting known only by its year: `date` is 1 January of that year"
    )
    status: str
    status_label: str = Field(description="The status in the reader's language")
    rank: float


class GroupOut(Schema):
    kind: str
    label: str
    count: int = Field(description=f"Hits of this kind; when `capped`, counting stopped here (more than {COUNT_CAP})")
    capped: bool = Field(description="The count stopped at its cap: there are more hits than `count`")
    hits: list[HitOut]


class SearchOut(Schema):
    query: str
    total: int = Field(description="The sum of the groups' counts; when `capped`, a lower bound")
    capped: bool = Field(description="Some group's count stopped at its cap")
    groups: list[GroupOut]


@search_router.get("/search", response={200: SearchOut, **errors(400, 401)}, auth=PUBLIC)
def search_get(request: HttpRequest, params: Query[SearchIn]) -> SearchOut:
    """Documents (titles, every draft's paragraphs, proposals and their justifications), meetings, sessions,
    circulars, plans and action lines, participants — only what the caller may see, counts included."""
    if params.kind and params.kind not in Kind.values:
        raise ValidationFailed(_("kind must be one of %(kinds)s.") % {"kinds": ", ".join(Kind.values)}, field="kind")
    results = search(
        user=request_user(request),
        text=params.q,
        filters=Filters(
            series=params.series,
            body=params.body,
            framework=params.framework,
            kind=params.kind,
            status=params.status,
            year=params.year,
            adopted_only=params.adopted,
        ),
        sort=params.sort,
        offset=params.offset,
    )
    return SearchOut(
        query=results.query,
        total=results.total,
        capped=results.capped,
        groups=[
            GroupOut(
                kind=g.kind,
                label=g.label,
                count=g.count,
                capped=g.capped,
                hits=[
                    HitOut(
                        kind=h.kind,
                        id=h.object_id,
                        title=h.title,
                        snippet=str(h.snippet),
                        url=h.url,
                        date=h.date,
                        year_only=h.year_only,
                        status=h.status,
                        status_label=h.status_label,
                        rank=h.rank,
                    )
                    for h in g.hits
                ],
            )
            for g in results.groups
        ],
    )


class PrecedentsIn(Schema):
    text: Annotated[Text, Field(max_length=5000)] = Field("", description="Words, a paragraph or a proposal's text")
    document: DbInt | None = Field(None, description="With `paragraph`: a document the caller may see")
    paragraph: UUID | None = Field(None, description="A paragraph of the document's current draft")
    before: date | None = Field(None, description="Only texts agreed on or before this day")
    limit: int = Field(3, ge=1, le=20)


class PieceOut(Schema):
    op: str = Field(description="equal, insert (in the text asked about, not in the precedent) or delete")
    text: str


class PrecedentOut(Schema):
    paragraph_id: int
    link: str = Field(description="Stable link to the precedent paragraph (web)")
    document_id: int
    title: str
    body: str
    meeting: str
    date: date
    number: str
    agreed: str = Field(description="adopted (a decided text) or ad_ref")
    text: str
    match: str = Field(description="identical, phrase (one contains the other) or near (near-verbatim)")
    similarity: float
    summary: str
    diff: list[PieceOut]


_TIERS = {3: "identical", 2: "phrase", 1: "near"}


@search_router.get("/precedents", response={200: list[PrecedentOut], **errors(400, 401, 404)}, auth=PUBLIC)
def precedents_get(request: HttpRequest, params: Query[PrecedentsIn]) -> list[PrecedentOut]:
    """Agreed language: the closest paragraphs of texts adopted (or agreed ad ref) that the caller may see,
    exact wording first, each with a word diff against the text asked about."""
    user = request_user(request)
    text, before, exclude = params.text, params.before, None
    if params.document is not None or params.paragraph is not None:
        if params.document is None or params.paragraph is None:
            raise ValidationFailed(_("give both document and paragraph, or text."), field="paragraph")
        paragraph = (
            Paragraph.objects.filter(
                version__document_id__in=Reader(user).documents().filter(pk=params.document).values("pk"),
                version__document__current_version=F("version"),
                uid=params.paragraph,
            )
            .select_related("version__document__meeting")
            .first()
        )
        if paragraph is None:
            raise NotFound(_("no such paragraph in a draft you may read."), field="paragraph")
        text, exclude = paragraph.text, paragraph.version.document_id
        before = before or paragraph.version.document.meeting.end_date
    if not text.strip():
        raise ValidationFailed(_("give a text, or a document and one of its paragraphs."), field="text")
    hits = precedents_for(user=user, text=text, before=before, exclude_document_id=exclude, limit=params.limit)
    return [
        PrecedentOut(
            paragraph_id=h.paragraph_id,
            link=h.link,
            document_id=h.document_id,
            title=h.title,
            body=h.body,
            meeting=h.meeting,
            date=h.date,
            number=h.number,
            agreed=h.agreed,
            text=h.text,
            match=_TIERS[h.tier],
            similarity=round(h.similarity, 3),
            summary=h.summary,
            diff=[PieceOut(op=p.op, text=p.text) for p in h.pieces],
        )
        for h in hits
    ]
