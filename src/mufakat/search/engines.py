"""The two full-text engines behind one interface: restrict a queryset of entries to those matching a query,
count them up to a cap, and return a window of them ranked (higher is better). Both see folded text
(search.text.fold) and stem English words.

Cost is bounded by construction, whatever share of the archive a query matches:
- counts stop at COUNT_CAP + 1 rows (shown as "1,000+"), every kind's in one statement;
- SQLite's FTS5 index holds each entry's kind, so a kind's count or window reads only that kind's postings (a
  few meetings matching a common word do not cost a walk through every paragraph that has it);
- by relevance, one read per kind gives both its count and its candidates: the COUNT_CAP + 1 most recently
  indexed visible matches (highest ids), each with its rank (SQLite: bm25, FTS5 reading its postings backwards;
  PostgreSQL: ts_rank_cd, an index in id order read backwards for common words — for paragraphs the current
  texts', then the reader's own drafts (`parts`) —, the GIN index for rare ones). When
  a kind has at most COUNT_CAP visible matches (the count is exact) the candidates are all of them and the
  ranking is exact; above it, the ranking is over the most recent CANDIDATES and the count says "1,000+";
- by date: the CANDIDATES most recent visible matches by date, ranked."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from .enums import Kind
from .models import SearchEntry
from .text import Query

COUNT_CAP = 1000
CANDIDATES = 1000
# English stems, no stop words (migration 0003): the words SQLite's FTS5 matches.
_TSQUERY = "websearch_to_tsquery('mufakat_english'::regconfig, %s)"


def _fts5_expression(query: Query, kind: str = "") -> str:
    """Every word and every phrase must match in the text (and, with `kind`, the entry be of that kind); each
    is quoted, so no FTS5 operator can be typed in."""
    parts = [f'"{term}"' for term in query.terms] + [f'"{" ".join(phrase)}"' for phrase in query.phrases]
    expression = "folded : (" + " AND ".join(parts) + ")"
    return f'{expression} AND kind : "{Kind(kind).value}"' if kind else expression


def _websearch(query: Query) -> str:
    return " ".join([*query.terms, *(f'"{" ".join(phrase)}"' for phrase in query.phrases)])


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def matching(entries: QuerySet[SearchEntry], query: Query, kind: str = "") -> QuerySet[SearchEntry]:
    """The entries (already access-filtered; of `kind` when given) that match every word and phrase; not
    ranked."""
    if _postgres():
        return entries.extra(  # noqa: S610 - fixed SQL; the query is a parameter
            where=[f"search_searchentry.tsv @@ {_TSQUERY}"], params=[_websearch(query)]
        )
    return entries.extra(
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[_fts5_expression(query, kind)],
    )


def _union_all(kinds: list[str], rows_of: Callable[[str], QuerySet[Any]], columns: str) -> tuple[str, list[Any]]:
    """One statement over every kind: `SELECT <kind's index>, <columns> FROM (<the kind's rows>)` joined by
    UNION ALL ("" when the reader may see nothing of any kind), and its parameters."""
    parts: list[str] = []
    params: list[Any] = []
    for index, kind in enumerate(kinds):
        rows = rows_of(kind)
        try:
            sql, kind_params = rows.query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:  # the reader may see nothing of this kind
            continue
        parts.append(f"SELECT {index}, {columns} FROM ({sql}) part_{index}")  # noqa: S608 - compiled SQL
        params.extend(kind_params)
    return " UNION ALL ".join(parts), params


def kinds_matching(kinds: list[str], query: Query) -> set[str]:
    """Which of `kinds` have any entry matching the query, whoever may see it (one statement; every kind but
    paragraphs, which nearly always match, is small and indexed apart). A search builds a kind's access filter
    only when this says it may find something; its counts and hits come from the filtered rows alone."""
    sql, params = _union_all(
        kinds,
        lambda kind: matching(SearchEntry.objects.filter(kind=kind), query, kind).order_by().values("pk")[:1],
        "1",
    )
    if not sql:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {kinds[index] for index, _one in cursor.fetchall()}


def capped_counts(visible: Mapping[str, QuerySet[SearchEntry]], query: Query) -> dict[str, tuple[int, bool]]:
    """For each kind, how many of its (access-filtered) entries match, counting at most COUNT_CAP + 1 rows:
    (count, capped); when capped, the count is COUNT_CAP and means "more than COUNT_CAP". One statement: a
    UNION ALL of each kind's LIMITed count, over the same filtered rows the windows come from."""
    kinds = list(visible)
    sql, params = _union_all(
        kinds,
        lambda kind: matching(visible[kind], query, kind).order_by().values("pk")[: COUNT_CAP + 1],
        "COUNT(*)",
    )
    found: dict[str, int] = {}
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = {kinds[index]: count for index, count in cursor.fetchall()}
    return {
        kind: (COUNT_CAP, True) if found.get(kind, 0) > COUNT_CAP else (found.get(kind, 0), False) for kind in kinds
    }


def _ranked_all(entries: QuerySet[SearchEntry], query: Query, kind: str = "") -> QuerySet[SearchEntry]:
    """Every visible match with its rank (SQLite)."""
    return entries.extra(
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[_fts5_expression(query, kind)],
        select={"rank": "-bm25(search_fts)"},
    )


def _by_date_candidates(
    entries: QuerySet[SearchEntry], query: Query, bound: int, kind: str = ""
) -> QuerySet[SearchEntry]:
    """The `bound` most recent visible matches (a cheap order: no rank computed), as a queryset to rank. The ids
    are read first (at most `bound` integers): the engines' raw SQL names the entries' table, which inside a
    subquery would bind to the outer query's rows."""
    ids = list(matching(entries, query, kind).order_by("-date", "-pk").values_list("pk", flat=True)[:bound])
    return SearchEntry.objects.filter(pk__in=ids)


def _recent_rows(entries: QuerySet[SearchEntry], query: Query, kind: str, limit: int) -> QuerySet[SearchEntry, Any]:
    """The `limit` most recently indexed visible matches (highest ids first), each with its rank, as (id, rank,
    date). SQLite: FTS5 walks its postings backwards and stops at `limit` (no sort, no rank for the rest).
    PostgreSQL: for a common word the planner walks an index in id order backwards (the primary key, or the
    current paragraphs' partial index for the first of `counted_windows`' parts) and stops at `limit`; for rare
    words it reads the GIN index's few matches and sorts them."""
    if _postgres():
        rows = matching(entries, query, kind).extra(  # noqa: S610 - fixed SQL; the query is a parameter
            select={"rank": f"ts_rank_cd(search_searchentry.tsv, {_TSQUERY})"}, select_params=[_websearch(query)]
        )
        return rows.order_by("-pk").values_list("pk", "rank", "date")[:limit]
    return (
        entries.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
            params=[_fts5_expression(query, kind)],
            select={"rank": "-bm25(search_fts)", "indexed": "search_fts.rowid"},
        )
        .order_by("-indexed")
        .values_list("pk", "rank", "date")[:limit]
    )


Window = tuple[int, bool, list[SearchEntry]]


def counted_windows(
    visible: Mapping[str, QuerySet[SearchEntry]],
    query: Query,
    *,
    by_date: bool,
    start: int,
    stop: int,
    load: Callable[[QuerySet[SearchEntry]], QuerySet[SearchEntry]] = lambda entries: entries,
    parts: Mapping[str, tuple[Q, Q | None]] | None = None,
) -> dict[str, Window]:
    """For each kind: its capped count (see capped_counts) and the window [start, stop) of its visible matches
    ranked (by relevance, or by date with `_ranked_by_date`), each entry with `rank`; `load` narrows what is read
    of the window's entries.

    By relevance: one statement reads, for every kind, the COUNT_CAP + 1 most recently indexed visible matches
    with their rank (a UNION ALL of LIMITed reads): the count is how many came back, the ranking is over them
    (all of them when the count is exact); one more reads the windows' entries. Each match is read once, for
    its count and its rank. By date: the counts in one statement, then each kind's window.

    `parts` (PostgreSQL): a kind's visible entries as two disjoint filters, a large first part with an index in
    id order and a second part (None: empty) read after it. The first part's LIMITed read is in the statement;
    the second part is read only above the lowest id the first returned when that read was full (below it, no
    row can be among the most recent), and the two are merged. For paragraphs: the current texts, then the
    drafts of the reader's series, so no walk steps over the drafts the reader may not see."""
    if by_date:
        counts = capped_counts(visible, query)
        return {
            kind: (
                count,
                capped,
                _ranked_by_date(load(visible[kind]), query, start=start, stop=stop, kind=kind) if count else [],
            )
            for kind, (count, capped) in counts.items()
        }
    kinds = list(visible)
    limit = max(COUNT_CAP + 1, stop)
    split = {kind: part for kind, part in (parts or {}).items() if kind in visible} if _postgres() else {}

    def first(kind: str) -> QuerySet[SearchEntry]:
        entries = visible[kind].filter(split[kind][0]) if kind in split else visible[kind]
        return _recent_rows(entries, query, kind, limit)

    sql, params = _union_all(kinds, first, "*")
    found: dict[str, list[tuple[int, float, str]]] = {kind: [] for kind in kinds}
    if sql:
        with transaction.atomic(), connection.cursor() as cursor:
            if query.phrases and _postgres():
                # PostgreSQL estimates a phrase as often as its words together (it does not know adjacency), so
                # it would walk the primary key backwards looking for the few rows that hold the phrase, through
                # the whole table; the GIN index's candidates, checked and sorted, cost a fraction of that.
                cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(sql, params)
            for index, pk, rank, day in cursor.fetchall():
                found[kinds[index]].append((pk, rank, str(day or "")))
            for kind, (_first, rest) in split.items():
                if rest is None:
                    continue
                rows = found[kind]
                floor = min(pk for pk, _rank, _day in rows) if len(rows) >= limit else 0
                more = _recent_rows(visible[kind].filter(rest, pk__gt=floor), query, kind, limit)
                rows.extend((pk, rank, str(day or "")) for pk, rank, day in more)
                rows.sort(key=lambda row: row[0], reverse=True)
                del rows[limit:]
    windows: dict[str, list[tuple[int, float]]] = {}
    for kind, rows_found in found.items():
        candidates = rows_found[: max(CANDIDATES, stop)]
        # By relevance, then date (newest first), then id: three stable sorts, the last key first.
        candidates.sort(key=lambda row: row[0])
        candidates.sort(key=lambda row: row[2], reverse=True)
        candidates.sort(key=lambda row: row[1], reverse=True)
        windows[kind] = [(pk, rank) for pk, rank, _day in candidates[start:stop]]
    wanted = [pk for window in windows.values() for pk, _rank in window]
    loaded = {entry.pk: entry for entry in load(SearchEntry.objects.filter(pk__in=wanted))} if wanted else {}
    result: dict[str, Window] = {}
    for kind in kinds:
        count = len(found[kind])
        entries = []
        for pk, rank in windows[kind]:
            entry = loaded[pk]
            entry.rank = rank  # type: ignore[attr-defined]
            entries.append(entry)
        result[kind] = (COUNT_CAP, True, entries) if count > COUNT_CAP else (count, False, entries)
    return result


def _ranked_by_date(
    entries: QuerySet[SearchEntry], query: Query, *, start: int, stop: int, kind: str = ""
) -> list[SearchEntry]:
    """The window [start, stop) of the visible matches by date (then relevance), each with `rank`: the most
    recent matches by date are the candidates, ranks only for those. `entries` is access-filtered (and of
    `kind`, when given); the filter stays in the query."""
    order = ["-date", "-rank", "pk"]
    candidates = _by_date_candidates(entries, query, max(CANDIDATES, stop), kind)
    if _postgres():
        rows = candidates.extra(  # noqa: S610 - fixed SQL; the query is a parameter
            select={"rank": f"ts_rank_cd(search_searchentry.tsv, {_TSQUERY})"}, select_params=[_websearch(query)]
        )
        return list(rows.order_by(*order)[start:stop])
    return list(_ranked_all(candidates, query, kind).order_by(*order)[start:stop])
