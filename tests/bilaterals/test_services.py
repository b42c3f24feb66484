"""Bilateral requests and what availability is derived from: creating (every refusal names the field),
answering, withdrawing; arrivals, departures and blocked periods; rooms and settings. Personas from
tests/conftest.py; the AMM-57 requests demo from tests/bilaterals/conftest.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.utils import translation

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.enums import RequestStatus
from mufakat.bilaterals.models import BilateralRequest, BilateralRoom, BlockedPeriod, DelegationPresence
from mufakat.bilaterals.services import (
    bilateral_request_create,
    bilateral_request_respond,
    bilateral_request_withdraw,
    bilateral_room_set,
    bilateral_settings_update,
    blocked_period_add,
    blocked_period_remove,
    delegation_presence_set,
)
from mufakat.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from mufakat.delegations.models import Delegation
from mufakat.meetings.models import Room, Series
from tests.factories.programme import vientiane
from tests.factories.reference import party_get


def _delegation(series: Series, code: str) -> Delegation:
    return Delegation.objects.select_related("party", "series__venue").get(series=series, party__code=code)


def _create(actor: SeriesViewer | None, series: Series, requester: str = "VN", *others: str, **fields: Any) -> Any:
    return bilateral_request_create(
        actor=actor,
        series=series,
        requester=party_get(requester),
        counterparts=[party_get(code) for code in (others or ("JP",))],
        **fields,
    )


def _refusal(exc: ApplicationError) -> tuple[str | None, str | None, str]:
    return (exc.field, exc.record, exc.message)


# Creating requests ------------------------------------------------------------------------------------


def test_request_create_by_focal_point_waits_for_the_counterpart(
    bilateral_requests_demo: Series, member_focal_point: SeriesViewer
) -> None:
    request = _create(
        member_focal_point,
        bilateral_requests_demo,
        "VN",
        "SG",
        duration_minutes=45,
        priority=4,
        window_start=vientiane(24, "12:00"),
        window_end=vientiane(24, "18:00"),
        preferred=[(vientiane(24, "14:00"), vientiane(24, "16:00"))],
        note="Maritime cooperation.",
    )

    assert (request.status, request.level, request.duration_minutes, request.priority, request.version) == (
        "requested",
        "minister",
        45,
        4,
        1,
    )
    assert [(r.party.code, r.response) for r in request.responses.select_related("party")] == [("SG", "pending")]
    assert request.preferred == [["2024-07-24T14:00:00+07:00", "2024-07-24T16:00:00+07:00"]]
    assert request.created_by == member_focal_point.user
    event = AuditEvent.objects.filter(action="bilateral_request.create").latest("pk")
    assert (event.actor_username, event.object_id, event.after["counterparts"], event.after["duration_minutes"]) == (
        "vn.focal",
        str(request.pk),
        ["SG"],
        45,
    )


def test_request_create_trilateral_lists_counterparts_by_code(
    bilateral_requests_demo: Series, partner_delegate: SeriesViewer
) -> None:
    request = _create(partner_delegate, bilateral_requests_demo, "JP", "US", "KR", "AU")

    assert [r.party.code for r in request.responses.select_related("party")] == ["AU", "KR", "US"]


@pytest.mark.parametrize(
    "case",
    [
        (
            "VN",
            ("VN",),
            {},
            ("counterparts", "Viet Nam is the requesting party; a party does not meet itself."),
        ),
        (
            "VN",
            ("DE",),
            {},
            ("counterparts", "Germany has no delegation in amm-57; only parties at the meetings can be met."),
        ),
        ("VN", ("JP", "JP"), {}, ("counterparts", "names a party twice.")),
        ("VN", ("JP",), {"priority": 6}, ("priority", "6 is not between 1 (low) and 5 (high).")),
        ("VN", ("JP",), {"level": "deputy"}, ("level", "'deputy' is not one of minister, som_leader.")),
        (
            "VN",
            ("JP",),
            {"duration_minutes": 20},
            ("duration_minutes", "20 minutes is not a positive multiple of 15 minutes."),
        ),
        (
            "VN",
            ("JP",),
            {"duration_minutes": 480},
            (
                "duration_minutes",
                "480 minutes is longer than any free slot of the minister of Japan (the longest is 420 minutes, "
                "on Thu 25 Jul).",
            ),
        ),
        (
            "VN",
            ("JP",),
            {"window_start": vientiane(28, "09:00"), "window_end": vientiane(28, "12:00")},
            (
                "window_start",
                "2024-07-28 09:00–2024-07-28 12:00 (Asia/Vientiane) lies outside the series' dates "
                "2024-07-23..2024-07-27.",
            ),
        ),
        (
            "VN",
            ("JP",),
            {"window_start": vientiane(26, "09:00"), "window_end": vientiane(26, "09:15")},
            ("window_end", "is shorter than the 30-minute meeting."),
        ),
        (
            "VN",
            ("JP",),
            {"window_start": vientiane(26, "09:00")},
            ("window_end", "give both ends of the window, or neither."),
        ),
        (
            "VN",
            ("JP",),
            {"window_start": datetime(2024, 7, 26, 9, 0), "window_end": vientiane(26, "12:00")},  # noqa: DTZ001
            ("window_start", "2024-07-26T09:00:00 has no UTC offset; write it like 2024-07-26T09:00:00+07:00."),
        ),
        (
            "VN",
            ("JP",),
            {"preferred": [(vientiane(26, "12:00"), vientiane(26, "11:00"))]},
            ("preferred", "2024-07-26T12:00:00+07:00–2024-07-26T11:00:00+07:00 ends before it starts."),
        ),
    ],
)
def test_request_create_refusals_name_the_field(
    bilateral_requests_demo: Series,
    chair_secretariat: SeriesViewer,
    case: tuple[str, tuple[str, ...], dict[str, Any], tuple[str, str]],
) -> None:
    requester, others, fields, expected = case
    count = BilateralRequest.objects.count()

    with pytest.raises(ValidationFailed) as refused:
        _create(chair_secretariat, bilateral_requests_demo, requester, *others, **fields)

    assert _refusal(refused.value) == (expected[0], f"new bilateral request of {requester}", expected[1])
    assert BilateralRequest.objects.count() == count


def test_request_create_refusals_in_vietnamese_name_parties_and_days_in_vietnamese(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    with translation.override("vi"):
        with pytest.raises(ValidationFailed) as itself:
            _create(chair_secretariat, bilateral_requests_demo, "VN", "VN")
        with pytest.raises(ValidationFailed) as too_long:
            _create(chair_secretariat, bilateral_requests_demo, "VN", "JP", duration_minutes=480)

    assert itself.value.message == "Việt Nam là bên đề nghị; một bên không tự gặp chính mình."
    assert too_long.value.message == (
        "480 phút dài hơn mọi khoảng thời gian trống của bộ trưởng của Nhật Bản "
        "(khoảng trống dài nhất là 420 phút, vào Thứ 5 25/7)."
    )


def test_request_create_refused_for_a_requester_without_delegation(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _create(chair_secretariat, bilateral_requests_demo, "DE", "JP")

    assert _refusal(refused.value) == (
        "requester",
        "new bilateral request of DE",
        "Germany has no delegation in amm-57.",
    )


@pytest.mark.parametrize("persona", ["member_focal_point", "observer", "outsider", "anonymous"])
def test_request_create_for_japan_only_by_japan_or_the_chair(
    bilateral_requests_demo: Series, persona_viewer: Any, persona: str
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        _create(persona_viewer(persona), bilateral_requests_demo, "JP", "VN")

    assert refused.value.message == (
        "only Japan's focal point or delegates (or the chair secretariat) request bilaterals on its behalf."
    )


# Answers and withdrawal -------------------------------------------------------------------------------


def test_request_accepted_when_every_counterpart_accepts(
    bilateral_requests_demo: Series,
    member_focal_point: SeriesViewer,
    partner_delegate: SeriesViewer,
    chair_secretariat: SeriesViewer,
) -> None:
    request = _create(member_focal_point, bilateral_requests_demo, "VN", "JP", "KR")

    after_japan = bilateral_request_respond(
        actor=partner_delegate, request_id=request.pk, party=party_get("JP"), accept=True, expected_version=1
    )
    after_korea = bilateral_request_respond(
        actor=chair_secretariat, request_id=request.pk, party=party_get("KR"), accept=True, expected_version=2
    )

    assert (after_japan.status, after_japan.version) == ("requested", 2)
    assert (after_korea.status, after_korea.version) == ("accepted", 3)
    assert [(r.party.code, r.response, r.responded_by) for r in request.responses.select_related("party")] == [
        ("JP", "accepted", partner_delegate.user),
        ("KR", "accepted", chair_secretariat.user),
    ]
    assert list(
        AuditEvent.objects.filter(object_id=str(request.pk), action__startswith="bilateral_request.")
        .order_by("pk")
        .values_list("action", "actor_username")
    ) == [
        ("bilateral_request.create", "vn.focal"),
        ("bilateral_request.accept", "jp.delegate"),
        ("bilateral_request.accept", "lao.chair"),
    ]


def test_request_declined_by_one_counterpart_is_declined(
    bilateral_requests_demo: Series, member_focal_point: SeriesViewer, partner_delegate: SeriesViewer
) -> None:
    request = _create(member_focal_point, bilateral_requests_demo, "VN", "JP", "KR")

    declined = bilateral_request_respond(
        actor=partner_delegate, request_id=request.pk, party=party_get("JP"), accept=False
    )

    assert declined.status == "declined"
    with pytest.raises(ValidationFailed) as refused:
        bilateral_request_respond(
            actor=SeriesViewer.system(request.series_id, purpose="test set-up"),
            request_id=request.pk,
            party=party_get("KR"),
            accept=True,
        )
    assert _refusal(refused.value) == (
        "status",
        f"bilateral request {request.pk}",
        "is declined; answers are taken only while a request waits for them.",
    )


def test_request_respond_refusals(
    bilateral_requests_demo: Series, member_focal_point: SeriesViewer, partner_delegate: SeriesViewer
) -> None:
    request = _create(member_focal_point, bilateral_requests_demo, "VN", "JP")

    with pytest.raises(PermissionDenied) as for_japan:
        bilateral_request_respond(actor=member_focal_point, request_id=request.pk, party=party_get("JP"), accept=True)
    with pytest.raises(ValidationFailed) as not_invited:
        bilateral_request_respond(
            actor=SeriesViewer.system(request.series_id, purpose="test set-up"),
            request_id=request.pk,
            party=party_get("KR"),
            accept=True,
        )
    with pytest.raises(Conflict) as stale:
        bilateral_request_respond(
            actor=partner_delegate, request_id=request.pk, party=party_get("JP"), accept=True, expected_version=7
        )

    assert for_japan.value.message == (
        "only Japan's focal point or delegates (or the chair secretariat) answer on its behalf."
    )
    assert _refusal(not_invited.value) == (
        "party",
        f"bilateral request {request.pk}",
        "Republic of Korea is not invited to this meeting.",
    )
    assert _refusal(stale.value) == (
        "version",
        f"bilateral request {request.pk}",
        "was changed by someone else (now version 1, you edited version 7); reload to see the current state "
        "and apply your change again.",
    )


def test_request_of_others_is_not_found_for_a_party_not_in_it(
    bilateral_requests_demo: Series, partner_delegate: SeriesViewer
) -> None:
    viet_nam_china = BilateralRequest.objects.get(
        series=bilateral_requests_demo, requester__code="VN", responses__party__code="CN"
    )

    with pytest.raises(NotFound) as hidden:
        bilateral_request_withdraw(actor=partner_delegate, request_id=viet_nam_china.pk)

    assert _refusal(hidden.value) == ("request_id", None, f"no bilateral request with id {viet_nam_china.pk}.")


def test_request_withdraw_by_requester_only(
    bilateral_requests_demo: Series, member_focal_point: SeriesViewer, partner_delegate: SeriesViewer
) -> None:
    request = _create(member_focal_point, bilateral_requests_demo, "VN", "JP")

    with pytest.raises(PermissionDenied):
        bilateral_request_withdraw(actor=partner_delegate, request_id=request.pk)
    withdrawn = bilateral_request_withdraw(actor=member_focal_point, request_id=request.pk, expected_version=1)
    with pytest.raises(ValidationFailed) as again:
        bilateral_request_withdraw(actor=member_focal_point, request_id=request.pk)

    assert (withdrawn.status, withdrawn.version) == (RequestStatus.WITHDRAWN, 2)
    assert _refusal(again.value) == ("status", f"bilateral request {request.pk}", "is already withdrawn.")


def test_declined_request_is_not_withdrawn(bilateral_requests_demo: Series, partner_delegate: SeriesViewer) -> None:
    japan_dprk = BilateralRequest.objects.get(
        series=bilateral_requests_demo, requester__code="JP", responses__party__code="KP"
    )

    with pytest.raises(ValidationFailed) as refused:
        bilateral_request_withdraw(actor=partner_delegate, request_id=japan_dprk.pk)

    assert _refusal(refused.value) == (
        "status",
        f"bilateral request {japan_dprk.pk}",
        "is declined; there is nothing to withdraw.",
    )


# Presence and blocked periods ---------------------------------------------------------------------------


def test_presence_set_creates_then_updates_with_version(
    bilateral_requests_demo: Series, partner_delegate: SeriesViewer
) -> None:
    japan = _delegation(bilateral_requests_demo, "JP")

    som_leader = delegation_presence_set(
        actor=partner_delegate,
        delegation=japan,
        level="som_leader",
        arrives_at=vientiane(24, "10:00"),
        departs_at=None,
    )
    minister = delegation_presence_set(
        actor=partner_delegate,
        delegation=japan,
        level="minister",
        arrives_at=vientiane(26, "09:00"),
        departs_at=vientiane(27, "13:00"),
        expected_version=1,
    )
    with pytest.raises(Conflict):
        delegation_presence_set(
            actor=partner_delegate,
            delegation=japan,
            level="minister",
            arrives_at=None,
            departs_at=None,
            expected_version=1,
        )

    assert (som_leader.version, minister.version) == (1, 2)
    assert list(
        DelegationPresence.objects.filter(delegation=japan).values_list("level", "arrives_at", "departs_at")
    ) == [
        ("minister", vientiane(26, "09:00"), vientiane(27, "13:00")),
        ("som_leader", vientiane(24, "10:00"), None),
    ]


@pytest.mark.parametrize(
    ("arrives", "departs", "expected"),
    [
        ((28, "09:00"), None, ("arrives_at", "is after the series ends (2024-07-27).")),
        (None, (22, "09:00"), ("departs_at", "is before the series starts (2024-07-23).")),
        ((26, "09:00"), (25, "09:00"), ("departs_at", "is not after the arrival.")),
    ],
)
def test_presence_refusals_name_the_field(
    bilateral_requests_demo: Series,
    partner_delegate: SeriesViewer,
    arrives: tuple[int, str] | None,
    departs: tuple[int, str] | None,
    expected: tuple[str, str],
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        delegation_presence_set(
            actor=partner_delegate,
            delegation=_delegation(bilateral_requests_demo, "JP"),
            level="som_leader",
            arrives_at=vientiane(*arrives) if arrives else None,
            departs_at=vientiane(*departs) if departs else None,
        )

    assert _refusal(refused.value) == (expected[0], "presence of the SOM Leader of JP", expected[1])


def test_presence_of_japan_not_entered_by_viet_nam(
    bilateral_requests_demo: Series, member_focal_point: SeriesViewer
) -> None:
    with pytest.raises(PermissionDenied):
        delegation_presence_set(
            actor=member_focal_point,
            delegation=_delegation(bilateral_requests_demo, "JP"),
            level="minister",
            arrives_at=None,
            departs_at=None,
        )


def test_blocked_period_add_and_remove(bilateral_requests_demo: Series, partner_delegate: SeriesViewer) -> None:
    japan = _delegation(bilateral_requests_demo, "JP")

    period = blocked_period_add(
        actor=partner_delegate,
        delegation=japan,
        level="minister",
        starts_at=vientiane(26, "09:00"),
        ends_at=vientiane(26, "10:00"),
        note="Press interview",
    )
    with pytest.raises(ValidationFailed) as outside:
        blocked_period_add(
            actor=partner_delegate,
            delegation=japan,
            level="minister",
            starts_at=vientiane(28, "09:00"),
            ends_at=vientiane(28, "10:00"),
        )
    blocked_period_remove(actor=partner_delegate, delegation=japan, period_id=period.pk)

    assert outside.value.field == "starts_at"
    assert BlockedPeriod.objects.filter(delegation=japan).count() == 0
    assert list(
        AuditEvent.objects.filter(action__startswith="bilateral_blocked.")
        .order_by("pk")
        .values_list("action", flat=True)
    )[-2:] == ["bilateral_blocked.add", "bilateral_blocked.remove"]


# Rooms and settings -------------------------------------------------------------------------------------


def test_room_set_by_the_chair_only(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    retreat = Room.objects.get(venue=bilateral_requests_demo.venue, name="Retreat Room")

    with pytest.raises(PermissionDenied):
        bilateral_room_set(actor=member_focal_point, series=bilateral_requests_demo, room=retreat, capacity=4)
    with pytest.raises(ValidationFailed) as too_small:
        bilateral_room_set(actor=chair_secretariat, series=bilateral_requests_demo, room=retreat, capacity=1)
    room = bilateral_room_set(actor=chair_secretariat, series=bilateral_requests_demo, room=retreat, capacity=6)

    assert _refusal(too_small.value) == (
        "capacity",
        "bilateral room Retreat Room",
        "1 is not between 2 and 20 delegations.",
    )
    assert list(BilateralRoom.objects.filter(series=bilateral_requests_demo).values_list("room__name", "capacity")) == [
        ("Bilateral Room 1", 2),
        ("Bilateral Room 2", 2),
        ("Bilateral Room 3", 3),
        ("Champa Room", 4),
        ("Retreat Room", 6),
    ]
    assert room.available_from is None


def test_settings_update_checks_values_and_version(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    first = bilateral_settings_update(actor=chair_secretariat, series=bilateral_requests_demo, buffer_minutes=10)
    second = bilateral_settings_update(
        actor=chair_secretariat, series=bilateral_requests_demo, expected_version=1, time_limit_seconds=5
    )
    with pytest.raises(ValidationFailed) as odd:
        bilateral_settings_update(actor=chair_secretariat, series=bilateral_requests_demo, buffer_minutes=7)
    with pytest.raises(Conflict):
        bilateral_settings_update(
            actor=chair_secretariat, series=bilateral_requests_demo, expected_version=1, buffer_minutes=20
        )

    assert (first.version, second.version, second.buffer_minutes, second.time_limit_seconds) == (1, 2, 10, 5)
    assert _refusal(odd.value) == (
        "buffer_minutes",
        "bilateral settings of amm-57",
        "7 is not a multiple of 5 between 0 and 120 minutes.",
    )
