"""The chair's write pages refuse nobody themselves: a non-chair's valid form reaches the service, and the
service's refusal is what the page shows (403, the service's own words), with nothing written."""

from __future__ import annotations

from typing import Any

from django.test import Client

from mufakat.accounts.rules import SeriesViewer
from mufakat.bilaterals.enums import ScheduleStatus
from mufakat.bilaterals.models import BilateralAssignment, BilateralSchedule
from mufakat.bilaterals.services import bilateral_schedule_solve
from mufakat.meetings.models import AgendaItem, Meeting, ProgrammeRelease, Recommendation, Series, Session
from tests.factories.programme import VIENTIANE
from tests.web.pages import Element, parse


def _refusal(response: Any) -> str:
    assert response.status_code == 403, response.content[:400]
    page: Element = parse(response)
    assert page.find("h1").text == "You may not do this"
    return page.find("p", id="reason").text


def _meeting(body_code: str) -> Meeting:
    return Meeting.objects.get(series__code="amm-57", body__code=body_code)


def test_programme_writes_by_a_focal_point_are_refused_by_the_services(
    member_focal_point_client: Client, programme_demo: Series
) -> None:
    press = Session.objects.get(meeting__series=programme_demo, title_en="Press conference of the Chair")
    amm = _meeting("AMM")
    start, end = press.starts_at.astimezone(VIENTIANE), press.ends_at.astimezone(VIENTIANE)
    edit = {
        "title_en": "Hijacked",
        "title_vi": "",
        "day": start.date().isoformat(),
        "starts_at": f"{start:%H:%M}",
        "ends_at": f"{end:%H:%M}",
        "room": str(press.room_id or ""),
        "kind": press.kind,
        "status": press.status,
        "version": str(press.version),
    }

    released = _refusal(member_focal_point_client.post("/series/amm-57/programme/draft/", {"note": ""}))
    changed = _refusal(member_focal_point_client.post(f"/series/amm-57/sessions/{press.pk}/edit/", edit))
    created = _refusal(member_focal_point_client.post(f"/series/amm-57/sessions/new/?meeting={amm.pk}", edit))

    assert released == "only the chair secretariat releases the programme."
    assert changed == created == "only the chair secretariat edits the programme."
    assert ProgrammeRelease.objects.filter(series=programme_demo).count() == 2
    assert Session.objects.filter(meeting__series=programme_demo, title_en="Hijacked").exists() is False


def test_agenda_and_recommendation_writes_by_a_focal_point_are_refused_by_the_services(
    member_focal_point_client: Client, programme_demo: Series
) -> None:
    som, amm = _meeting("SOM"), _meeting("AMM")
    Meeting.objects.filter(pk=som.pk).update(agenda_status="draft")
    pending = Recommendation.objects.get(to_meeting=amm, subject="document_list")
    Recommendation.objects.filter(pk=pending.pk).update(status="recommended", decided_at=None)
    chair_only = "only the chair secretariat edits agendas and records recommendations."

    added = member_focal_point_client.post(
        f"/meetings/{som.pk}/agenda/",
        {
            "action": "add",
            "title_en": "Late item",
            "title_vi": "",
            "parent": "",
            "agenda_version": str(som.agenda_version),
        },
    )
    recommended = member_focal_point_client.post(
        f"/meetings/{som.pk}/recommendations/",
        {"to_meeting": str(amm.pk), "subject": "document_list", "release": "", "text_en": "Ours.", "text_vi": ""},
    )
    decided = member_focal_point_client.post(
        f"/meetings/{amm.pk}/recommendations/{pending.pk}/decide/", {"decision": "adopted"}
    )

    assert [_refusal(added), _refusal(recommended), _refusal(decided)] == [chair_only] * 3
    assert AgendaItem.objects.filter(meeting=som, title_en="Late item").exists() is False
    assert Recommendation.objects.get(pk=pending.pk).status == "recommended"
    assert Recommendation.objects.filter(from_meeting=som, text_en="Ours.").exists() is False


def test_the_agenda_editor_page_is_the_chairs(member_focal_point_client: Client, programme_demo: Series) -> None:
    reason = _refusal(member_focal_point_client.get(f"/meetings/{_meeting('SOM').pk}/agenda/"))

    assert reason == "Only the chair secretariat edits agendas and records recommendations."


def test_schedule_writes_by_a_delegate_are_refused_by_the_service(
    partner_delegate_client: Client, bilateral_requests_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    schedule = bilateral_schedule_solve(actor=chair_secretariat, series=bilateral_requests_demo, time_limit=10).schedule
    meeting = BilateralAssignment.objects.filter(schedule=schedule).first()
    assert meeting is not None
    prefix = f"a{meeting.pk}"
    local = meeting.starts_at.astimezone(bilateral_requests_demo.venue.tzinfo)
    chair_only = "only the chair secretariat schedules bilaterals."

    solved = partner_delegate_client.post("/series/amm-57/bilaterals/schedule/solve/", {"time_limit": "5"})
    moved = partner_delegate_client.post(
        f"/series/amm-57/bilaterals/meetings/{meeting.pk}/move/",
        {
            f"{prefix}-day": local.date().isoformat(),
            f"{prefix}-start": f"{local:%H:%M}",
            f"{prefix}-room": str(meeting.room_id),
            f"{prefix}-version": str(meeting.version),
        },
    )
    confirmed = partner_delegate_client.post(
        f"/series/amm-57/bilaterals/meetings/{meeting.pk}/confirm/", {"version": str(meeting.version), "confirmed": "1"}
    )
    published = partner_delegate_client.post(
        f"/series/amm-57/bilaterals/schedules/{schedule.pk}/publish/", {"version": str(schedule.version)}
    )

    assert [_refusal(solved), _refusal(moved), _refusal(confirmed), _refusal(published)] == [chair_only] * 4
    assert list(BilateralSchedule.objects.filter(series=bilateral_requests_demo).values_list("status", flat=True)) == [
        ScheduleStatus.DRAFT
    ]
    assert BilateralAssignment.objects.get(pk=meeting.pk).confirmed is False
