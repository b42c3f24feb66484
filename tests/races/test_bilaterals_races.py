"""Races on the bilateral set-up: the first presence of a principal and the first setting of a room, each
sent by several clients at once, make one row and no error."""

from __future__ import annotations

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.models import BilateralRoom, DelegationPresence
from mufakat.bilaterals.services import bilateral_room_set, delegation_presence_set
from mufakat.meetings.models import Room, Series
from tests.factories.delegations import delegation_of
from tests.races.conftest import race


def test_first_presence_set_by_ten_at_once_one_row(amm_57: Series) -> None:
    delegation = delegation_of(party_code="VN")

    outcomes = race(
        10,
        lambda _: delegation_presence_set(
            actor=SeriesViewer.system(delegation.series_id, purpose="test set-up"),
            delegation=delegation,
            level="minister",
            arrives_at=None,
            departs_at=None,
        ),
    )

    assert [outcome.error for outcome in outcomes] == [None] * 10
    assert list(DelegationPresence.objects.filter(delegation=delegation).values_list("level", "version")) == [
        ("minister", 10)
    ]


def test_first_room_set_by_ten_at_once_one_row(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    room = Room.objects.filter(venue=amm_57.venue).order_by("pk").first()
    assert room is not None

    outcomes = race(10, lambda i: bilateral_room_set(actor=chair_secretariat, series=amm_57, room=room, capacity=2 + i))

    assert [outcome.error for outcome in outcomes] == [None] * 10
    rows = list(BilateralRoom.objects.filter(series=amm_57).values_list("room_id", "capacity"))
    assert len(rows) == 1
    assert rows[0][0] == room.pk
