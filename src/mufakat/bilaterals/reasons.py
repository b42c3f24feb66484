"""Why a request has no place, in the reader's language: the scheduler keeps each sentence as an English
template and its values (`core.text`); this renders the stored one with the active language's gettext."""

from __future__ import annotations

from django.utils.translation import gettext

from mufakat.bilaterals.models import BilateralUnscheduled
from mufakat.core.text import render, text_from_json


def unscheduled_detail(unscheduled: BilateralUnscheduled) -> str:
    """The sentence in the active language; a row saved without a template keeps its English detail."""
    if unscheduled.detail_text:
        return render(text_from_json(unscheduled.detail_text), gettext)
    return unscheduled.detail
