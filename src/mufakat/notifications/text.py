"""Writing a notice in each language: `core.text.Text` templates whose values may be `Localized` (an object's
name as it is written in each language, e.g. a document's English and Vietnamese titles)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from mufakat.core.text import Text, render

LANGUAGES = ("en", "vi")


@dataclass(frozen=True)
class Localized:
    """A name in English and, when it has one, in Vietnamese (English stands in for a missing translation)."""

    en: str
    vi: str = ""

    def in_language(self, language: str) -> str:
        return (self.vi if language == "vi" else "") or self.en


def localized_of(obj: Any, field: str) -> Localized:
    """`Localized` from an object's `<field>_en` / `<field>_vi` pair."""
    return Localized(str(getattr(obj, f"{field}_en", "") or ""), str(getattr(obj, f"{field}_vi", "") or ""))


def _resolve(value: Any, language: str) -> Any:
    if isinstance(value, Localized):
        return value.in_language(language)
    if isinstance(value, Text):
        return Text(value.template, {name: _resolve(item, language) for name, item in value.values.items()})
    if isinstance(value, tuple):
        return tuple(_resolve(item, language) for item in value)
    return value


def render_in(text: Text, language: str) -> str:
    with translation.override(language):
        return render(_resolve(text, language), gettext)


def render_all(text: Text) -> dict[str, str]:
    return {language: render_in(text, language) for language in LANGUAGES}
