"""Atom feeds (django.contrib.syndication, Atom1Feed): a series' press releases, its adopted (public)
documents and its programme releases, and one site-wide feed of all three. Cached per state, with ETag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from mufakat.core.conditional import cached_response
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Series
from mufakat.publishing import selectors

from .common import absolute, public_view

KINDS = ("press", "documents", "programme", "all")


@dataclass(frozen=True)
class Entry:
    uid: str
    title: str
    summary: str
    link: str
    at: datetime


def _entries(series: Series, kind: str, lang: str) -> list[Entry]:
    entries: list[Entry] = []
    if kind in {"press", "all"}:
        for release in selectors.published_press_releases(series=series):
            assert release.published_at is not None  # noqa: S101 - published
            entries.append(
                Entry(
                    uid=f"press-{release.pk}",
                    title=release.title,
                    summary=release.body.split("\n\n")[0],
                    link=reverse("web:public-press", kwargs={"lang": lang, "release_id": release.pk}),
                    at=release.published_at,
                )
            )
    if kind in {"documents", "all"}:
        for document in selectors.public_documents(series=series):
            entries.append(
                Entry(
                    uid=f"document-{document.pk}",
                    title=document.title,
                    summary=f"{document.status_label}: {document.meeting.title}",
                    link=reverse("web:public-document", kwargs={"lang": lang, "document_id": document.pk}),
                    at=selectors.document_published_at(document),
                )
            )
    if kind in {"programme", "all"}:
        for programme in meeting_selectors.programme_release_list(series=series):
            entries.append(
                Entry(
                    uid=f"programme-{series.code}-{programme.number}",
                    title=_("Programme of %(series)s, release %(number)s")
                    % {"series": series.title, "number": programme.number},
                    summary=programme.note,
                    link=reverse("web:public-series", kwargs={"lang": lang, "code": series.code}),
                    at=programme.released_at,
                )
            )
    return entries


class PublicFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def __init__(self, *, title: str, link: str, entries: list[Entry], lang: str) -> None:
        super().__init__()
        self._title = title
        self._link = link
        self._entries = sorted(entries, key=lambda e: (e.at, e.uid), reverse=True)
        self.language = lang

    def title(self) -> str:
        return self._title

    def link(self) -> str:
        return self._link

    def feed_guid(self) -> str:
        return absolute(self._link)

    def items(self) -> list[Entry]:
        return self._entries

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return f"tag:mufakat,2024:{item.uid}"

    def item_guid_is_permalink(self, item: Entry) -> bool:
        return False

    def item_pubdate(self, item: Entry) -> datetime:
        return item.at

    def item_updateddate(self, item: Entry) -> datetime:
        return item.at

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        # Links absolute to the configured site, not the request's host: the bytes are the same for everyone.
        feed.feed["link"] = absolute(self._link)
        feed.feed["feed_url"] = absolute(request.path)
        feed.feed["language"] = self.language
        for item in feed.items:
            if item["link"].startswith("http") and "//" in item["link"]:
                path = "/" + item["link"].split("//", 1)[1].split("/", 1)[1]
                item["link"] = absolute(path)
        return feed


def _feed_response(request: HttpRequest, *, key: str, at: datetime, build_feed: Any) -> HttpResponse:
    def build() -> tuple[bytes, str]:
        response = build_feed()(request)
        return response.content, "application/atom+xml; charset=utf-8"

    return cached_response(request, key, last_modified=at, build=build)


@public_view
def series_feed(request: HttpRequest, lang: str, code: str, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise selectors._not_found("feed", kind)
    series = meeting_selectors.series_get(code=code)
    stamp = selectors.series_stamp(series=series)
    titles = {
        "press": _("%(series)s: press releases"),
        "documents": _("%(series)s: adopted documents"),
        "programme": _("%(series)s: programme releases"),
        "all": _("%(series)s: all publications"),
    }
    link = reverse("web:public-series", kwargs={"lang": lang, "code": code})
    return _feed_response(
        request,
        key=f"feed:{kind}:{lang}:{stamp.key}",
        at=stamp.at,
        build_feed=lambda: PublicFeed(
            title=titles[kind] % {"series": series.title}, link=link, entries=_entries(series, kind, lang), lang=lang
        ),
    )


@public_view
def site_feed(request: HttpRequest, lang: str) -> HttpResponse:
    stamp = selectors.site_stamp()

    def build_feed() -> PublicFeed:
        entries = [e for series in meeting_selectors.series_list() for e in _entries(series, "all", lang)]
        return PublicFeed(
            title=_("mufakat: published programmes, texts and press releases"),
            link=reverse("web:public-index", kwargs={"lang": lang}),
            entries=entries,
            lang=lang,
        )

    return _feed_response(request, key=f"feed:site:{lang}:{stamp.key}", at=stamp.at, build_feed=build_feed)
