"""The public files: a FINAL text as .docx and .pdf, the released programme as iCalendar, the sitemap.
Bytes cached per document version or release; ETag and 304 as the pages."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mufakat.core.conditional import cached_response
from mufakat.documents import selectors as document_selectors
from mufakat.documents.word.writing import clean_docx
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.exports import programme_ics, programme_release_required
from mufakat.publishing import selectors
from mufakat.publishing.pdf import TextLine, final_text_pdf

from .common import LANGUAGES, absolute, public_view
from .pages import document_key

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@public_view
def document_docx(request: HttpRequest, lang: str, document_id: int) -> HttpResponse:
    document = selectors.public_document_get(document_id=document_id)

    def build() -> tuple[bytes, str]:
        assert document.current_version is not None  # noqa: S101 - public_document_get requires it
        view = document_selectors.clean_text(version=document.current_version)
        return clean_docx(document=document, view=view), DOCX

    return cached_response(
        request,
        f"docx:{lang}:{document_key(document)}",
        last_modified=selectors.document_published_at(document),
        build=build,
        filename=f"document-{document.pk}-final-{lang}.docx",
    )


@public_view
def document_pdf(request: HttpRequest, lang: str, document_id: int) -> HttpResponse:
    document = selectors.public_document_get(document_id=document_id)

    def build() -> tuple[bytes, str]:
        assert document.current_version is not None  # noqa: S101 - public_document_get requires it
        view = document_selectors.clean_text(version=document.current_version)
        lines = [TextLine(kind=p.kind, number=p.number, text=p.plain()) for p in view.paragraphs]
        day = date_format(document.final_date, "DATE_FORMAT") if document.final_date else ""
        place = f"{document.final_place_shown}, {day}"
        body = final_text_pdf(title=document.title, place_date=place, final_label=_("FINAL"), lines=lines)
        return body, "application/pdf"

    return cached_response(
        request,
        f"pdf:{lang}:{document_key(document)}",
        last_modified=selectors.document_published_at(document),
        build=build,
        filename=f"document-{document.pk}-final-{lang}.pdf",
    )


@public_view
def programme_calendar(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    series = meeting_selectors.series_get(code=code)
    release = programme_release_required(series=series)
    return cached_response(
        request,
        f"ics:{series.pk}:{release.number}",
        last_modified=release.released_at,
        build=lambda: (programme_ics(series=series), "text/calendar; charset=utf-8"),
        filename=f"{series.code}-programme.ics",
    )


def _urls() -> list[tuple[str, dict[str, object]]]:
    """Every public page as (URL name, kwargs without the language)."""
    urls: list[tuple[str, dict[str, object]]] = [("public-index", {})]
    for series in meeting_selectors.series_list():
        urls.append(("public-series", {"code": series.code}))
        urls += [("public-meeting", {"meeting_id": m.pk}) for m in meeting_selectors.meeting_list(series=series)]
        urls += [("public-document", {"document_id": d.pk}) for d in selectors.public_documents(series=series)]
        urls += [("public-plan", {"plan_id": p.pk}) for p in selectors.public_plans(series=series)]
        urls += [("public-press", {"release_id": r.pk}) for r in selectors.published_press_releases(series=series)]
    return urls


def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml: every public page in both languages, each naming its other language (hreflang)."""
    stamp = selectors.site_stamp()

    def build() -> tuple[bytes, str]:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
        ]
        with translation.override("en"):
            for name, kwargs in _urls():
                links = {code: absolute(reverse(f"web:{name}", kwargs={"lang": code, **kwargs})) for code in LANGUAGES}
                for code in LANGUAGES:
                    lines.append(f"<url><loc>{escape(links[code])}</loc>")
                    lines += [
                        f'<xhtml:link rel="alternate" hreflang="{other}" href={quoteattr(links[other])}/>'
                        for other in LANGUAGES
                    ]
                    lines.append("</url>")
        lines.append("</urlset>")
        return ("\n".join(lines) + "\n").encode(), "application/xml; charset=utf-8"

    return cached_response(request, f"sitemap:{stamp.key}", last_modified=stamp.at, build=build)
