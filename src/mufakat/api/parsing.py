"""The API's request parser: every string in a JSON body and every form field passes the one text rule
(core.cleantext) on the way in, so a control character never reaches a service, and a NUL or a lone surrogate is
a 422 naming where it is, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

from mufakat.core.cleantext import TextRefused, clean_text
from mufakat.core.errors import ValidationFailed


def _cleaned(value: Any, *, loc: list[str | int]) -> Any:
    if isinstance(value, str):
        try:
            return clean_text(value)
        except TextRefused as exc:
            raise ValidationError([{"type": "string_not_text", "loc": loc, "msg": str(exc)}]) from None
    if isinstance(value, dict):
        return {
            _cleaned(key, loc=[*loc, "(name)"]): _cleaned(item, loc=[*loc, str(key)]) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_cleaned(item, loc=[*loc, index]) for index, item in enumerate(value)]
    return value


class TextParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValidationFailed(f"the request body is not valid JSON ({exc}).", field="body") from None
        if not isinstance(data, dict):
            # Every operation takes an object; django-ninja's schemas would read an array's (absent) attributes
            # as "nothing sent" and apply an empty change.
            raise ValidationError(
                [
                    {
                        "type": "model_attributes_type",
                        "loc": ["body"],
                        "msg": f'must be a JSON object, not {type(data).__name__}; send {{"field": value, …}}.',
                    }
                ]
            )
        return _cleaned(data, loc=["body"])

    def parse_querydict(self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        source = "query" if data is request.GET else "form"
        return {key: _cleaned(value, loc=[source, key]) for key, value in result.items()}
