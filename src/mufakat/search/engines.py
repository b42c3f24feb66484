"""The two full-text engines behind one interface: restrict a queryset of entries to those matching a query,
count them up to a cap, and return a window of them ranked (higher is better). Both see folded text
(search.text.fold) and stem English words.

Cost is bounded by construction, whatever share of the archive a query matches:
- counts stop at COUNT_CAP + 1 rows (shown as "1,000+");
- SQLite ranks inside FTS5 (bm25, ORDER BY rank LIMIT) over the whole index and only then joins the
  access-filtered entries. That is exact: any visible row outside the index's top N ranks below every visible
  row inside it. When too few of the top N are visible to fill the window, the unbounded query answers.
- PostgreSQL cannot rank from its GIN index, so it ranks (ts_rank_cd) a bounded candidate set: the
  CANDIDATES most recent visible matches. When a query matches more than that, the ranking is over the most
  recent CANDIDATES matches (and the count says "1,000+"); below it, every match is ranked."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from .models import SearchEntry
from .text import Query

COUNT_CAP = 1000
CANDIDATES = 1000
# English stems, no stop words (migration 0003): the words SQLite's FTS5 matches.
_TSQUERY = "websearch_to_tsquery('mufakat_english'::regconfig, %s)"


def _fts5_expression(query: Query) -> str:
    """Every word and every phrase must match; each is quoted, so no FTS5 operator can be typed in."""
    parts = [f'"{term}"' for term in query.terms] + [f'"{" ".join(phrase)}"' for phrase in query.phrases]
    return " AND ".join(parts)


def _websearch(query: Query) -> str:
    return " ".join([*query.terms, *(f'"{" ".join(phrase)}"' for phrase in query.phrases)])


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def matching(entries: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
    """The entries (already access-filtered) that match every word and phrase; not ranked."""
    if _postgres():
        return entries.extra(  # noqa: S610 - fixed SQL; the query is a parameter
            where=[f"search_searchentry.tsv @@ {_TSQUERY}"], params=[_websearch(query)]
        )
    return entries.extra(
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[_fts5_expression(query)],
    )


def capped_count(entries: QuerySet[SearchEntry], query: Query) -> tuple[int, bool]:
    """How many entries match, counting at most COUNT_CAP + 1 rows: (count, capped). When capped, the count is
    COUNT_CAP and means "more than COUNT_CAP"."""
    found = matching(entries, query).order_by()[: COUNT_CAP + 1].count()
    return (COUNT_CAP, True) if found > COUNT_CAP else (found, False)


def _ranked_all(entries: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
    """Every visible match with its rank (the unbounded form; SQLite's fallback)."""
    return entries.extra(
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[_fts5_expression(query)],
        select={"rank": "-bm25(search_fts)"},
    )


def _by_date_candidates(entries: QuerySet[SearchEntry], query: Query, bound: int) -> QuerySet[SearchEntry]:
    """The `bound` most recent visible matches (a cheap order: no rank computed), as a queryset to rank. The ids
    are read first (at most `bound` integers): the engines' raw SQL names the entries' table, which inside a
    subquery would bind to the outer query's rows."""
    ids = list(matching(entries, query).order_by("-date", "-pk").values_list("pk", flat=True)[:bound])
    return SearchEntry.objects.filter(pk__in=ids)


def ranked(
    entries: QuerySet[SearchEntry], query: Query, *, by_date: bool, start: int, stop: int, total: int | None
) -> list[SearchEntry]:
    """The window [start, stop) of the visible matches, by relevance (then date) or by date (then relevance),
    each with `rank`. `entries` is access-filtered; the filter stays in the query. `total`: how many visible
    matches there are, None when over the count's cap."""
    order = ["-date", "-rank", "pk"] if by_date else ["-rank", "-date", "pk"]
    bound = max(CANDIDATES, stop)
    if _postgres():
        text = _websearch(query)
        rows = _by_date_candidates(entries, query, bound).extra(  # noqa: S610 - fixed SQL; query a parameter
            select={"rank": f"ts_rank_cd(search_searchentry.tsv, {_TSQUERY})"}, select_params=[text]
        )
        return list(rows.order_by(*order)[start:stop])
    if by_date:
        # Sorting by date: the most recent matches are the candidates; bm25 only for those.
        return list(_ranked_all(_by_date_candidates(entries, query, bound), query).order_by(*order)[start:stop])
    expression = _fts5_expression(query)
    top = entries.extra(
        tables=["search_fts"],
        where=[
            "search_fts.rowid = search_searchentry.id",
            "search_fts MATCH %s",
            "search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rank LIMIT %s)",
        ],
        params=[expression, expression, bound],
        select={"rank": "-bm25(search_fts)"},
    )
    window = list(top.order_by(*order)[start:stop])
    expected = (stop if total is None else min(stop, total)) - start
    if len(window) < expected:
        # Too few of the index's best are visible to this reader: rank every visible match (still bounded by
        # what the reader may see, and still exact).
        window = list(_ranked_all(entries, query).order_by(*order)[start:stop])
    return window
