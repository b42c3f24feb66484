"""Row locks that read what they lock as it is once the lock is held."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def lock_then_read(queryset: QuerySet[M], *, skip_locked: bool = False, **filters: Any) -> M | None:
    """Lock the row of `queryset` that `filters` pick, then read it with the queryset's joins; None if no
    row matches (or, with `skip_locked`, if another transaction holds it). Call inside `transaction.atomic`.

    The lock is taken by a query on that table alone, and the row is read afterwards by a second query.
    Locking and joining in one `SELECT … FOR UPDATE` reads stale related rows on PostgreSQL: a statement
    that waits for another transaction's row lock re-reads the locked row once that transaction commits,
    but keeps the joined rows of the snapshot it started with, so a document whose current draft was just
    replaced came back with the draft before, or with none. The second query starts a new snapshot after
    the lock is held and sees everything committed up to then. (SQLite's write transaction excludes every
    other writer from its start, so there the lock query only costs a read.)"""
    locking = queryset.select_related(None).select_for_update(of=("self",), skip_locked=skip_locked)
    pks = list(locking.filter(**filters).order_by("pk").values_list("pk", flat=True)[:1])
    if not pks:
        return None
    return queryset.filter(pk=pks[0]).first()
