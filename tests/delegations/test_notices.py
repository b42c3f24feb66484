"""Accreditation notices: returned (with the reason and a link to fix the participant) and accepted, told to the
party's focal points and to whoever registered the participant; nobody else, not the one who decided, and no
one at all when the decision is rolled back."""

from __future__ import annotations

import pytest
from django.db import transaction

from mufakat.accounts.enums import SeriesRole
from mufakat.accounts.rules import SeriesViewer
from mufakat.delegations.services import participant_decide
from mufakat.meetings.models import Series
from mufakat.notifications.models import Notice
from tests.factories.accounts import account_create, viewer_create
from tests.factories.delegations import participant_register
from tests.factories.notices import notices, told


@pytest.fixture
def vn_people(amm_57: Series, member_delegate: SeriesViewer) -> None:
    """A second focal point of Viet Nam and a Viet Nam observer, beside vn.focal and vn.delegate."""
    account_create(username="vn.focal2", series=amm_57, role=SeriesRole.FOCAL_POINT, party_code="VN")
    account_create(username="vn.observer", series=amm_57, role=SeriesRole.OBSERVER, party_code="VN")


def test_a_returned_participant_is_told_to_the_focal_points_with_the_reason(
    vn_people: None, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer, observer: SeriesViewer
) -> None:
    participant = participant_register(actor=member_focal_point, party_code="VN")

    participant_decide(
        actor=chair_secretariat,
        participant_id=participant.pk,
        expected_version=participant.version,
        accredit=False,
        reason="The passport number is missing.",
    )

    assert told("accreditation.returned", participant) == {"vn.focal", "vn.focal2"}
    (notice,) = notices("accreditation.returned", participant)
    assert notice.subject_in("en") == "Accreditation returned: Tran Thi Thu (test) (Viet Nam)"
    assert notice.subject_in("vi") == "Hồ sơ công nhận bị trả lại: Trần Thị Thu (thử) (Việt Nam)"
    assert "The reason: The passport number is missing." in notice.body_in("en")
    assert "(Asia/Vientiane)" in notice.body_in("en")
    assert notice.link == f"/series/amm-57/participants/{participant.pk}/edit/"
    assert set(notice.notifications.values_list("party__code", flat=True)) == {"VN"}


def test_an_accepted_participant_is_told_to_the_focal_points_and_the_registrar(
    vn_people: None, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer, amm_57: Series
) -> None:
    # Registered by one chair officer, accredited by another: the registrar is told, the one deciding is not.
    participant = participant_register(actor=chair_secretariat, party_code="VN")
    deciding = viewer_create(username="lao.chair2", series=amm_57, role=SeriesRole.CHAIR_SECRETARIAT)

    participant_decide(
        actor=deciding, participant_id=participant.pk, expected_version=participant.version, accredit=True
    )

    assert told("accreditation.accepted", participant) == {"lao.chair", "vn.focal", "vn.focal2"}
    (notice,) = notices("accreditation.accepted", participant)
    assert notice.link == "/series/amm-57/delegations/VN/"
    assert told("accreditation.returned") == set()


def test_a_party_without_a_focal_point_has_its_registrar_told(
    chair_secretariat: SeriesViewer, partner_delegate: SeriesViewer, amm_57: Series
) -> None:
    participant = participant_register(actor=chair_secretariat, party_code="JP")
    deciding = viewer_create(username="lao.chair2", series=amm_57, role=SeriesRole.CHAIR_SECRETARIAT)

    participant_decide(actor=deciding, participant_id=participant.pk, expected_version=1, accredit=False, reason="Why?")

    # Japan has a delegate but no focal point in AMM-57: only the registrar hears of it.
    assert told("accreditation.returned", participant) == {"lao.chair"}


def test_a_rolled_back_decision_tells_no_one(chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer) -> None:
    participant = participant_register(actor=member_focal_point, party_code="VN")

    def change_that_fails() -> None:
        with transaction.atomic():
            participant_decide(
                actor=chair_secretariat, participant_id=participant.pk, expected_version=1, accredit=True
            )
            raise RuntimeError("the request failed after the decision")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert Notice.objects.count() == 0
