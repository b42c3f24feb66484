"""Every bilaterals service takes its actor and checks it: nobody but the chair secretariat (or a system actor
working in the series) touches the schedule, rooms or settings; a system actor is audited as such, never as
nobody; and a system actor of another series is refused like anyone from outside."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.enums import RequestStatus, ScheduleStatus
from mufakat.bilaterals.models import BilateralAssignment, BilateralSchedule, BilateralSettings
from mufakat.bilaterals.rules import can_manage_bilaterals, can_view_all_bilaterals
from mufakat.bilaterals.services import (
    bilateral_assignment_confirm,
    bilateral_assignment_move,
    bilateral_request_create,
    bilateral_request_respond,
    bilateral_request_withdraw,
    bilateral_room_set,
    bilateral_schedule_publish,
    bilateral_schedule_solve,
    bilateral_settings_update,
)
from mufakat.cli import main
from mufakat.core.errors import NotFound, PermissionDenied
from mufakat.meetings.models import Room, Series
from mufakat.meetings.rules import is_series_chair
from mufakat.reference.models import Party

NOT_CHAIR = ["asean_secretariat", "member_focal_point", "member_delegate", "partner_delegate", "observer", "outsider"]
CHAIR_ONLY = "only the chair secretariat schedules bilaterals."


def _published(series: Series) -> BilateralSchedule:
    return BilateralSchedule.objects.get(series=series, status=ScheduleStatus.PUBLISHED)


def _some_assignment(series: Series) -> BilateralAssignment:
    return BilateralAssignment.objects.filter(schedule=_published(series)).order_by("pk")[0]


def _schedule_calls(series: Series) -> dict[str, Callable[[SeriesViewer], Any]]:
    schedule = _published(series)
    assignment = _some_assignment(series)
    return {
        "solve": lambda actor: bilateral_schedule_solve(actor=actor, series=series, time_limit=1),
        "publish": lambda actor: bilateral_schedule_publish(
            actor=actor, schedule_id=schedule.pk, expected_version=schedule.version
        ),
        "move": lambda actor: bilateral_assignment_move(
            actor=actor,
            assignment_id=assignment.pk,
            expected_version=assignment.version,
            starts_at=assignment.starts_at,
        ),
        "confirm": lambda actor: bilateral_assignment_confirm(
            actor=actor, assignment_id=assignment.pk, expected_version=assignment.version, confirmed=True
        ),
    }


@pytest.mark.parametrize("persona", NOT_CHAIR)
def test_every_schedule_service_refuses_who_is_not_the_chair(
    bilaterals_demo: Series, persona_viewer: Callable[[str], SeriesViewer], persona: str
) -> None:
    actor = persona_viewer(persona)
    audited = AuditEvent.objects.count()
    schedules = list(BilateralSchedule.objects.values_list("pk", "status", "version"))

    refusals = {}
    for name, call in _schedule_calls(bilaterals_demo).items():
        with pytest.raises(PermissionDenied) as refused:
            call(actor)
        refusals[name] = refused.value.message

    assert refusals == dict.fromkeys(["solve", "publish", "move", "confirm"], CHAIR_ONLY)
    assert list(BilateralSchedule.objects.values_list("pk", "status", "version")) == schedules
    assert AuditEvent.objects.count() == audited


@pytest.mark.parametrize("persona", NOT_CHAIR)
def test_rooms_and_settings_refuse_who_is_not_the_chair(
    bilaterals_demo: Series, persona_viewer: Callable[[str], SeriesViewer], persona: str
) -> None:
    actor = persona_viewer(persona)
    room = Room.objects.get(venue=bilaterals_demo.venue, name="Champa Room")

    with pytest.raises(PermissionDenied) as room_refused:
        bilateral_room_set(actor=actor, series=bilaterals_demo, room=room, capacity=2)
    with pytest.raises(PermissionDenied) as settings_refused:
        bilateral_settings_update(actor=actor, series=bilaterals_demo, buffer_minutes=30)

    assert room_refused.value.message == "only the chair secretariat sets rooms aside for bilaterals."
    assert settings_refused.value.message == "only the chair secretariat changes the rules of the bilateral schedule."
    assert bilaterals_demo.bilateral_rooms.get(room=room).capacity == 4
    assert not BilateralSettings.objects.filter(series=bilaterals_demo).exists()


def test_a_system_actor_of_another_series_is_refused(bilaterals_demo: Series) -> None:
    elsewhere = SeriesViewer.system(bilaterals_demo.pk + 1000, purpose="a job of another series")
    calls = _schedule_calls(bilaterals_demo)

    with pytest.raises(PermissionDenied) as solve:
        calls["solve"](elsewhere)
    # A schedule or meeting of another series is not found at all, as for anyone from outside.
    for name in ("publish", "move", "confirm"):
        with pytest.raises(NotFound):
            calls[name](elsewhere)

    assert solve.value.message == CHAIR_ONLY


def test_a_system_actor_is_audited_as_system_with_its_purpose(bilaterals_demo: Series) -> None:
    system = SeriesViewer.system(bilaterals_demo.pk, purpose="confirm from the protocol desk import")
    assignment = _some_assignment(bilaterals_demo)
    confirmed = not assignment.confirmed

    bilateral_assignment_confirm(
        actor=system, assignment_id=assignment.pk, expected_version=assignment.version, confirmed=confirmed
    )

    event = AuditEvent.objects.filter(action__startswith="bilateral_assignment.").latest("pk")
    assert (event.actor_id, event.actor_username, event.actor_role, event.series_id) == (
        None,
        "confirm from the protocol desk import",
        "system",
        bilaterals_demo.pk,
    )
    assert event.after["confirmed"] is confirmed


def test_answers_and_withdrawals_entered_by_a_system_actor_say_for_whom(bilateral_requests_demo: Series) -> None:
    system = SeriesViewer.system(bilateral_requests_demo.pk, purpose="notes verbales import")
    vn, jp = Party.objects.get(code="VN"), Party.objects.get(code="JP")

    request = bilateral_request_create(actor=system, series=bilateral_requests_demo, requester=vn, counterparts=[jp])
    answered = bilateral_request_respond(actor=system, request_id=request.pk, party=jp, accept=True)
    withdrawn = bilateral_request_withdraw(actor=system, request_id=request.pk)

    assert request.created_by is None
    assert (answered.status, withdrawn.status) == (RequestStatus.ACCEPTED, RequestStatus.WITHDRAWN)
    assert answered.responses.get(party=jp).responded_by is None
    events = AuditEvent.objects.filter(object_type="bilaterals.bilateralrequest", object_id=str(request.pk))
    assert [
        (e.action, e.actor_username, e.actor_role, (e.after or {}).get("recorded_for")) for e in events.order_by("pk")
    ] == [
        ("bilateral_request.create", "notes verbales import", "system", None),
        ("bilateral_request.accept", "notes verbales import", "system", "JP"),
        ("bilateral_request.withdraw", "notes verbales import", "system", "VN"),
    ]


def test_the_command_without_as_solves_as_a_system_actor(
    bilateral_requests_demo: Series, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["bilaterals", "schedule", "--series", "amm-57", "--time-limit", "1", "--publish"])

    capsys.readouterr()
    assert code == 0
    events = AuditEvent.objects.filter(action__startswith="bilateral_schedule.").order_by("pk")
    assert [(e.action, e.actor_id, e.actor_username, e.actor_role) for e in events] == [
        ("bilateral_schedule.solve", None, "command line bilaterals schedule", "system"),
        ("bilateral_schedule.publish", None, "command line bilaterals schedule", "system"),
    ]


@pytest.mark.parametrize("persona", ["chair_secretariat", *NOT_CHAIR, "anonymous"])
def test_managing_bilaterals_is_being_the_series_chair(
    amm_57: Series, persona_viewer: Callable[[str], SeriesViewer], persona: str
) -> None:
    viewer = persona_viewer(persona)

    assert can_manage_bilaterals(viewer, amm_57.pk) is is_series_chair(viewer, amm_57.pk)
    assert can_view_all_bilaterals(viewer, amm_57.pk) is is_series_chair(viewer, amm_57.pk)
    assert can_manage_bilaterals(viewer, amm_57.pk) is (persona == "chair_secretariat")


def test_a_system_actor_manages_the_bilaterals_of_its_own_series_only(amm_57: Series) -> None:
    system = SeriesViewer.system(amm_57.pk, purpose="a deadline job")

    assert can_manage_bilaterals(system, amm_57.pk)
    assert not can_manage_bilaterals(system, amm_57.pk + 1)
