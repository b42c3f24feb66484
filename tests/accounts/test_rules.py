"""Each persona's roles and parties in AMM-57, the audit predicate and `require`. The predicates of the
domain apps are tested beside them (tests/delegations/test_rules.py, tests/meetings/test_rules.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser

from mufakat.accounts.rules import SeriesViewer, can_view_audit, require, viewer_for
from mufakat.core.errors import PermissionDenied
from mufakat.meetings.models import Series
from tests.factories.delegations import delegation_of


@pytest.mark.parametrize(
    ("persona", "roles", "party_codes", "chair", "secretariat", "authenticated"),
    [
        ("chair_secretariat", {"chair_secretariat"}, (), True, True, True),
        ("asean_secretariat", {"asean_secretariat"}, (), False, True, True),
        ("member_focal_point", {"focal_point"}, ("VN",), False, False, True),
        ("member_delegate", {"delegate"}, ("VN",), False, False, True),
        ("partner_delegate", {"delegate"}, ("JP",), False, False, True),
        ("observer", {"observer"}, ("TL",), False, False, True),
        ("outsider", set(), (), False, False, True),
        ("anonymous", set(), (), False, False, False),
    ],
)
def test_viewer_for_persona_roles_and_parties(  # noqa: PLR0917 - one parametrized row per persona
    amm_57: Series,
    persona: str,
    roles: set[str],
    party_codes: tuple[str, ...],
    chair: bool,
    secretariat: bool,
    authenticated: bool,
    persona_viewer: Callable[[str], SeriesViewer],
) -> None:
    viewer = persona_viewer(persona)

    described = (viewer.series_id, set(viewer.roles), viewer.party_codes, viewer.is_chair, viewer.is_secretariat)

    assert described == (amm_57.pk, roles, party_codes, chair, secretariat)
    assert viewer.is_authenticated == authenticated


def test_viewer_for_focal_point_holds_the_party_as_focal_and_member(member_focal_point: SeriesViewer) -> None:
    viet_nam = delegation_of(party_code="VN").party_id

    assert (member_focal_point.party_ids, member_focal_point.focal_party_ids, member_focal_point.role_label) == (
        frozenset({viet_nam}),
        frozenset({viet_nam}),
        "focal_point",
    )


def test_viewer_for_roles_do_not_carry_over_to_another_series(chair_secretariat: SeriesViewer) -> None:
    amm_43 = Series.objects.get(code="amm-43")

    viewer = viewer_for(chair_secretariat.user, amm_43)

    assert (viewer.series_id, viewer.roles, viewer.party_ids, viewer.is_chair) == (
        amm_43.pk,
        frozenset(),
        frozenset(),
        False,
    )


def test_viewer_for_no_user_or_no_series_has_no_roles(chair_secretariat: SeriesViewer) -> None:
    without_series = viewer_for(chair_secretariat.user, None)
    without_user = viewer_for(None, Series.objects.get(code="amm-57"))
    anonymous_user = viewer_for(AnonymousUser(), None)

    assert [(v.series_id, v.roles, v.is_authenticated) for v in (without_series, without_user, anonymous_user)] == [
        (None, frozenset(), True),
        (chair_secretariat.series_id, frozenset(), False),
        (None, frozenset(), False),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("chair_secretariat", True),
        ("asean_secretariat", False),
        ("member_focal_point", False),
        ("observer", False),
        ("anonymous", False),
    ],
)
def test_can_view_audit_by_persona(persona: str, expected: bool, persona_viewer: Callable[[str], SeriesViewer]) -> None:
    assert can_view_audit(persona_viewer(persona)) == expected


def test_require_refuses_with_the_reason() -> None:
    require(True, "never raised")

    with pytest.raises(PermissionDenied) as error:
        require(False, "only the chair secretariat sets quotas.")

    assert (error.value.status_code, error.value.field, str(error.value)) == (
        403,
        None,
        "only the chair secretariat sets quotas.",
    )
