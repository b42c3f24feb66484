"""The `mufakat` command. Thin: parses arguments, calls services, prints what happened."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mufakat.accounts.rules import SeriesViewer
    from mufakat.meetings.models import Series


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()


def _cmd_load_reference(args: argparse.Namespace) -> int:
    from django.db import transaction

    from mufakat.meetings.services import bodies_load
    from mufakat.reference.services import reference_data_load

    with transaction.atomic():
        report = reference_data_load(path=Path(args.file) if args.file else None)
        bodies_load(report=report, path=Path(args.bodies) if args.bodies else None)
    print(report.summary())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from django.db import transaction

    from mufakat.delegations.demo import delegations_demo_load
    from mufakat.documents.demo import documents_demo_load
    from mufakat.meetings.demo import demo_load
    from mufakat.meetings.demo_programme import programme_demo_load
    from mufakat.meetings.services import bodies_load
    from mufakat.reference.services import reference_data_load

    with transaction.atomic():
        report = reference_data_load()
        bodies_load(report=report)
        demo = demo_load()
        logins = delegations_demo_load()
        programme_demo_load()
        documents_demo_load()
    print(report.summary())
    for series in demo.series:
        print(f"demo series {series.code}: {series.title_en} ({series.meetings.count()} meetings)")
    print("demo logins (series amm-57; log in at /accounts/login/):")
    for login in logins:
        print(f"  {login.username:<12} password {login.password}  — {login.persona}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from mufakat.core.checks import consistency_report

    problems = consistency_report()
    for problem in problems:
        print(f"PROBLEM {problem}")
    print(f"{len(problems)} problem(s) found." if problems else "data is consistent.")
    return 1 if problems else 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from waitress import serve

    from mufakat.wsgi import application

    if not settings.DEBUG:
        from django.core.management import call_command

        # Production serves hashed, compressed static files; collect them before the first request.
        call_command("collectstatic", "--noinput", verbosity=0)
    print(f"mufakat serving on http://{args.host}:{args.port}/ (DEBUG={settings.DEBUG}); Ctrl-C stops it.")
    sys.stdout.flush()
    handler = StaticFilesHandler(application) if settings.DEBUG else application
    serve(handler, host=args.host, port=args.port, threads=args.threads, ident="mufakat")
    return 0


def _cmd_user_add(args: argparse.Namespace) -> int:
    import secrets

    from django.db import transaction

    from mufakat.accounts.models import User
    from mufakat.accounts.services import role_assign, user_create
    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.models import Series
    from mufakat.reference.models import Party

    series = Series.objects.filter(code=args.series).first()
    if series is None:
        raise ValidationFailed(f"no series {args.series!r}.", field="--series")
    party = None
    if args.party:
        party = Party.objects.filter(code=args.party.upper()).first()
        if party is None:
            raise ValidationFailed(f"no party {args.party!r}.", field="--party")
    password = None
    with transaction.atomic():
        user = User.objects.filter(username=args.username).first()
        if user is None:
            password = sys.stdin.readline().strip() if args.password_stdin else secrets.token_urlsafe(12)
            user = user_create(username=args.username, password=password, email=args.email or "")
        role_assign(actor=None, user=user, series=series, role=args.role, party=party)
    print(f"{user.username}: {args.role}{' for ' + party.code if party else ''} in {series.code}")
    if password and not args.password_stdin:
        print(f"password (shown once): {password}")
    return 0


def _cmd_audit_export(args: argparse.Namespace) -> int:
    import csv
    import json

    from mufakat.accounts.models import AuditEvent

    events = AuditEvent.objects.filter(series__code=args.series).order_by("at", "pk")
    with open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "at",
                "actor",
                "role",
                "party",
                "action",
                "object_type",
                "object_id",
                "object",
                "before",
                "after",
                "request_id",
            ]
        )
        for event in events.iterator():
            writer.writerow(
                [
                    event.at.isoformat(),
                    event.actor_username,
                    event.actor_role,
                    event.actor_party,
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.object_repr,
                    json.dumps(event.before, ensure_ascii=False),
                    json.dumps(event.after, ensure_ascii=False),
                    event.request_id,
                ]
            )
    return 0


def _series_arg(code: str) -> Series:
    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.models import Series

    found = Series.objects.select_related("venue").filter(code=code).first()
    if found is None:
        raise ValidationFailed(f"no series {code!r}.", field="--series")
    return found


def _viewer_arg(username: str, series: Series) -> SeriesViewer:
    from mufakat.accounts.models import User
    from mufakat.accounts.rules import viewer_for
    from mufakat.core.errors import ValidationFailed

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationFailed(f"no active account {username!r}.", field="--as")
    return viewer_for(user, series)


def _cmd_programme_release(args: argparse.Namespace) -> int:
    from mufakat.meetings.releases import programme_release

    series = _series_arg(args.series)
    actor = _viewer_arg(args.as_user, series)
    release = programme_release(actor=actor, series=series, acknowledged=args.acknowledge, note=args.note)
    print(
        f"{series.code} programme v{release.number} released: {len(release.changelog)} change(s), "
        f"{len(release.acknowledged_conflicts)} conflict(s) acknowledged."
    )
    for change in release.changelog:
        print(f"  {change['kind']:<12} {change['meeting']}: {change['title']}")
    return 0


def _cmd_programme_conflicts(args: argparse.Namespace) -> int:
    from mufakat.meetings.releases import programme_conflicts

    conflicts = programme_conflicts(series=_series_arg(args.series))
    for conflict in conflicts:
        print(f"{conflict.key}\t{conflict.message}")
    print(f"{len(conflicts)} conflict(s)." if conflicts else "no conflicts.")
    return 1 if conflicts else 0


def _cmd_programme_import(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.programme_csv import programme_import

    series = _series_arg(args.series)
    actor = _viewer_arg(args.as_user, series)
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed(f"cannot be read as UTF-8 text: {exc}", field="FILE", record=str(path)) from exc
    created = programme_import(actor=actor, series=series, text=text)
    print(f"imported {len(created)} session(s) into the draft programme of {series.code}.")
    return 0


def _write_output(content: bytes, output: str | None) -> None:
    if output:
        Path(output).write_bytes(content)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()


def _cmd_export_ics(args: argparse.Namespace) -> int:
    from mufakat.core.errors import ValidationFailed
    from mufakat.meetings.exports import programme_ics
    from mufakat.meetings.models import Meeting
    from mufakat.reference.models import Party

    series = _series_arg(args.series)
    party = meeting = None
    if args.party:
        party = Party.objects.filter(code=args.party.upper()).first()
        if party is None:
            raise ValidationFailed(f"no party {args.party!r}.", field="--party")
    if args.meeting is not None:
        meeting = Meeting.objects.select_related("body").filter(series=series, pk=args.meeting).first()
        if meeting is None:
            raise ValidationFailed(f"no meeting {args.meeting} in {series.code}.", field="--meeting")
    _write_output(programme_ics(series=series, party=party, meeting=meeting), args.output)
    return 0


def _cmd_export_booklet(args: argparse.Namespace) -> int:
    from mufakat.meetings.exports import programme_booklet

    _write_output(programme_booklet(series=_series_arg(args.series), lang=args.lang), args.output)
    return 0


def _cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mufakat manage", *args.rest])
    return 0


def _add_programme_commands(sub: Any) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mufakat", description="Workbench for consensus-based meetings.")
    sub = parser.add_subparsers(dest="command", required=True)

    load = sub.add_parser(
        "load-reference", help="load the shipped reference data (parties, frameworks, chairs, bodies)"
    )
    load.add_argument("--file", help="another reference data file (TOML) instead of the shipped one")
    load.add_argument("--bodies", help="another bodies file (TOML) instead of the shipped one")
    load.set_defaults(func=_cmd_load_reference)

    demo = sub.add_parser("demo", help="load reference data and the demo series (AMM-57, AMM-43); idempotent")
    demo.set_defaults(func=_cmd_demo)

    check = sub.add_parser("check", help="report data consistency problems; exits 1 when there are any")
    check.set_defaults(func=_cmd_check)

    serve = sub.add_parser("serve", help="serve the web app (waitress)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(func=_cmd_serve)

    user_add = sub.add_parser("user-add", help="create an account (if new) and give it a role in a series")
    user_add.add_argument("username")
    user_add.add_argument("--series", required=True, help="series code, e.g. amm-57")
    user_add.add_argument(
        "--role",
        required=True,
        choices=["chair_secretariat", "asean_secretariat", "focal_point", "delegate", "observer"],
    )
    user_add.add_argument("--party", help="party code for focal_point, delegate and observer, e.g. VN")
    user_add.add_argument("--email")
    user_add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user_add.set_defaults(func=_cmd_user_add)

    audit = sub.add_parser("audit-export", help="write the audit log of a series as CSV")
    audit.add_argument("--series", required=True)
    audit.add_argument("--output", help="file to write (default: standard output)")
    audit.set_defaults(func=_cmd_audit_export)

    _add_programme_commands(sub)

    manage = sub.add_parser("manage", help="run a Django management command (migrate, createsuperuser, ...)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_django()
    from mufakat.core.errors import ApplicationError

    try:
        return int(args.func(args))
    except ApplicationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
