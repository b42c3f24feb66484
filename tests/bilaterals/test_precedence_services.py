"""Precedences on bilateral requests: set on create and by an update (versioned, audited), refusals naming
the field `after` (unknown, itself, a cycle), only the requester or the chair; the solver keeps them and a
hand move breaking one is refused naming it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.models import BilateralAssignment, BilateralRequest
from mufakat.bilaterals.services import (
    bilateral_assignment_move,
    bilateral_request_after_set,
    bilateral_request_create,
    bilateral_schedule_solve,
)
from mufakat.core.errors import Conflict, PermissionDenied, ValidationFailed
from mufakat.meetings.models import Series
from tests.factories.reference import party_get


def _request(series: Series, requester: str, counterpart: str) -> BilateralRequest:
    return BilateralRequest.objects.get(series=series, requester__code=requester, responses__party__code=counterpart)


def test_create_with_after_then_update_versioned_and_audited(
    bilateral_requests_demo: Series, member_focal_point: SeriesViewer
) -> None:
    first = _request(bilateral_requests_demo, "VN", "JP")
    second = _request(bilateral_requests_demo, "VN", "US")
    made = bilateral_request_create(
        actor=member_focal_point,
        series=bilateral_requests_demo,
        requester=party_get("VN"),
        counterparts=[party_get("JP"), party_get("US")],
        after=[first.pk, second.pk],
    )

    assert set(made.after.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert AuditEvent.objects.get(action="bilateral_request.create", object_id=str(made.pk)).after["after"] == sorted(
        [first.pk, second.pk]
    )

    changed = bilateral_request_after_set(
        actor=member_focal_point, request_id=made.pk, after=[first.pk], expected_version=made.version
    )
    assert (list(changed.after.values_list("pk", flat=True)), changed.version) == ([first.pk], 2)
    event = AuditEvent.objects.get(action="bilateral_request.after")
    assert (event.before["after"], event.after["after"]) == (sorted([first.pk, second.pk]), [first.pk])
    with pytest.raises(Conflict):
        bilateral_request_after_set(actor=member_focal_point, request_id=made.pk, after=[], expected_version=1)
    cleared = bilateral_request_after_set(actor=member_focal_point, request_id=made.pk, after=[], expected_version=2)
    assert list(cleared.after.all()) == []


def test_after_refusals_name_the_field(bilateral_requests_demo: Series, member_focal_point: SeriesViewer) -> None:
    a = _request(bilateral_requests_demo, "VN", "JP")
    b = _request(bilateral_requests_demo, "VN", "US")
    c = _request(bilateral_requests_demo, "VN", "KR")
    bilateral_request_after_set(actor=member_focal_point, request_id=b.pk, after=[a.pk])
    bilateral_request_after_set(actor=member_focal_point, request_id=c.pk, after=[b.pk])

    with pytest.raises(ValidationFailed) as unknown:
        bilateral_request_after_set(actor=member_focal_point, request_id=a.pk, after=[999999])
    with pytest.raises(ValidationFailed) as itself:
        bilateral_request_after_set(actor=member_focal_point, request_id=a.pk, after=[a.pk])
    with pytest.raises(ValidationFailed) as cycle:
        bilateral_request_after_set(actor=member_focal_point, request_id=a.pk, after=[c.pk])
    with pytest.raises(ValidationFailed) as unknown_on_create:
        bilateral_request_create(
            actor=member_focal_point,
            series=bilateral_requests_demo,
            requester=party_get("VN"),
            counterparts=[party_get("PH")],
            after=[999999],
        )

    assert (unknown.value.field, unknown.value.message) == (
        "after",
        "no bilateral request with id 999999 in this series.",
    )
    assert (itself.value.field, itself.value.message) == ("after", "a request cannot come after itself.")
    assert cycle.value.field == "after"
    assert f"request {c.pk} already comes after this one" in cycle.value.message
    assert unknown_on_create.value.field == "after"
    assert list(a.after.all()) == []


def test_only_the_requester_or_the_chair_sets_after(
    bilateral_requests_demo: Series, partner_delegate: SeriesViewer, chair_secretariat: SeriesViewer
) -> None:
    a = _request(bilateral_requests_demo, "VN", "JP")
    b = _request(bilateral_requests_demo, "VN", "US")

    with pytest.raises(PermissionDenied):
        bilateral_request_after_set(actor=partner_delegate, request_id=a.pk, after=[b.pk])
    done = bilateral_request_after_set(actor=chair_secretariat, request_id=a.pk, after=[b.pk])

    assert list(done.after.values_list("pk", flat=True)) == [b.pk]


def test_solver_keeps_the_precedence_and_a_move_breaking_it_is_refused(
    bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    earlier = _request(bilateral_requests_demo, "VN", "JP")
    later = _request(bilateral_requests_demo, "KR", "SG")  # no principal in common: no buffer between them
    bilateral_request_after_set(actor=chair_secretariat, request_id=later.pk, after=[earlier.pk])

    schedule = bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10).schedule
    first = BilateralAssignment.objects.get(schedule=schedule, request=earlier)
    second = BilateralAssignment.objects.get(schedule=schedule, request=later)
    assert second.starts_at >= first.ends_at

    refusals = []
    for minutes in range(-45, int((first.ends_at - first.starts_at).total_seconds() // 60), 15):
        with pytest.raises(ValidationFailed) as refused:
            bilateral_assignment_move(
                actor=chair_secretariat,
                assignment_id=second.pk,
                expected_version=second.version,
                starts_at=first.starts_at + timedelta(minutes=minutes),
            )
        refusals.append(refused.value)
    assert refusals
    for refusal in refusals:
        assert refusal.field == "starts_at"
        assert f"({earlier.pk}) ends" in refusal.message
        assert "must come after it" in refusal.message
