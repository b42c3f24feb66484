"""One family of application errors, turned into responses in one place (web and API)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise


class ApplicationError(Exception):
    """A refusal the user can act on: says which record and field, and what is wrong."""

    status_code = 400

    def __init__(self, message: StrOrPromise, *, field: str | None = None, record: str | None = None) -> None:
        # A lazy translation (a module-level reason) is rendered now, in the language of the request.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.field = field
        self.record = record

    def as_dict(self) -> dict[str, Any]:
        return {"detail": self.message, "field": self.field, "record": self.record}

    def __str__(self) -> str:
        where = " ".join(part for part in (self.record, f"field {self.field!r}" if self.field else None) if part)
        return f"{where}: {self.message}" if where else self.message


class ValidationFailed(ApplicationError):
    status_code = 400


def require_choice(value: object, choices: Sequence[str], *, field: str, record: str | None = None) -> None:
    """Refuse a value that is not one of `choices` (an enum's `.values`), naming them all."""
    if value not in choices:
        raise ValidationFailed(
            _("%(value)r is not one of %(values)s.") % {"value": value, "values": ", ".join(choices)},
            field=field,
            record=record,
        )


class NotAuthenticated(ApplicationError):
    """No usable credentials: a forged, revoked or expired token, or none where one is required."""

    status_code = 401


class NotFound(ApplicationError):
    status_code = 404


class PermissionDenied(ApplicationError):
    status_code = 403


class Conflict(ApplicationError):
    """A concurrent edit or a state that no longer holds; carries the current state."""

    status_code = 409

    def __init__(
        self,
        message: StrOrPromise,
        *,
        field: str | None = None,
        record: str | None = None,
        current: dict[str, Any] | None = None,
        current_object: Any = None,
    ) -> None:
        super().__init__(message, field=field, record=record)
        self.current = current
        # The object as it holds now (a model instance), for the API or page to present in the reader's
        # terms; never put in the body as it is.
        self.current_object = current_object

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = dict(super().as_dict())
        if self.current is not None:
            body["current"] = self.current
        return body


def get_or_not_found(queryset: Any, *, what: str, field: str, value: object, **lookup: Any) -> Any:
    """The one object the lookup finds, or NotFound naming what was looked for and by which field."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound(
            _("no %(what)s with %(field)s %(value)r.") % {"what": what, "field": field, "value": value}, field=field
        )
    return found
