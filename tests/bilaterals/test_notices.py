"""Bilateral notices: a request received (the invited parties' focal points and delegates), accepted or
declined (the requesting party's), withdrawn (both sides), placed, moved (old → new) or dropped by a published
schedule (both sides). A bilateral is its parties' business: no third party is ever told."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.models import User
from mufakat.accounts.rules import SeriesViewer, viewer_for
from mufakat.bilaterals.models import BilateralAssignment, BilateralRequest, BilateralRoom
from mufakat.bilaterals.services import (
    bilateral_assignment_move,
    bilateral_request_create,
    bilateral_request_respond,
    bilateral_request_withdraw,
    bilateral_schedule_publish,
    bilateral_schedule_solve,
)
from mufakat.core.clock import clock_set_to
from mufakat.core.errors import ValidationFailed
from mufakat.meetings.models import Series
from mufakat.notifications.models import Notice, Notification
from tests.factories.accounts import account_create
from tests.factories.notices import notices, told
from tests.factories.programme import VIENTIANE
from tests.factories.reference import party_get


@pytest.fixture
def people(
    bilateral_requests_demo: Series,
    member_delegate: SeriesViewer,
    observer: SeriesViewer,
    chair_secretariat: SeriesViewer,
) -> Series:
    """Beside the demo's vn.focal, jp.delegate and tl.observer: vn.delegate, a Viet Nam observer, Japan's focal
    point and Thailand's, a third party to a Japan–Viet Nam meeting."""
    series = bilateral_requests_demo
    account_create(username="vn.observer", series=series, role=SeriesRole.OBSERVER, party_code="VN")
    account_create(username="jp.focal", series=series, role=SeriesRole.FOCAL_POINT, party_code="JP")
    account_create(username="th.focal", series=series, role=SeriesRole.FOCAL_POINT, party_code="TH")
    return series


def _request(actor: SeriesViewer, series: Series, requester: str, counterparts: Sequence[str]) -> BilateralRequest:
    return bilateral_request_create(
        actor=actor,
        series=series,
        requester=party_get(requester),
        counterparts=[party_get(code) for code in counterparts],
        level="som_leader",
    )


def test_a_request_is_told_to_the_invited_partys_focal_points_and_delegates(
    people: Series, partner_delegate: SeriesViewer
) -> None:
    with clock_set_to(datetime(2024, 7, 20, 3, 0, tzinfo=UTC)):
        request = _request(partner_delegate, people, "JP", ["VN"])

    assert told("bilateral.requested", request) == {"vn.focal", "vn.delegate"}
    (notice,) = notices("bilateral.requested", request)
    assert notice.subject_in("en") == "Bilateral request from Japan"
    assert notice.body_in("en") == (
        "Japan asks Viet Nam to meet at SOM Leader level for 30 minutes during 57th ASEAN Foreign Ministers' "
        "Meeting and Related Meetings (asked on 20 July 2024, 10:00 (Asia/Vientiane)). Accept or decline the "
        "request on the bilaterals page."
    )
    assert notice.subject_in("vi") == "Đề nghị gặp song phương của Nhật Bản"
    assert notice.link == "/series/amm-57/bilaterals/"


def test_a_request_to_two_parties_is_told_to_both_and_no_third(people: Series, partner_delegate: SeriesViewer) -> None:
    request = _request(partner_delegate, people, "JP", ["VN", "TH"])

    assert told("bilateral.requested", request) == {"vn.focal", "vn.delegate", "th.focal"}
    assert "Japan asks Thailand and Viet Nam to meet" in notices("bilateral.requested", request)[0].body_in("en")


def test_answers_are_told_to_the_requesting_party(
    people: Series, partner_delegate: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    both = _request(partner_delegate, people, "JP", ["VN", "TH"])
    th_focal = account_viewer("th.focal", people)

    bilateral_request_respond(actor=member_focal_point, request_id=both.pk, party=party_get("VN"), accept=True)
    (waiting,) = notices("bilateral.accepted", both)
    assert told("bilateral.accepted", both) == {"jp.delegate", "jp.focal"}
    assert waiting.body_in("en").endswith("Still waiting for the answer of Thailand.")

    bilateral_request_respond(actor=th_focal, request_id=both.pk, party=party_get("TH"), accept=True)
    assert (
        notices("bilateral.accepted", both)[1]
        .body_in("en")
        .endswith("Every invited party has accepted: the meeting goes into the next bilateral schedule.")
    )

    declined = _request(partner_delegate, people, "JP", ["VN"])
    bilateral_request_respond(actor=member_focal_point, request_id=declined.pk, party=party_get("VN"), accept=False)
    assert told("bilateral.declined", declined) == {"jp.delegate", "jp.focal"}
    assert notices("bilateral.declined", declined)[0].subject_in("en") == (
        "Viet Nam declined the bilateral request of Japan"
    )


def test_a_withdrawn_request_is_told_to_both_sides_but_not_the_one_withdrawing(
    people: Series, partner_delegate: SeriesViewer
) -> None:
    request = _request(partner_delegate, people, "JP", ["VN"])

    bilateral_request_withdraw(actor=partner_delegate, request_id=request.pk)

    assert told("bilateral.cancelled", request) == {"jp.focal", "vn.focal", "vn.delegate", "vn.observer"}
    assert notices("bilateral.cancelled", request)[0].subject_in("en") == "Bilateral cancelled: Japan with Viet Nam"


def test_a_rolled_back_request_tells_no_one(people: Series, partner_delegate: SeriesViewer) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            _request(partner_delegate, people, "JP", ["VN"])
            raise RuntimeError("the page failed after the request")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert Notice.objects.count() == 0


def account_viewer(username: str, series: Series) -> SeriesViewer:
    return viewer_for(User.objects.get(username=username), series)


def _parties(request: BilateralRequest) -> set[str]:
    return {request.requester.code, *request.responses.values_list("party__code", flat=True)}


def _no_third_party_told() -> None:
    """Every copy of every bilateral notice went to someone of one of the request's own parties."""
    for copy in Notification.objects.filter(notice__kind__startswith="bilateral.").select_related("notice", "party"):
        request = BilateralRequest.objects.get(pk=int(copy.notice.object_id))
        assert copy.party.code in _parties(request), (copy.notice.subject, copy.party.code)


def test_publishing_places_then_moves_meetings_telling_their_parties_only(
    people: Series, chair_secretariat: SeriesViewer
) -> None:
    first = bilateral_schedule_solve(actor=chair_secretariat, series=people, time_limit=10).schedule
    bilateral_schedule_publish(actor=chair_secretariat, schedule_id=first.pk)

    vn_jp = BilateralRequest.objects.get(series=people, requester__code="VN", responses__party__code="JP")
    placed = BilateralAssignment.objects.select_related("room__room").get(schedule=first, request=vn_jp)
    assert told("bilateral.placed", vn_jp) == {"vn.focal", "vn.delegate", "vn.observer", "jp.delegate", "jp.focal"}
    (notice,) = notices("bilateral.placed", vn_jp)
    assert placed.room.room.name in notice.body_in("en")
    assert notice.link == "/series/amm-57/bilaterals/schedule/"
    # One notice per placed meeting that has someone to tell (Viet Nam, Japan, Thailand, Timor-Leste have people).
    assert sorted(int(n.object_id) for n in notices("bilateral.placed")) == sorted(
        a.request_id for a in first.assignments.all() if _parties(a.request) & {"VN", "JP", "TH", "TL"}
    )

    second = bilateral_schedule_solve(actor=chair_secretariat, series=people, time_limit=10).schedule
    moved_to = _move(
        chair_secretariat, BilateralAssignment.objects.get(schedule=second, request=vn_jp), away_from=placed
    )
    bilateral_schedule_publish(actor=chair_secretariat, schedule_id=second.pk)

    (moved,) = notices("bilateral.moved", vn_jp)
    assert told("bilateral.moved", vn_jp) == {"vn.focal", "vn.delegate", "vn.observer", "jp.delegate", "jp.focal"}
    assert moved.subject_in("en").startswith("Bilateral moved: Viet Nam with Japan, now ")
    assert f"{placed.starts_at.astimezone(VIENTIANE):%H:%M} (Asia/Vientiane) in {placed.room.room.name} to " in (
        moved.body_in("en")
    )
    assert f"{moved_to.astimezone(VIENTIANE):%H:%M} (Asia/Vientiane) in " in moved.body_in("en")
    assert len(notices("bilateral.placed", vn_jp)) == 1  # publishing again does not place it twice
    _no_third_party_told()


def _move(chair: SeriesViewer, assignment: BilateralAssignment, *, away_from: BilateralAssignment) -> datetime:
    """Move the draft meeting to the nearest place the move check accepts that is not where `away_from` (the
    published meeting) is: first the same start in another bilateral room, then the nearest other quarter hour
    in any room; return that start. The solver's draft differs from run to run (which of several equally good
    schedules it ends with depends on its time limit and the machine's load), so the test looks for a free place.
    Viet Nam's minister has ten bilaterals in a week of ministerial sessions: a draft that fills every stretch
    Japan's minister shares with him leaves no other time, only another room at the same time."""
    rooms = list(BilateralRoom.objects.filter(series_id=chair.series_id).order_by("pk"))
    for quarter in (q for step in range(200) for q in ((0,) if step == 0 else (step, -step))):
        start = assignment.starts_at + timedelta(minutes=15 * quarter)
        for room in rooms:
            if (start, room.pk) == (away_from.starts_at, away_from.room_id):
                continue
            try:
                with transaction.atomic():
                    bilateral_assignment_move(
                        actor=chair,
                        assignment_id=assignment.pk,
                        expected_version=assignment.version,
                        starts_at=start,
                        room=room,
                    )
            except ValidationFailed:
                continue
            return start
    raise AssertionError("the meeting has nowhere else to go")
