"""Template helpers of the live room: the stream's root element (topics, status, the reload notice), who is
following a document, and the wall screen's pointer."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from mufakat.accounts.rules import SeriesViewer
from mufakat.documents.models import OutcomeDocument
from mufakat.live import selectors
from mufakat.live.selectors import PresenceRow

register = template.Library()


@register.simple_tag(takes_context=True)
def live_root(context: Any, series_code: str, doc: int | None = None, session: int | None = None) -> str:
    """The element live.js reads (topics to follow, the stream's URL, its status words) and its script."""
    topics = [f"doc:{doc}"] * (doc is not None) + [f"session:{session}"] * (session is not None)
    return render_to_string(
        "web/live/_root.html",
        {"series_code": series_code, "topics": " ".join(topics)},
        request=context.get("request"),
    )


@register.simple_tag
def live_presence(document: OutcomeDocument, viewer: SeriesViewer) -> list[PresenceRow]:
    return selectors.presence_on(document=document, viewer=viewer)


@register.simple_tag
def screen_pointer(document: OutcomeDocument) -> str:
    return selectors.pointer_of(document=document)
