"""Every write on a series' meetings refuses anyone but the chair secretariat of that series (services are
the only place that refuses), and writes nothing when it does; a system actor is the chair secretariat of
the series it works in, and is audited as itself."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from mufakat.accounts.models import AuditEvent
from mufakat.accounts.rules import SYSTEM_ROLE, SeriesViewer
from mufakat.core.errors import PermissionDenied
from mufakat.meetings.enums import RecommendationSubject
from mufakat.meetings.models import AgendaItem, Meeting, ProgrammeRelease, Recommendation, Series, Session
from mufakat.meetings.services import (
    agenda_adopt,
    agenda_item_add,
    agenda_item_remove,
    programme_import,
    programme_release,
    recommendation_decide,
    recommendation_make,
    series_upsert,
    session_change,
    session_create,
)
from tests.factories.programme import vientiane

CSV = "meeting,title_en,kind,room,date,start,end\nAMM-57,Working lunch,working_lunch,,2024-07-25,12:30,13:30\n"


def _meeting(series: Series, body_code: str) -> Meeting:
    return Meeting.objects.select_related("body", "series", "venue").get(series=series, body__code=body_code)


def _som_to_amm(series: Series) -> tuple[Meeting, Meeting]:
    return _meeting(series, "SOM"), _meeting(series, "AMM")


# One call per service, each as the chair would make it (the demo's state allows each of them).
WRITES: dict[str, Callable[[SeriesViewer, Series], Any]] = {
    "agenda_item_add": lambda actor, series: agenda_item_add(
        actor=actor, meeting=_meeting(series, "ARF"), title_en="Opening of the Meeting"
    ),
    "agenda_item_remove": lambda actor, series: agenda_item_remove(
        actor=actor, item=AgendaItem.objects.filter(meeting=_meeting(series, "AMM")).order_by("pk").first()
    ),
    "agenda_adopt": lambda actor, series: agenda_adopt(actor=actor, meeting=_meeting(series, "SOM")),
    "recommendation_make": lambda actor, series: recommendation_make(
        actor=actor,
        from_meeting=_som_to_amm(series)[0],
        to_meeting=_som_to_amm(series)[1],
        subject=RecommendationSubject.AGENDA,
        text_en="The SOM recommends the agenda again.",
    ),
    "recommendation_decide": lambda actor, series: recommendation_decide(
        actor=actor, recommendation=Recommendation.objects.filter(to_meeting__series=series).first(), adopted=False
    ),
    "programme_release": lambda actor, series: programme_release(actor=actor, series=series, note="v3"),
    "session_create": lambda actor, series: session_create(
        actor=actor,
        meeting=_meeting(series, "AMM"),
        title_en="Working lunch",
        starts_at=vientiane(25, "12:30"),
        ends_at=vientiane(25, "13:30"),
    ),
    "session_change": lambda actor, series: session_change(
        actor=actor,
        session_id=(session := Session.objects.filter(meeting__series=series).first()).pk,
        expected_version=session.version,
        title_en="Renamed",
    ),
    "programme_import": lambda actor, series: programme_import(actor=actor, series=series, text=CSV),
}


def _state(series: Series) -> tuple[int, int, int, int, list[tuple[str, int]], list[str]]:
    return (
        AuditEvent.objects.count(),
        AgendaItem.objects.filter(meeting__series=series).count(),
        Session.objects.filter(meeting__series=series).count(),
        ProgrammeRelease.objects.filter(series=series).count(),
        list(Meeting.objects.filter(series=series).order_by("pk").values_list("agenda_status", "agenda_version")),
        list(Recommendation.objects.filter(to_meeting__series=series).order_by("pk").values_list("status", flat=True)),
    )


def _refused_by_every_write(actor: SeriesViewer, series: Series) -> list[str]:
    """The writes that let the actor through (none should) or wrote something while refusing."""
    before = _state(series)
    let_through = []
    for name, write in WRITES.items():
        try:
            write(actor, series)
        except PermissionDenied:
            pass
        else:  # pragma: no cover - reported by the assertion
            let_through.append(name)
        if _state(series) != before:
            let_through.append(f"{name} (wrote)")
    return let_through


@pytest.mark.parametrize("persona", ["asean_secretariat", "member_focal_point", "partner_delegate", "anonymous"])
def test_a_non_chair_is_refused_by_each_meetings_service_and_nothing_is_written(
    programme_demo: Series, persona: str, persona_viewer: Callable[[str], SeriesViewer]
) -> None:
    assert _refused_by_every_write(persona_viewer(persona), programme_demo) == []


def _other_series(amm_57: Series) -> Series:
    return series_upsert(
        code="amm-58",
        title_en="58th ASEAN Foreign Ministers' Meeting",
        title_vi="Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 58",
        chair=amm_57.chair,
        venue=amm_57.venue,
        start_date=date(2025, 7, 8),
        end_date=date(2025, 7, 11),
    )


def test_the_chair_of_another_series_is_refused_by_each_meetings_service(
    programme_demo: Series, chair_secretariat: SeriesViewer
) -> None:
    elsewhere = dataclasses.replace(chair_secretariat, series_id=_other_series(programme_demo).pk)

    assert _refused_by_every_write(elsewhere, programme_demo) == []


def test_a_system_actor_of_another_series_is_refused_by_each_meetings_service(programme_demo: Series) -> None:
    loader = SeriesViewer.system(_other_series(programme_demo).pk, purpose="AMM-58 loader")

    assert _refused_by_every_write(loader, programme_demo) == []


@pytest.mark.parametrize(
    ("write", "action"),
    [
        ("agenda_item_add", "agenda.add_item"),
        ("session_create", "session.create"),
        ("programme_import", "session.create"),
    ],
)
def test_a_system_actor_is_allowed_and_audited_as_system_with_its_purpose(
    programme_demo: Series, write: str, action: str
) -> None:
    loader = SeriesViewer.system(programme_demo.pk, purpose="agenda loader")
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    WRITES[write](loader, programme_demo)

    entry = AuditEvent.objects.get(pk__gt=latest, action=action)
    assert (entry.actor_id, entry.actor_username, entry.actor_role, entry.series_id) == (
        None,
        "agenda loader",
        SYSTEM_ROLE,
        programme_demo.pk,
    )


def test_the_demo_agendas_are_audited_as_written_by_the_demo_loader(programme_demo: Series) -> None:
    items = AgendaItem.objects.filter(meeting__series=programme_demo).count()

    entries = AuditEvent.objects.filter(action="agenda.add_item", series_id=programme_demo.pk)

    assert items > 0
    assert set(entries.values_list("actor_username", "actor_role")) == {("demo loader", SYSTEM_ROLE)}
    assert entries.count() == items
