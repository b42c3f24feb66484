"""Who may see and change delegations in AMM-57: every delegations predicate for each persona, and none of
them across series."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mufakat.accounts.rules import SeriesViewer
from mufakat.delegations.rules import (
    can_decide_accreditation,
    can_edit_participants,
    can_manage_delegations,
    can_view_participants,
    can_view_party_week,
)
from mufakat.meetings.models import Series
from tests.factories.delegations import delegation_in_amm_58, delegation_of

# (manage delegations, view VN participants, edit VN participants, view JP participants, edit JP participants,
#  decide accreditation, view VN's week)
PREDICATES = {
    "chair_secretariat": (True, True, True, True, True, True, True),
    "asean_secretariat": (False, True, False, True, False, False, False),
    "member_focal_point": (False, True, True, False, False, False, True),
    "member_delegate": (False, True, False, False, False, False, True),
    "partner_delegate": (False, False, False, True, False, False, False),
    "observer": (False, False, False, False, False, False, False),
    "outsider": (False, False, False, False, False, False, False),
    "anonymous": (False, False, False, False, False, False, False),
}


@pytest.mark.parametrize(("persona", "expected"), PREDICATES.items())
def test_predicates_by_persona(
    amm_57: Series, persona: str, expected: tuple[bool, ...], persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    viewer = persona_viewer(persona)
    viet_nam, japan = delegation_of(party_code="VN"), delegation_of(party_code="JP")

    answers = (
        can_manage_delegations(viewer, amm_57.pk),
        can_view_participants(viewer, viet_nam),
        can_edit_participants(viewer, viet_nam),
        can_view_participants(viewer, japan),
        can_edit_participants(viewer, japan),
        can_decide_accreditation(viewer, amm_57.pk),
        can_view_party_week(viewer, amm_57.pk, viet_nam.party_id),
    )

    assert answers == expected


@pytest.mark.parametrize("persona", ["chair_secretariat", "asean_secretariat", "member_focal_point"])
def test_participant_predicates_false_for_a_delegation_in_another_series(
    persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    viewer = persona_viewer(persona)
    other = delegation_in_amm_58(party_code="VN")

    assert (can_view_participants(viewer, other), can_edit_participants(viewer, other)) == (False, False)


def test_the_chair_of_amm_57_manages_no_other_series(chair_secretariat: SeriesViewer) -> None:
    other = delegation_in_amm_58(party_code="VN")

    assert (
        can_manage_delegations(chair_secretariat, other.series_id),
        can_decide_accreditation(chair_secretariat, other.series_id),
        can_view_party_week(chair_secretariat, other.series_id, other.party_id),
        can_manage_delegations(chair_secretariat, None),
    ) == (False, False, False, False)


def test_a_system_actor_manages_the_series_it_works_in_only(amm_57: Series) -> None:
    loader = SeriesViewer.system(amm_57.pk, purpose="demo loader")

    assert (can_manage_delegations(loader, amm_57.pk), can_decide_accreditation(loader, amm_57.pk)) == (True, True)
    assert not can_manage_delegations(loader, amm_57.pk + 1)
