"""The two full-text engines behind one interface: restrict a queryset of entries to those matching a query,
and rank them (higher is better). Both see folded text (search.text.fold) and stem English words."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from .models import SearchEntry
from .text import Query


def _fts5_expression(query: Query) -> str:
    """Every word and every phrase must match; each is quoted, so no FTS5 operator can be typed in."""
    parts = [f'"{term}"' for term in query.terms] + [f'"{" ".join(phrase)}"' for phrase in query.phrases]
    return " AND ".join(parts)


def _websearch(query: Query) -> str:
    return " ".join([*query.terms, *(f'"{" ".join(phrase)}"' for phrase in query.phrases)])


def matching(entries: QuerySet[SearchEntry], query: Query, *, ranked: bool) -> QuerySet[SearchEntry]:
    if connection.vendor == "postgresql":
        tsquery = "websearch_to_tsquery('english'::regconfig, %s)"
        text = _websearch(query)
        return entries.extra(  # noqa: S610 - fixed SQL; the query is a parameter
            where=[f"search_searchentry.tsv @@ {tsquery}"],
            params=[text],
            select={"rank": f"ts_rank_cd(search_searchentry.tsv, {tsquery})"} if ranked else None,
            select_params=[text] if ranked else None,
        )
    expression = _fts5_expression(query)
    return entries.extra(  # noqa: S610 - fixed SQL; the query is a parameter
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[expression],
        select={"rank": "-bm25(search_fts)"} if ranked else None,
    )
