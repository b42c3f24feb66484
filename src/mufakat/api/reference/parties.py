"""/parties and the ASEAN chairs by year."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field
from ninja.pagination import paginate

from mufakat.api.common import BoundedPagination, ErrorOut
from mufakat.api.reference.common import party_out, reference_router
from mufakat.api.reference.schemas import ChairOut, PartyOut
from mufakat.core.errors import ValidationFailed, get_or_not_found
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Party


@reference_router.get("/parties", response={200: list[PartyOut], 401: ErrorOut})
@paginate(BoundedPagination)
def list_parties(request: HttpRequest) -> list[PartyOut]:
    return [party_out(p) for p in reference_selectors.party_list()]


@reference_router.get("/parties/{code}", response={200: PartyOut, 401: ErrorOut, 404: ErrorOut})
def get_party(request: HttpRequest, code: str) -> PartyOut:
    return party_out(get_or_not_found(Party.objects, what=_("party"), field="code", value=code, code=code.upper()))


@reference_router.get("/chairs", response={200: list[ChairOut], 400: ErrorOut, 401: ErrorOut})
def chairs(
    request: HttpRequest,
    first_year: Annotated[int, Field(ge=1967, le=2200)] = 2010,
    last_year: Annotated[int, Field(ge=1967, le=2200)] = 2035,
) -> list[ChairOut]:
    """ASEAN chairs: recorded years as recorded, the rest suggested by the alphabetical rule."""
    if last_year < first_year:
        raise ValidationFailed(
            _("last_year %(last_year)s is before first_year %(first_year)s.")
            % {"last_year": last_year, "first_year": first_year},
            field="last_year",
        )
    return [
        ChairOut(year=s.year, party=party_out(s.party), recorded=s.recorded)
        for s in reference_selectors.chair_rotation(first_year=first_year, last_year=last_year)
    ]
