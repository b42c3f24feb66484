"""What every API package shares: the error bodies and `errors()`, the field types of input schemas,
parties and frameworks named in a body, pagination bounds, and the file responses (iCalendar, PDF, CSV,
Word, plain text) with their OpenAPI description."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Annotated, Any, TypeVar

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, WithJsonSchema

from mufakat.core.errors import Conflict, ValidationFailed
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Framework, Party

# Errors -----------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    record: str | None = None


class StaleOut(ErrorOut):
    """A 409: the edit was made against a state that no longer holds; `current` says what holds now
    (for documents, the current draft: `{"version_id": ..., "number": ...}`)."""

    current: dict[str, Any] | None = None


# How a 409 shows the state that holds now: the service that refused put the object, read under its lock,
# in the Conflict (core.versioning); each API package registers how a reader sees such an object. Routers
# do not catch Conflict: the API's one handler builds every 409 body here.
ConflictPresenter = Callable[[HttpRequest, Any], Schema]
_PRESENTERS: dict[tuple[type[models.Model], str | None], ConflictPresenter] = {}
P = TypeVar("P", bound=ConflictPresenter)


def presents_conflict(model: type[models.Model], *, field: str | None = None) -> Callable[[P], P]:
    """Register the presenter of `model` in a 409's `current`; `field` picks a presenter where one model
    carries several versions (a meeting's `agenda_version` shows the whole agenda)."""

    def register(present: P) -> P:
        _PRESENTERS[(model, field)] = present
        return present

    return register


def conflict_body(request: HttpRequest, exc: Conflict) -> dict[str, Any]:
    """{detail, field, record, current}: `current` as the registered presenter shows the refused object to
    this reader, else what the service put there (documents: the current draft's id and number)."""
    body = exc.as_dict()
    obj = exc.current_object
    if obj is not None:
        present = _PRESENTERS.get((type(obj), exc.field)) or _PRESENTERS.get((type(obj), None))
        if present is not None:
            # The schema itself: the renderer encodes it as every other response (dates as DjangoJSONEncoder does).
            body["current"] = present(request, obj)
    return body


def errors(*codes: int) -> dict[int, Any]:
    """The error responses an operation documents, each with the {detail, field, record} body; a 409 may
    also carry `current`, the state that holds now."""
    return {code: StaleOut if code == 409 else ErrorOut for code in codes}


# Field types ------------------------------------------------------------------------------------

# Ids and numbers the database stores as integers: larger ones cannot name anything.
DbInt = Annotated[int, Field(ge=1, le=2_147_483_647)]
# PostgreSQL cannot store a NUL character in text; say so in the schema rather than fail on save.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]


def _local(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("is a local time of the venue: send it without a UTC offset, e.g. 08:30.")
    return value


LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
# A wall-clock time at the venue, with no offset ("08:30" or "08:30:00"); declared as such, since the
# JSON Schema format "time" would require an offset.
LocalTime = Annotated[
    time,
    AfterValidator(_local),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": LOCAL_TIME_PATTERN,
            "description": "A local time of the venue, HH:MM or HH:MM:SS, without a UTC offset.",
            "examples": ["08:30"],
        }
    ),
]


# What each pattern in the schemas means, said as what to send (pydantic would show the regex itself).
_PATTERN_MEANINGS = {
    r"^[^\x00]*$": "must not contain a NUL character (U+0000); remove it.",
    r"^[A-Za-z]{2,12}$": "must be a party code of 2 to 12 letters, e.g. VN.",
    r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$": "must be an IANA time zone name, e.g. Asia/Vientiane.",
    LOCAL_TIME_PATTERN: "must be a local time, HH:MM or HH:MM:SS, without a UTC offset, e.g. 08:30.",
}


def explained_validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pydantic's problems with a pattern mismatch said in words (and the regex left out)."""
    explained = []
    for error in errors:
        if error.get("type") != "string_pattern_mismatch":
            explained.append(error)
            continue
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        meaning = _PATTERN_MEANINGS.get(pattern, "does not have the form this field takes; see its description.")
        explained.append({key: value for key, value in error.items() if key != "ctx"} | {"msg": meaning})
    return explained


class BoundedPagination(LimitOffsetPagination):
    """limit/offset with bounds every database accepts: a 40-digit offset is a 422 naming the
    parameter, not a 500 from the SQL driver. Pages hold at most 500 items."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=2**31 - 1)


# Look-ups ---------------------------------------------------------------------------------------


def party_from_body(code: str, *, field: str) -> Party:
    """A party named in a request body; an unknown code is bad input (400), not a missing page."""
    party = reference_selectors.party_list().filter(code=code.strip().upper()).first()
    if party is None:
        raise ValidationFailed(_("no party with code %(code)r; see /api/v1/parties.") % {"code": code}, field=field)
    return party


def parties_from_body(codes: list[str], *, field: str) -> list[Party]:
    wanted = {code.strip().upper() for code in codes}
    found = {party.code: party for party in reference_selectors.party_list().filter(code__in=wanted)}
    unknown = sorted(code for code in wanted if code not in found)
    if unknown:
        raise ValidationFailed(
            _("no party with code %(values)s; see /api/v1/parties.") % {"values": ", ".join(unknown)}, field=field
        )
    return [found[code] for code in sorted(found)]


def framework_from_body(code: str, *, field: str) -> Framework:
    framework = reference_selectors.framework_list().filter(code__iexact=code.strip()).first()
    if framework is None:
        raise ValidationFailed(
            _("no framework with code %(code)r; see /api/v1/frameworks.") % {"code": code}, field=field
        )
    return framework


def utf8_text(raw: bytes) -> str:
    """An uploaded CSV file as text; anything but UTF-8 is refused naming the byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            _("is not UTF-8 text (byte %(start)s); save the spreadsheet as CSV UTF-8.") % {"start": exc.start},
            field="file",
        ) from exc


# Files ------------------------------------------------------------------------------------------

ICS = "text/calendar; charset=utf-8"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_doc(media_type: str, description: str) -> dict[str, Any]:
    """The OpenAPI description (`openapi_extra`) of a 200 that is a file, not JSON."""
    media_type = media_type.split(";", maxsplit=1)[0]
    return {"responses": {200: {"description": description, "content": {media_type: {"schema": {"type": "string"}}}}}}


def upload_doc(description: str) -> dict[str, Any]:
    """The OpenAPI description (`openapi_extra`) of a required body sent as `text/csv` or as the multipart
    field `file`."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    }


def file_response(content: str | bytes, *, media_type: str, filename: str, attachment: bool = False) -> HttpResponse:
    """A file to show (`inline`) or to save (`attachment`) under `filename`."""
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return response
