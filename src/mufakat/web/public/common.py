"""What the public pages share: the language from the URL, the cached and conditional response, the
alternate-language link (a plain link, so no form and no CSRF cookie), absolute URLs for OpenGraph."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from mufakat.core.conditional import cached_response
from mufakat.core.errors import NotFound
from mufakat.meetings.selectors import demo_clock
from mufakat.web.templatetags.mufakat_web import entered_after_the_fact

LANGUAGES = ("en", "vi")


def absolute(path: str) -> str:
    return settings.MUFAKAT_SITE_URL.rstrip("/") + path


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only; the language of the URL active while the view runs; NotFound (unknown, unpublished or
    restricted, alike) becomes the same 404."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, lang: str = "en", **kwargs: Any) -> HttpResponse:
        if lang not in LANGUAGES:
            raise Http404("not found")
        # re_path gives strings; ids are digits (at most 10) by the URL pattern.
        kwargs = {name: int(value) if name.endswith("_id") else value for name, value in kwargs.items()}
        with translation.override(lang):
            try:
                response = view(request, lang=lang, **kwargs)
            except NotFound as exc:
                raise Http404("not found") from exc
        # The language is the URL's, whatever the reader's Accept-Language (publishing.fastpath drops it from
        # Vary); LocaleMiddleware keeps a Content-Language the view set.
        response["Content-Language"] = lang
        response.language_in_url = True  # type: ignore[attr-defined]
        return response

    return wrapper


def page_response(
    request: HttpRequest,
    *,
    lang: str,
    name: str,
    kwargs: dict[str, Any],
    key: str,
    last_modified: datetime,
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """The page `name` (a URL name in `web`) in `lang`, rendered once per `key` without the request (so
    without cookies, tokens or nonces: the same bytes for every reader)."""

    def build() -> tuple[bytes, str]:
        other = "vi" if lang == "en" else "en"
        path = reverse(f"web:{name}", kwargs={"lang": lang, **kwargs})
        data = {
            "lang": lang,
            "canonical": absolute(path),
            "alternates": {
                code: absolute(reverse(f"web:{name}", kwargs={"lang": code, **kwargs})) for code in LANGUAGES
            },
            "other_lang": other,
            "other_url": reverse(f"web:{name}", kwargs={"lang": other, **kwargs}),
            "demo_clock": demo_clock(),
            **context(),
        }
        # Dates and times in the venue's zone (a series' pages), UTC elsewhere.
        series = data.get("series")
        # The same rule as the internal pages: no banner on a record entered after the demo's week.
        if data["demo_clock"] is not None and entered_after_the_fact(data, data["demo_clock"]):
            data["demo_clock"] = None
        data["time_zone"] = series.venue.time_zone if series is not None else "UTC"
        return render_to_string(f"public/{template}", data).encode(), "text/html; charset=utf-8"

    return cached_response(request, f"page:{name}:{lang}:{key}", last_modified=last_modified, build=build)
