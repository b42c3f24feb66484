"""notice_settings_update: "set every kind at once", then the kinds named; refusals name the field."""

from __future__ import annotations

import pytest

from mufakat.core.errors import ValidationFailed
from mufakat.notifications.kinds import NOTICE_KINDS
from mufakat.notifications.preferences import email_modes_of, notice_settings, notice_settings_update


def test_every_kind_then_the_kinds_named(member_focal_point) -> None:
    user = member_focal_point.user

    settings = notice_settings_update(user=user, every_kind="none", email_modes={"silence.started": "immediate"})

    assert settings.email_modes == dict.fromkeys(NOTICE_KINDS, "none") | {"silence.started": "immediate"}


def test_a_bad_every_kind_changes_nothing(member_focal_point) -> None:
    user = member_focal_point.user

    with pytest.raises(ValidationFailed) as refused:
        notice_settings_update(user=user, every_kind="weekly", digest_time=None, language="vi")

    assert (refused.value.field, refused.value.message) == (
        "every_kind",
        "'weekly' is not one of immediate, digest, none.",
    )
    assert (notice_settings(user=user).language, set(notice_settings(user=user).email_modes.values())) == (
        "en",
        {"immediate"},
    )


def test_email_modes_of_names_the_item() -> None:
    assert email_modes_of([("silence.started", "digest")]) == {"silence.started": "digest"}
    with pytest.raises(ValidationFailed) as refused:
        email_modes_of([("silence.started", "digest"), ("silence.started", "none")])

    assert (refused.value.field, refused.value.message) == (
        "kinds[1].kind",
        "'silence.started' is named twice; name each kind once.",
    )
