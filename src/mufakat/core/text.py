"""Sentences that pure modules (the bilateral scheduler, the programme's conflict check) say to a user, kept as an
English template and its values so that whoever shows one renders it in the reader's language: the pure
modules know no Django and no locale.

A template is marked with `gettext_noop` so that `makemessages` finds it (xgettext knows that name); the web
and the API render it with `render(text, gettext)`, the CLI and the JSON files with `str(text)` (English).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a template for translation; it is translated when shown, not here."""
    return message


@dataclass(frozen=True)
class Principal:
    """A principal's id ('LK/minister') as a value: English output keeps the id; a page names the principal."""

    id: str

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class Days:
    """Days (ISO dates, or a label that is none) as a value: English output '24–25 Jul, 27 Jul'; a page
    writes them in the reader's language."""

    days: tuple[str, ...]
    english: str

    def __str__(self) -> str:
        return self.english


@dataclass(frozen=True)
class Span:
    """A stretch of venue wall-clock time (naive ISO date-times) as a value: English output '26 Jul 14:00–14:30';
    a page writes it in the reader's language."""

    start: str
    end: str
    english: str

    def __str__(self) -> str:
        return self.english


Resolve = Callable[[Any], str]


@dataclass(frozen=True)
class Text:
    """`template % values`, where a value may itself be a Text, or a tuple (written as a list: 'A, B and C')."""

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return render(self)


def _identity(message: str) -> str:
    return message


def render(text: Text, translate: Callable[[str], str] = _identity, resolve: Resolve = str) -> str:
    """The sentence in the language `translate` (a gettext) gives; English by default. `resolve` writes a
    Principal or Days value (by default its English)."""
    return translate(text.template) % {name: _value(value, translate, resolve) for name, value in text.values.items()}


def _value(value: Any, translate: Callable[[str], str], resolve: Resolve = str) -> Any:
    if isinstance(value, Text):
        return render(value, translate, resolve)
    if isinstance(value, Principal | Days | Span):
        return resolve(value)
    if isinstance(value, tuple):
        items = [str(_value(item, translate, resolve)) for item in value]
        if len(items) == 1:
            return items[0]
        return translate(gettext_noop("%(items)s and %(last)s")) % {"items": ", ".join(items[:-1]), "last": items[-1]}
    return value


def text_to_json(text: Text) -> dict[str, Any]:
    return {"template": text.template, "values": {name: _to_json(value) for name, value in text.values.items()}}


def _to_json(value: Any) -> Any:
    if isinstance(value, Text):
        return {"text": text_to_json(value)}
    if isinstance(value, tuple):
        return {"list": [_to_json(item) for item in value]}
    if isinstance(value, Principal):
        return {"principal": value.id}
    if isinstance(value, Days):
        return {"days": list(value.days), "english": value.english}
    if isinstance(value, Span):
        return {"span": [value.start, value.end], "english": value.english}
    return value


def text_from_json(data: Mapping[str, Any]) -> Text:
    return Text(data["template"], {name: _from_json(value) for name, value in data.get("values", {}).items()})


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and "text" in value:
        return text_from_json(value["text"])
    if isinstance(value, dict) and "list" in value:
        return tuple(_from_json(item) for item in value["list"])
    if isinstance(value, dict) and "principal" in value:
        return Principal(value["principal"])
    if isinstance(value, dict) and "days" in value:
        return Days(tuple(value["days"]), value.get("english", ""))
    if isinstance(value, dict) and "span" in value:
        return Span(value["span"][0], value["span"][1], value.get("english", ""))
    return value
