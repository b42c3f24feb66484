"""A programme release that moves sessions tells each party attending the moved sessions' meetings, once, with
every moved session of its meetings (old → new day, time and room); parties of other meetings, the chair who
released and a rolled-back release tell no one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.clock import clock_set_to
from mufakat.meetings.models import ProgrammeRelease, Room, Series, Session
from mufakat.meetings.selectors import programme_conflicts
from mufakat.meetings.services import programme_release, session_change
from mufakat.notifications.models import Notice, Notification
from tests.factories.accounts import account_create
from tests.factories.notices import notices, told
from tests.factories.programme import vientiane


def _session(series: Series, body_code: str, title: str) -> Session:
    return Session.objects.get(meeting__series=series, meeting__body__code=body_code, title_en=title)


def _later(chair: SeriesViewer, session: Session, *, hours: int = 1, room: Room | None = None) -> Session:
    changes = {
        "starts_at": session.starts_at + timedelta(hours=hours),
        "ends_at": session.ends_at + timedelta(hours=hours),
    }
    if room is not None:
        changes["room"] = room
    return session_change(actor=chair, session_id=session.pk, expected_version=session.version, **changes)


@pytest.fixture
def people(programme_demo: Series, member_delegate: SeriesViewer, observer: SeriesViewer) -> Series:
    account_create(username="th.focal", series=programme_demo, role=SeriesRole.FOCAL_POINT, party_code="TH")
    return programme_demo


def _release(chair: SeriesViewer, series: Series) -> ProgrammeRelease:
    acknowledged = [conflict.key for conflict in programme_conflicts(series=series)]
    with clock_set_to(vientiane(20, "09:00")):
        return programme_release(actor=chair, series=series, acknowledged=acknowledged)


def test_a_release_tells_each_attending_party_once_what_moved(people: Series, chair_secretariat: SeriesViewer) -> None:
    _later(chair_secretariat, _session(people, "ARF", "Press conference of the Chair"))
    _later(chair_secretariat, _session(people, "AMM", "Retreat"), room=Room.objects.get(name="Banquet Hall"))

    release = _release(chair_secretariat, people)

    moved = {copy.party.code: copy.notice for copy in _copies(release)}
    # One notice per attending party (the chair who released is told nothing): the ASEAN members and its
    # observer attend both meetings, Japan only the ARF.
    assert told("programme.session_moved", release) == {
        "vn.focal",
        "vn.delegate",
        "th.focal",
        "tl.observer",
        "jp.delegate",
    }
    assert len(notices("programme.session_moved", release)) == len(moved) == 4
    assert moved["VN"].subject_in("en") == "Programme v3 moves sessions Viet Nam attends"
    assert moved["VN"].body_in("en") == (
        "Version 3 of the programme of 57th ASEAN Foreign Ministers' Meeting and Related Meetings, released on "
        "20 July 2024, 09:00 (Asia/Vientiane), moves these sessions of meetings Viet Nam attends (venue time):\n"
        + RETREAT
        + "\n"
        + PRESS
    )
    assert moved["VN"].link == "/series/amm-57/delegations/VN/week/"
    assert moved["JP"].subject_in("en") == "Programme v3 moves a session Japan attends: Press conference of the Chair"
    assert moved["JP"].body_in("en").endswith("(venue time):\n" + PRESS)
    assert "Phiên hẹp: Thứ 5 25 Tháng 7 14:30–17:00, Retreat Room → Thứ 5 25 Tháng 7 15:30–18:00, Banquet Hall" in (
        moved["VN"].body_in("vi")
    )


RETREAT = (
    "57th ASEAN Foreign Ministers' Meeting (AMM-57), Retreat: Thu 25 Jul 14:30–17:00, Retreat Room → "
    "Thu 25 Jul 15:30–18:00, Banquet Hall"
)
PRESS = (
    "31st ASEAN Regional Forum (ARF-31), Press conference of the Chair: Sat 27 Jul 18:30–19:15, Press Centre → "
    "Sat 27 Jul 19:30–20:15, Press Centre"
)


def _copies(release: ProgrammeRelease) -> list[Notification]:
    return list(
        Notification.objects.filter(
            notice__kind="programme.session_moved", notice__object_id=str(release.pk)
        ).select_related("notice", "party")
    )


def test_a_release_that_moves_nothing_tells_no_one(people: Series, chair_secretariat: SeriesViewer) -> None:
    press = _session(people, "ARF", "Press conference of the Chair")
    session_change(
        actor=chair_secretariat,
        session_id=press.pk,
        expected_version=press.version,
        title_en="Chair's press conference",
    )

    release = _release(chair_secretariat, people)

    assert release.changelog[0]["kind"] == "retitled"
    assert Notice.objects.count() == 0


def test_a_rolled_back_release_tells_no_one(people: Series, chair_secretariat: SeriesViewer) -> None:
    _later(chair_secretariat, _session(people, "ARF", "Press conference of the Chair"))

    def release_that_fails() -> None:
        with transaction.atomic():
            _release(chair_secretariat, people)
            raise RuntimeError("the page failed after the release")

    with pytest.raises(RuntimeError):
        release_that_fails()

    assert Notice.objects.count() == 0
