"""One date format and one date-and-time format per language (mufakat/formats), used by every template and by
the Python code that writes dates into pages and documents."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from tests.web.pages import parse, table_rows

SRC = Path(__file__).resolve().parents[2] / "src" / "mufakat"
MOMENT = datetime(2024, 7, 25, 9, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["25 July 2024", "25 July 2024, 09:05", "25 July 2024", "25 July 2024, 09:05", "Thu 25 Jul"]),
        (
            "vi",
            [
                "25 tháng 7 năm 2024",
                "09:05, 25 tháng 7 năm 2024",
                "25 tháng 7 năm 2024",
                "09:05, 25 tháng 7 năm 2024",
                "Thứ 5 25/7",
            ],
        ),
    ],
)
def test_date_formats_one_per_language(language: str, expected: list[str]) -> None:
    names = ["DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DAY_FORMAT"]
    with translation.override(language):
        assert [date_format(MOMENT, name) for name in names] == expected


def test_date_formats_templates_name_them_instead_of_spelling_them_out() -> None:
    used: dict[str, set[str]] = {}
    for template in (SRC / "web" / "templates").rglob("*.html"):
        for match in re.finditer(r"""\|(?:date|time):(["'])(.*?)\1""", template.read_text()):
            used.setdefault(match.group(2), set()).add(template.name)

    spelled_out = {fmt for fmt in used if not re.fullmatch(r"[A-Z_]+_FORMAT", fmt)}
    # Only a time of day, a weekday before a DATE_FORMAT date, a year-only date and machine values remain.
    assert spelled_out == {"H:i", "l", "Y", "Y-m-d", "c"}
    assert used["c"] == {"audit_log.html", "inbox.html", "job_detail.html"}  # <time datetime>: to the second
    assert used["Y-m-d"] == {
        "_journey.html",
        "audit_log.html",
        "framework_detail.html",
        "programme_booklet.html",
    }  # <input> values, an id, <time datetime> of a day


# The Python code that writes dates into pages, Word and PDF files. (Services' refusals, such as "cannot move
# to 25 Jul 10:00", are English-only messages shared with the API; they are not localised text.)
WRITERS = [
    *(SRC / "web").rglob("*.py"),
    *(SRC / "documents" / "word").rglob("*.py"),
    SRC / "documents" / "services" / "clearance.py",
    SRC / "meetings" / "booklet.py",
    *(SRC / "plans" / "exports").rglob("*.py"),
]


def test_date_formats_python_code_names_them_too() -> None:
    calls = []
    for module in WRITERS:
        text = module.read_text()
        calls += re.findall(r"date_format\([^()]*?,\s*[\"']([^\"']*)[\"']", text)
        assert not re.search(r"%d %B|%B %Y|%d %b|%d/%m|:%Y-%m-%d\}", text), f"{module} spells a date out with strftime"
        assert "dateformat.format(" not in text, f"{module} formats a date without the language's formats"
    assert sorted(set(calls)) == ["DATETIME_FORMAT", "DATE_FORMAT", "DAY_DATETIME_FORMAT", "DAY_FORMAT", "TIME_FORMAT"]


def test_date_formats_framework_page_in_vietnamese(client: Client, reference_data: object) -> None:
    client.cookies["django_language"] = "vi"
    page = parse(client.get("/frameworks/ASEAN/?on=1990-01-01"))

    history = table_rows(page.find("table", cls="meetings"))
    assert [row[2:4] for row in history if row[0].startswith("TL ")] == [
        ["11 tháng 11 năm 2022", "25 tháng 10 năm 2025"],
        ["26 tháng 10 năm 2025", "—"],
    ]
