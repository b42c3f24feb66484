"""The one text rule (core.cleantext) and its web-form side (CleanFormTextMiddleware)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from mufakat.core.cleantext import TextRefused, clean_text, xml_safe
from mufakat.core.context import CleanFormTextMiddleware


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("plain words", "plain words"),
        ("a\r\nb\rc\x0bd\x0ce", "a\nb\nc\nd\ne"),
        ("tab\tkept\n", "tab\tkept\n"),
        ("bell\x07 esc\x1b del\x7f nonchar\uffff", "bell esc del nonchar"),
        ("Việt Nam — 東南亞", "Việt Nam — 東南亞"),
    ],
)
def test_clean_text_keeps_tab_and_newline_and_drops_other_controls(given: str, stored: str) -> None:
    assert clean_text(given) == stored


@pytest.mark.parametrize("given", ["a\x00b", "a\udc80b"])
def test_clean_text_refuses_nul_and_lone_surrogates(given: str) -> None:
    with pytest.raises(TextRefused):
        clean_text(given)


def test_xml_safe_drops_only_what_xml_cannot_hold() -> None:
    assert xml_safe("a\x00b\x0bc\td\ne\x1ff\ufffeg\u2028h") == "abc\td\nef" + "g\u2028h"


def test_form_posts_are_cleaned_before_any_form_sees_them() -> None:
    seen: dict[str, list[str]] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update(request.POST.lists())
        return HttpResponse()

    request = RequestFactory().post(
        "/series/amm-57/documents/1/proposals/",
        {"text": "late\x0bOctober\x1b", "note": ["a\r\nb", "nul\x00kept"], "password": "pa\x1bss"},
    )

    CleanFormTextMiddleware(view)(request)

    assert seen == {"text": ["late\nOctober"], "note": ["a\nb", "nul\x00kept"], "password": ["pa\x1bss"]}
