"""Pieces the emitters of notices share: a moment written as the venue's clock shows it, a label rendered in
each language, and a party's people as recipients (the one who made the change left out: nobody is told
what they have just done themselves)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.utils import formats, translation

from mufakat.accounts.rules import SeriesViewer

from .services import Recipient
from .text import LANGUAGES, Localized


def in_languages(label: Callable[[], Any]) -> Localized:
    """`label()` (a gettext'd label, a lazy choice label) as it reads in each language."""
    rendered = {}
    for language in LANGUAGES:
        with translation.override(language):
            rendered[language] = str(label())
    return Localized(rendered["en"], rendered["vi"])


def local_time(moment: datetime, zone: str, *, with_zone: bool = True) -> Localized:
    """'25 July 2024, 10:00 (Asia/Vientiane)' / '10:00, 25 tháng 7 năm 2024 (Asia/Vientiane)': the moment on
    the venue's clock in each language's date-and-time format. Notices quote the venue's time because that is
    where the delegates are (the e-mail adds the recipient's own time to a deadline)."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))

    def written() -> str:
        text = formats.date_format(local, "DATETIME_FORMAT")
        return f"{text} ({zone})" if with_zone else text

    return in_languages(written)


def local_date(day: date) -> Localized:
    """A date in each language's date format ('25 July 2024' / '25 tháng 7 năm 2024')."""
    return in_languages(lambda: formats.date_format(day, "DATE_FORMAT"))


def party_recipients(
    viewers: Iterable[SeriesViewer], *, party_ids: Iterable[int], actor: SeriesViewer | None = None
) -> list[Recipient]:
    """The viewers who hold a role for one of `party_ids`, each as a Recipient on behalf of that party; the
    actor (who caused the notice) left out."""
    wanted = set(party_ids)
    actor_id = getattr(actor.user, "pk", None) if actor is not None and actor.is_authenticated else None
    people = []
    for viewer in viewers:
        if actor_id is not None and viewer.user.pk == actor_id:
            continue
        mine = sorted(viewer.party_ids & wanted)
        if mine:
            people.append(Recipient(user=viewer.user, party_id=mine[0]))
    return people
