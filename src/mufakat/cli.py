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
    from mufakat.meetings.services import bodies_load
    from mufakat.reference.services import reference_data_load

    with transaction.atomic():
        report = reference_data_load()
        bodies_load(report=report)
        demo = demo_load()
        logins = delegations_demo_load()
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
