"""`user-add`, `audit-export`, `manage`: accounts, the audit log, and Django's own commands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import operator, party_arg, series_arg


def _cmd_user_add(args: argparse.Namespace) -> int:
    import secrets

    from django.db import transaction

    from mufakat.accounts.models import User
    from mufakat.accounts.services import role_assign, user_create

    series = series_arg(args.series)
    party = party_arg(args.party) if args.party else None
    password = None
    with transaction.atomic():
        user = User.objects.filter(username=args.username).first()
        if user is None:
            password = sys.stdin.readline().strip() if args.password_stdin else secrets.token_urlsafe(12)
            user = user_create(username=args.username, password=password, email=args.email or "")
        role_assign(actor=operator(series.pk, "user-add"), user=user, series=series, role=args.role, party=party)
    print(f"{user.username}: {args.role}{' for ' + party.code if party else ''} in {series.code}")
    if password and not args.password_stdin:
        print(f"password (shown once): {password}")
    return 0


def _cmd_audit_export(args: argparse.Namespace) -> int:
    import csv
    import json

    from mufakat.accounts.models import AuditEvent

    events = AuditEvent.objects.filter(series=series_arg(args.series)).order_by("at", "pk")
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


def add_commands(sub: Any) -> None:
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


def add_manage_command(sub: Any) -> None:
    manage = sub.add_parser("manage", help="run a Django management command (migrate, createsuperuser, ...)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_cmd_manage)
