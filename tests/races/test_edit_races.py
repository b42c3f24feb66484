"""Races on the last places of a delegation's quota, and fifty edits of one version of a session, a plan
line, an implementation report and a delegation's quota: exactly one edit wins, the others get 409."""

from __future__ import annotations

from collections import Counter

from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.delegations.models import Participant
from mufakat.delegations.services import delegation_set_quota, participant_create
from mufakat.meetings.models import Series, Session
from mufakat.meetings.services import session_change
from mufakat.plans.models import PlanLine
from mufakat.plans.services import line_update, report_save
from mufakat.reference.models import Party
from tests.factories.delegations import delegation_of, participant_fields
from tests.factories.plans import SETUP, crafted_plan, period_open, report_submit
from tests.races.conftest import Outcome, race


def _stale(outcomes: list[Outcome], *, now: int, edited: int) -> None:
    """One winner; every other client is told, with 409, that someone else changed the record first."""
    assert [outcome.error for outcome in outcomes].count(None) == 1
    assert Counter(outcome.refusal for outcome in outcomes if outcome.error) == {
        (
            409,
            f"was changed by someone else (now version {now}, you edited version {edited}); "
            "reload to see the current state and apply your change again.",
        ): len(outcomes) - 1
    }


# (d) The last places of a quota ------------------------------------------------------------------------


def test_last_three_quota_places_taken_by_fifty_at_once_exactly_three_registered(
    amm_57: Series, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    delegation = delegation_of(party_code="VN")
    registered = Participant.objects.filter(delegation=delegation).exclude(accreditation="withdrawn").count()
    delegation = delegation_set_quota(
        actor=chair_secretariat, delegation_id=delegation.pk, quota=registered + 3, expected_version=delegation.version
    )

    outcomes = race(
        50,
        lambda i: participant_create(
            actor=member_focal_point,
            delegation_id=delegation.pk,
            **participant_fields(name_en=f"Participant {i:02d}", name_vi=""),
        ),
    )

    winners = sorted(outcome.value.name_en for outcome in outcomes if outcome.error is None)
    assert len(winners) == 3
    assert Counter(outcome.refusal for outcome in outcomes if outcome.error) == {
        (
            400,
            f"the delegation has used its quota of {registered + 3} participants; ask the chair secretariat for more "
            "or withdraw someone.",
        ): 47
    }
    active = Participant.objects.filter(delegation=delegation).exclude(accreditation="withdrawn")
    assert active.count() == registered + 3
    assert sorted(active.filter(name_en__startswith="Participant ").values_list("name_en", flat=True)) == winners


def test_last_quota_place_through_the_api_by_twenty_at_once_one_201(
    amm_57: Series, chair_secretariat: SeriesViewer, member_focal_point: SeriesViewer
) -> None:
    delegation = delegation_of(party_code="VN")
    registered = Participant.objects.filter(delegation=delegation).exclude(accreditation="withdrawn").count()
    delegation_set_quota(
        actor=chair_secretariat, delegation_id=delegation.pk, quota=registered + 1, expected_version=delegation.version
    )

    def register(i: int) -> tuple[int, str]:
        client = Client()
        client.force_login(member_focal_point.user)
        body = participant_fields(name_en=f"Participant {i:02d}", name_vi="")
        response = client.post(
            "/api/v1/series/amm-57/delegations/VN/participants", body, content_type="application/json"
        )
        payload = response.json()
        return response.status_code, payload.get("detail") or payload["name_en"]

    outcomes = Counter(status for status, _ in (outcome.value for outcome in race(20, register)))

    assert outcomes == {201: 1, 400: 19}
    assert (
        Participant.objects.filter(delegation=delegation).exclude(accreditation="withdrawn").count() == registered + 1
    )


# (e) Fifty edits of one version ----------------------------------------------------------------------------


def test_fifty_edits_of_one_session_version_one_wins(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    session = Session.objects.filter(meeting__series=amm_57).order_by("pk").first()
    assert session is not None

    outcomes = race(
        50,
        lambda i: session_change(
            actor=chair_secretariat, session_id=session.pk, expected_version=session.version, title_en=f"Title {i}"
        ),
    )

    _stale(outcomes, now=session.version + 1, edited=session.version)
    (winner,) = [outcome.value for outcome in outcomes if outcome.error is None]
    session.refresh_from_db()
    assert (session.title_en, session.version) == (winner.title_en, winner.version)


def test_fifty_edits_of_one_quota_version_one_wins(amm_57: Series, chair_secretariat: SeriesViewer) -> None:
    delegation = delegation_of(party_code="VN")

    outcomes = race(
        50,
        lambda i: delegation_set_quota(
            actor=chair_secretariat, delegation_id=delegation.pk, quota=30 + i, expected_version=delegation.version
        ),
    )

    _stale(outcomes, now=delegation.version + 1, edited=delegation.version)
    (winner,) = [outcome.value for outcome in outcomes if outcome.error is None]
    delegation.refresh_from_db()
    assert (delegation.quota, delegation.version) == (winner.quota, winner.version)


def test_fifty_edits_of_one_plan_line_version_one_wins(reference_data: object) -> None:
    plan = crafted_plan()
    line = PlanLine.objects.get(plan=plan, number="1.1.1")

    outcomes = race(
        50,
        lambda i: line_update(
            actor=SETUP, line_id=line.pk, expected_version=line.version, title_en=f"Line A, take {i}"
        ),
    )

    _stale(outcomes, now=line.version + 1, edited=line.version)
    (winner,) = [outcome.value for outcome in outcomes if outcome.error is None]
    line.refresh_from_db()
    assert (line.title_en, line.version) == (winner.title_en, winner.version)


def test_fifty_edits_of_one_report_version_one_wins(reference_data: object) -> None:
    plan = crafted_plan()
    period = period_open(plan, "2025")
    report = report_submit(plan, period, "1.1.1", "KH", "ongoing", 10)
    kh = Party.objects.get(code="KH")

    outcomes = race(
        50,
        lambda i: report_save(
            actor=SETUP,
            plan_id=plan.pk,
            line_number="1.1.1",
            period_label="2025",
            party=kh,
            status="ongoing",
            progress=11 + i,
            submit=True,
            expected_version=report.version,
        ),
    )

    _stale(outcomes, now=report.version + 1, edited=report.version)
    (winner,) = [outcome.value for outcome in outcomes if outcome.error is None]
    report.refresh_from_db()
    assert (report.progress, report.version) == (winner.progress, winner.version)
