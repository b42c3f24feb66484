"""`search reindex`: rebuild the search index and the agreed-language store from the texts (after a restore, or
an import that wrote rows without the services); `search query`: search as a user (or the public) would."""

from __future__ import annotations

import argparse
import time
from typing import Any


def _cmd_reindex(args: argparse.Namespace) -> int:
    from mufakat.search.indexing import reindex_all

    started = time.perf_counter()
    counts = reindex_all()
    seconds = time.perf_counter() - started
    print(", ".join(f"{kind}: {count}" for kind, count in counts.items()) + f" ({seconds:.1f} s)")
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from django.utils.translation import gettext as _

    from mufakat.accounts.models import User
    from mufakat.core.errors import ValidationFailed
    from mufakat.search.selectors import search

    user = None
    if args.as_user:
        user = User.objects.filter(username=args.as_user, is_active=True).first()
        if user is None:
            raise ValidationFailed(_("no active account %(username)r.") % {"username": args.as_user}, field="--as")
    results = search(user=user, text=args.text)
    for group in results.groups:
        print(f"{group.label} ({group.count})")
        for hit in group.hits:
            print(f"  {hit.title} — {hit.url}")
    return 0


def add_commands(sub: Any) -> None:
    search = sub.add_parser("search", help="the search index: rebuild it, or search from the command line")
    commands = search.add_subparsers(dest="search_command", required=True)
    reindex = commands.add_parser("reindex", help="rebuild the search index and the agreed-language precedents")
    reindex.set_defaults(func=_cmd_reindex)
    query = commands.add_parser("query", help="search as a user would (default: as the public)")
    query.add_argument("text")
    query.add_argument("--as", dest="as_user", metavar="USER", help="username")
    query.set_defaults(func=_cmd_query)
