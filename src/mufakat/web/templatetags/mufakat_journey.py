"""The journey timeline, included on a document's pages ({% journey_timeline document %}) so that the pages
themselves need no change to carry it."""

from __future__ import annotations

from typing import Any

from django import template

from mufakat.documents.selectors import document_journey

register = template.Library()


@register.inclusion_tag("web/documents/_journey.html", takes_context=True)
def journey_timeline(context: template.Context, document: Any) -> dict[str, Any]:
    """The document's steps as the page's viewer may see them (the document was found through the access
    check; draft numbers only for those who read drafts)."""
    viewer = context["viewer"]
    return {"document": document, "steps": document_journey(viewer=viewer, document=document)}
