"""The chair's schedule page after a re-solve against the published schedule: how many published meetings
the draft re-times or drops, against the proven fewest (issue 19)."""

from __future__ import annotations

from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.models import DelegationPresence
from mufakat.bilaterals.services import bilateral_schedule_solve
from mufakat.meetings.models import Series
from tests.factories.programme import vientiane
from tests.web.pages import html_page

SCHEDULE = "/series/amm-57/bilaterals/schedule/"


def test_schedule_page_of_a_reschedule_shows_moved_against_the_proven_fewest(
    chair_secretariat_client: Client, bilaterals_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    DelegationPresence.objects.filter(delegation__party__code="JP", level="minister").update(
        arrives_at=vientiane(26, "09:00")
    )
    draft = bilateral_schedule_solve(actor=chair_secretariat, series=bilaterals_demo, time_limit=10).schedule

    figure = html_page(chair_secretariat_client.get(SCHEDULE)).find("dd", id="figure-moved").text

    # The demo is small enough for HiGHS to solve whole, moves as its second tier: the fewest is proven.
    assert draft.moved is not None
    assert draft.moved == draft.moves_minimum
    assert figure == f"{draft.moved} re-timed or dropped, the fewest possible at this weight (proven)"


def test_schedule_page_of_a_first_solve_has_no_moved_figure(
    chair_secretariat_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=5)

    page = html_page(chair_secretariat_client.get(SCHEDULE))

    assert len(page.find_all("dd", id="figure-scheduled")) == 1
    assert page.find_all("dd", id="figure-moved") == []
