"""Who sees which bilaterals: the chair secretariat every request and schedule; a delegation only the
requests and meetings it takes part in (as requester or counterpart); nobody else anything."""

from __future__ import annotations

from typing import Any

import pytest

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.models import BilateralRequest
from mufakat.bilaterals.rules import can_act_for_party, can_manage_bilaterals, can_view_party_bilaterals
from mufakat.bilaterals.selectors import bilateral_request_get, bilateral_request_list, presence_list
from mufakat.core.errors import NotFound, PermissionDenied
from mufakat.delegations.models import Delegation
from mufakat.meetings.models import Series
from mufakat.reference.models import Party


def _codes(requests: Any) -> list[str]:
    return sorted(
        "–".join([r.requester.code, *(c.party.code for c in r.responses.all())]) + f"/{r.level}" for r in requests
    )


def test_chair_sees_every_request(bilateral_requests_demo: Series, chair_secretariat: SeriesViewer) -> None:
    requests = list(bilateral_request_list(viewer=chair_secretariat, series=bilateral_requests_demo))

    assert len(requests) == 45
    assert [r.priority for r in requests] == sorted((r.priority for r in requests), reverse=True)


def test_japan_sees_only_requests_it_makes_or_receives(
    bilateral_requests_demo: Series, partner_delegate: SeriesViewer
) -> None:
    assert _codes(bilateral_request_list(viewer=partner_delegate, series=bilateral_requests_demo)) == [
        "JP–AU/minister",
        "JP–CN/minister",
        "JP–IN/minister",
        "JP–KP/minister",
        "JP–KR/minister",
        "JP–PH/minister",
        "US–JP–KR/minister",
        "VN–JP/minister",
    ]


def test_japan_does_not_see_viet_nam_china(bilateral_requests_demo: Series, partner_delegate: SeriesViewer) -> None:
    viet_nam_china = BilateralRequest.objects.get(
        series=bilateral_requests_demo, requester__code="VN", responses__party__code="CN"
    )

    with pytest.raises(NotFound):
        bilateral_request_get(viewer=partner_delegate, series=bilateral_requests_demo, request_id=viet_nam_china.pk)


def test_viet_nam_sees_its_requests_both_ways(
    bilateral_requests_demo: Series, member_focal_point: SeriesViewer
) -> None:
    assert _codes(bilateral_request_list(viewer=member_focal_point, series=bilateral_requests_demo)) == [
        "EU–VN/minister",
        "GB–VN/minister",
        "TH–VN/minister",
        "VN–AU/minister",
        "VN–CN/minister",
        "VN–IN/minister",
        "VN–JP/minister",
        "VN–KR/minister",
        "VN–LA/som_leader",
        "VN–RU/minister",
        "VN–US/minister",
    ]


@pytest.mark.parametrize("persona", ["outsider", "anonymous", "asean_secretariat"])
def test_requests_hidden_from_everyone_else(bilateral_requests_demo: Series, persona_viewer: Any, persona: str) -> None:
    with pytest.raises(PermissionDenied) as refused:
        bilateral_request_list(viewer=persona_viewer(persona), series=bilateral_requests_demo)

    assert refused.value.message == (
        "bilateral meetings are visible to the parties that take part in them and the chair secretariat only."
    )


def test_roles_hold_in_their_series_only(
    demo: Any, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    hanoi = Series.objects.get(code="amm-43")

    assert (
        can_manage_bilaterals(chair_secretariat, hanoi.pk),
        can_manage_bilaterals(chair_secretariat, bilateral_requests_demo.pk),
    ) == (
        False,
        True,
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("chair_secretariat", (True, True)),
        ("member_focal_point", (True, True)),
        ("member_delegate", (True, True)),
        ("observer", (False, False)),
        ("partner_delegate", (False, False)),
        ("outsider", (False, False)),
    ],
)
def test_who_acts_and_reads_for_viet_nam(
    bilateral_requests_demo: Series, persona_viewer: Any, persona: str, expected: tuple[bool, bool]
) -> None:
    viewer = persona_viewer(persona)
    viet_nam = Party.objects.get(code="VN")

    assert (
        can_act_for_party(viewer, bilateral_requests_demo.pk, viet_nam.pk),
        can_view_party_bilaterals(viewer, bilateral_requests_demo.pk, viet_nam.pk),
    ) == expected


def test_observer_reads_but_does_not_act_for_its_party(bilateral_requests_demo: Series, observer: SeriesViewer) -> None:
    timor_leste = Delegation.objects.get(series=bilateral_requests_demo, party__code="TL")

    assert presence_list(viewer=observer, delegation=timor_leste)[0].level == "minister"
    assert can_act_for_party(observer, bilateral_requests_demo.pk, timor_leste.party_id) is False
