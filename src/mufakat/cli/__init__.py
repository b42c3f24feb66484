"""The `mufakat` command. Thin: parses arguments, calls services, prints what happened. One module per command
group; each adds its subcommands to the parser and imports Django code only inside its commands, after
`django.setup()` (`bilaterals solve` runs without Django at all)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import accounts, bilaterals, data, documents, notify, plans, press, processes, programme, search


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mufakat", description="Workbench for consensus-based meetings.")
    sub = parser.add_subparsers(dest="command", required=True)
    data.add_commands(sub)
    processes.add_server_commands(sub)
    accounts.add_commands(sub)
    programme.add_commands(sub)
    documents.add_commands(sub)
    processes.add_deadlines_command(sub)
    bilaterals.add_commands(sub)
    plans.add_commands(sub)
    notify.add_commands(sub)
    press.add_commands(sub)
    search.add_commands(sub)
    accounts.add_manage_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Settings (and their SECRET_KEY check) are read only by commands that touch the database or sessions.
    if getattr(args, "needs_django", True):
        from django.core.exceptions import ImproperlyConfigured

        try:
            _setup_django()
        except ImproperlyConfigured as exc:
            # A missing SECRET_KEY or a bad DATABASE_URL: the settings' own message says what to set.
            print(f"error: {exc}", file=sys.stderr)
            return 2
    else:
        from django.conf import settings

        # Messages are gettext calls, which read settings: English ones, with no database and no secret.
        if not settings.configured:
            settings.configure(USE_I18N=False)
    from mufakat.core.errors import ApplicationError

    try:
        return int(args.func(args))
    except ApplicationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
