"""Bilingual model fields: every name is stored in English and Vietnamese."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def active_language() -> str:
    return (get_language() or "en").split("-")[0]


def localized(obj: Any, field: str) -> str:
    """`obj.<field>_vi` when the active language is Vietnamese and it is filled, else `<field>_en`."""
    if active_language() == "vi":
        value = getattr(obj, f"{field}_vi", "")
        if value:
            return str(value)
    return str(getattr(obj, f"{field}_en"))


_EN_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def ordinal_en(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 57th."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{_EN_SUFFIX.get(number % 10, 'th')}"
