"""The `mufakat` command. Thin: parses arguments, calls services, prints what happened."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


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


def _cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mufakat manage", *args.rest])
    return 0


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
