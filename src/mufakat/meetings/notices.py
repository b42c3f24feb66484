"""The notice of a programme release that moves sessions: told to the people of each party attending the
meetings whose sessions moved (attendance as delegations.week reads it: framework membership on the meeting's
day plus the chair's additions), one notice per party listing every moved session of its meetings with what
moved (old → new day, time and room). One per party, not one per session: a release usually moves several
sessions at once, and a delegation wants one message per release saying what changed for it, not a burst of
e-mails. Raised by programme_release inside its transaction. The released programme is public, so nothing
here needs a classification filter."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from mufakat.accounts.enums import PARTY_ROLES
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.text import Text, gettext_noop
from mufakat.notifications.phrases import in_languages, local_time, party_recipients
from mufakat.notifications.selectors import series_viewers
from mufakat.notifications.services import notify
from mufakat.notifications.text import LANGUAGES, Localized, localized_of, render_in
from mufakat.reference.models import Party
from mufakat.reference.selectors import MembershipIndex

from .models import Meeting, ProgrammeRelease, Series
from .programme import Change, ChangeKind
from .selectors.programme import session_titles_vi
from .selectors.series import meeting_attendance, series_additions

Entry = dict[str, str | int | None]


def releases_visible_to(*, viewer: SeriesViewer, series: Series, index: MembershipIndex) -> QuerySet[ProgrammeRelease]:
    """The releases whose notices a reader may still be shown (notifications.visibility): every one, since a
    released programme is public (programme_release_list shows it to everyone)."""
    return ProgrammeRelease.objects.filter(series=series)


def _slot(entry: Entry, zone: zoneinfo.ZoneInfo) -> Localized:
    start = datetime.fromisoformat(str(entry["starts_at"])).astimezone(zone)
    end = datetime.fromisoformat(str(entry["ends_at"])).astimezone(zone)
    room = entry["room"]

    def written() -> str:
        where = str(room) if room else gettext("room to be announced")
        return f"{formats.date_format(start, 'D j M')} {start:%H:%M}–{end:%H:%M}, {where}"

    return in_languages(written)


def programme_release_notify(
    *, actor: SeriesViewer, series: Series, release: ProgrammeRelease, previous: list[Entry], changes: list[Change]
) -> None:
    """Tell each party attending a meeting whose sessions `release` moved (against the `previous` release's
    sessions), in one notice per party; the chair who released is not told."""
    moved_uids = list(dict.fromkeys(c.uid for c in changes if c.kind in {ChangeKind.MOVED, ChangeKind.ROOM_CHANGED}))
    if not moved_uids:
        return
    before = {str(e["uid"]): e for e in previous}
    after = {str(e["uid"]): e for e in release.sessions}
    meetings = Meeting.objects.select_related("body", "venue", "series__venue").in_bulk(
        {int(after[uid]["meeting_id"] or 0) for uid in moved_uids}
    )
    index, additions = MembershipIndex(), series_additions(series=series)
    attending: dict[int, list[Party]] = {
        pk: [m.party for m in meeting_attendance(meeting=meeting, index=index, additions=additions.get(pk, []))]
        for pk, meeting in meetings.items()
    }
    titles_vi = session_titles_vi(uids=moved_uids)
    lines_by_party: dict[int, list[tuple[Entry, Text]]] = defaultdict(list)
    parties: dict[int, Party] = {}
    for uid in moved_uids:
        entry = after[uid]
        meeting = meetings[int(entry["meeting_id"] or 0)]
        venue = meeting.effective_venue or series.venue
        zone = zoneinfo.ZoneInfo(venue.time_zone)
        line = Text(
            gettext_noop("%(meeting)s, %(session)s: %(old)s → %(new)s"),
            {
                "meeting": localized_of(meeting, "title"),
                "session": Localized(str(entry["title"]), titles_vi.get(uid, "")),
                "old": _slot(before[uid], zone),
                "new": _slot(entry, zone),
            },
        )
        for party in attending[meeting.pk]:
            parties[party.pk] = party
            lines_by_party[party.pk].append((entry, line))
    viewers = series_viewers(series_id=series.pk, roles=PARTY_ROLES, party_ids=list(lines_by_party))
    when = local_time(timezone.now(), series.venue.time_zone)
    for party_id, lines in lines_by_party.items():
        recipients = party_recipients(
            [v for v in viewers if party_id in v.party_ids], party_ids=[party_id], actor=actor
        )
        if not recipients:
            continue
        lines.sort(key=lambda item: (str(item[0]["starts_at"]), str(item[0]["uid"])))
        values: dict[str, Any] = {
            "number": release.number,
            "series": localized_of(series, "title"),
            "party": localized_of(parties[party_id], "name"),
            "when": when,
            "sessions": Localized(
                *("\n".join(render_in(text, language) for _entry, text in lines) for language in LANGUAGES)
            ),
            "session": Localized(str(lines[0][0]["title"]), titles_vi.get(str(lines[0][0]["uid"]), "")),
        }
        if len(lines) == 1:
            subject = Text(gettext_noop("Programme v%(number)s moves a session %(party)s attends: %(session)s"), values)
        else:
            subject = Text(gettext_noop("Programme v%(number)s moves sessions %(party)s attends"), values)
        notify(
            kind="programme.session_moved",
            recipients=recipients,
            subject=subject,
            body=Text(
                gettext_noop(
                    "Version %(number)s of the programme of %(series)s, released on %(when)s, moves these sessions "
                    "of meetings %(party)s attends (venue time):\n%(sessions)s"
                ),
                values,
            ),
            series_id=series.pk,
            link=reverse("web:party-week", kwargs={"code": series.code, "party_code": parties[party_id].code}),
            about=release,
        )
