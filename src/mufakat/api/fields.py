"""Field types the API's input schemas share, each refusing with a 422 that says what to send."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema


def _local(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("is a local time of the venue: send it without a UTC offset, e.g. 08:30.")
    return value


_LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
# A wall-clock time at the venue, with no offset ("08:30" or "08:30:00"); declared as such, since the
# JSON Schema format "time" would require an offset.
LocalTime = Annotated[
    time,
    AfterValidator(_local),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _LOCAL_TIME_PATTERN,
            "description": "A local time of the venue, HH:MM or HH:MM:SS, without a UTC offset.",
            "examples": ["08:30"],
        }
    ),
]


# What each pattern in the schemas means, said as what to send (pydantic would show the regex itself).
_PATTERN_MEANINGS = {
    r"^[^\x00]*$": "must not contain a NUL character (U+0000); remove it.",
    r"^[A-Za-z]{2,12}$": "must be a party code of 2 to 12 letters, e.g. VN.",
    r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$": "must be an IANA time zone name, e.g. Asia/Vientiane.",
    _LOCAL_TIME_PATTERN: "must be a local time, HH:MM or HH:MM:SS, without a UTC offset, e.g. 08:30.",
}


def explained_validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pydantic's problems with a pattern mismatch said in words (and the regex left out)."""
    explained = []
    for error in errors:
        if error.get("type") != "string_pattern_mismatch":
            explained.append(error)
            continue
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        meaning = _PATTERN_MEANINGS.get(pattern, "does not have the form this field takes; see its description.")
        explained.append({key: value for key, value in error.items() if key != "ctx"} | {"msg": meaning})
    return explained
