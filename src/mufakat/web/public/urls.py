"""The public face under /public/<lang>/ (en, vi): stable, citable URLs, one per language."""

from django.urls import path, re_path

from . import feeds, files, office, pages

LANG = "(?P<lang>en|vi)"

urlpatterns = [
    # The press office (chair secretariat)
    path("meetings/<int:meeting_id>/press/", office.press_list, name="press-list"),
    path("meetings/<int:meeting_id>/press/<int:release_id>/", office.press_edit, name="press-edit"),
    path("series/<slug:code>/documents/<int:document_id>/publish/", office.document_publish, name="document-publish"),
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
