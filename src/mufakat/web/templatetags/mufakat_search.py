"""Precedents beside the paragraphs of a draft (one lookup for the whole draft)."""

from __future__ import annotations

from typing import Any

from django import template

from mufakat.documents.enums import ParagraphKind
from mufakat.documents.models import DocumentVersion, OutcomeDocument, Paragraph
from mufakat.search.precedents import PrecedentHit, precedents_for_texts

register = template.Library()


@register.simple_tag(takes_context=True)
def version_precedents(
    context: Any, document: OutcomeDocument, version: DocumentVersion | None
) -> dict[str, list[PrecedentHit]]:
    """For each numbered paragraph of the draft, the agreed language before the document's meeting, from the
    texts the reader may see (the document itself left out)."""
    if version is None:
        return {}
    rows = list(
        Paragraph.objects.filter(version=version)
        .exclude(kind=ParagraphKind.HEADING)
        .order_by("position")
        .values_list("uid", "text")
    )
    found = precedents_for_texts(
        user=context["request"].user,
        texts=[text for _uid, text in rows],
        before=document.meeting.end_date,
        exclude_document_id=document.pk,
    )
    return {str(uid): hits for (uid, _text), hits in zip(rows, found, strict=True)}


@register.simple_tag(takes_context=True)
def text_precedents(context: Any, document: OutcomeDocument, text: str) -> list[PrecedentHit]:
    return precedents_for_texts(
        user=context["request"].user, texts=[text], before=document.meeting.end_date, exclude_document_id=document.pk
    )[0]


@register.filter
def precedents_of(found: dict[str, list[PrecedentHit]], uid: object) -> list[PrecedentHit]:
    return found.get(str(uid), [])
