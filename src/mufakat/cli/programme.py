"""`programme` (release, conflicts, import) and `export` (ics, booklet): a series' programme."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .common import party_arg, series_arg, viewer_arg, write_output


def _cmd_programme_release(args: argparse.Namespace) -> int:
    from mufakat.meetings.services import programme_release

    series = series_arg(args.series)
    actor = viewer_arg(args.as_user, series)
    release = programme_release(actor=actor, series=series, acknowledged=args.acknowledge, note=args.note)
    print(
        f"{series.code} programme v{release.number} released: {len(release.changelog)} change(s), "
        f"{len(release.acknowledged_conflicts)} conflict(s) acknowledged."
    )
    for change in release.changelog:
        print(f"  {change['kind']:<12} {change['meeting']}: {change['title']}")
    return 0


def _cmd_programme_conflicts(args: argparse.Namespace) -> int:
    from mufakat.meetings.selectors import programme_conflicts

    conflicts = programme_conflicts(series=series_arg(args.series))
    for conflict in conflicts:
        print(f"{conflict.key}\t{conflict.message}")
    print(f"{len(conflicts)} conflict(s)." if conflicts else "no conflicts.")
    return 1 if conflicts else 0


def _cmd_programme_import(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.services import programme_import

    series = series_arg(args.series)
    actor = viewer_arg(args.as_user, series)
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed(
            _("cannot be read as UTF-8 text: %(exc)s") % {"exc": exc}, field="FILE", record=str(path)
        ) from exc
    created = programme_import(actor=actor, series=series, text=text)
    print(f"imported {len(created)} session(s) into the draft programme of {series.code}.")
    return 0


def _cmd_export_ics(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.delegations.week import party_week_build, party_week_ics
    from mufakat.meetings.exports import programme_ics
    from mufakat.meetings.models import Meeting

    series = series_arg(args.series)
    party = meeting = None
    if args.party:
        party = party_arg(args.party)
    if args.meeting is not None:
        meeting = Meeting.objects.select_related("body").filter(series=series, pk=args.meeting).first()
        if meeting is None:
            raise ValidationFailed(
                _("no meeting %(meeting)s in %(series)s.") % {"meeting": args.meeting, "series": series.code},
                field="--meeting",
            )
    if party is not None:
        # The party's whole week, as .../delegations/{party}/week.ics serves it: sessions, bilaterals, deadlines.
        write_output(party_week_ics(party_week_build(series=series, party=party)), args.output)
        return 0
    write_output(programme_ics(series=series, meeting=meeting), args.output)
    return 0


def _cmd_export_booklet(args: argparse.Namespace) -> int:
    from mufakat.meetings.exports import programme_booklet

    write_output(programme_booklet(series=series_arg(args.series), lang=args.lang), args.output)
    return 0


def add_commands(sub: Any) -> None:
    programme = sub.add_parser("programme", help="the programme of a series: conflicts, releases, CSV import")
    programme_sub = programme.add_subparsers(dest="programme_command", required=True)
    release = programme_sub.add_parser("release", help="release the draft programme as the next numbered version")
    release.add_argument("--series", required=True, help="series code, e.g. amm-57")
    release.add_argument("--as", dest="as_user", required=True, metavar="USERNAME", help="a chair secretariat account")
    release.add_argument(
        "--acknowledge", action="append", default=[], metavar="KEY", help="a conflict key (repeat for each conflict)"
    )
    release.add_argument("--note", default="", help="what this release is, e.g. 'As finalised by the SOM'")
    release.set_defaults(func=_cmd_programme_release)
    conflicts = programme_sub.add_parser("conflicts", help="list the draft's conflicts; exits 1 when there are any")
    conflicts.add_argument("--series", required=True)
    conflicts.set_defaults(func=_cmd_programme_conflicts)
    programme_import = programme_sub.add_parser("import", help="add the sessions of a CSV file to the draft")
    programme_import.add_argument("--series", required=True)
    programme_import.add_argument("--as", dest="as_user", required=True, metavar="USERNAME")
    programme_import.add_argument(
        "file", metavar="FILE.csv", help="columns meeting,title_en,title_vi,kind,room,date,start,end (UTF-8)"
    )
    programme_import.set_defaults(func=_cmd_programme_import)

    export = sub.add_parser("export", help="export the latest released programme")
    export_sub = export.add_subparsers(dest="export_command", required=True)
    ics = export_sub.add_parser("ics", help="iCalendar of a series, a meeting (--meeting) or a party's week (--party)")
    ics.add_argument("--series", required=True)
    which = ics.add_mutually_exclusive_group()
    which.add_argument("--party", help="party code, e.g. JP: that party's week")
    which.add_argument("--meeting", type=int, help="meeting id: that meeting's sessions")
    ics.add_argument("--output", help="file to write (default: standard output)")
    ics.set_defaults(func=_cmd_export_ics)
    booklet = export_sub.add_parser("booklet", help="the printable programme booklet (PDF)")
    booklet.add_argument("--series", required=True)
    booklet.add_argument("--lang", choices=["en", "vi"], default="en")
    booklet.add_argument("--output", required=True, help="the PDF file to write")
    booklet.set_defaults(func=_cmd_export_booklet)
