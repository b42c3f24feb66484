"""`press` (draft, approve, publish, show): the press office's releases about a meeting."""

from __future__ import annotations

import argparse
from typing import Any

from .common import series_arg, viewer_arg


def _meeting(series_code: str, meeting: str) -> Any:
    from django.utils.translation import gettext as _

    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.models import Meeting

    series = series_arg(series_code)
    rows = Meeting.objects.select_related("body", "series__venue").filter(series=series)
    found = rows.filter(pk=int(meeting)).first() if meeting.isdigit() else None
    if found is None:
        found = rows.filter(body__code__iexact=meeting).order_by("start_date").first()
    if found is None:
        raise ValidationFailed(
            _("no meeting %(meeting)s in %(series)s (give its id or its body's code, e.g. SOM).")
            % {"meeting": meeting, "series": series.code},
            field="--meeting",
        )
    return found


def _cmd_press_draft(args: argparse.Namespace) -> int:
    from mufakat.publishing.services import press_release_draft

    meeting = _meeting(args.series, args.meeting)
    actor = viewer_arg(args.as_user, series_arg(args.series))
    release = press_release_draft(actor=actor, meeting=meeting, advance_release=args.advance)
    print(f"press release {release.pk} drafted (version {release.version}) about {meeting.short_title}.\n")
    print(release.title_en + "\n\n" + release.body_en)
    print(release.title_vi + "\n\n" + release.body_vi)
    return 0


def _cmd_press_step(args: argparse.Namespace) -> int:
    from mufakat.publishing import services
    from mufakat.publishing.selectors import press_release_get

    release = press_release_get(release_id=args.release)
    series = release.meeting.series
    assert series is not None  # noqa: S101 - a press release is drafted only about a meeting of a series
    actor = viewer_arg(args.as_user, series)
    step = services.press_release_approve if args.press_command == "approve" else services.press_release_publish
    done = step(actor=actor, release=release, expected_version=args.version)
    print(f"press release {done.pk}: {done.status} (version {done.version}).")
    return 0


def add_commands(sub: Any) -> None:
    press = sub.add_parser("press", help="press releases drafted from a meeting's record")
    press_sub = press.add_subparsers(dest="press_command", required=True)
    draft = press_sub.add_parser("draft", help="draft a press release (English and Vietnamese) about a meeting")
    draft.add_argument("--series", required=True, help="series code, e.g. amm-57")
    draft.add_argument("--meeting", required=True, help="meeting id, or its body's code (SOM, AMM, ARF)")
    draft.add_argument("--as", dest="as_user", required=True, metavar="USERNAME", help="a chair secretariat account")
    draft.add_argument(
        "--advance", action="store_true", help="an advance release (may be published before the meeting)"
    )
    draft.set_defaults(func=_cmd_press_draft)
    for name in ("approve", "publish"):
        step = press_sub.add_parser(name, help=f"{name} a press release")
        step.add_argument("release", type=int, metavar="ID")
        step.add_argument("--version", type=int, required=True, help="the version you read (409 if it changed)")
        step.add_argument("--as", dest="as_user", required=True, metavar="USERNAME")
        step.set_defaults(func=_cmd_press_step)
