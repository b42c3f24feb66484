"""Server-rendered pages: series, programme by day, meeting, frameworks with members over time."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.meetings.models import Meeting
from tests.web.pages import parse, table_rows

AMM_57_SERIES = "57th ASEAN Foreign Ministers' Meeting and Related Meetings"
AMM_43_SERIES = "43rd ASEAN Foreign Ministers' Meeting and Related Meetings"
SUMMITS_SERIES = "44th and 45th ASEAN Summits and Related Summits"


def _pk(body: str, start: date) -> int:
    return Meeting.objects.get(body__code=body, start_date=start).pk


def _page(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (status, "text/html; charset=utf-8")
    return parse(response)


def _programme(page: Any) -> list[tuple[str, list[tuple[str, int]]]]:
    """(day heading, [(meeting title, party count)]) for every day section of a series page."""
    days = []
    for section in page.find_all("section", cls="day"):
        rows = []
        for row in section.find_all("tr", cls="meeting-row"):
            title = next(a.text for a in row.find_all("a") if a.attrs["href"].startswith("/meetings/"))
            rows.append((title, int(row.find("td", cls="num").text)))
        days.append((section.find("h2").text, rows))
    return days


def test_series_list_shows_the_demo_series(client: Client, demo: object) -> None:
    page = _page(client, "/")

    cards = page.find_all("li", cls="card")
    assert [card.find("h2").text for card in cards] == [SUMMITS_SERIES, AMM_57_SERIES, AMM_43_SERIES]
    assert [card.find("a").attrs["href"] for card in cards] == [
        "/series/summit-44-45/",
        "/series/amm-57/",
        "/series/amm-43/",
    ]
    assert "8 meetings" in cards[0].text
    assert "22 meetings" in cards[1].text
    assert "15 meetings" in cards[2].text


def test_series_list_empty_database_invites_to_load_the_demo(client: Client, db: None) -> None:
    page = _page(client, "/")

    assert page.find_all("li", cls="card") == []
    assert "mufakat demo" in page.find("p", cls="empty").text


def test_series_detail_amm_57_groups_meetings_by_day_with_party_counts(client: Client, demo: object) -> None:
    page = _page(client, "/series/amm-57/")

    programme = _programme(page)
    assert page.find("h1").text == AMM_57_SERIES
    assert page.find(id="meeting-count").text == "22 meetings"
    assert [(day, len(rows)) for day, rows in programme] == [
        ("Tuesday, 23 July 2024", 2),
        ("Wednesday, 24 July 2024", 2),
        ("Thursday, 25 July 2024", 1),
        ("Friday, 26 July 2024", 13),
        ("Saturday, 27 July 2024", 4),
    ]
    assert sum(len(rows) for _, rows in programme) >= 20
    assert programme[2][1] == [("57th ASEAN Foreign Ministers' Meeting (AMM-57)", 11)]
    assert sorted(programme[4][1]) == [
        ("14th East Asia Summit Foreign Ministers' Meeting (EAS FMM-14)", 18),
        ("25th ASEAN Plus Three Foreign Ministers' Meeting (APT FMM-25)", 13),
        ("31st ASEAN Regional Forum (ARF-31)", 27),
        ("3rd Mekong-U.S. Partnership Ministerial Meeting (Mekong-US Ministerial-3)", 6),
    ]
    assert ("ASEAN Post Ministerial Conference with the United Kingdom (PMC+1 GB)", 11) in programme[3][1]


def test_series_detail_amm_43(client: Client, demo: object) -> None:
    page = _page(client, "/series/amm-43/")

    programme = _programme(page)
    assert [day for day, _ in programme] == [
        "Friday, 16 July 2010",
        "Monday, 19 July 2010",
        "Wednesday, 21 July 2010",
        "Thursday, 22 July 2010",
        "Friday, 23 July 2010",
    ]
    assert programme[-1][1] == [("17th ASEAN Regional Forum (ARF-17)", 27)]
    assert "PMC+1 GB" not in page.text


def test_series_detail_unknown_is_404(client: Client, demo: object) -> None:
    page = _page(client, "/series/amm-99/", status=404)

    assert page.find("h1").text == "Not Found"


def test_meeting_detail_amm_57_shows_ordinal_chair_venue_and_attendance(client: Client, demo: object) -> None:
    page = _page(client, f"/meetings/{_pk('AMM', date(2024, 7, 25))}/")

    facts = page.find("dl", cls="facts")
    labels = [dt.text for dt in facts.find_all("dt")]
    values = [dd.text for dd in facts.find_all("dd")]
    assert page.find("h1").text == "57th ASEAN Foreign Ministers' Meeting (AMM-57)"
    assert dict(zip(labels, values, strict=True)) == {
        "Body": "ASEAN Foreign Ministers' Meeting (AMM) · Ministers",
        "Ordinal": "57",
        "Framework": "Association of Southeast Asian Nations",
        "Dates": "25 July 2024",
        "Chair": "Lao PDR",
        "Venue": "National Convention Center, Vientiane (Asia/Vientiane)",
        "Status": "Confirmed",
        "Prepared by": "ASEAN Senior Officials' Meeting (SOM), 23 July 2024",
    }
    assert page.find("h2", id="attending").text == "11 attending parties"
    attending = page.find("ul", cls="parties").texts("li")
    assert len(attending) == 11
    assert attending[9] == "TL Timor-Leste Observer"
    assert attending[3] == "LA Lao PDR"


def test_meeting_detail_sessions_in_venue_local_time(client: Client, demo: object) -> None:
    page = _page(client, f"/meetings/{_pk('AMM', date(2024, 7, 25))}/")

    rows = table_rows(page.find("table", cls="sessions"))
    assert [(row[0], row[-1]) for row in rows] == [
        ("Thu 25 Jul, 08:30–09:00", "Plenary Hall"),
        ("Thu 25 Jul, 09:00–12:00", "Plenary Hall"),
        ("Thu 25 Jul, 12:15–13:45", "Banquet Hall"),
        ("Thu 25 Jul, 14:30–17:00", "Retreat Room"),
    ]
    assert [row[1].split(" ")[0] for row in rows] == ["Opening", "Plenary", "Working", "Retreat"]


def test_meeting_detail_year_only_history_entry(client: Client, demo: object) -> None:
    page = _page(client, f"/meetings/{_pk('AMM', date(1967, 1, 1))}/")

    facts = page.find("dl", cls="facts")
    assert page.find("h1").text == "1st ASEAN Foreign Ministers' Meeting (AMM-1)"
    assert dict(zip(facts.texts("dt"), facts.texts("dd"), strict=True))["Dates"] == "1967"
    assert page.find_all("table", cls="sessions") == []


def test_meeting_detail_unknown_is_404(client: Client, demo: object) -> None:
    page = _page(client, "/meetings/999999/", status=404)

    assert page.find("h1").text == "Not Found"


@pytest.mark.parametrize(
    ("on", "heading", "timor_leste"),
    [
        ("2024-07-24", "10 members, 1 observer on 24 July 2024", "TL Timor-Leste Observer"),
        ("2026-01-01", "11 members on 1 January 2026", "TL Timor-Leste"),
    ],
    ids=["observer-2024", "member-2026"],
)
def test_framework_detail_asean_lists_timor_leste_as_it_was_on_the_date(
    client: Client, reference_data: object, on: str, heading: str, timor_leste: str
) -> None:
    page = _page(client, f"/frameworks/ASEAN/?on={on}")

    members = page.find("ul", cls="parties").texts("li")
    assert page.find("h2", id="members").text == heading
    assert page.find("input", id="on").attrs["value"] == on
    assert [m for m in members if m.startswith("TL ")] == [timor_leste]


def test_framework_detail_members_over_time(client: Client, reference_data: object) -> None:
    page = _page(client, "/frameworks/ASEAN/?on=1990-01-01")

    history = table_rows(page.find("table", cls="meetings"))
    assert page.find("h2", id="members").text == "6 members on 1 January 1990"
    assert len(history) == 12
    assert [row[:4] for row in history if row[0].startswith("TL ")] == [
        ["TL Timor-Leste", "Observer", "11 November 2022", "25 October 2025"],
        ["TL Timor-Leste", "Member", "26 October 2025", "—"],
    ]


def test_framework_detail_bad_date_is_400_with_message(client: Client, reference_data: object) -> None:
    page = _page(client, "/frameworks/ASEAN/?on=2024-13-45", status=400)

    assert page.find("p", cls="error").text == "“2024-13-45” is not a date; use YYYY-MM-DD."


def test_framework_detail_unknown_is_404(client: Client, reference_data: object) -> None:
    page = _page(client, "/frameworks/NOPE/", status=404)

    assert page.find("h1").text == "Not Found"


def test_framework_detail_plus_three_draws_members_from_asean(client: Client, reference_data: object) -> None:
    page = _page(client, "/frameworks/APT/?on=2024-07-27")

    assert page.find("h2", id="members").text == "10 members, 3 partners on 27 July 2024"
    assert [m for m in page.find("ul", cls="parties").texts("li") if m.endswith("Partner")] == [
        "CN China Partner",
        "JP Japan Partner",
        "KR Republic of Korea Partner",
    ]


def test_framework_list_counts_parties_today_by_role(client: Client, reference_data: object) -> None:
    page = _page(client, "/frameworks/")

    rows = {row[0]: row[-1] for row in table_rows(page.find("table", cls="meetings"))}
    assert len(rows) == 22
    assert rows["ASEAN Regional Forum ARF"] == "27 members"
    assert rows["Association of Southeast Asian Nations ASEAN"] == "11 members"


def test_series_detail_in_vietnamese_by_cookie(client: Client, demo: object) -> None:
    client.cookies["django_language"] = "vi"

    page = _page(client, "/series/amm-57/")

    assert page.find("html").attrs["lang"] == "vi"
    assert page.find("h1").text == "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 và các Hội nghị liên quan"
    assert ("Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57", 11) in _programme(page)[2][1]


def test_series_detail_in_vietnamese_by_accept_language(client: Client, demo: object) -> None:
    page = parse(client.get("/series/amm-57/", headers={"accept-language": "vi"}))

    assert page.find("h1").text == "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 và các Hội nghị liên quan"
    assert "Lào" in page.find_all("p", cls="meta")[0].text


def test_meeting_detail_in_vietnamese_shows_vietnamese_names(client: Client, demo: object) -> None:
    client.cookies["django_language"] = "vi"

    page = _page(client, f"/meetings/{_pk('AMM', date(2024, 7, 25))}/")

    assert page.find("h1").text == "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57"
    assert "VN Việt Nam" in page.find("ul", cls="parties").texts("li")


def test_set_language_switches_the_series_page_to_vietnamese(client: Client, demo: object) -> None:
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/series/amm-57/"})

    assert (response.status_code, response["Location"]) == (302, "/series/amm-57/")
    page = _page(client, "/series/amm-57/")
    assert page.find("h1").text == "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 57 và các Hội nghị liên quan"


def test_healthz_reports_ok(client: Client, db: None) -> None:
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_series_detail_uses_the_same_queries_for_any_series(client: Client, demo: object) -> None:
    with CaptureQueriesContext(connection) as amm_43:
        small = client.get("/series/amm-43/")
    with CaptureQueriesContext(connection) as amm_57:
        large = client.get("/series/amm-57/")

    assert (len(_programme(parse(small))[0][1]), len(_programme(parse(large))[3][1])) == (1, 13)
    assert len(amm_43) == len(amm_57) == 7  # one of them: the demo banner


def test_series_list_uses_constant_queries(client: Client, demo: object, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):  # the series, and the demo clock for the banner
        response = client.get("/")

    assert len(parse(response).find_all("li", cls="card")) == 3


def test_framework_list_uses_constant_queries(
    client: Client, reference_data: object, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(6):  # one of them: the demo clock for the banner
        response = client.get("/frameworks/")

    assert len(table_rows(parse(response).find("table", cls="meetings"))) == 22


def test_framework_detail_uses_constant_queries(
    client: Client, reference_data: object, django_assert_num_queries: Any
) -> None:
    with CaptureQueriesContext(connection) as small:
        client.get("/frameworks/ASEAN-GB/")
    with CaptureQueriesContext(connection) as large:
        response = client.get("/frameworks/ARF/")

    assert len(table_rows(parse(response).find("table", cls="meetings"))) == 27
    assert len(small) == len(large)


def test_meeting_detail_uses_constant_queries(client: Client, demo: object) -> None:
    with CaptureQueriesContext(connection) as few_sessions:
        client.get(f"/meetings/{_pk('ARF', date(2010, 7, 23))}/")
    with CaptureQueriesContext(connection) as many_sessions:
        client.get(f"/meetings/{_pk('AMM', date(2024, 7, 25))}/")

    assert len(few_sessions) == len(many_sessions)


def test_head_requests_answer_like_get_without_a_body(client: Client, demo: object) -> None:
    """Uptime monitors and link checkers ask with HEAD."""
    answers = [
        (path, response.status_code, response.content, response["Content-Type"])
        for path in ("/healthz", "/", "/series/amm-57/", "/frameworks/ASEAN/")
        for response in [client.head(path)]
    ]

    assert answers == [
        ("/healthz", 200, b"", "application/json"),
        ("/", 200, b"", "text/html; charset=utf-8"),
        ("/series/amm-57/", 200, b"", "text/html; charset=utf-8"),
        ("/frameworks/ASEAN/", 200, b"", "text/html; charset=utf-8"),
    ]
