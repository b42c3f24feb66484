"""Lookups and response maps the API modules share."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from mufakat.core.errors import ValidationFailed, get_or_not_found
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Framework, Party

from .schemas import ErrorOut, StaleOut


def errors(*codes: int) -> dict[int, Any]:
    """The error responses an operation documents, each with the {detail, field, record} body; a 409 may
    also carry `current`, the state that holds now."""
    return {code: StaleOut if code == 409 else ErrorOut for code in codes}


def series_or_404(code: str) -> Series:
    series: Series = get_or_not_found(
        meeting_selectors.series_list().select_related("venue__country"),
        what=_("series"),
        field="code",
        value=code,
        code=code,
    )
    return series


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


class BoundedPagination(LimitOffsetPagination):
    """limit/offset with bounds every database accepts: a 40-digit offset is a 422 naming the
    parameter, not a 500 from the SQL driver. Pages hold at most 500 items."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=2**31 - 1)
