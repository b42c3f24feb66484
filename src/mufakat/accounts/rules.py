"""The viewer (one user's roles and parties in one series, or the explicit system actor), the audit
predicate and `require`. Each domain app keeps its own predicates in its rules.py (meetings.rules.is_series_chair,
delegations.rules, documents.rules, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mufakat.core.errors import PermissionDenied

from .enums import PARTY_ROLES, SeriesRole
from .models import RoleAssignment

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from mufakat.meetings.models import Series


SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class SeriesViewer:
    """The roles and parties one user holds in one series. Anonymous: no roles, no parties."""

    user: Any
    series_id: int | None
    roles: frozenset[str]
    party_ids: frozenset[int]
    focal_party_ids: frozenset[int]
    party_codes: tuple[str, ...] = ()
    # What a system actor is doing ("silence deadline job", "demo loader"); empty for people.
    purpose: str = ""

    @classmethod
    def system(cls, series_id: int | None, *, purpose: str) -> SeriesViewer:
        """Code acting on its own (a deadline job, a loader): nobody's user, allowed what the chair
        secretariat is, audited as 'system' with its purpose. Never built from a request."""
        if not purpose:
            raise ValueError("a system actor says what it is doing")
        return cls(
            user=None,
            series_id=series_id,
            roles=frozenset({SYSTEM_ROLE}),
            party_ids=frozenset(),
            focal_party_ids=frozenset(),
            purpose=purpose,
        )

    @property
    def is_system(self) -> bool:
        return SYSTEM_ROLE in self.roles

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def is_chair(self) -> bool:
        return self.is_system or SeriesRole.CHAIR_SECRETARIAT in self.roles

    @property
    def is_secretariat(self) -> bool:
        return self.is_system or bool(self.roles & {SeriesRole.CHAIR_SECRETARIAT, SeriesRole.ASEAN_SECRETARIAT})

    @property
    def role_label(self) -> str:
        return ",".join(sorted(self.roles))


def viewer_for(user: Any, series: Series | None) -> SeriesViewer:
    if user is None or not getattr(user, "is_authenticated", False) or series is None:
        return SeriesViewer(
            user=user,
            series_id=series.pk if series else None,
            roles=frozenset(),
            party_ids=frozenset(),
            focal_party_ids=frozenset(),
        )
    assignments = list(RoleAssignment.objects.filter(user=user, series=series).select_related("party"))
    return _viewer_of(user, series, assignments)


def series_viewers(user: Any) -> list[tuple[Series, SeriesViewer]]:
    """The user's viewer in every series it holds a role in (one query, whatever the number of series), for
    pages that span series ("my desk"). Each viewer is what viewer_for builds for that series."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    by_series: dict[int, list[RoleAssignment]] = {}
    for assignment in RoleAssignment.objects.filter(user=user).select_related("series__venue", "party"):
        by_series.setdefault(assignment.series_id, []).append(assignment)
    found = []
    for assignments in by_series.values():
        series = assignments[0].series
        found.append((series, _viewer_of(user, series, assignments)))
    return sorted(found, key=lambda pair: (-pair[0].start_date.toordinal(), pair[0].code))


def _viewer_of(user: Any, series: Series, assignments: list[RoleAssignment]) -> SeriesViewer:
    return SeriesViewer(
        user=user,
        series_id=series.pk,
        roles=frozenset(a.role for a in assignments),
        party_ids=frozenset(a.party_id for a in assignments if a.role in PARTY_ROLES and a.party_id),
        focal_party_ids=frozenset(a.party_id for a in assignments if a.role == SeriesRole.FOCAL_POINT and a.party_id),
        party_codes=tuple(sorted({a.party.code for a in assignments if a.party is not None})),
    )


# Predicates ------------------------------------------------------------------------------------


def can_view_audit(viewer: SeriesViewer) -> bool:
    return viewer.is_chair


def require(allowed: bool, reason: StrOrPromise) -> None:
    """Raise PermissionDenied with a reason the user can act on."""
    if not allowed:
        raise PermissionDenied(reason)
