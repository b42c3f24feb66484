"""/frameworks: frameworks, their members on a date and their membership rows over time."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.api.common import ErrorOut
from mufakat.api.reference.common import framework_out, member_out, party_out, reference_router
from mufakat.api.reference.schemas import FrameworkMembersOut, FrameworkOut, MembershipOut
from mufakat.core.errors import get_or_not_found
from mufakat.reference import selectors as reference_selectors
from mufakat.reference.models import Framework
from mufakat.reference.selectors import MembershipIndex


@reference_router.get("/frameworks", response={200: list[FrameworkOut], 401: ErrorOut})
def list_frameworks(request: HttpRequest) -> list[FrameworkOut]:
    return [framework_out(f) for f in reference_selectors.framework_list()]


@reference_router.get("/frameworks/{code}/members", response={200: FrameworkMembersOut, 401: ErrorOut, 404: ErrorOut})
def framework_members(request: HttpRequest, code: str, on: date | None = None) -> FrameworkMembersOut:
    """Who belongs to the framework on a date (default: today), including included frameworks' members."""
    framework = get_or_not_found(
        Framework.objects.prefetch_related("includes"), what=_("framework"), field="code", value=code, code=code
    )
    day = on or timezone.localdate()
    members = MembershipIndex().members_on(framework.pk, day)
    return FrameworkMembersOut(
        framework=framework_out(framework),
        on=day,
        count=len(members),
        counts=reference_selectors.members_count_by_role(members),
        members=[member_out(m) for m in members],
    )


@reference_router.get(
    "/frameworks/{code}/memberships", response={200: list[MembershipOut], 401: ErrorOut, 404: ErrorOut}
)
def framework_memberships(request: HttpRequest, code: str) -> list[MembershipOut]:
    """The framework's own membership rows over time (without included frameworks)."""
    framework = get_or_not_found(Framework.objects, what=_("framework"), field="code", value=code, code=code)
    return [
        MembershipOut(
            party=party_out(m.party),
            role=m.role,
            valid_from=m.valid_from,
            valid_to=m.valid_to,
            source_note=m.source_note,
        )
        for m in MembershipIndex().history(framework.pk)
    ]
