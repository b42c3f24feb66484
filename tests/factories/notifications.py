"""Notices raised for tests: a test notice about a draft, to some users, through the one `notify`."""

from __future__ import annotations

from typing import Any

from mufakat.core.text import Text, gettext_noop
from mufakat.notifications.models import Notice
from mufakat.notifications.services import notify
from mufakat.notifications.text import Localized


def notice_to(users: list[Any], *, title: str = "the draft", title_vi: str = "bản dự thảo", **overrides: Any) -> Notice:
    arguments = {
        "kind": "system.test",
        "recipients": users,
        "subject": Text(gettext_noop("Test notice about %(title)s"), {"title": Localized(title, title_vi)}),
        "body": Text(gettext_noop("Test notice about %(title)s"), {"title": Localized(title, title_vi)}),
        "link": "/series/amm-57/",
    } | overrides
    notice = notify(**arguments)
    assert notice is not None
    return notice
