"""Optimistic concurrency in one place: check the version the user edited, apply the change, bump the
version, save, write the audit entry — or refuse with a Conflict that carries the current state.

The caller holds the row lock (see core.locking.lock_then_read): the check and the save then see the same
row, on PostgreSQL as on SQLite. `core` knows nothing of the audit log; the caller passes something that
can snapshot and record (accounts.audit.AuditTrail)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from .errors import Conflict

M = TypeVar("M", bound=models.Model)


class Audit(Protocol):
    """Where a versioned change is written down: a snapshot before and after, then one entry."""

    def snapshot(self, obj: models.Model) -> dict[str, Any]: ...

    def record(self, obj: models.Model, *, before: dict[str, Any], after: dict[str, Any]) -> object: ...


def stale(obj: models.Model, *, current: int, expected: int, record: str, field: str = "version") -> Conflict:
    """The refusal of an edit made against a version that no longer holds; it carries the object as it is
    now (`current_object`), so whoever answers the user can show the current state without reading again."""
    return Conflict(
        _(
            "was changed by someone else (now version %(current)s, you edited version "
            "%(expected)s); reload to see the current state and apply your change again."
        )
        % {"current": current, "expected": expected},
        field=field,
        record=record,
        current_object=obj,
    )


def check_fresh(obj: M, *, expected_version: int | None, record: str, version_field: str = "version") -> M:
    """Refuse (Conflict) when the user edited another version than the locked row's; None means the caller
    does not know a version (a set-up script) and skips the check."""
    current = getattr(obj, version_field)
    if expected_version is not None and current != expected_version:
        raise stale(obj, current=current, expected=expected_version, record=record, field=version_field)
    return obj


def versioned_update(
    obj: M,
    *,
    expected_version: int | None,
    record: str,
    changes: Mapping[str, Any] | None = None,
    apply: Callable[[M], None] | None = None,
    audit: Audit | None = None,
    version_field: str = "version",
    update_fields: Sequence[str] | None = None,
) -> M:
    """Check the version, set `changes` (and run `apply` for what is not a plain field: validation against
    the new values, many-to-many sets), bump the version by one, save, and record the audit entry.

    `obj` must be locked by the caller. `update_fields` limits the save to those fields (the version is
    always added). Returns the saved object with its new version."""
    check_fresh(obj, expected_version=expected_version, record=record, version_field=version_field)
    before = audit.snapshot(obj) if audit is not None else {}
    for name, value in (changes or {}).items():
        setattr(obj, name, value)
    if apply is not None:
        apply(obj)
    # The row is locked: the version read above is the one in the database, so no F() expression is needed.
    setattr(obj, version_field, getattr(obj, version_field) + 1)
    if update_fields is not None:
        obj.save(update_fields=[*update_fields, version_field])
    else:
        obj.save()
    if audit is not None:
        audit.record(obj, before=before, after=audit.snapshot(obj))
    return obj
