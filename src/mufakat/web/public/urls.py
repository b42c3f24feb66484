"""The public face under /public/<lang>/ (en, vi): stable, citable URLs, one per language."""

from django.urls import path, re_path

from . import feeds, files, pages

LANG = "(?P<lang>en|vi)"

urlpatterns = [
    path("sitemap.xml", files.sitemap, name="sitemap"),
    path("public/sitemap.xml", files.sitemap, name="public-sitemap"),
    re_path(rf"^public/{LANG}/$", pages.index, name="public-index"),
    re_path(rf"^public/{LANG}/feed\.atom$", feeds.site_feed, name="public-feed"),
    re_path(rf"^public/{LANG}/series/(?P<code>[-a-zA-Z0-9_]+)/$", pages.series_page, name="public-series"),
    re_path(
        rf"^public/{LANG}/series/(?P<code>[-a-zA-Z0-9_]+)/programme\.ics$",
        files.programme_calendar,
        name="public-programme-ics",
    ),
    re_path(
        rf"^public/{LANG}/series/(?P<code>[-a-zA-Z0-9_]+)/(?P<kind>[a-z]+)\.atom$",
        feeds.series_feed,
        name="public-series-feed",
    ),
    re_path(rf"^public/{LANG}/meetings/(?P<meeting_id>[0-9]{{1,10}})/$", pages.meeting_page, name="public-meeting"),
    re_path(rf"^public/{LANG}/documents/(?P<document_id>[0-9]{{1,10}})/$", pages.document_page, name="public-document"),
    re_path(
        rf"^public/{LANG}/documents/(?P<document_id>[0-9]{{1,10}})/final\.docx$",
        files.document_docx,
        name="public-document-docx",
    ),
    re_path(
        rf"^public/{LANG}/documents/(?P<document_id>[0-9]{{1,10}})/final\.pdf$",
        files.document_pdf,
        name="public-document-pdf",
    ),
    re_path(rf"^public/{LANG}/plans/(?P<plan_id>[0-9]{{1,10}})/$", pages.plan_page, name="public-plan"),
    re_path(rf"^public/{LANG}/press/(?P<release_id>[0-9]{{1,10}})/$", pages.press_page, name="public-press"),
]
